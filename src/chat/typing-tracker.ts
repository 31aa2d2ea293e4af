import { Injectable } from '@nestjs/common';

import { Broadcaster } from '../broadcast/broadcaster.js';
import { roomTopic } from '../broadcast/events.js';
import type { ChatClient, TypingState } from './chat-client.js';

/** A typing state not renewed within this long is cleared by the server. */
export const TYPING_TTL_MS = 6000;
/** Renewals are passed on at most this often: enough to keep the others' indicators on. */
const RENEWAL_INTERVAL_MS = 1000;
/** A start is told at most this often, so a client toggling typing costs the room ≤ 4 frames/s. */
export const START_INTERVAL_MS = 500;

/**
 * Typing per socket and room. A start is told to the room at once, unless one was told less
 * than START_INTERVAL_MS ago: then once that interval is over, if the socket still types.
 * Renewals at most once a second; a stop, or 6 s without renewal, once and at once.
 * A start the room was never told needs no stop.
 */
@Injectable()
export class TypingTracker {
  constructor(private readonly broadcaster: Broadcaster) {}

  set(client: ChatClient, roomId: number, isTyping: boolean): void {
    if (!isTyping) return this.clear(client, roomId);
    let state = client.typing.get(roomId);
    if (!state)
      client.typing.set(roomId, (state = { timer: null, told: false, since: 0, start: null }));
    this.keepAlive(client, roomId, state);
    const sinceTold = Date.now() - state.since;
    if (state.told) {
      if (sinceTold >= RENEWAL_INTERVAL_MS) this.tell(client, roomId, state, true);
    } else if (sinceTold >= START_INTERVAL_MS) {
      this.tell(client, roomId, state, true);
    } else {
      state.start ??= setTimeout(() => {
        state.start = null;
        this.tell(client, roomId, state, true); // a stop meanwhile cancelled this timer
      }, START_INTERVAL_MS - sinceTold).unref();
    }
  }

  /** Stops the socket's typing in the room, if any, and tells the room if it was told the start. */
  clear(client: ChatClient, roomId: number): void {
    const state = client.typing.get(roomId);
    if (!state) return;
    if (state.timer) clearTimeout(state.timer);
    if (state.start) clearTimeout(state.start);
    state.timer = state.start = null;
    if (state.told) this.tell(client, roomId, state, false);
  }

  /** Stops the socket's typing everywhere (it closed). */
  clearAll(client: ChatClient): void {
    for (const roomId of [...client.typing.keys()]) this.clear(client, roomId);
    client.typing.clear();
  }

  /** Starts or renews the 6 s after which the server clears the state itself. */
  private keepAlive(client: ChatClient, roomId: number, state: TypingState): void {
    if (state.timer) state.timer.refresh();
    else state.timer = setTimeout(() => this.clear(client, roomId), TYPING_TTL_MS).unref();
  }

  private tell(client: ChatClient, roomId: number, state: TypingState, isTyping: boolean): void {
    state.told = isTyping;
    if (isTyping) state.since = Date.now();
    this.broadcaster.publish(roomTopic(roomId), { type: 'typing', user: client.ref, isTyping });
  }
}
