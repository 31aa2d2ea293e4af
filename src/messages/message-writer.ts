import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Broadcaster } from '../broadcast/broadcaster.js';
import { AppError } from '../common/app-error.js';
import { Database, SqlRunner } from '../database/database.js';
import { MessageResponse } from './dto/message.response.js';
import { Message } from './message.entity.js';

export interface Sender {
  id: number;
  username: string;
  displayName: string;
}

export interface SendResult {
  message: MessageResponse;
  /** False when the clientId was seen before: the original is answered, nothing stored. */
  created: boolean;
}

interface PendingSend {
  sender: Sender;
  roomId: number;
  content: string;
  clientId: string | null;
  resolve: (result: SendResult) => void;
  reject: (error: unknown) => void;
}

const MAX_BATCH = 1000;

const idempotencyKey = ({ roomId, sender, clientId }: PendingSend) =>
  `${roomId}:${sender.id}:${clientId}`;

/**
 * Group commit: the sends that arrive while the previous batch is being written go into
 * the next batch, one transaction (one fsync) for all of them. Each message is broadcast
 * and answered only after its commit, so nothing is ever broadcast that is not stored.
 */
@Injectable()
export class MessageWriter implements OnApplicationShutdown {
  private readonly logger = new Logger(MessageWriter.name);
  private queue: PendingSend[] = [];
  private scheduled = false;
  private writing: Promise<void> | null = null;
  private readonly statements: Record<
    'findByClientId' | 'allocateSeqs' | 'insert' | 'markRead',
    string
  >;

  constructor(
    private readonly database: Database,
    private readonly broadcaster: Broadcaster,
  ) {
    this.statements = {
      findByClientId: database.sql(
        'SELECT "id", "seq", "content", "createdAt", "editedAt" FROM "message" WHERE "roomId" = ? AND "authorId" = ? AND "clientId" = ?',
      ),
      allocateSeqs: database.sql(
        'UPDATE "room" SET "lastSeq" = "lastSeq" + ? WHERE "id" = ? RETURNING "lastSeq"',
      ),
      insert: database.sql(
        'INSERT INTO "message" ("roomId", "seq", "authorId", "clientId", "content", "createdAt") VALUES (?, ?, ?, ?, ?, ?) RETURNING "id"',
      ),
      markRead: database.sql(
        'UPDATE "room_member" SET "lastReadSeq" = ? WHERE "roomId" = ? AND "userId" = ? AND "lastReadSeq" < ?',
      ),
    };
  }

  write(
    sender: Sender,
    roomId: number,
    content: string,
    clientId: string | null,
  ): Promise<SendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ sender, roomId, content, clientId, resolve, reject });
      this.schedule();
    });
  }

  /** Lets the last batch finish before the database closes. */
  async onApplicationShutdown(): Promise<void> {
    while (this.writing || this.queue.length > 0) {
      await (this.writing ?? new Promise((resolve) => setImmediate(resolve)));
    }
  }

  private schedule(): void {
    if (this.scheduled || this.writing) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.writing = this.flush().finally(() => {
        this.writing = null;
        if (this.queue.length > 0) this.schedule();
      });
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queue.splice(0, MAX_BATCH);
    let results: (SendResult | AppError)[];
    try {
      results = await this.database.rawTransaction((sql) => this.store(sql, batch));
    } catch (error) {
      this.logger.error(error, `group commit of ${batch.length} messages failed`);
      for (const pending of batch) pending.reject(error);
      return;
    }
    batch.forEach((pending, index) => {
      const result = results[index];
      if (result instanceof AppError) return pending.reject(result);
      if (result.created)
        this.broadcaster.publish(pending.roomId, { type: 'message', message: result.message });
      pending.resolve(result);
    });
  }

  private async store(sql: SqlRunner, batch: PendingSend[]): Promise<(SendResult | AppError)[]> {
    const results: (SendResult | AppError)[] = new Array(batch.length);
    const firstWithKey = new Map<string, number>();
    const fresh = new Map<number, number[]>(); // roomId -> batch indexes, in arrival order

    for (const [index, pending] of batch.entries()) {
      if (pending.clientId !== null) {
        const key = idempotencyKey(pending);
        const first = firstWithKey.get(key);
        if (first !== undefined) continue; // answered with the first one's result below
        firstWithKey.set(key, index);
        const original = await this.findByClientId(sql, pending);
        if (original) {
          results[index] = { message: original, created: false };
          continue;
        }
      }
      const indexes = fresh.get(pending.roomId) ?? [];
      indexes.push(index);
      fresh.set(pending.roomId, indexes);
    }

    const createdAt = new Date();
    for (const [roomId, indexes] of fresh) {
      const sends = indexes.map((index) => batch[index]);
      const stored = await this.insertInRoom(sql, roomId, sends, createdAt);
      indexes.forEach((index, i) => (results[index] = stored[i]));
    }

    for (const [index, pending] of batch.entries()) {
      if (results[index] !== undefined) continue;
      const first = results[firstWithKey.get(idempotencyKey(pending))!];
      results[index] =
        first instanceof AppError ? first : { message: first.message, created: false };
    }
    return results;
  }

  /** One seq allocation for the room's new messages, their inserts, the senders' read positions. */
  private async insertInRoom(
    sql: SqlRunner,
    roomId: number,
    sends: PendingSend[],
    createdAt: Date,
  ): Promise<(SendResult | AppError)[]> {
    const [room] = await sql<{ lastSeq: number }>(this.statements.allocateSeqs, [
      sends.length,
      roomId,
    ]);
    if (!room) return sends.map(() => new AppError('not_found', `Room ${roomId} not found`));
    const stored = this.database.toColumnValue(Message, 'createdAt', createdAt);
    let seq = Number(room.lastSeq) - sends.length;
    const lastSeqBySender = new Map<number, number>();
    const results: SendResult[] = [];
    for (const { sender, content, clientId } of sends) {
      seq += 1;
      const [row] = await sql<{ id: number }>(this.statements.insert, [
        roomId,
        seq,
        sender.id,
        clientId,
        content,
        stored,
      ]);
      const message = {
        id: Number(row.id),
        roomId,
        seq,
        clientId,
        content,
        createdAt,
        editedAt: null,
      };
      results.push({ created: true, message: MessageResponse.of(message, sender) });
      lastSeqBySender.set(sender.id, seq);
    }
    // Sending a message means having read the room up to it.
    for (const [senderId, lastSeq] of lastSeqBySender) {
      await sql(this.statements.markRead, [lastSeq, roomId, senderId, lastSeq]);
    }
    return results;
  }

  private async findByClientId(
    sql: SqlRunner,
    pending: PendingSend,
  ): Promise<MessageResponse | null> {
    const [row] = await sql<{
      id: number;
      seq: number;
      content: string;
      createdAt: unknown;
      editedAt: unknown;
    }>(this.statements.findByClientId, [pending.roomId, pending.sender.id, pending.clientId]);
    if (!row) return null;
    return MessageResponse.of(
      {
        id: Number(row.id),
        roomId: pending.roomId,
        seq: Number(row.seq),
        clientId: pending.clientId,
        content: row.content,
        createdAt: this.database.toDate(row.createdAt),
        editedAt: row.editedAt === null ? null : this.database.toDate(row.editedAt),
      },
      pending.sender,
    );
  }
}
