import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

import { Room } from '../rooms/room.entity.js';

/**
 * A timeline event that is not a new message (an edit, a delete, a reaction, a pin), under
 * the seq it took from the room's counter. New messages are their own record (`message`).
 */
@Entity('room_event')
export class RoomEventRecord {
  @PrimaryColumn({ type: 'integer' })
  roomId: number;

  @ManyToOne(() => Room, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'roomId' })
  room?: Room;

  @PrimaryColumn({ type: 'integer' })
  seq: number;

  @Column({ type: 'varchar', length: 32 })
  type: string;

  @Column({ type: 'integer' })
  messageId: number;

  @Column({ type: 'integer', nullable: true })
  actorId: number | null;

  /** JSON of what the event says: `{ content, mentions }` (null once deleted), `{ emoji, added, count }`, `{ pinned }`. */
  @Column({ type: 'text', nullable: true })
  data: string | null;

  @Column({ type: Date })
  createdAt: Date;
}
