import type { WebSocket } from 'ws';

import { InMemoryBroadcaster } from '../broadcast/in-memory-broadcaster.js';
import type { AuthUser } from '../common/auth-user.js';
import { RoomPresence } from '../rooms/room-presence.js';
import { ChatClient, Subscription } from './chat-client.js';
import { ConnectionRegistry } from './connection-registry.js';

describe(ConnectionRegistry.name, () => {
  let presence: RoomPresence;
  let registry: ConnectionRegistry;
  let changes: string[];

  const ana: AuthUser = { id: 1, username: 'ana', displayName: 'Ana', sessionId: 'ana-s1' };
  const bob: AuthUser = { id: 2, username: 'bob', displayName: 'Bob', sessionId: 'bob-s1' };
  const socket = { _socket: {} } as unknown as WebSocket;
  /** A room socket, registered with its subscription. */
  const roomSocket = (user: AuthUser, roomId: number, sessionId = user.sessionId) => {
    const client = new ChatClient(socket, { ...user, sessionId }, roomId);
    registry.add(client, new Subscription(client, roomId, 'public'));
    return client;
  };
  /** A per-user socket of a member of `rooms`. */
  const userSocket = (user: AuthUser, rooms: number[] = []) => {
    const client = new ChatClient(socket, user, null, rooms);
    registry.add(client);
    return client;
  };
  const ids = (clients: Iterable<ChatClient>) => [...clients].map((c) => c.userId);

  beforeEach(() => {
    presence = new RoomPresence(new InMemoryBroadcaster());
    presence.onModuleInit();
    registry = new ConnectionRegistry(presence);
    changes = [];
    presence.onChange((roomId, user, online) =>
      changes.push(`${user.username} ${online ? 'in' : 'out of'} ${roomId}`),
    );
  });

  afterEach(() => presence.onApplicationShutdown());

  describe('presence', () => {
    it('counts a user in a room from their first subscription to their last, per room', () => {
      const tab1 = roomSocket(ana, 1);
      const tab2 = roomSocket(ana, 1);
      const elsewhere = roomSocket(ana, 2);
      roomSocket(bob, 1);
      expect(changes).toEqual(['ana in 1', 'ana in 2', 'bob in 1']);
      registry.remove(tab1);
      expect([...presence.usersIn(1)].sort()).toEqual([1, 2]);
      registry.remove(tab2);
      registry.remove(elsewhere);
      expect(changes.slice(3)).toEqual(['ana out of 1', 'ana out of 2']);
      expect(presence.onlineIn(1)).toEqual([{ id: 2, username: 'bob' }]);
    });

    it('counts a per-user subscription like a room socket', () => {
      const tab = userSocket(ana);
      roomSocket(ana, 1);
      const subscription = new Subscription(tab, 1, 'public');
      registry.subscribe(subscription);
      registry.subscribe(new Subscription(tab, 2, 'public'));
      expect(changes).toEqual(['ana in 1', 'ana in 2']);
      registry.unsubscribe(subscription);
      expect([...presence.usersIn(1)]).toEqual([1]); // the room socket is still there
      registry.remove(tab);
      expect(changes).toEqual(['ana in 1', 'ana in 2', 'ana out of 2']);
    });

    it('is harmless for a socket removed twice or never added', () => {
      const tab = roomSocket(ana, 1);
      registry.remove(tab);
      registry.remove(tab);
      registry.remove(new ChatClient(socket, bob, 1));
      expect(registry.size).toBe(0);
      expect(changes).toEqual(['ana in 1', 'ana out of 1']);
    });
  });

  describe('sockets per user', () => {
    it('counts a user’s sockets of both kinds, and only theirs', () => {
      const tabs = [roomSocket(ana, 1), roomSocket(ana, 1), userSocket(ana)];
      roomSocket(bob, 1);
      expect(registry.socketCountOf(ana.id)).toBe(3);
      registry.remove(tabs[0]);
      registry.remove(tabs[0]);
      expect(registry.socketCountOf(ana.id)).toBe(2);
      expect(registry.socketCountOf(bob.id)).toBe(1);
    });

    it('reserve holds a socket until release, and refuses past the limit', () => {
      roomSocket(ana, 1);
      expect(registry.reserve(ana.id, 3)).toBe(true);
      expect(registry.reserve(ana.id, 3)).toBe(true);
      expect(registry.reserve(ana.id, 3)).toBe(false);
      expect(registry.reserve(bob.id, 3)).toBe(true);
      registry.release(ana.id);
      expect(registry.reserve(ana.id, 3)).toBe(true);
    });

    it('forgets a user with no socket and no reservation', () => {
      registry.reserve(ana.id, 1);
      const tab = roomSocket(ana, 1);
      registry.release(ana.id);
      registry.remove(tab);
      expect(registry.socketCountOf(ana.id)).toBe(0);
      expect((registry as unknown as { perUser: Map<number, number> }).perUser.size).toBe(0);
    });
  });

  describe('lookups', () => {
    it('socketsIn: every subscribed socket of the room, and nothing for an empty room', () => {
      roomSocket(ana, 1);
      roomSocket(ana, 1);
      roomSocket(bob, 1);
      roomSocket(bob, 2);
      const tab = userSocket(bob);
      registry.subscribe(new Subscription(tab, 1, 'public'));
      expect(ids(registry.socketsIn(1)).sort()).toEqual([1, 1, 2, 2]);
      expect(ids(registry.socketsIn(3))).toEqual([]);
    });

    it('socketsOf, socketsOfUser and socketsOfSession find a user’s tabs and a session’s sockets', () => {
      const phone = roomSocket(ana, 1, 'ana-phone');
      const laptop1 = roomSocket(ana, 1);
      const laptop2 = roomSocket(ana, 2);
      roomSocket(bob, 1);
      expect([...registry.socketsOf(1, ana.id)]).toEqual([phone, laptop1]);
      expect([...registry.socketsOfUser(ana.id)]).toEqual([phone, laptop1, laptop2]);
      expect([...registry.socketsOfSession('ana-s1')]).toEqual([laptop1, laptop2]);
      registry.remove(laptop1);
      registry.remove(laptop2);
      expect([...registry.socketsOfSession('ana-s1')]).toEqual([]);
    });

    it('watchersOf: the per-user sockets of the room’s members, as membership changes', () => {
      const tab = userSocket(ana, [1, 2]);
      userSocket(bob, [2]);
      roomSocket(bob, 1); // a room socket watches nothing
      expect(ids(registry.watchersOf(1))).toEqual([1]);
      expect(ids(registry.watchersOf(2))).toEqual([1, 2]);
      registry.setMember(tab, 1, false);
      registry.setMember(tab, 3, true);
      expect(ids(registry.watchersOf(1))).toEqual([]);
      expect(ids(registry.watchersOf(3))).toEqual([1]);
      registry.remove(tab);
      expect(ids(registry.watchersOf(2))).toEqual([2]);
      expect(ids(registry.watchersOf(3))).toEqual([]);
    });

    it('forgets an emptied room entirely', () => {
      registry.remove(roomSocket(ana, 1));
      expect(registry.socketsIn(1).size).toBe(0);
      expect(registry.everySocket().size).toBe(0);
    });
  });
});
