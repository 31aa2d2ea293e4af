import { Injectable } from '@nestjs/common';

import { Broadcaster } from '../broadcast/broadcaster.js';
import type { ChatClient } from './chat-client.js';

/** A typing state not renewed within this long is cleared by the server. */
export const TYPING_TTL_MS = 6000;
/** Renewals are passed on at most this often: enough to keep the others' indicators on. */
const RENEWAL_INTERVAL_MS = 1000;
/** A start is told at most this often, so a client toggling typing costs the room ≤ 4 frames/s. */
export const START_INTERVAL_MS = 500;

/**
 * Typing per socket. A start is told to the room at once, unless one was told less than
 * START_INTERVAL_MS ago: then once that interval is over, if the socket still types.
 * Renewals at most once a second; a stop, or 6 s without renewal, once and at once.
 * A start the room was never told needs no stop.
 */
@Injectable()
export class TypingTracker {
  constructor(private readonly broadcaster: Broadcaster) {}

  set(client: ChatClient, isTyping: boolean): void {
    if (!isTyping) return this.clear(client);
    this.keepAlive(client);
    const sinceTold = Date.now() - client.typingSince;
    if (client.typingTold) {
      if (sinceTold >= RENEWAL_INTERVAL_MS) this.tell(client, true);
    } else if (sinceTold >= START_INTERVAL_MS) {
      this.tell(client, true);
    } else {
      client.typingStart ??= setTimeout(
        () => this.tellDelayedStart(client),
        START_INTERVAL_MS - sinceTold,
      ).unref();
    }
  }

  /** Stops the socket's typing state, if any, and tells the room if it was told the start. */
  clear(client: ChatClient): void {
    if (client.typingTimer) clearTimeout(client.typingTimer);
    if (client.typingStart) clearTimeout(client.typingStart);
    client.typingTimer = client.typingStart = null;
    if (client.typingTold) this.tell(client, false);
  }

  /** Starts or renews the 6 s after which the server clears the state itself. */
  private keepAlive(client: ChatClient): void {
    if (client.typingTimer) client.typingTimer.refresh();
    else client.typingTimer = setTimeout(() => this.clear(client), TYPING_TTL_MS).unref();
  }

  private tellDelayedStart(client: ChatClient): void {
    client.typingStart = null;
    this.tell(client, true); // a stop meanwhile cancelled this timer
  }

  private tell(client: ChatClient, isTyping: boolean): void {
    client.typingTold = isTyping;
    if (isTyping) client.typingSince = Date.now();
    this.broadcaster.publish(client.roomId, { type: 'typing', user: client.ref, isTyping });
  }
}
