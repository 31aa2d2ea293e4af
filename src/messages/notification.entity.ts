import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import { Room } from '../rooms/room.entity.js';
import { User } from '../users/user.entity.js';
import { Message } from './message.entity.js';

/**
 * A message that concerns one person (mentioned, answered, in their direct room), made by
 * the timeline writer in the message's transaction: once per message and person.
 */
@Entity('notification')
@Index('UQ_notification_message_user', ['messageId', 'userId'], { unique: true })
@Index('IDX_notification_user', ['userId', 'id'])
@Index('IDX_notification_unread', ['userId', 'roomId', 'seq'], { where: '"readAt" IS NULL' })
export class Notification {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId' })
  user?: User;

  @Column({ type: 'integer' })
  roomId: number;

  @ManyToOne(() => Room, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'roomId' })
  room?: Room;

  @Column({ type: 'integer' })
  messageId: number;

  @ManyToOne(() => Message, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'messageId' })
  message?: Message;

  /** The message's seq: reading the room up to it reads the notification. */
  @Column({ type: 'integer' })
  seq: number;

  @Column({ type: 'varchar', length: 16 })
  kind: string;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date, nullable: true })
  readAt: Date | null;
}
