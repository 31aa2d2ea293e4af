import { Injectable } from '@nestjs/common';

import { Rate, TokenBuckets } from '../common/token-buckets.js';
import { AppConfig } from '../config/app-config.js';
import type { ChatClient } from './chat-client.js';

/** Each frame type has a budget of its own; `refused` counts the frames answered `error`. */
export type FrameKind =
  'message' | 'typing' | 'read' | 'subscribe' | 'unsubscribe' | 'ping' | 'refused';

/**
 * How many frames of each kind one socket may send (WS_FRAME_RATE): past it the socket is
 * closed, so that one member cannot make the server, or the room, pay for a flood.
 * A quiet socket holds no memory here (TokenBuckets forgets full buckets).
 */
@Injectable()
export class FrameBudget {
  private readonly buckets: Record<FrameKind, TokenBuckets<ChatClient>>;

  constructor(config: AppConfig) {
    const frames = config.wsFrameRate;
    this.buckets = {
      message: new TokenBuckets(messageFrameRate(frames, config.messageRate)),
      typing: new TokenBuckets(frames),
      read: new TokenBuckets(frames),
      subscribe: new TokenBuckets(frames),
      unsubscribe: new TokenBuckets(frames),
      ping: new TokenBuckets(frames),
      refused: new TokenBuckets(frames),
    };
  }

  /** Spends one frame of this kind: false when the socket's budget for it is spent. */
  take(client: ChatClient, kind: FrameKind, now = Date.now()): boolean {
    return this.buckets[kind].take(client, now) === 0;
  }
}

/**
 * Twice MESSAGE_RATE at least: a sender past MESSAGE_RATE is answered `rate_limited` for a
 * while before its socket is closed, and one within it never is.
 */
export function messageFrameRate(frames: Rate, messages: Rate): Rate {
  return {
    perSecond: Math.max(frames.perSecond, 2 * messages.perSecond),
    burst: Math.max(frames.burst, 2 * messages.burst),
  };
}
