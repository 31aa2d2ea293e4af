import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import { Room } from '../rooms/room.entity.js';
import { User } from '../users/user.entity.js';

@Entity('message')
@Index('UQ_message_room_seq', ['roomId', 'seq'], { unique: true })
@Index('UQ_message_room_author_client', ['roomId', 'authorId', 'clientId'], { unique: true })
@Index('IDX_message_room_pinned', ['roomId', 'pinnedSeq'], { where: '"pinnedSeq" IS NOT NULL' })
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

  /** Markdown as sent (trimmed); "" once deleted. */
  @Column({ type: 'text' })
  content: string;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date, nullable: true })
  editedAt: Date | null;

  /** Set once: the message stays as a tombstone. */
  @Column({ type: Date, nullable: true })
  deletedAt: Date | null;

  /** The message of the same room this one answers. */
  @Column({ type: 'integer', nullable: true })
  replyToId: number | null;

  /** JSON of the mentioned members, `[{ id, username }]`, resolved at send and at edit. */
  @Column({ type: 'text', default: '[]' })
  mentions: string;

  /** JSON of the reactions, `[{ emoji, users: [id…] }]`, in order of first use. */
  @Column({ type: 'text', default: '[]' })
  reactions: string;

  /** JSON of the attachments' metadata (upload rows), in the order given; "[]" once deleted. */
  @Column({ type: 'text', default: '[]' })
  attachments: string;

  /** The seq of the pin event while pinned; who pinned it and when are in room_event. */
  @Column({ type: 'integer', nullable: true })
  pinnedSeq: number | null;
}
