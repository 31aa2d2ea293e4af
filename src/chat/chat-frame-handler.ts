import { Injectable, Logger } from '@nestjs/common';
import { WebSocket } from 'ws';

import { AppError } from '../common/app-error.js';
import { MAX_SUBSCRIPTIONS } from '../contract/frames.js';
import { InboxService } from '../inbox/inbox.service.js';
import { MessagesService } from '../messages/messages.service.js';
import { Grant, RoomAccess } from '../rooms/room-access.js';
import { ChatClient, Subscription } from './chat-client.js';
import { CloseCode, socketErrorFor } from './chat-errors.js';
import { FrameBudget, FrameKind } from './frame-budget.js';
import { ConnectionRegistry } from './connection-registry.js';
import { ClientFrame, ErrorFrame, FrameError, parseClientFrame } from './frames.js';
import { TopicFanout } from './topic-fanout.js';
import { TypingTracker } from './typing-tracker.js';

const PONG = Buffer.from(JSON.stringify({ type: 'pong' }));
/** Access checks of one subscribe, when membership keeps changing under it. */
const MAX_CHECKS = 5;

type RoomFrame = Extract<ClientFrame, { roomId: number | null }>;

/**
 * Answers the frames of one socket: parse and validate by hand, spend the socket's budget
 * for that kind of frame (see FrameBudget), then one service call. Frames of a room need
 * membership, which the socket's state holds (from the handshake and `member` events):
 * nothing here queries the user or the membership for them.
 * Every refusal is an `error` frame; nothing thrown here reaches the socket or the process.
 */
@Injectable()
export class ChatFrameHandler {
  private readonly logger = new Logger(ChatFrameHandler.name);

  constructor(
    private readonly messages: MessagesService,
    private readonly inbox: InboxService,
    private readonly access: RoomAccess,
    private readonly fanout: TopicFanout,
    private readonly registry: ConnectionRegistry,
    private readonly typing: TypingTracker,
    private readonly budget: FrameBudget,
  ) {}

  handle(client: ChatClient, data: Buffer): void {
    // ws still reads what a socket it is closing sent: none of it is acted upon.
    if (client.socket.readyState !== WebSocket.OPEN) return;
    let frame: ClientFrame;
    try {
      frame = parseClientFrame(data, client.perUser);
    } catch (error) {
      if (this.overBudget(client, 'refused')) return;
      return this.refuse(client, error);
    }
    if (this.overBudget(client, frame.type)) return;
    if (frame.type === 'ping') return client.sendData(PONG);
    const roomId = frame.roomId ?? client.roomId!;
    const clientId = frame.type === 'message' ? frame.clientId : null;
    this.dispatch(client, frame, roomId).catch((error) =>
      this.refuse(client, error, clientId, client.perUser ? roomId : undefined),
    );
  }

  private async dispatch(
    client: ChatClient,
    frame: Exclude<ClientFrame, { type: 'ping' }>,
    roomId: number,
  ) {
    switch (frame.type) {
      case 'subscribe':
        return this.subscribe(client, roomId, frame.since);
      case 'unsubscribe': {
        client.intents.set(roomId, (client.intents.get(roomId) ?? 0) + 1);
        const subscription = client.subscriptions.get(roomId);
        if (subscription) this.fanout.drop(subscription);
        return;
      }
    }
    this.requireMember(client, roomId);
    switch (frame.type) {
      case 'message':
        return this.send(client, roomId, frame);
      case 'typing':
        return this.typing.set(client, roomId, frame.isTyping);
      case 'read':
        return this.read(client, roomId, frame.seq);
    }
  }

  /** Closes a socket that spent its budget for this kind of frame; the room never pays for it. */
  private overBudget(client: ChatClient, kind: FrameKind): boolean {
    if (this.budget.take(client, kind)) return false;
    client.socket.close(CloseCode.policy, 'Too many frames');
    return true;
  }

  private requireMember(client: ChatClient, roomId: number): void {
    if (!client.memberOf.has(roomId)) {
      throw new AppError('forbidden', `Join room ${roomId} first`);
    }
  }

  /**
   * Live frames of a room the user may read, after `subscribed` and the replay of what
   * followed `since`. Subscribing again starts over (a new `subscribed` and replay).
   */
  private async subscribe(client: ChatClient, roomId: number, since: number | null): Promise<void> {
    const intent = (client.intents.get(roomId) ?? 0) + 1;
    client.intents.set(roomId, intent);
    const superseded = () =>
      client.intents.get(roomId) !== intent || client.socket.readyState !== WebSocket.OPEN;
    refuseTooMany(client, roomId);
    // A membership change during the check may have changed its answer: check again.
    let grant: Grant;
    let epoch: number;
    let checks = 0;
    do {
      epoch = client.membershipEpoch;
      grant = await this.access.check(client.userId, roomId, 'read');
    } while (epoch !== client.membershipEpoch && !superseded() && ++checks < MAX_CHECKS);
    if (superseded()) return; // an unsubscribe or a later subscribe came after it
    refuseTooMany(client, roomId); // another subscribe may have finished meanwhile
    const current = client.subscriptions.get(roomId);
    if (current) this.fanout.drop(current);
    const subscription = new Subscription(client, roomId, grant.kind);
    this.registry.subscribe(subscription);
    await this.fanout.catchUp(subscription, since, (lastSeq, online) => ({
      type: 'subscribed',
      roomId,
      room: { id: roomId, name: grant.name, kind: grant.kind },
      online,
      lastSeq,
    }));
  }

  /** Rejects with what the sender is answered: rate_limited, or the service's refusal. */
  private async send(
    client: ChatClient,
    roomId: number,
    { content, clientId, replyToId, attachmentIds }: Extract<RoomFrame, { type: 'message' }>,
  ): Promise<void> {
    const { message, created } = await this.messages.send(
      client.user, // an AuthUser is an Actor; messages copy only id, username, displayName
      roomId,
      { content, clientId, replyToId, attachmentIds },
    );
    // A repeated clientId: the original, to this socket only (the room has it already).
    if (!created) client.send({ type: 'message', message, ...(client.perUser ? { roomId } : {}) });
    this.typing.clear(client, roomId);
  }

  /**
   * One read position write at a time per socket and room: reads that arrive meanwhile
   * collapse into the highest, so that a flood of read frames costs the database one write.
   */
  private async read(client: ChatClient, roomId: number, seq: number): Promise<void> {
    if (client.reading.has(roomId)) {
      client.reading.set(roomId, Math.max(client.reading.get(roomId)!, seq));
      return;
    }
    client.reading.set(roomId, -1);
    try {
      await this.inbox.read(client.user, roomId, seq);
    } finally {
      const next = client.reading.get(roomId)!;
      client.reading.delete(roomId);
      if (next > seq) {
        this.read(client, roomId, next).catch((error) =>
          this.refuse(client, error, null, client.perUser ? roomId : undefined),
        );
      }
    }
  }

  /**
   * Answers a refused frame with an `error` frame. The socket stays open, unless its user,
   * or the room of a room socket, is gone (see chat-errors.ts).
   */
  private refuse(
    client: ChatClient,
    error: unknown,
    clientId?: string | null,
    roomId?: number,
  ): void {
    let frame: ErrorFrame;
    let closeCode: number | null = null;
    if (error instanceof FrameError) {
      frame = { type: 'error', code: error.code, message: error.message };
      if (error.clientId !== undefined) frame.clientId = error.clientId;
      if (error.roomId !== undefined) frame.roomId = error.roomId;
    } else if (error instanceof AppError) {
      const mapped = socketErrorFor(error.code, client.perUser);
      frame = { type: 'error', code: mapped.frameCode, message: error.message };
      if (error.retryAfterMs !== undefined) frame.retryAfterMs = error.retryAfterMs;
      closeCode = mapped.closeCode;
    } else {
      this.logger.error(error, `frame from user ${client.userId} failed`);
      frame = { type: 'error', code: 'internal', message: 'Internal error' };
    }
    if (clientId) frame.clientId = clientId;
    if (roomId !== undefined) frame.roomId = roomId;
    client.send(frame);
    if (closeCode !== null)
      client.socket.close(closeCode, error instanceof Error ? error.message.slice(0, 100) : '');
  }
}

function refuseTooMany(client: ChatClient, roomId: number): void {
  if (client.subscriptions.has(roomId) || client.subscriptions.size < MAX_SUBSCRIPTIONS) return;
  throw new FrameError(
    'too_many_subscriptions',
    `At most ${MAX_SUBSCRIPTIONS} subscriptions per socket; unsubscribe from a room first`,
  );
}
