import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import type { AttachmentKind } from '../contract/messages.js';
import { User } from '../users/user.entity.js';

/**
 * One uploaded file. Its bytes are kept once per content, under their SHA-256, so the row
 * is what gives them a name, a kind and a message; a file whose last row goes is removed.
 */
@Entity('upload')
@Index('IDX_upload_unattached', ['createdAt'], { where: '"messageId" IS NULL' })
export class Upload {
  @PrimaryGeneratedColumn()
  id: number;

  /** Null once the uploader's account is gone (the row is then swept with its message). */
  @Column({ type: 'integer', nullable: true })
  uploaderId: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'uploaderId' })
  uploader?: User;

  /** The message it is attached to; null until then (and swept after a day). */
  @Index('IDX_upload_message')
  @Column({ type: 'integer', nullable: true })
  messageId: number | null;

  @Column({ type: 'varchar', length: 8 })
  kind: AttachmentKind;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  /** Found from the bytes, never the client's claim. */
  @Column({ type: 'varchar', length: 127 })
  mimeType: string;

  @Column({ type: 'integer' })
  size: number;

  @Column({ type: 'integer', nullable: true })
  width: number | null;

  @Column({ type: 'integer', nullable: true })
  height: number | null;

  @Column({ type: 'integer', nullable: true })
  durationMs: number | null;

  /** JSON array of 0-255 levels, for voice messages. */
  @Column({ type: 'text', nullable: true })
  waveform: string | null;

  @Index('IDX_upload_sha256')
  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @Index('IDX_upload_thumb_sha256')
  @Column({ type: 'varchar', length: 64, nullable: true })
  thumbSha256: string | null;

  @Column({ type: Date })
  createdAt: Date;
}
