import { Injectable } from '@nestjs/common';

import { Broadcaster } from '../broadcast/broadcaster.js';
import type { ChatClient } from './chat-client.js';

/** A typing state not renewed within this long is cleared by the server. */
export const TYPING_TTL_MS = 6000;
/** Renewals are passed on at most this often, so that a chatty client cannot flood the room. */
const RENEWAL_INTERVAL_MS = 1000;

/**
 * Typing per socket: a start is told to the room at once (renewals at most once a second,
 * so that the others' indicators stay on), a stop or 6 s without renewal once.
 */
@Injectable()
export class TypingTracker {
  constructor(private readonly broadcaster: Broadcaster) {}

  set(client: ChatClient, isTyping: boolean): void {
    if (!isTyping) return this.clear(client);
    const now = Date.now();
    if (client.typingTimer) {
      client.typingTimer.refresh();
      if (now - client.typingSince < RENEWAL_INTERVAL_MS) return;
    } else {
      client.typingTimer = setTimeout(() => this.clear(client), TYPING_TTL_MS).unref();
    }
    client.typingSince = now;
    this.publish(client, true);
  }

  /** Stops the socket's typing state, if any, and tells the room. */
  clear(client: ChatClient): void {
    if (!client.typingTimer) return;
    clearTimeout(client.typingTimer);
    client.typingTimer = null;
    this.publish(client, false);
  }

  private publish(client: ChatClient, isTyping: boolean): void {
    this.broadcaster.publish(client.roomId, { type: 'typing', user: client.ref, isTyping });
  }
}
