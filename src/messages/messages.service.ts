import { Injectable } from '@nestjs/common';

import type { AuthUser } from '../common/auth-user.js';
import { AppError } from '../common/app-error.js';
import { TokenBuckets } from '../common/token-buckets.js';
import { AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { MessagePageResponse, MessageResponse } from './dto/message.response.js';
import { HistoryQueryDto, MAX_SEQ, SendMessageDto } from './dto/send-message.dto.js';
import { MessageWriter, Sender, SendResult } from './message-writer.js';

const DEFAULT_PAGE = 50;
const NO_UPPER_BOUND = MAX_SEQ;

interface HistoryRow {
  id: number;
  seq: number;
  clientId: string | null;
  content: string;
  createdAt: unknown;
  editedAt: unknown;
  authorId: number;
  username: string;
  displayName: string;
}

const PAGE = `SELECT m."id", m."seq", m."clientId", m."content", m."createdAt", m."editedAt",
  u."id" AS "authorId", u."username", u."displayName"
  FROM "message" m JOIN "user" u ON u."id" = m."authorId"
  WHERE m."roomId" = ? AND m."seq" > ? AND m."seq" < ?`;

@Injectable()
export class MessagesService {
  private readonly pageForwards: string;
  private readonly pageBackwards: string;
  /** MESSAGE_RATE per user, shared by REST and every socket of the user. */
  private readonly rate: TokenBuckets<number>;

  constructor(
    private readonly database: Database,
    private readonly rooms: RoomsService,
    private readonly writer: MessageWriter,
    config: AppConfig,
  ) {
    this.rate = new TokenBuckets(config.messageRate);
    this.pageForwards = database.sql(`${PAGE} ORDER BY m."seq" ASC LIMIT ?`);
    this.pageBackwards = database.sql(`${PAGE} ORDER BY m."seq" DESC LIMIT ?`);
  }

  /**
   * The one way a message is stored, from REST and sockets alike: the caller has checked
   * membership and validated the content. Resolves after the commit and the broadcast;
   * rejects with `rate_limited` (and its retryAfterMs) past MESSAGE_RATE.
   */
  send(
    sender: Sender,
    roomId: number,
    content: string,
    clientId: string | null,
  ): Promise<SendResult> {
    const retryAfterMs = this.rate.take(sender.id);
    if (retryAfterMs > 0) {
      return Promise.reject(
        new AppError('rate_limited', 'Too many messages; retry later', retryAfterMs),
      );
    }
    return this.writer.write(sender, roomId, content, clientId);
  }

  /** REST send: members only. */
  async post(user: AuthUser, roomId: number, input: SendMessageDto): Promise<SendResult> {
    await this.rooms.requireMember(user.id, roomId);
    return this.send(user, roomId, input.content, input.clientId ?? null);
  }

  /**
   * A page of history, ascending by seq: one range scan of the (roomId, seq) index on a
   * prepared statement. The room is looked up only when the page comes back empty.
   */
  async history(roomId: number, query: HistoryQueryDto): Promise<MessagePageResponse> {
    const limit = query.limit ?? DEFAULT_PAGE;
    const forwards = query.after !== undefined;
    const rows = await this.database.query<HistoryRow>(
      forwards ? this.pageForwards : this.pageBackwards,
      [roomId, query.after ?? 0, query.before ?? NO_UPPER_BOUND, limit + 1],
    );
    if (rows.length === 0) await this.rooms.require(roomId);
    const hasMore = rows.length > limit;
    const messages = rows.slice(0, limit).map((row) => this.toResponse(roomId, row));
    if (!forwards) messages.reverse();
    return { messages, hasMore };
  }

  /** Messages after `seq` for a resuming socket, oldest first, at most `limit`. */
  async since(roomId: number, seq: number, limit: number): Promise<MessageResponse[]> {
    const page = await this.history(roomId, { after: seq, limit });
    return page.messages;
  }

  private toResponse(roomId: number, row: HistoryRow): MessageResponse {
    return {
      id: Number(row.id),
      roomId,
      seq: Number(row.seq),
      clientId: row.clientId,
      author: { id: Number(row.authorId), username: row.username, displayName: row.displayName },
      content: row.content,
      createdAt: this.database.toDate(row.createdAt).toISOString(),
      editedAt: row.editedAt === null ? null : this.database.toDate(row.editedAt).toISOString(),
    };
  }
}
