import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

import type { NotifyLevel, Role } from '../contract/rooms.js';
import { User } from '../users/user.entity.js';
import { Room } from './room.entity.js';

@Entity('room_member')
@Index('IDX_room_member_user', ['userId'])
export class RoomMember {
  @PrimaryColumn({ type: 'integer' })
  roomId: number;

  @PrimaryColumn({ type: 'integer' })
  userId: number;

  @ManyToOne(() => Room, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'roomId' })
  room?: Room;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId' })
  user?: User;

  /** Everything up to this seq has been seen; unread = others' messages after it. */
  @Column({ type: 'integer', default: 0 })
  lastReadSeq: number;

  @Column({ type: Date })
  joinedAt: Date;

  @Column({ type: 'varchar', length: 16, default: 'member' })
  role: Role;

  /** null: the room kind's default (see notifyLevelOf). */
  @Column({ type: 'varchar', length: 16, nullable: true })
  notifyLevel: NotifyLevel | null;
}
