import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import { User } from '../users/user.entity.js';

/**
 * One refresh token, stored as a SHA-256 hash. Tokens rotated from one login share a
 * `familyId`: presenting a rotated token again revokes the whole family (reuse detection).
 */
@Entity('refresh_token')
export class RefreshToken {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('IDX_refresh_token_user')
  @Column({ type: 'integer' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId' })
  user?: User;

  @Index('IDX_refresh_token_family')
  @Column({ type: 'varchar', length: 36 })
  familyId: string;

  @Index('UQ_refresh_token_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date })
  expiresAt: Date;

  /** Set when this token was exchanged for a new one. */
  @Column({ type: Date, nullable: true })
  rotatedAt: Date | null;

  /** Set on logout or when reuse was detected in its family. */
  @Column({ type: Date, nullable: true })
  revokedAt: Date | null;
}
