import { jest } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';

import { InboxCounters } from '../../src/inbox/inbox-counters.js';
import { createApp, TestApp } from '../support/create-app.js';
import { makeUser, TestUser } from '../support/factories.js';
import { handshakeStatus } from '../support/ws-client.js';
import {
  connectUser,
  createRoom,
  NO_LIMITS,
  roomsApi,
  RoomsApi,
  userRef,
  userSocketPath,
} from './user-socket.js';

jest.setTimeout(30_000);

describe('WS /api/ws: the per-user socket handshake', () => {
  let app: TestApp;
  let api: RoomsApi;
  let ana: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    app = await createApp(NO_LIMITS);
    api = roomsApi(app);
    [ana, bob] = await Promise.all([makeUser(app), makeUser(app)]);
  });

  afterAll(() => app.close());

  const claimsOf = (user: TestUser) => app.app.get(JwtService).decode(user.accessToken);

  describe('refuses before the upgrade with 401', () => {
    it('without a token, or with an empty one', async () => {
      expect(await handshakeStatus(app, userSocketPath())).toBe(401);
      expect(await handshakeStatus(app, userSocketPath(''))).toBe(401);
    });

    it('for a forged token', async () => {
      const { sub, sid } = claimsOf(ana);
      const forged = await new JwtService({ secret: 'not the server secret' }).signAsync({
        sub,
        sid,
      });
      expect(await handshakeStatus(app, userSocketPath(forged))).toBe(401);
      const [header, payload] = ana.accessToken.split('.');
      expect(await handshakeStatus(app, userSocketPath(`${header}.${payload}.`))).toBe(401);
      expect(await handshakeStatus(app, userSocketPath('garbage'))).toBe(401);
    });

    it('for an expired token', async () => {
      const { sub, sid } = claimsOf(ana);
      const expired = await app.app
        .get(JwtService)
        .signAsync({ sub, sid, exp: Math.floor(Date.now() / 1000) - 5 });
      expect(await handshakeStatus(app, userSocketPath(expired))).toBe(401);
    });

    it('for the token of a session that logged out', async () => {
      const carl = await makeUser(app);
      await request(app.url)
        .post('/api/auth/logout')
        .send({ refreshToken: carl.refreshToken })
        .expect(204);
      expect(await handshakeStatus(app, userSocketPath(carl.accessToken))).toBe(401);
    });
  });

  it('accepts a valid token (101)', async () => {
    expect(await handshakeStatus(app, userSocketPath(ana.accessToken))).toBe(101);
  });

  describe('ready', () => {
    it('comes first, with every joined room and its counters, and only joined rooms', async () => {
      const dora = await makeUser(app);
      // A room with one message of her own, then three of others (one names her).
      const busy = await createRoom(app, ana);
      await api.join(dora, busy).expect(200);
      await api.send(dora, busy, 'mine').expect(201);
      await api.send(ana, busy, 'one').expect(201);
      await api.send(ana, busy, `two @${dora.username}`).expect(201);
      await api.send(bob, busy, 'not a member: refused').expect(403);
      await api.send(ana, busy, 'four').expect(201);
      // A room she joined and read up to its end.
      const read = await createRoom(app, bob);
      await api.join(dora, read).expect(200);
      await api.send(bob, read, 'read me').expect(201);
      await api.read(dora, read, 1).expect(200);
      // A private room she was added to, and rooms she is not in.
      const secret = await createRoom(app, ana, { private: true });
      await api.add(ana, secret, dora.id).expect(200);
      const notHers = await createRoom(app, bob);
      await api.send(bob, notHers, 'elsewhere').expect(201);
      const privateNotHers = await createRoom(app, bob, { private: true });
      await api.send(bob, privateNotHers, 'hidden').expect(201);

      const socket = await connectUser(app, dora.accessToken, { ready: false });
      const ready = await socket.next('ready');
      expect(socket.frames[0]).toBe(ready);
      expect(ready.user).toEqual(userRef(dora));
      const rooms = ready.rooms as { id: number }[];
      const byRoom = new Map(rooms.map((room) => [room.id, room]));
      expect(byRoom.get(busy)).toEqual({ id: busy, lastSeq: 4, unreadCount: 3, mentionCount: 1 });
      expect(byRoom.get(read)).toEqual({ id: read, lastSeq: 1, unreadCount: 0, mentionCount: 0 });
      expect(byRoom.get(secret)).toEqual({
        id: secret,
        lastSeq: 0,
        unreadCount: 0,
        mentionCount: 0,
      });
      expect(byRoom.has(notHers)).toBe(false);
      expect(byRoom.has(privateNotHers)).toBe(false);
      // Exactly the rooms REST says she joined (default rooms included, if she is in them).
      const listed = (await api.rooms(dora).expect(200)).body as {
        id: number;
        joined: boolean;
        unreadCount: number;
        mentionCount: number;
      }[];
      const joined = listed.filter((room) => room.joined);
      expect(rooms.map((room) => room.id).sort((a, b) => a - b)).toEqual(
        joined.map((room) => room.id).sort((a, b) => a - b),
      );
      for (const room of joined) {
        expect(byRoom.get(room.id)).toMatchObject({
          unreadCount: room.unreadCount,
          mentionCount: room.mentionCount,
        });
      }
      await socket.close();
    });

    it('lists a direct room made with the user, counting its messages as mentions', async () => {
      const erin = await makeUser(app);
      const dm = await api.dm(ana, [erin.id]).expect(201);
      const roomId = dm.body.id as number;
      await api.send(ana, roomId, 'hello erin').expect(201);
      await api.send(ana, roomId, 'are you there?').expect(201);
      const socket = await connectUser(app, erin.accessToken);
      const ready = socket.frames[0];
      expect(ready.rooms).toEqual(
        expect.arrayContaining([{ id: roomId, lastSeq: 2, unreadCount: 2, mentionCount: 2 }]),
      );
      await socket.close();
    });

    it('lists no room for a user who left every room', async () => {
      const fred = await makeUser(app);
      const joined = ((await api.rooms(fred).expect(200)).body as { id: number; joined: boolean }[])
        .filter((room) => room.joined)
        .map((room) => room.id);
      for (const roomId of joined) await api.leave(fred, roomId).expect(204);
      const socket = await connectUser(app, fred.accessToken);
      expect(socket.frames[0]).toEqual({ type: 'ready', user: userRef(fred), rooms: [] });
      await socket.close();
    });
  });

  describe('frames of its own', () => {
    it('answers ping with pong, and stays open', async () => {
      const socket = await connectUser(app, ana.accessToken);
      socket.send({ type: 'ping' });
      expect(await socket.next('pong')).toEqual({ type: 'pong' });
      socket.send({ type: 'ping' });
      await socket.next('pong');
      await socket.close();
    });

    it('answers a frame that is not JSON or of an unknown type with an error, and stays open', async () => {
      const socket = await connectUser(app, ana.accessToken);
      socket.send('not json');
      expect(await socket.next('error')).toMatchObject({ code: 'bad_json' });
      socket.send({ type: 'no.such.type', roomId: 1 });
      expect(await socket.next('error')).toMatchObject({ code: 'unknown_type' });
      await socket.sync();
      await socket.close();
    });
  });

  it('closes with 4401 when its session logs out', async () => {
    const gina = await makeUser(app);
    const socket = await connectUser(app, gina.accessToken);
    await request(app.url)
      .post('/api/auth/logout')
      .send({ refreshToken: gina.refreshToken })
      .expect(204);
    expect((await socket.closeInfo()).code).toBe(4401);
  });

  it('closes with 1011, sending nothing, when its rooms cannot be read; the next one opens', async () => {
    const harry = await makeUser(app);
    jest
      .spyOn(app.app.get(InboxCounters), 'ready')
      .mockRejectedValueOnce(new Error('the disk is gone'));
    const socket = await connectUser(app, harry.accessToken, { ready: false });
    expect((await socket.closeInfo()).code).toBe(1011);
    expect(socket.frames).toEqual([]);
    const again = await connectUser(app, harry.accessToken);
    expect(again.frames[0]).toMatchObject({ type: 'ready', user: userRef(harry) });
    await again.close();
  });
});
