import { jest } from '@jest/globals';
import type { WebSocket } from 'ws';

import { InMemoryBroadcaster } from '../broadcast/in-memory-broadcaster.js';
import type { RoomEvent } from '../broadcast/room-event.js';
import { ChatClient } from './chat-client.js';
import { TYPING_TTL_MS, TypingTracker } from './typing-tracker.js';

describe(TypingTracker.name, () => {
  let typing: TypingTracker;
  let told: boolean[];
  let client: ChatClient;

  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
    const broadcaster = new InMemoryBroadcaster();
    told = [];
    broadcaster.subscribe((_roomId, event: RoomEvent) => {
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
    typing.set(client, true);
    typing.set(client, false);
    typing.set(client, false);
    expect(told).toEqual([true, false]);
  });

  it('passes renewals on at most once a second', () => {
    typing.set(client, true);
    jest.advanceTimersByTime(500);
    typing.set(client, true);
    jest.advanceTimersByTime(600);
    typing.set(client, true);
    expect(told).toEqual([true, true]);
  });

  it('clears a state not renewed within 6 s, counting from the last renewal', () => {
    typing.set(client, true);
    jest.advanceTimersByTime(4000);
    typing.set(client, true);
    jest.advanceTimersByTime(TYPING_TTL_MS - 1);
    expect(told).toEqual([true, true]);
    jest.advanceTimersByTime(1);
    expect(told).toEqual([true, true, false]);
    expect(client.typingTimer).toBeNull();
  });

  it('clear tells nothing when the socket was not typing', () => {
    typing.clear(client);
    expect(told).toEqual([]);
  });
});
