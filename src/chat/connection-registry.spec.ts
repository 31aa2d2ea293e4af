import type { WebSocket } from 'ws';

import type { AuthUser } from '../common/auth-user.js';
import { RoomPresence } from '../rooms/room-presence.js';
import { ChatClient } from './chat-client.js';
import { ConnectionRegistry } from './connection-registry.js';

describe(ConnectionRegistry.name, () => {
  let presence: RoomPresence;
  let registry: ConnectionRegistry;

  const ana: AuthUser = { id: 1, username: 'ana', displayName: 'Ana', sessionId: 'ana-s1' };
  const bob: AuthUser = { id: 2, username: 'bob', displayName: 'Bob', sessionId: 'bob-s1' };
  const client = (user: AuthUser, roomId: number, sessionId = user.sessionId) =>
    new ChatClient({ _socket: {} } as unknown as WebSocket, { ...user, sessionId }, roomId);
  const ids = (clients: Iterable<ChatClient>) => [...clients].map((c) => c.userId);

  beforeEach(() => {
    presence = new RoomPresence();
    registry = new ConnectionRegistry(presence);
  });

  describe('add', () => {
    it('says first for a user’s first socket in a room only, per room', () => {
      expect(registry.add(client(ana, 1))).toBe(true);
      expect(registry.add(client(ana, 1))).toBe(false);
      expect(registry.add(client(ana, 2))).toBe(true);
      expect(registry.add(client(bob, 1))).toBe(true);
    });

    it('marks the user online in RoomPresence', () => {
      registry.add(client(ana, 1));
      expect([...presence.usersIn(1)]).toEqual([1]);
      expect([...presence.usersIn(2)]).toEqual([]);
    });

    it('ignores the same socket added twice', () => {
      const tab = client(ana, 1);
      registry.add(tab);
      expect(registry.add(tab)).toBe(false);
      expect(registry.size).toBe(1);
    });
  });

  describe('remove', () => {
    it('says last only when the user’s last socket in that room goes', () => {
      const tab1 = client(ana, 1);
      const tab2 = client(ana, 1);
      const elsewhere = client(ana, 2);
      [tab1, tab2, elsewhere].forEach((tab) => registry.add(tab));
      expect(registry.remove(tab1)).toBe(false);
      expect([...presence.usersIn(1)]).toEqual([1]);
      expect(registry.remove(tab2)).toBe(true);
      expect([...presence.usersIn(1)]).toEqual([]);
      expect([...presence.usersIn(2)]).toEqual([1]);
    });

    it('is harmless for a socket removed twice or never added', () => {
      const tab = client(ana, 1);
      registry.add(tab);
      expect(registry.remove(tab)).toBe(true);
      expect(registry.remove(tab)).toBe(false);
      expect(registry.remove(client(bob, 1))).toBe(false);
      expect(registry.size).toBe(0);
    });
  });

  describe('sockets per user', () => {
    it('counts a user’s sockets across rooms, and only theirs', () => {
      const tabs = [client(ana, 1), client(ana, 1), client(ana, 2)];
      tabs.forEach((tab) => registry.add(tab));
      registry.add(client(bob, 1));
      expect(registry.socketCountOf(ana.id)).toBe(3);
      registry.remove(tabs[0]);
      registry.remove(tabs[0]);
      expect(registry.socketCountOf(ana.id)).toBe(2);
      expect(registry.socketCountOf(bob.id)).toBe(1);
    });

    it('reserve holds a socket until release, and refuses past the limit', () => {
      registry.add(client(ana, 1));
      expect(registry.reserve(ana.id, 3)).toBe(true);
      expect(registry.reserve(ana.id, 3)).toBe(true);
      expect(registry.reserve(ana.id, 3)).toBe(false);
      expect(registry.reserve(bob.id, 3)).toBe(true);
      registry.release(ana.id);
      expect(registry.reserve(ana.id, 3)).toBe(true);
    });

    it('forgets a user with no socket and no reservation', () => {
      registry.reserve(ana.id, 1);
      const tab = client(ana, 1);
      registry.add(tab);
      registry.release(ana.id);
      registry.remove(tab);
      expect(registry.socketCountOf(ana.id)).toBe(0);
      expect((registry as unknown as { perUser: Map<number, number> }).perUser.size).toBe(0);
    });
  });

  describe('lookups', () => {
    it('socketsIn: every socket of the room, and nothing for an empty room', () => {
      registry.add(client(ana, 1));
      registry.add(client(ana, 1));
      registry.add(client(bob, 1));
      registry.add(client(bob, 2));
      expect(ids(registry.socketsIn(1)).sort()).toEqual([1, 1, 2]);
      expect(ids(registry.socketsIn(3))).toEqual([]);
    });

    it('onlineIn: each user once, in the order they came, as { id, username }', () => {
      registry.add(client(bob, 1));
      registry.add(client(ana, 1));
      registry.add(client(bob, 1));
      expect(registry.onlineIn(1)).toEqual([
        { id: 2, username: 'bob' },
        { id: 1, username: 'ana' },
      ]);
      expect(registry.onlineIn(9)).toEqual([]);
    });

    it('socketsOf and socketsOfSession find a user’s tabs and a session’s sockets', () => {
      const phone = client(ana, 1, 'ana-phone');
      const laptop1 = client(ana, 1);
      const laptop2 = client(ana, 2);
      [phone, laptop1, laptop2, client(bob, 1)].forEach((tab) => registry.add(tab));
      expect([...registry.socketsOf(1, ana.id)]).toEqual([phone, laptop1]);
      expect([...registry.socketsOfSession('ana-s1')]).toEqual([laptop1, laptop2]);
      registry.remove(laptop1);
      registry.remove(laptop2);
      expect([...registry.socketsOfSession('ana-s1')]).toEqual([]);
    });

    it('forgets an emptied room entirely', () => {
      const tab = client(ana, 1);
      registry.add(tab);
      registry.remove(tab);
      expect(registry.socketsIn(1).size).toBe(0);
      expect(registry.everySocket().size).toBe(0);
    });
  });
});
