import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';

import type { RoomKind } from '../contract/rooms.js';
import { User } from '../users/user.entity.js';

@Entity('room')
export class Room {
  @PrimaryGeneratedColumn()
  id: number;

  /** null for a direct room (unique indexes let NULL repeat). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  name: string | null;

  @Index('UQ_room_name_lower', { unique: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  nameLower: string | null;

  /** UTS #39 skeleton (room-name.ts): names that look alike cannot both exist. */
  @Index('UQ_room_name_skeleton', { unique: true })
  @Column({ type: 'varchar', length: 512, nullable: true })
  nameSkeleton: string | null;

  @Column({ type: 'varchar', length: 16, default: 'public' })
  kind: RoomKind;

  /** A direct room's member ids, sorted ("3,8,12"): one direct room per set of people. */
  @Index('UQ_room_dm_key', { unique: true })
  @Column({ type: 'varchar', length: 128, nullable: true })
  dmKey: string | null;

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
