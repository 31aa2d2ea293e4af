import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import { Room } from '../rooms/room.entity.js';
import { User } from '../users/user.entity.js';

@Entity('message')
@Index('UQ_message_room_seq', ['roomId', 'seq'], { unique: true })
@Index('UQ_message_room_author_client', ['roomId', 'authorId', 'clientId'], { unique: true })
export class Message {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  roomId: number;

  @ManyToOne(() => Room, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'roomId' })
  room?: Room;

  /** Per-room event number of the message's creation: the resume cursor. */
  @Column({ type: 'integer' })
  seq: number;

  @Index('IDX_message_author')
  @Column({ type: 'integer' })
  authorId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'authorId' })
  author?: User;

  /** The sender's idempotency key; null when the sender gave none. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  clientId: string | null;

  @Column({ type: 'text' })
  content: string;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date, nullable: true })
  editedAt: Date | null;

  @Column({ type: Date, nullable: true })
  deletedAt: Date | null;
}
