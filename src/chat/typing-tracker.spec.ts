import { jest } from '@jest/globals';
import type { WebSocket } from 'ws';

import { InMemoryBroadcaster } from '../broadcast/in-memory-broadcaster.js';
import type { AnyEvent } from '../broadcast/events.js';
import { ChatClient } from './chat-client.js';
import { START_INTERVAL_MS, TYPING_TTL_MS, TypingTracker } from './typing-tracker.js';

describe(TypingTracker.name, () => {
  let typing: TypingTracker;
  let told: boolean[];
  let client: ChatClient;

  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
    const broadcaster = new InMemoryBroadcaster();
    told = [];
    broadcaster.subscribe((_topic, event: AnyEvent) => {
      if (event.type === 'typing') told.push(event.isTyping);
    });
    typing = new TypingTracker(broadcaster);
    const user = { id: 1, username: 'ana', displayName: 'Ana', sessionId: 's' };
    client = new ChatClient({ _socket: {} } as unknown as WebSocket, user, 7);
  });

  afterEach(() => {
    jest.clearAllTimers();
    jest.useRealTimers();
  });

  it('tells a start at once and a stop once', () => {
    typing.set(client, 7, true);
    typing.set(client, 7, false);
    typing.set(client, 7, false);
    expect(told).toEqual([true, false]);
  });

  it('passes renewals on at most once a second', () => {
    typing.set(client, 7, true);
    jest.advanceTimersByTime(500);
    typing.set(client, 7, true);
    jest.advanceTimersByTime(600);
    typing.set(client, 7, true);
    expect(told).toEqual([true, true]);
  });

  it('clears a state not renewed within 6 s, counting from the last renewal', () => {
    typing.set(client, 7, true);
    jest.advanceTimersByTime(4000);
    typing.set(client, 7, true);
    jest.advanceTimersByTime(TYPING_TTL_MS - 1);
    expect(told).toEqual([true, true]);
    jest.advanceTimersByTime(1);
    expect(told).toEqual([true, true, false]);
    expect(client.typing.get(7)?.timer).toBeNull();
  });

  it('clear tells nothing when the socket was not typing', () => {
    typing.clear(client, 7);
    expect(told).toEqual([]);
  });

  describe('coalescing a client that toggles', () => {
    it('tells a start that follows a stop within 500 ms once those 500 ms are over', () => {
      typing.set(client, 7, true);
      typing.set(client, 7, false);
      jest.advanceTimersByTime(100);
      typing.set(client, 7, true);
      typing.set(client, 7, true);
      expect(told).toEqual([true, false]);
      jest.advanceTimersByTime(START_INTERVAL_MS - 101);
      expect(told).toEqual([true, false]);
      jest.advanceTimersByTime(1);
      expect(told).toEqual([true, false, true]);
    });

    it('tells nothing when the state is back to what the room knows before the start is due', () => {
      typing.set(client, 7, true);
      typing.set(client, 7, false);
      typing.set(client, 7, true);
      typing.set(client, 7, false);
      jest.advanceTimersByTime(TYPING_TTL_MS * 2);
      expect(told).toEqual([true, false]);
    });

    it('costs the room at most 4 frames a second, and ends on the client’s last state', () => {
      for (let ms = 0; ms < 3000; ms += 2) {
        typing.set(client, 7, ms % 4 === 0); // 500 toggles a second
        jest.advanceTimersByTime(2);
      }
      expect(told.length).toBeLessThanOrEqual(4 * 3 + 1);
      expect(told.length).toBeGreaterThanOrEqual(6); // the room still sees that someone types
      typing.set(client, 7, true);
      jest.advanceTimersByTime(START_INTERVAL_MS);
      expect(told.at(-1)).toBe(true);
      typing.set(client, 7, false);
      expect(told.at(-1)).toBe(false);
    });

    it('tells no delayed start once the socket is cleared (closed, or it sent a message)', () => {
      typing.set(client, 7, true);
      typing.set(client, 7, false);
      typing.set(client, 7, true);
      typing.clear(client, 7);
      jest.advanceTimersByTime(START_INTERVAL_MS);
      expect(told).toEqual([true, false]);
      expect(client.typing.get(7)?.start).toBeNull();
    });

    it('keeps a delayed start alive for 6 s from its last renewal', () => {
      typing.set(client, 7, true);
      typing.set(client, 7, false);
      typing.set(client, 7, true);
      jest.advanceTimersByTime(START_INTERVAL_MS);
      expect(told).toEqual([true, false, true]);
      jest.advanceTimersByTime(TYPING_TTL_MS - START_INTERVAL_MS);
      expect(told).toEqual([true, false, true, false]);
    });
  });
});
