import { jest } from '@jest/globals';

import type { PresenceEvent } from '../broadcast/events.js';
import { InMemoryBroadcaster } from '../broadcast/in-memory-broadcaster.js';
import { PRESENCE_HEARTBEAT_MS, RoomPresence } from './room-presence.js';

/** Another instance, as this one hears it on the presence topic. */
const OTHER = 'other-instance';
const ana = { id: 1, username: 'ana' };
const bob = { id: 2, username: 'bob' };

describe(RoomPresence.name, () => {
  let broadcaster: InMemoryBroadcaster;
  let presence: RoomPresence;
  let told: string[];
  let sent: PresenceEvent[];

  const hear = (event: PresenceEvent) => broadcaster.publish('presence', event);

  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
    broadcaster = new InMemoryBroadcaster();
    presence = new RoomPresence(broadcaster);
    presence.onModuleInit();
    told = [];
    sent = [];
    presence.onChange((roomId, user, online) =>
      told.push(`${user.username} ${online ? 'in' : 'out of'} ${roomId}`),
    );
    broadcaster.subscribe((topic, event) => {
      const presenceEvent = event as PresenceEvent;
      if (topic === 'presence' && presenceEvent.instance === broadcaster.instance) {
        sent.push(presenceEvent);
      }
    });
  });

  afterEach(() => {
    presence.onApplicationShutdown();
    jest.useRealTimers();
  });

  it('counts a user online while any instance has them in the room', () => {
    presence.set(7, ana, true);
    hear({ type: 'change', instance: OTHER, roomId: 7, user: ana, online: true });
    presence.set(7, ana, false);
    expect([...presence.usersIn(7)]).toEqual([ana.id]);
    hear({ type: 'change', instance: OTHER, roomId: 7, user: ana, online: false });
    expect(told).toEqual(['ana in 7', 'ana out of 7']);
    expect(presence.onlineIn(7)).toEqual([]);
  });

  it('answers a new instance with its own users only', () => {
    presence.set(7, ana, true);
    hear({ type: 'change', instance: OTHER, roomId: 8, user: bob, online: true });
    hear({ type: 'hello', instance: 'newcomer' });
    expect(sent.at(-1)).toEqual({
      type: 'snapshot',
      instance: broadcaster.instance,
      entries: [[7, ana]],
    });
  });

  it('takes in the snapshots that answer its hello', () => {
    presence.onApplicationBootstrap();
    expect(sent.at(-1)).toEqual({ type: 'hello', instance: broadcaster.instance });
    hear({
      type: 'snapshot',
      instance: OTHER,
      entries: [
        [7, ana],
        [8, bob],
      ],
    });
    expect(told).toEqual(['ana in 7', 'bob in 8']);
  });

  it('forgets an instance not heard for three heartbeats: its users go offline', () => {
    hear({ type: 'change', instance: OTHER, roomId: 7, user: ana, online: true });
    presence.set(7, bob, true);
    jest.advanceTimersByTime(2 * PRESENCE_HEARTBEAT_MS);
    hear({ type: 'alive', instance: OTHER });
    jest.advanceTimersByTime(3 * PRESENCE_HEARTBEAT_MS);
    expect([...presence.usersIn(7)].sort()).toEqual([ana.id, bob.id]); // heard 30 s ago: kept
    jest.advanceTimersByTime(PRESENCE_HEARTBEAT_MS);
    expect(told).toEqual(['ana in 7', 'bob in 7', 'ana out of 7']);
    expect(presence.onlineIn(7)).toEqual([bob]); // this instance is never forgotten
    expect(sent.filter((event) => event.type === 'alive').length).toBeGreaterThanOrEqual(5);
  });
});
