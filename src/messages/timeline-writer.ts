import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';

import { Broadcaster } from '../broadcast/broadcaster.js';
import { RoomEvent, roomTopic, userTopic } from '../broadcast/events.js';
import { AppError } from '../common/app-error.js';
import type { Message, PinState, ReactionSummary, ReplyTo, UserRef } from '../contract/messages.js';
import { MAX_REACTIONS_PER_MESSAGE } from '../contract/messages.js';
import type { Notification, NotificationKind } from '../contract/notifications.js';
import type { RoomKind } from '../contract/rooms.js';
import { Database, SqlRunner } from '../database/database.js';
import { UploadFiles } from '../uploads/upload-files.js';
import { UploadRepository } from '../uploads/upload-repository.js';
import { UploadUrls } from '../uploads/upload-urls.js';
import {
  excerptOf,
  MessageRepository,
  MessageRow,
  mentionsRoom,
  parseReactions,
} from './message-repository.js';
import { NewNotification, NotificationRepository } from './notification-repository.js';

/** Whoever changes the timeline: an AuthUser is one. */
export interface Actor {
  id: number;
  username: string;
  displayName: string;
}

/** Every change to a room's timeline goes through the writer as one of these. */
export type TimelineCommand =
  | {
      type: 'post';
      actor: Actor;
      roomId: number;
      content: string;
      clientId: string | null;
      replyToId: number | null;
      /** Uploads of the actor's, not yet attached, in the order shown. */
      attachmentIds: number[];
    }
  | { type: 'edit'; actor: Actor; messageId: number; content: string }
  | { type: 'delete'; actor: Actor; messageId: number }
  | { type: 'react'; actor: Actor; messageId: number; emoji: string; add: boolean }
  | { type: 'pin'; actor: Actor; messageId: number; pin: boolean };

export interface SendResult {
  message: Message;
  /** False when the clientId was seen before: the original is answered, nothing stored. */
  created: boolean;
}

/** What each command answers (its events are published, not answered). */
interface Results {
  post: SendResult;
  edit: Message;
  delete: void;
  react: ReactionSummary;
  pin: PinState;
}

interface Pending {
  command: TimelineCommand;
  resolve: (result: unknown) => void;
  reject: (error: unknown) => void;
}

/** The state of one transaction: the rooms it locked and their counters, what to do at its end. */
class Batch {
  /** roomId -> the room's lastSeq as this batch has moved it. */
  readonly lastSeq = new Map<number, number>();
  /** roomId -> the lastSeq the lock stored (the seqs reserved for the batch's posts). */
  readonly reserved = new Map<number, number>();
  readonly kinds = new Map<number, RoomKind>();
  /** `roomId:userId` -> the seq of the user's newest message in this batch. */
  readonly readUpTo = new Map<string, { roomId: number; userId: number; seq: number }>();
  /** `roomId:authorId:clientId` -> the message posted under it in this batch. */
  readonly posted = new Map<string, Message>();
  readonly events: { roomId: number; event: RoomEvent }[] = [];
  readonly notifications: { userId: number; notification: Notification }[] = [];
  /** `roomId:userId` of the members this batch has checked. */
  readonly members = new Set<string>();
  /** The files of deleted messages' uploads: removed after the commit unless shared. */
  readonly released: string[] = [];
  readonly now = new Date();

  next(roomId: number): number {
    const seq = this.lastSeq.get(roomId)! + 1;
    this.lastSeq.set(roomId, seq);
    return seq;
  }
}

const MAX_BATCH = 1000;
/** `@name` at a word start; a trailing dot or hyphen is punctuation unless the name has it. */
const MENTION = /(?<![\w@.])@([A-Za-z0-9_.-]{3,32})/g;

/**
 * The one writer of room timelines, with group commit: the commands that arrive while the
 * previous batch is being written go into the next batch, one transaction (one fsync) for
 * all of them. The batch locks its rooms; each command checks its rule against the state
 * it reads there, takes the room's next seq and records its event; the events
 * are published, in seq order, and the callers answered only after the commit, so nothing
 * is ever broadcast that is not stored.
 */
@Injectable()
export class TimelineWriter implements OnApplicationShutdown {
  private readonly logger = new Logger(TimelineWriter.name);
  private queue: Pending[] = [];
  private scheduled = false;
  private writing: Promise<void> | null = null;

  constructor(
    private readonly database: Database,
    private readonly repository: MessageRepository,
    private readonly notifications: NotificationRepository,
    private readonly broadcaster: Broadcaster,
    private readonly uploads: UploadRepository,
    private readonly uploadFiles: UploadFiles,
    private readonly urls: UploadUrls,
  ) {}

  run<C extends TimelineCommand>(command: C): Promise<Results[C['type']]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ command, resolve: resolve as (result: unknown) => void, reject });
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
    const pending = this.queue.splice(0, MAX_BATCH);
    const batch = new Batch();
    let outcomes: { ok: boolean; value: unknown }[];
    try {
      outcomes = await this.database.rawTransaction((sql) => this.apply(sql, batch, pending));
    } catch (error) {
      this.logger.error(error, `group commit of ${pending.length} timeline commands failed`);
      for (const { reject } of pending) reject(error);
      return;
    }
    for (const { roomId, event } of batch.events)
      this.broadcaster.publish(roomTopic(roomId), event);
    for (const { userId, notification } of batch.notifications) {
      this.broadcaster.publish(userTopic(userId), { type: 'notification', notification });
    }
    pending.forEach(({ resolve, reject }, index) => {
      const { ok, value } = outcomes[index];
      if (ok) resolve(value);
      else reject(value);
    });
    if (batch.released.length > 0) void this.uploadFiles.release(batch.released);
  }

  /**
   * Locks every room the batch touches, in id order (so that two instances on PostgreSQL
   * never wait on each other in a cycle), then applies the commands in arrival order; a
   * refused one (AppError) changes nothing.
   */
  private async apply(sql: SqlRunner, batch: Batch, pending: Pending[]) {
    // roomId -> its posts in this batch: their seqs are reserved with the lock, so that a
    // batch of new messages costs its room one statement (the others may take none).
    const posts = new Map<number, number>();
    for (const { command } of pending) {
      const roomId =
        command.type === 'post'
          ? command.roomId
          : await this.repository.roomOf(sql, command.messageId);
      if (roomId !== null)
        posts.set(roomId, (posts.get(roomId) ?? 0) + Number(command.type === 'post'));
    }
    for (const [roomId, count] of [...posts].sort(([a], [b]) => a - b)) {
      const locked = await this.repository.lockRoom(sql, roomId, count);
      if (locked === null) continue;
      const { lastSeq, kind } = locked;
      batch.lastSeq.set(roomId, lastSeq);
      batch.kinds.set(roomId, kind);
      batch.reserved.set(roomId, lastSeq + count);
    }
    const outcomes: { ok: boolean; value: unknown }[] = [];
    for (const { command } of pending) {
      try {
        outcomes.push({ ok: true, value: await this.execute(sql, batch, command) });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        outcomes.push({ ok: false, value: error });
      }
    }
    // A refused or repeated post took no seq, an edit or a reaction took one: set it right.
    for (const [roomId, reserved] of batch.reserved) {
      const lastSeq = batch.lastSeq.get(roomId)!;
      if (lastSeq !== reserved) await this.repository.setLastSeq(sql, roomId, lastSeq);
    }
    // Sending a message means having read the room up to it, and its notifications.
    for (const { roomId, userId, seq } of batch.readUpTo.values()) {
      await this.repository.markRead(sql, roomId, userId, seq);
      await this.notifications.readUpTo(userId, roomId, seq, batch.now, sql);
    }
    return outcomes;
  }

  private execute(sql: SqlRunner, batch: Batch, command: TimelineCommand): Promise<unknown> {
    switch (command.type) {
      case 'post':
        return this.post(sql, batch, command);
      case 'edit':
        return this.edit(sql, batch, command);
      case 'delete':
        return this.delete(sql, batch, command);
      case 'react':
        return this.react(sql, batch, command);
      case 'pin':
        return this.pin(sql, batch, command);
    }
  }

  private async post(
    sql: SqlRunner,
    batch: Batch,
    {
      actor,
      roomId,
      content,
      clientId,
      replyToId,
      attachmentIds,
    }: Extract<TimelineCommand, { type: 'post' }>,
  ): Promise<SendResult> {
    const key = clientId === null ? null : `${roomId}:${actor.id}:${clientId}`;
    if (key !== null) {
      const posted = batch.posted.get(key);
      if (posted) return { message: posted, created: false };
      const original = await this.repository.byClientId(sql, roomId, actor.id, clientId!);
      if (original) return { message: this.repository.toMessage(original), created: false };
    }
    if (!batch.lastSeq.has(roomId)) throw new AppError('not_found', `Room ${roomId} not found`);
    // Checked here, under the room's lock, as well as by the callers: a socket learns of a
    // removal on another instance a moment after it was committed.
    await this.requireMember(sql, batch, roomId, actor);
    const replyTo = replyToId === null ? null : await this.replyTo(sql, roomId, replyToId);
    const attachments =
      attachmentIds.length === 0 ? [] : await this.uploads.claim(sql, actor.id, attachmentIds);
    const mentions = await this.mentions(sql, roomId, content);
    const seq = batch.next(roomId);
    const id = await this.repository.insert(sql, {
      roomId,
      seq,
      authorId: actor.id,
      clientId,
      content,
      createdAt: batch.now,
      replyToId,
      mentions,
      attachments,
    });
    if (attachments.length > 0) await this.uploads.attach(sql, id, attachmentIds);
    const message: Message = {
      id,
      roomId,
      seq,
      clientId,
      author: { id: actor.id, username: actor.username, displayName: actor.displayName },
      content,
      createdAt: batch.now.toISOString(),
      editedAt: null,
      deletedAt: null,
      replyTo,
      mentions,
      mentionsRoom: mentionsRoom(content),
      reactions: [],
      attachments: attachments.map((attachment) => this.urls.attachment(attachment)),
      pinned: false,
    };
    if (key !== null) batch.posted.set(key, message);
    await this.notify(sql, batch, message, batch.kinds.get(roomId)!, null);
    batch.readUpTo.set(`${roomId}:${actor.id}`, { roomId, userId: actor.id, seq });
    batch.events.push({ roomId, event: { type: 'message', message } });
    return { message, created: true };
  }

  private async edit(
    sql: SqlRunner,
    batch: Batch,
    { actor, messageId, content }: Extract<TimelineCommand, { type: 'edit' }>,
  ): Promise<Message> {
    const row = await this.stateOf(sql, messageId);
    if (Number(row.authorId) !== actor.id) {
      throw new AppError('forbidden', 'Only the author can edit a message');
    }
    refuseDeleted(row);
    if (row.content === content) return this.repository.toMessage(row, actor.id);
    const roomId = Number(row.roomId);
    const mentions = await this.mentions(sql, roomId, content);
    const seq = batch.next(roomId);
    await this.repository.edit(sql, messageId, content, mentions, batch.now);
    await this.record(sql, batch, roomId, seq, 'message.edited', messageId, actor, {
      content,
      mentions,
    });
    batch.events.push({
      roomId,
      event: {
        type: 'message.edited',
        seq,
        messageId,
        content,
        editedAt: batch.now.toISOString(),
        mentions,
      },
    });
    const edited = this.repository.toMessage(
      { ...row, content, mentions: JSON.stringify(mentions), editedAt: batch.now },
      actor.id,
    );
    const previous = this.repository.toMessage(row);
    await this.notify(sql, batch, edited, batch.kinds.get(roomId)!, previous);
    return edited;
  }

  private async delete(
    sql: SqlRunner,
    batch: Batch,
    { actor, messageId }: Extract<TimelineCommand, { type: 'delete' }>,
  ): Promise<void> {
    const row = await this.stateOf(sql, messageId);
    const roomId = Number(row.roomId);
    if (Number(row.authorId) !== actor.id) {
      const role = await this.repository.roleOf(sql, roomId, actor.id);
      if (role !== 'owner' && role !== 'moderator') {
        throw new AppError(
          'forbidden',
          "Only the author, the room's owner or a moderator can delete a message",
        );
      }
    }
    if (row.deletedAt !== null) return; // deleted once, answered as often as asked
    const seq = batch.next(roomId);
    await this.repository.delete(sql, messageId, batch.now);
    await this.notifications.deleteForMessage(sql, messageId);
    batch.released.push(...(await this.uploads.removeOfMessage(sql, messageId)));
    await this.record(sql, batch, roomId, seq, 'message.deleted', messageId, actor, null);
    batch.events.push({ roomId, event: { type: 'message.deleted', seq, messageId } });
  }

  private async react(
    sql: SqlRunner,
    batch: Batch,
    { actor, messageId, emoji, add }: Extract<TimelineCommand, { type: 'react' }>,
  ): Promise<ReactionSummary> {
    const row = await this.stateOf(sql, messageId);
    const roomId = Number(row.roomId);
    await this.requireMember(sql, batch, roomId, actor);
    refuseDeleted(row);
    const reactions = parseReactions(row.reactions);
    const index = reactions.findIndex((reaction) => reaction.emoji === emoji);
    const users = index === -1 ? [] : reactions[index].users;
    if (users.includes(actor.id) === add) return { emoji, count: users.length, me: add };
    if (add) {
      if (index === -1) {
        if (reactions.length >= MAX_REACTIONS_PER_MESSAGE) {
          throw new AppError(
            'invalid',
            `emoji: a message has at most ${MAX_REACTIONS_PER_MESSAGE} different reactions`,
          );
        }
        reactions.push({ emoji, users });
      }
      users.push(actor.id);
    } else {
      users.splice(users.indexOf(actor.id), 1);
      if (users.length === 0) reactions.splice(index, 1);
    }
    const seq = batch.next(roomId);
    await this.repository.setReactions(sql, messageId, reactions);
    const count = users.length;
    await this.record(sql, batch, roomId, seq, 'reaction', messageId, actor, {
      emoji,
      added: add,
      count,
    });
    batch.events.push({
      roomId,
      event: {
        type: 'reaction',
        seq,
        messageId,
        emoji,
        user: refOf(actor),
        added: add,
        count,
      },
    });
    return { emoji, count, me: add };
  }

  private async pin(
    sql: SqlRunner,
    batch: Batch,
    { actor, messageId, pin }: Extract<TimelineCommand, { type: 'pin' }>,
  ): Promise<PinState> {
    const row = await this.stateOf(sql, messageId);
    const roomId = Number(row.roomId);
    await this.requireMember(sql, batch, roomId, actor);
    refuseDeleted(row);
    if ((row.pinnedSeq !== null) === pin) return { pinned: pin };
    const seq = batch.next(roomId);
    await this.repository.pin(sql, messageId, pin ? seq : null);
    await this.record(sql, batch, roomId, seq, 'message.pinned', messageId, actor, {
      pinned: pin,
    });
    batch.events.push({
      roomId,
      event: { type: 'message.pinned', seq, messageId, pinned: pin, by: refOf(actor) },
    });
    return { pinned: pin };
  }

  /**
   * The message's notifications, in its transaction, so that they exist exactly when the
   * message does (a repeated clientId stores nothing and so notifies nobody). At most one
   * per person: the first kind that applies, in the order direct, mention, reply,
   * room_mention; only for members whose level is not `none`, never for the author. An
   * edit (`previous` is the message before it) concerns only who it names anew, and the
   * unique index keeps whoever already has one for the message as they were.
   */
  private async notify(
    sql: SqlRunner,
    batch: Batch,
    message: Message,
    roomKind: RoomKind,
    previous: Message | null,
  ): Promise<void> {
    const post = previous === null;
    const before = new Set(previous?.mentions.map(({ id }) => id));
    const mentioned = message.mentions.map(({ id }) => id).filter((id) => !before.has(id));
    const roomNamed = message.mentionsRoom && !previous?.mentionsRoom;
    const replyAuthor = message.replyTo?.author.id ?? null;
    const direct = roomKind === 'direct';
    if (
      post
        ? !direct && !roomNamed && mentioned.length === 0 && replyAuthor === null
        : !roomNamed && mentioned.length === 0
    ) {
      return;
    }
    // Everyone's level when everyone may be concerned, else only the people named.
    const everyone = roomNamed || (post && direct);
    const named = [...mentioned, ...(post && replyAuthor !== null ? [replyAuthor] : [])];
    const levels = await this.notifications.levels(sql, message.roomId, everyone ? null : named);
    const concerned = (userId: number) => post || roomNamed || mentioned.includes(userId);
    const kinds = new Map<number, NotificationKind>();
    const add = (userId: number, kind: NotificationKind) => {
      if (userId === message.author.id || kinds.has(userId) || !levels.has(userId)) return;
      if (levels.get(userId) === 'none' || !concerned(userId)) return;
      kinds.set(userId, kind);
    };
    if (direct) for (const userId of levels.keys()) add(userId, 'direct');
    for (const userId of mentioned) add(userId, 'mention');
    if (replyAuthor !== null) add(replyAuthor, 'reply');
    if (roomNamed) for (const userId of levels.keys()) add(userId, 'room_mention');
    if (kinds.size === 0) return;
    const recipients: NewNotification[] = [...kinds].map(([userId, kind]) => ({ userId, kind }));
    const made = await this.notifications.insert(
      sql,
      { roomId: message.roomId, messageId: message.id, seq: message.seq },
      recipients,
      batch.now,
    );
    const excerpt = excerptOf(message.content);
    for (const [userId, id] of made) {
      batch.notifications.push({
        userId,
        notification: {
          id,
          kind: kinds.get(userId)!,
          roomId: message.roomId,
          messageId: message.id,
          seq: message.seq,
          actor: message.author,
          excerpt,
          createdAt: batch.now.toISOString(),
          readAt: null,
        },
      });
    }
  }

  /** The message's state, read after its room was locked; `not_found` when unknown. */
  private async stateOf(sql: SqlRunner, messageId: number): Promise<MessageRow> {
    const row = await this.repository.byId(messageId, sql);
    if (!row) throw new AppError('not_found', `Message ${messageId} not found`);
    return row;
  }

  /** Once per room and person in a batch: membership cannot change while the room is locked. */
  private async requireMember(
    sql: SqlRunner,
    batch: Batch,
    roomId: number,
    actor: Actor,
  ): Promise<void> {
    const key = `${roomId}:${actor.id}`;
    if (batch.members.has(key)) return;
    if (!(await this.repository.isMember(sql, roomId, actor.id))) {
      throw new AppError('forbidden', `Join room ${roomId} first`);
    }
    batch.members.add(key);
  }

  private record(
    sql: SqlRunner,
    batch: Batch,
    roomId: number,
    seq: number,
    type: 'message.edited' | 'message.deleted' | 'reaction' | 'message.pinned',
    messageId: number,
    actor: Actor,
    data: object | null,
  ): Promise<void> {
    return this.repository.insertEvent(sql, {
      roomId,
      seq,
      type,
      messageId,
      actorId: actor.id,
      data,
      createdAt: batch.now,
    });
  }

  /** The message answered, which must be of the same room: a live excerpt of it. */
  private async replyTo(sql: SqlRunner, roomId: number, replyToId: number): Promise<ReplyTo> {
    const row = await this.repository.byId(replyToId, sql);
    if (!row || Number(row.roomId) !== roomId) {
      throw new AppError('invalid', `replyToId: message ${replyToId} is not in room ${roomId}`);
    }
    const { id, seq, author, content } = this.repository.toMessage(row);
    return { id, seq, author, excerpt: excerptOf(content) };
  }

  /**
   * The room's members named as `@username` (case-insensitive), once each, in order: every
   * name of the text looked up in one query. A trailing dot or hyphen is punctuation unless
   * a member's name has it.
   */
  private async mentions(sql: SqlRunner, roomId: number, content: string): Promise<UserRef[]> {
    if (!content.includes('@')) return [];
    const named = [...content.matchAll(MENTION)].map(([, name]) => {
      const trimmed = name.replace(/[.-]+$/, '');
      return (trimmed === name ? [name] : [name, trimmed]).map((n) => n.toLowerCase());
    });
    if (named.length === 0) return [];
    const members = await this.repository.membersNamed(sql, roomId, [...new Set(named.flat())]);
    const found = new Map<number, UserRef>();
    for (const candidates of named) {
      const member = candidates.map((name) => members.get(name)).find(Boolean);
      if (member && !found.has(member.id)) found.set(member.id, member);
    }
    return [...found.values()];
  }
}

function refuseDeleted(row: MessageRow): void {
  if (row.deletedAt !== null) throw new AppError('conflict', `Message ${row.id} was deleted`);
}

function refOf(actor: Actor): UserRef {
  return { id: actor.id, username: actor.username };
}
