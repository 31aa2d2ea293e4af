import { Injectable } from '@nestjs/common';

import type { AuthUser } from '../common/auth-user.js';
import { AppError } from '../common/app-error.js';
import { MAX_INT32 } from '../common/int32.js';
import { Rate } from '../common/token-buckets.js';
import { SharedRateLimits } from '../broadcast/shared-rate-limits.js';
import type {
  Message,
  MessagePage,
  MessagesAround,
  PinState,
  ReactionSummary,
} from '../contract/messages.js';
import { HISTORY_PAGE_DEFAULT, MAX_CONTENT_LENGTH } from '../contract/messages.js';
import { AppConfig } from '../config/app-config.js';
import { RoomAccess } from '../rooms/room-access.js';
import { HistoryQueryDto, SendMessageDto } from './dto/send-message.dto.js';
import { normalizeEmoji } from './emoji.js';
import { MessageRepository, Replay } from './message-repository.js';
import { Actor, SendResult, TimelineWriter } from './timeline-writer.js';

/** A message to post: its text (trimmed; "" only with attachments) and its options. */
export interface Draft {
  content: string;
  clientId?: string | null;
  replyToId?: number | null;
  attachmentIds?: number[];
}

/** Pins answered at most: a room with more shows its newest pins. */
const MAX_PINS = 200;

/**
 * The rules of messages and their timeline: who may post, edit, delete, react and pin (the
 * writer checks them against the state it locks), history pages and the replay of a room.
 * Only what the caller may read is answered: a message of a room they cannot see is
 * `not_found`, as the room is.
 */
@Injectable()
export class MessagesService {
  /** MESSAGE_RATE per user, shared by REST and every socket of the user on every instance: posts and edits. */
  private readonly rate: Rate;
  /** Reactions and pins: twice MESSAGE_RATE per user, so a reaction storm is bounded too. */
  private readonly gestures: Rate;

  constructor(
    private readonly access: RoomAccess,
    private readonly repository: MessageRepository,
    private readonly writer: TimelineWriter,
    private readonly limits: SharedRateLimits,
    config: AppConfig,
  ) {
    const { perSecond, burst } = config.messageRate;
    this.rate = config.messageRate;
    this.gestures = { perSecond: perSecond * 2, burst: burst * 2 };
  }

  /**
   * The one way a message is stored, from REST and sockets alike: the caller has checked
   * membership and validated the content. Resolves after the commit and the broadcast;
   * rejects with `rate_limited` (and its retryAfterMs) past MESSAGE_RATE.
   */
  send(actor: Actor, roomId: number, draft: Draft): Promise<SendResult> {
    const attachmentIds = draft.attachmentIds ?? [];
    if (draft.content === '' && attachmentIds.length === 0) {
      throw new AppError(
        'invalid',
        `content must be 1 to ${MAX_CONTENT_LENGTH} characters (it may be empty only with attachmentIds)`,
      );
    }
    return this.limited('messages', this.rate, actor.id, () =>
      this.writer.run({
        type: 'post',
        actor,
        roomId,
        content: draft.content,
        clientId: draft.clientId ?? null,
        replyToId: draft.replyToId ?? null,
        attachmentIds,
      }),
    );
  }

  /** REST send: members only. */
  async post(user: AuthUser, roomId: number, input: SendMessageDto): Promise<SendResult> {
    await this.access.check(user.id, roomId, 'send');
    return this.send(user, roomId, input);
  }

  /** The author only; not once deleted. */
  async edit(user: AuthUser, messageId: number, content: string): Promise<Message> {
    await this.readable(user, messageId);
    return this.limited('messages', this.rate, user.id, () =>
      this.writer.run({ type: 'edit', actor: user, messageId, content }),
    );
  }

  /** The author, or the room's owner or a moderator; idempotent. */
  async delete(user: AuthUser, messageId: number): Promise<void> {
    await this.readable(user, messageId);
    return this.writer.run({ type: 'delete', actor: user, messageId });
  }

  /** Members only; one emoji; idempotent. */
  async react(
    user: AuthUser,
    messageId: number,
    emoji: string,
    add: boolean,
  ): Promise<ReactionSummary> {
    const normalized = normalizeEmoji(emoji);
    if (normalized === null) throw new AppError('invalid', 'emoji must be one Unicode emoji');
    await this.readable(user, messageId);
    return this.limited('gestures', this.gestures, user.id, () =>
      this.writer.run({ type: 'react', actor: user, messageId, emoji: normalized, add }),
    );
  }

  /** Members only; idempotent. */
  async pin(user: AuthUser, messageId: number, pin: boolean): Promise<PinState> {
    await this.readable(user, messageId);
    return this.limited('gestures', this.gestures, user.id, () =>
      this.writer.run({ type: 'pin', actor: user, messageId, pin }),
    );
  }

  /** One message as the caller sees it (a deleted one as its tombstone). */
  async get(user: AuthUser, messageId: number): Promise<Message> {
    return this.repository.toMessage(await this.readable(user, messageId), user.id);
  }

  /** A page of history, ascending by seq: one range scan of the (roomId, seq) index. */
  async history(user: AuthUser, roomId: number, query: HistoryQueryDto): Promise<MessagePage> {
    const limit = query.limit ?? HISTORY_PAGE_DEFAULT;
    const forwards = query.after !== undefined;
    await this.access.check(user.id, roomId, 'read');
    const rows = await this.repository.page(
      roomId,
      query.after ?? 0,
      query.before ?? MAX_INT32,
      limit + 1,
      forwards,
    );
    const messages = rows.slice(0, limit).map((row) => this.repository.toMessage(row, user.id));
    if (!forwards) messages.reverse();
    return { messages, hasMore: rows.length > limit };
  }

  /**
   * At most `limit` messages centred on `seq`: the message at or just before it, half of
   * the page before it and the rest from it on (fewer near either end).
   */
  async around(
    user: AuthUser,
    roomId: number,
    seq: number,
    limit = HISTORY_PAGE_DEFAULT,
  ): Promise<MessagesAround> {
    await this.access.check(user.id, roomId, 'read');
    const anchor = (await this.repository.seqAtOrBefore(roomId, seq)) ?? 0;
    const wantBefore = anchor === 0 ? 0 : Math.floor(limit / 2);
    const wantAfter = limit - wantBefore;
    const [before, after] = await Promise.all([
      anchor === 0 ? [] : this.repository.page(roomId, 0, anchor, wantBefore + 1, false),
      this.repository.page(roomId, anchor - 1, MAX_INT32, wantAfter + 1, true),
    ]);
    const rows = [...before.slice(0, wantBefore).reverse(), ...after.slice(0, wantAfter)];
    return {
      messages: rows.map((row) => this.repository.toMessage(row, user.id)),
      hasMoreBefore: before.length > wantBefore,
      hasMoreAfter: after.length > wantAfter,
    };
  }

  /** The room's pinned messages, newest pin first. */
  async pins(user: AuthUser, roomId: number): Promise<Message[]> {
    await this.access.check(user.id, roomId, 'read');
    const rows = await this.repository.pins(roomId, MAX_PINS);
    return rows.map((row) => this.repository.toMessage(row, user.id));
  }

  /** What a (re)connecting socket is sent after `ready`; see MessageRepository.replay. */
  async replay(roomId: number, since: number | null): Promise<Replay> {
    const replay = await this.repository.replay(roomId, since);
    if (!replay) throw new AppError('not_found', `Room ${roomId} not found`);
    return replay;
  }

  /** The message, when the caller may read its room; `not_found` otherwise, as for none. */
  private async readable(user: AuthUser, messageId: number) {
    const notFound = new AppError('not_found', `Message ${messageId} not found`);
    const row = await this.repository.byId(messageId);
    if (!row) throw notFound;
    try {
      await this.access.check(user.id, Number(row.roomId), 'read');
    } catch (error) {
      throw error instanceof AppError && error.code === 'not_found' ? notFound : error;
    }
    return row;
  }

  private async limited<T>(name: string, rate: Rate, userId: number, run: () => Promise<T>) {
    const retryAfterMs = await this.limits.take(name, userId, rate);
    if (retryAfterMs > 0) {
      throw new AppError('rate_limited', 'Too many messages; retry later', retryAfterMs);
    }
    return run();
  }
}
