import { Injectable, Logger } from '@nestjs/common';
import { WebSocket } from 'ws';

import { AppError } from '../common/app-error.js';
import { MessagesService } from '../messages/messages.service.js';
import { RoomsService } from '../rooms/rooms.service.js';
import type { ChatClient } from './chat-client.js';
import { CloseCode, socketErrorFor } from './chat-errors.js';
import { FrameBudget, FrameKind } from './frame-budget.js';
import { ClientFrame, ErrorFrame, FrameError, parseClientFrame } from './frames.js';
import { TypingTracker } from './typing-tracker.js';

const PONG = Buffer.from(JSON.stringify({ type: 'pong' }));

/**
 * Answers the frames of one socket: parse and validate by hand, spend the socket's budget
 * for that kind of frame (see FrameBudget), then one service call.
 * Nothing here queries the user or the membership: the socket's state holds them.
 * Every refusal is an `error` frame; nothing thrown here reaches the socket or the process.
 */
@Injectable()
export class ChatFrameHandler {
  private readonly logger = new Logger(ChatFrameHandler.name);

  constructor(
    private readonly messages: MessagesService,
    private readonly rooms: RoomsService,
    private readonly typing: TypingTracker,
    private readonly budget: FrameBudget,
  ) {}

  handle(client: ChatClient, data: Buffer): void {
    // ws still reads what a socket it is closing sent: none of it is acted upon.
    if (client.socket.readyState !== WebSocket.OPEN) return;
    let frame: ClientFrame;
    try {
      frame = parseClientFrame(data);
    } catch (error) {
      if (this.overBudget(client, 'refused')) return;
      return this.refuse(client, error);
    }
    if (this.overBudget(client, frame.type)) return;
    try {
      switch (frame.type) {
        case 'message': {
          const { clientId } = frame;
          this.send(client, frame).catch((error) => this.refuse(client, error, clientId));
          return;
        }
        case 'typing':
          return this.typing.set(client, frame.isTyping);
        case 'read':
          return this.read(client, frame.seq);
        case 'ping':
          return client.sendData(PONG);
      }
    } catch (error) {
      this.refuse(client, error);
    }
  }

  /** Closes a socket that spent its budget for this kind of frame; the room never pays for it. */
  private overBudget(client: ChatClient, kind: FrameKind): boolean {
    if (this.budget.take(client, kind)) return false;
    client.socket.close(CloseCode.policy, 'Too many frames');
    return true;
  }

  /** Rejects with what the sender is answered: rate_limited, or the service's refusal. */
  private async send(
    client: ChatClient,
    { content, clientId, replyToId }: Extract<ClientFrame, { type: 'message' }>,
  ): Promise<void> {
    const { message, created } = await this.messages.send(
      client.user, // an AuthUser is an Actor; messages copy only id, username, displayName
      client.roomId,
      content,
      clientId,
      replyToId,
    );
    // A repeated clientId: the original, to this socket only (the room has it already).
    if (!created) client.send({ type: 'message', message });
    this.typing.clear(client);
  }

  /**
   * One read position write at a time per socket: reads that arrive meanwhile collapse into
   * the highest, so that a flood of read frames costs the database one write, not thousands.
   */
  private read(client: ChatClient, seq: number): void {
    if (client.reading) {
      client.nextRead = Math.max(client.nextRead, seq);
      return;
    }
    client.reading = true;
    this.rooms
      .markRead(client.user, client.roomId, seq)
      .catch((error) => this.refuse(client, error))
      .finally(() => {
        client.reading = false;
        const next = client.nextRead;
        client.nextRead = -1;
        if (next > seq) this.read(client, next);
      });
  }

  /**
   * Answers a refused frame with an `error` frame. The socket stays open, unless its room
   * or its user is gone (see chat-errors.ts).
   */
  private refuse(client: ChatClient, error: unknown, clientId?: string | null): void {
    let frame: ErrorFrame;
    let closeCode: number | null = null;
    if (error instanceof FrameError) {
      frame = { type: 'error', code: error.code, message: error.message };
      if (error.clientId !== undefined) frame.clientId = error.clientId;
    } else if (error instanceof AppError) {
      const mapped = socketErrorFor(error.code);
      frame = { type: 'error', code: mapped.frameCode, message: error.message };
      if (error.retryAfterMs !== undefined) frame.retryAfterMs = error.retryAfterMs;
      closeCode = mapped.closeCode;
    } else {
      this.logger.error(error, `frame from user ${client.userId} in room ${client.roomId} failed`);
      frame = { type: 'error', code: 'internal', message: 'Internal error' };
    }
    if (clientId) frame.clientId = clientId;
    client.send(frame);
    if (closeCode !== null)
      client.socket.close(closeCode, error instanceof Error ? error.message.slice(0, 100) : '');
  }
}
