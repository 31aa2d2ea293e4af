import { jest } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';

import { ConnectionRegistry } from '../../src/chat/connection-registry.js';
import { MessagesService } from '../../src/messages/messages.service.js';

import { createApp, TestApp } from '../support/create-app.js';
import { makeRoom, makeUser, TestUser } from '../support/factories.js';
import { connect, handshakeStatus, roomPath } from '../support/ws-client.js';

// jest 30 ignores the e2e project's testTimeout; sockets on a busy machine need more than 5 s.
jest.setTimeout(20_000);

describe('WS /api/ws/{roomId}: handshake', () => {
  let app: TestApp;
  let ana: TestUser;
  let bob: TestUser;
  let room: { id: number; name: string };

  beforeAll(async () => {
    app = await createApp({ CORS_ORIGINS: 'https://chat.example.org' });
    [ana, bob] = await Promise.all([makeUser(app), makeUser(app)]);
    room = await makeRoom(app, ana);
  });

  afterAll(() => app.close());

  afterEach(() => jest.restoreAllMocks());

  const claimsOf = (user: TestUser) => app.app.get(JwtService).decode(user.accessToken);

  describe('refuses before the upgrade', () => {
    it('answers 401 without a token', async () => {
      expect(await handshakeStatus(app, roomPath(room.id))).toBe(401);
      expect(await handshakeStatus(app, roomPath(room.id, ''))).toBe(401);
    });

    it('answers 401 for a forged token', async () => {
      const { sub, sid } = claimsOf(ana);
      const forged = await new JwtService({ secret: 'not the server secret' }).signAsync({
        sub,
        sid,
      });
      expect(await handshakeStatus(app, roomPath(room.id, forged))).toBe(401);
      const [header, payload] = ana.accessToken.split('.');
      expect(await handshakeStatus(app, roomPath(room.id, `${header}.${payload}.`))).toBe(401);
      expect(await handshakeStatus(app, roomPath(room.id, 'garbage'))).toBe(401);
    });

    it('answers 401 for an expired token', async () => {
      const { sub, sid } = claimsOf(ana);
      const expired = await app.app
        .get(JwtService)
        .signAsync({ sub, sid, exp: Math.floor(Date.now() / 1000) - 5 });
      expect(await handshakeStatus(app, roomPath(room.id, expired))).toBe(401);
    });

    it('answers 404 for an unknown room', async () => {
      expect(await handshakeStatus(app, roomPath(999_999, ana.accessToken))).toBe(404);
    });

    it.each(['0', '-1', 'abc', '1.5', '5abc', '99999999999', '%20', '1/2'])(
      'answers 404 for the room id "%s"',
      async (id) => {
        expect(await handshakeStatus(app, roomPath(id, ana.accessToken))).toBe(404);
      },
    );

    it('answers 404 for paths outside /api/ws (without a room id it is the per-user socket)', async () => {
      expect(await handshakeStatus(app, `/api/ws?token=${ana.accessToken}`)).toBe(101);
      expect(await handshakeStatus(app, `/api/ws/?token=${ana.accessToken}`)).toBe(101);
      expect(await handshakeStatus(app, `/api/other/1?token=${ana.accessToken}`)).toBe(404);
      expect(await handshakeStatus(app, `/api/wsx/${room.id}?token=${ana.accessToken}`)).toBe(404);
    });

    it('answers 401, not 404, to an unauthenticated probe of an unknown room', async () => {
      expect(await handshakeStatus(app, roomPath(999_999, 'garbage'))).toBe(401);
    });

    it('answers 403 to a browser from a foreign origin', async () => {
      const path = roomPath(room.id, ana.accessToken);
      expect(await handshakeStatus(app, path, { Origin: 'https://evil.example.com' })).toBe(403);
      expect(await handshakeStatus(app, path, { Origin: 'null' })).toBe(403);
      const port = new URL(app.url).port;
      expect(await handshakeStatus(app, path, { Origin: `http://localhost:${port}` })).toBe(403);
    });

    it('answers 400 for a since that is not a non-negative integer', async () => {
      for (const since of ['-1', 'abc', '1.5', '1e3']) {
        expect(await handshakeStatus(app, roomPath(room.id, ana.accessToken, since))).toBe(400);
      }
    });
  });

  describe('accepts', () => {
    it('its own origin, the configured origins, and clients that send none', async () => {
      const path = roomPath(room.id, ana.accessToken);
      expect(await handshakeStatus(app, path, { Origin: app.url })).toBe(101);
      expect(await handshakeStatus(app, path, { Origin: 'https://chat.example.org' })).toBe(101);
      expect(await handshakeStatus(app, path)).toBe(101);
      expect(await handshakeStatus(app, `/api/ws/${room.id}/?token=${ana.accessToken}`)).toBe(101);
    });

    it('sends ready first, and connecting joins the room', async () => {
      const other = await makeRoom(app, ana);
      const before = await request(app.url)
        .get(`/api/rooms/${other.id}/members`)
        .set('Authorization', bob.auth)
        .expect(200);
      expect(before.body.map((member: { id: number }) => member.id)).toEqual([ana.id]);

      const socket = await connect(app, other.id, bob.accessToken, { ready: false });
      const first = await socket.next('ready');
      expect(socket.frames[0]).toBe(first);
      expect(first).toEqual({
        type: 'ready',
        room: { id: other.id, name: other.name },
        user: { id: bob.id, username: bob.username },
        online: [{ id: bob.id, username: bob.username }],
        lastSeq: 0,
      });
      const after = await request(app.url)
        .get(`/api/rooms/${other.id}/members`)
        .set('Authorization', bob.auth)
        .expect(200);
      expect(after.body).toEqual(
        expect.arrayContaining([expect.objectContaining({ id: bob.id, online: true })]),
      );
      await socket.close();
    });

    it('answers frames sent before ready only after ready', async () => {
      // Hold the catch-up long enough for the early frames to reach the server.
      const messages = app.app.get(MessagesService);
      const realReplay = messages.replay.bind(messages);
      const registry = app.app.get(ConnectionRegistry);
      const held = jest.spyOn(messages, 'replay').mockImplementation(async (id, since) => {
        if (registry.socketsOf(room.id, ana.id).size > 0) {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        return realReplay(id, since);
      });
      const socket = await connect(app, room.id, ana.accessToken, { ready: false });
      socket.send({ type: 'ping' });
      socket.send('not json');
      await socket.next('pong');
      expect(socket.frames.map((frame) => frame.type)).toEqual(['ready', 'pong', 'error']);
      expect(held).toHaveBeenCalled();
      await socket.close();
    });

    it('a socket outlives the access token it was opened with', async () => {
      const { sub, sid } = claimsOf(ana);
      const shortLived = await app.app
        .get(JwtService)
        .signAsync({ sub, sid, exp: Math.floor(Date.now() / 1000) + 1 });
      const socket = await connect(app, room.id, shortLived);
      await new Promise((resolve) => setTimeout(resolve, 1100)); // let the token expire
      expect(await handshakeStatus(app, roomPath(room.id, shortLived))).toBe(401);
      socket.send({ type: 'message', content: 'still here' });
      expect((await socket.next('message')).message.content).toBe('still here');
      await socket.close();
    });
  });

  describe('closes open sockets', () => {
    it('with 4401 when their session logs out, and only those', async () => {
      const carl = await makeUser(app);
      const second = await request(app.url)
        .post('/api/auth/login')
        .send({ username: carl.username, password: 'correct horse battery' })
        .expect(200);
      const first = await connect(app, room.id, carl.accessToken);
      const alsoFirst = await connect(app, room.id, carl.accessToken);
      const other = await connect(app, room.id, second.body.accessToken);

      await request(app.url)
        .post('/api/auth/logout')
        .send({ refreshToken: carl.refreshToken })
        .expect(204);

      expect((await first.closeInfo()).code).toBe(4401);
      expect((await alsoFirst.closeInfo()).code).toBe(4401);
      await other.sync(); // still open and answering
      await other.close();
    });

    it('with 4403 when the user leaves the room over REST, and only there', async () => {
      const dora = await makeUser(app);
      const elsewhere = await makeRoom(app, dora);
      const here = await connect(app, room.id, dora.accessToken);
      const there = await connect(app, elsewhere.id, dora.accessToken);
      const watcher = await connect(app, room.id, ana.accessToken);

      await request(app.url)
        .delete(`/api/rooms/${room.id}/members/me`)
        .set('Authorization', dora.auth)
        .expect(204);

      expect((await here.closeInfo()).code).toBe(4403);
      expect(await watcher.next('presence')).toMatchObject({
        user: { id: dora.id },
        online: false,
      });
      await there.sync();
      await Promise.all([there.close(), watcher.close()]);
    });
  });
});
