import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';

import { User } from '../users/user.entity.js';

@Entity('room')
export class Room {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Index('UQ_room_name_lower', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  nameLower: string;

  /** UTS #39 skeleton (room-name.ts): names that look alike cannot both exist. */
  @Index('UQ_room_name_skeleton', { unique: true })
  @Column({ type: 'varchar', length: 512, nullable: true })
  nameSkeleton: string | null;

  @Column({ type: 'varchar', length: 500, default: '' })
  description: string;

  /** The last room event's number; the next event takes lastSeq + 1 in its own transaction. */
  @Column({ type: 'integer', default: 0 })
  lastSeq: number;

  @Column({ type: 'integer', nullable: true })
  createdById: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'createdById' })
  createdBy?: User | null;

  @CreateDateColumn()
  createdAt: Date;
}
