import { jest } from '@jest/globals';

import { createApp, TestApp } from '../support/create-app.js';
import { makeUser, TestUser } from '../support/factories.js';
import { handshakeStatus, roomPath } from '../support/ws-client.js';
import {
  createRoom,
  NO_LIMITS,
  OpenSockets,
  roomName,
  RoomsApi,
  roomsApi,
  sleep,
  userRef,
  UserSocket,
} from './user-socket.js';

jest.setTimeout(30_000);

const ROOM_IDENTITY_KEYS = ['createdAt', 'description', 'id', 'kind', 'memberCount', 'name'];

/** membership, member and room.updated frames, and what a kick or a ban ends. */
describe('WS /api/ws: membership, member and room.updated', () => {
  let app: TestApp;
  let api: RoomsApi;
  let ana: TestUser;
  let bob: TestUser;
  let carl: TestUser;
  const sockets = new OpenSockets();

  beforeAll(async () => {
    app = await createApp(NO_LIMITS);
    api = roomsApi(app);
    [ana, bob, carl] = await Promise.all([makeUser(app), makeUser(app), makeUser(app)]);
  });

  afterEach(async () => {
    await sockets.closeAll();
  });

  afterAll(() => app.close());

  const userSocket = (user: TestUser) => sockets.user(app, user);

  const roomSocket = (roomId: number, user: TestUser) => sockets.room(app, roomId, user);

  /** Waits a little, then checks that the socket got nothing of the room since `from`. */
  async function nothingOf(socket: UserSocket, roomId: number, from: number) {
    await sleep(300);
    await socket.sync();
    const late = socket.frames.slice(from).filter((frame) => frame.roomId === roomId);
    expect(late).toEqual([]);
  }

  describe('membership', () => {
    it('joined over REST: the room as the user now sees it', async () => {
      const roomId = await createRoom(app, ana);
      const socket = await userSocket(bob);
      await api.join(bob, roomId).expect(200);
      const frame = await socket.nextIn('membership', roomId);
      const room = (await api.room(bob, roomId).expect(200)).body;
      expect(frame).toEqual({
        type: 'membership',
        roomId,
        action: 'joined',
        room: { ...room, onlineCount: expect.any(Number) },
      });
      expect(frame.room).toMatchObject({
        id: roomId,
        joined: true,
        role: 'member',
        kind: 'public',
      });
    });

    it('joining by opening a room socket also says joined', async () => {
      const roomId = await createRoom(app, ana);
      const socket = await userSocket(bob);
      await roomSocket(roomId, bob);
      expect(await socket.nextIn('membership', roomId)).toMatchObject({
        action: 'joined',
        room: { id: roomId, joined: true },
      });
    });

    it('left over REST, on every socket of the user', async () => {
      const roomId = await createRoom(app, ana);
      await api.join(bob, roomId).expect(200);
      const [one, two] = [await userSocket(bob), await userSocket(bob)];
      await api.leave(bob, roomId).expect(204);
      for (const socket of [one, two]) {
        expect(await socket.nextIn('membership', roomId)).toMatchObject({
          action: 'left',
          room: { id: roomId, joined: false, role: null },
        });
      }
    });

    it('added to a private room', async () => {
      const roomId = await createRoom(app, ana, { private: true });
      const socket = await userSocket(bob);
      await api.add(ana, roomId, bob.id).expect(200);
      expect(await socket.nextIn('membership', roomId)).toMatchObject({
        action: 'added',
        room: { id: roomId, kind: 'private', joined: true, role: 'member' },
      });
    });

    it('added to a direct room someone else made', async () => {
      const dora = await makeUser(app);
      const socket = await userSocket(bob);
      const doras = await userSocket(dora);
      const dm = (await api.dm(carl, [bob.id, dora.id]).expect(201)).body;
      for (const target of [socket, doras]) {
        const frame = await target.nextIn('membership', dm.id);
        expect(frame).toMatchObject({
          action: 'added',
          room: { id: dm.id, kind: 'direct', name: null, joined: true },
        });
        expect(
          (frame.room.members as { id: number }[]).map((member) => member.id).sort((a, b) => a - b),
        ).toEqual([bob.id, carl.id, dora.id].sort((a, b) => a - b));
      }
      // Asking again answers the same room and tells nobody anything new.
      const before = socket.frames.length;
      await api.dm(carl, [dora.id, bob.id]).expect(200);
      await nothingOf(socket, dm.id, before);
    });

    it('role: promoted to moderator', async () => {
      const roomId = await createRoom(app, ana);
      await api.join(bob, roomId).expect(200);
      const socket = await userSocket(bob);
      await api.role(ana, roomId, bob.id, 'moderator').expect(200);
      expect(await socket.nextIn('membership', roomId)).toMatchObject({
        action: 'role',
        room: { id: roomId, role: 'moderator', joined: true },
      });
    });
  });

  describe('a kick', () => {
    it('closes the user’s room sockets with 4403 and ends their subscriptions of the room', async () => {
      const roomId = await createRoom(app, ana);
      await api.join(bob, roomId).expect(200);
      const other = await createRoom(app, ana);
      await api.join(bob, other).expect(200);
      const bobsRoom = await roomSocket(roomId, bob);
      const bobsOther = await roomSocket(other, bob);
      const bobs = await userSocket(bob);
      await bobs.subscribed(roomId);
      const watcher = await userSocket(ana);
      await watcher.subscribed(roomId);

      await api.kick(ana, roomId, bob.id).expect(204);

      expect((await bobsRoom.closeInfo()).code).toBe(4403);
      const frame = await bobs.nextIn('membership', roomId);
      expect(frame).toMatchObject({
        action: 'removed',
        room: { id: roomId, joined: false, role: null },
      });
      expect(await watcher.nextIn('member', roomId)).toEqual({
        type: 'member',
        roomId,
        user: userRef(bob),
        action: 'removed',
        role: null,
      });
      const from = bobs.frames.indexOf(frame) + 1;
      await api.send(ana, roomId, 'after the kick').expect(201);
      await watcher.nextIn('message', roomId);
      await nothingOf(bobs, roomId, from);
      await bobsOther.sync(); // other rooms are untouched
      expect(bobs.ws.readyState).toBe(bobs.ws.OPEN);
    });

    it('refuses to remove the owner', async () => {
      const roomId = await createRoom(app, ana);
      await api.join(bob, roomId).expect(200);
      await api.role(ana, roomId, bob.id, 'moderator').expect(200);
      await api.kick(bob, roomId, ana.id).expect(403);
    });
  });

  describe('a ban', () => {
    it('removes like a kick, and refuses the user afterwards', async () => {
      const roomId = await createRoom(app, ana);
      await api.join(bob, roomId).expect(200);
      const bobsRoom = await roomSocket(roomId, bob);
      const bobs = await userSocket(bob);
      await bobs.subscribed(roomId);
      const watcherRoom = await roomSocket(roomId, ana);

      await api.ban(ana, roomId, bob.id).expect(204);

      expect((await bobsRoom.closeInfo()).code).toBe(4403);
      const frame = await bobs.nextIn('membership', roomId);
      expect(frame).toMatchObject({ action: 'banned', room: { id: roomId, joined: false } });
      expect(await watcherRoom.next('member')).toEqual({
        type: 'member',
        user: userRef(bob),
        action: 'banned',
        role: null,
      });
      const from = bobs.frames.indexOf(frame) + 1;
      await api.send(ana, roomId, 'after the ban').expect(201);
      await watcherRoom.next('message');
      await nothingOf(bobs, roomId, from);
      expect(await bobs.subscribe(roomId)).toMatchObject({ code: 'forbidden', roomId });
      expect(await handshakeStatus(app, roomPath(roomId, bob.accessToken))).toBe(403);
      await api.join(bob, roomId).expect(403);
    });
  });

  describe('a ban of someone who only subscribed', () => {
    it('ends the subscription of a public room the user never joined', async () => {
      const roomId = await createRoom(app, ana);
      const dora = await makeUser(app);
      const doras = await userSocket(dora);
      await doras.subscribed(roomId);
      const watcher = await roomSocket(roomId, ana);
      await api.ban(ana, roomId, dora.id).expect(204);
      await sleep(200);
      await doras.sync();
      const from = doras.frames.length;
      await api.send(ana, roomId, 'not for dora').expect(201);
      await watcher.next('message');
      await nothingOf(doras, roomId, from);
    });
  });

  describe('leaving', () => {
    it('a private room ends its subscription', async () => {
      const roomId = await createRoom(app, ana, { private: true });
      await api.add(ana, roomId, bob.id).expect(200);
      const bobs = await userSocket(bob);
      await bobs.subscribed(roomId);
      await api.leave(bob, roomId).expect(204);
      const frame = await bobs.nextIn('membership', roomId);
      expect(frame).toMatchObject({ action: 'left' });
      const from = bobs.frames.indexOf(frame) + 1;
      await api.send(ana, roomId, 'after she left').expect(201);
      await nothingOf(bobs, roomId, from);
    });

    it('a direct room: its subscription follows the membership, whether leaving is allowed or not', async () => {
      // The rooms specs refuse leaving a direct room (400); should it ever be allowed,
      // leaving must end the subscription as it does for a private room.
      const dm = (await api.dm(ana, [bob.id]).expect(201)).body.id as number;
      const bobs = await userSocket(bob);
      await bobs.subscribed(dm);
      const answer = await api.leave(bob, dm);
      expect([204, 400]).toContain(answer.status);
      if (answer.status === 204) {
        const frame = await bobs.nextIn('membership', dm);
        expect(frame).toMatchObject({ action: 'left', room: { id: dm, kind: 'direct' } });
        const from = bobs.frames.indexOf(frame) + 1;
        await api.send(ana, dm, 'after he left').expect(201);
        await nothingOf(bobs, dm, from);
      } else {
        expect((await api.room(bob, dm).expect(200)).body).toMatchObject({ joined: true });
        await api.send(ana, dm, 'still here').expect(201);
        expect((await bobs.nextIn('message', dm)).message.content).toBe('still here');
      }
    });

    it('a public room keeps its subscription (anyone may read it)', async () => {
      const roomId = await createRoom(app, ana);
      await api.join(bob, roomId).expect(200);
      const bobs = await userSocket(bob);
      await bobs.subscribed(roomId);
      await api.leave(bob, roomId).expect(204);
      await bobs.nextIn('membership', roomId);
      await api.send(ana, roomId, 'still readable').expect(201);
      expect((await bobs.nextIn('message', roomId)).message.content).toBe('still readable');
    });
  });

  describe('member frames', () => {
    it('go to the room’s subscribers and room sockets: joined, role, left, added', async () => {
      const roomId = await createRoom(app, ana);
      const watcher = await userSocket(ana);
      await watcher.subscribed(roomId);
      const watcherRoom = await roomSocket(roomId, ana);
      const expectMember = async (user: TestUser, action: string, role: string | null) => {
        const frame = { user: userRef(user), action, role };
        expect(await watcher.nextIn('member', roomId)).toEqual({
          type: 'member',
          roomId,
          ...frame,
        });
        expect(await watcherRoom.next('member')).toEqual({ type: 'member', ...frame });
      };
      await api.join(bob, roomId).expect(200);
      await expectMember(bob, 'joined', 'member');
      await api.role(ana, roomId, bob.id, 'moderator').expect(200);
      await expectMember(bob, 'role', 'moderator');
      await api.leave(bob, roomId).expect(204);
      await expectMember(bob, 'left', null);
      await api.add(ana, roomId, carl.id).expect(200);
      await expectMember(carl, 'added', 'member');
    });
  });

  describe('room.updated', () => {
    it('goes to every member’s per-user socket on a rename, not to others', async () => {
      const roomId = await createRoom(app, ana);
      await api.join(bob, roomId).expect(200);
      const [anas, bobs, carls] = [
        await userSocket(ana),
        await userSocket(bob),
        await userSocket(carl),
      ];
      const name = roomName('renamed');
      const patched = (await api.patch(ana, roomId, { name, description: 'new words' }).expect(200))
        .body;
      expect(patched).toMatchObject({ id: roomId, name, description: 'new words' });
      for (const socket of [anas, bobs]) {
        const frame = await socket.nextWhere('room.updated', (f) => f.room?.id === roomId);
        expect(frame).toEqual({
          type: 'room.updated',
          room: {
            id: roomId,
            name,
            description: 'new words',
            kind: 'public',
            createdAt: patched.createdAt,
            memberCount: 2,
          },
        });
        expect(Object.keys(frame.room).sort()).toEqual(ROOM_IDENTITY_KEYS);
      }
      await sleep(300);
      await carls.sync();
      expect(carls.untaken('room.updated')).toEqual([]);
    });

    it('is refused to a plain member (403), and then nobody hears of it', async () => {
      const roomId = await createRoom(app, ana);
      await api.join(bob, roomId).expect(200);
      const anas = await userSocket(ana);
      await api.patch(bob, roomId, { name: roomName('nope') }).expect(403);
      await sleep(200);
      await anas.sync();
      expect(anas.untaken('room.updated')).toEqual([]);
    });
  });
});
