import { Injectable } from '@nestjs/common';

import { AppError } from '../common/app-error.js';
import type { Attachment, AttachmentKind } from '../contract/messages.js';
import { Database, SqlRunner } from '../database/database.js';
import { Upload } from './upload.entity.js';

/** An attachment as a message keeps it (JSON in the message row): everything but the URLs. */
export type StoredAttachment = Omit<Attachment, 'url' | 'thumbnailUrl'> & {
  /** Whether it has a thumbnail (images). */
  thumbnail: boolean;
};

export interface UploadRow {
  id: number;
  uploaderId: number | null;
  messageId: number | null;
  kind: AttachmentKind;
  name: string;
  mimeType: string;
  size: number;
  width: number | null;
  height: number | null;
  durationMs: number | null;
  waveform: string | null;
  sha256: string;
  thumbSha256: string | null;
}

export type NewUpload = Omit<UploadRow, 'id' | 'messageId'> & { createdAt: Date };

/** The files a removed row held: each is removed unless another row holds it too. */
export type Hashes = string[];

const COLUMNS = `"id", "uploaderId", "messageId", "kind", "name", "mimeType", "size", "width",
  "height", "durationMs", "waveform", "sha256", "thumbSha256"`;

/** All the SQL of the upload table. */
@Injectable()
export class UploadRepository {
  constructor(private readonly database: Database) {}

  async insert(upload: NewUpload): Promise<number> {
    const [row] = await this.database.query<{ id: number }>(
      this.database.sql(
        `INSERT INTO "upload" ("uploaderId", "kind", "name", "mimeType", "size", "width", "height",
          "durationMs", "waveform", "sha256", "thumbSha256", "createdAt")
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING "id"`,
      ),
      [
        upload.uploaderId,
        upload.kind,
        upload.name,
        upload.mimeType,
        upload.size,
        upload.width,
        upload.height,
        upload.durationMs,
        upload.waveform,
        upload.sha256,
        upload.thumbSha256,
        this.time(upload.createdAt),
      ],
    );
    return Number(row.id);
  }

  async byId(id: number): Promise<UploadRow | null> {
    const [row] = await this.database.query<UploadRow>(
      this.database.sql(`SELECT ${COLUMNS} FROM "upload" WHERE "id" = ?`),
      [id],
    );
    return row ?? null;
  }

  /**
   * In the writer's transaction, before the message is stored: the uploads to attach, in
   * the order given, each the caller's own and not yet attached. Their rows are locked
   * first (PostgreSQL), so two messages never both take one.
   */
  async claim(sql: SqlRunner, uploaderId: number, ids: number[]): Promise<StoredAttachment[]> {
    const list = ids.map(() => '?').join(', ');
    await sql(
      this.database.sql(`UPDATE "upload" SET "messageId" = "messageId" WHERE "id" IN (${list})`),
      [...ids].sort((a, b) => a - b),
    );
    const rows = await sql<UploadRow>(
      this.database.sql(`SELECT ${COLUMNS} FROM "upload" WHERE "id" IN (${list})`),
      ids,
    );
    const byId = new Map(rows.map((row) => [Number(row.id), row]));
    return ids.map((id) => {
      const row = byId.get(id);
      if (!row) throw new AppError('invalid', `attachmentIds: upload ${id} not found`);
      if (row.uploaderId === null || Number(row.uploaderId) !== uploaderId) {
        throw new AppError('forbidden', `attachmentIds: upload ${id} is someone else's`);
      }
      if (row.messageId !== null) {
        throw new AppError('conflict', `attachmentIds: upload ${id} is already attached`);
      }
      return toStored(row);
    });
  }

  async attach(sql: SqlRunner, messageId: number, ids: number[]): Promise<void> {
    await sql(
      this.database.sql(
        `UPDATE "upload" SET "messageId" = ? WHERE "id" IN (${ids.map(() => '?').join(', ')})`,
      ),
      [messageId, ...ids],
    );
  }

  /** In the delete's transaction: the message's uploads go, and the files they held are answered. */
  async removeOfMessage(sql: SqlRunner, messageId: number): Promise<Hashes> {
    const rows = await sql<{ sha256: string; thumbSha256: string | null }>(
      this.database.sql(
        'DELETE FROM "upload" WHERE "messageId" = ? RETURNING "sha256", "thumbSha256"',
      ),
      [messageId],
    );
    return hashesOf(rows);
  }

  /** Uploads never attached, made before `before`: removed; how many, and the files they held. */
  async removeUnattached(before: Date, limit: number): Promise<{ count: number; hashes: Hashes }> {
    const rows = await this.database.rawTransaction((sql) =>
      sql<{ sha256: string; thumbSha256: string | null }>(
        this.database.sql(
          `DELETE FROM "upload" WHERE "id" IN (SELECT "id" FROM "upload"
            WHERE "messageId" IS NULL AND "createdAt" < ? ORDER BY "createdAt" LIMIT ?)
            RETURNING "sha256", "thumbSha256"`,
        ),
        [this.time(before), limit],
      ),
    );
    return { count: rows.length, hashes: hashesOf(rows) };
  }

  /** Whether any upload still holds the file, as its content or its thumbnail. */
  async holds(sha256: string): Promise<boolean> {
    const rows = await this.database.query(
      this.database.sql(
        'SELECT 1 AS "held" FROM "upload" WHERE "sha256" = ? OR "thumbSha256" = ? LIMIT 1',
      ),
      [sha256, sha256],
    );
    return rows.length > 0;
  }

  private time(at: Date): unknown {
    return this.database.toColumnValue(Upload, 'createdAt', at);
  }
}

export function toStored(row: UploadRow): StoredAttachment {
  return {
    id: Number(row.id),
    kind: row.kind,
    name: row.name,
    mimeType: row.mimeType,
    size: Number(row.size),
    ...(row.width !== null && { width: Number(row.width), height: Number(row.height) }),
    ...(row.durationMs !== null && { durationMs: Number(row.durationMs) }),
    ...(row.waveform !== null && { waveform: JSON.parse(row.waveform) as number[] }),
    thumbnail: row.thumbSha256 !== null,
  };
}

function hashesOf(rows: { sha256: string; thumbSha256: string | null }[]): Hashes {
  return rows.flatMap((row) => (row.thumbSha256 ? [row.sha256, row.thumbSha256] : [row.sha256]));
}
