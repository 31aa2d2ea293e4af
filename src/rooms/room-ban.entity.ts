import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

import { User } from '../users/user.entity.js';
import { Room } from './room.entity.js';

/** Someone who may not read, join or be added to a room until unbanned. */
@Entity('room_ban')
@Index('IDX_room_ban_user', ['userId'])
export class RoomBan {
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

  /** Who banned; null once that account is gone. */
  @Column({ type: 'integer', nullable: true })
  byId: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'byId' })
  by?: User | null;

  @Column({ type: Date })
  createdAt: Date;
}
