import type { Socket } from 'node:net';

import { jest } from '@jest/globals';
import request from 'supertest';

import { ConnectionRegistry } from '../../src/chat/connection-registry.js';
import { Message } from '../../src/messages/message.entity.js';
import { createApp, TestApp } from '../support/create-app.js';
import { joinRoom, makeRoom, makeUser, TestUser } from '../support/factories.js';
import { connect } from '../support/ws-client.js';

// jest 30 ignores the e2e project's testTimeout; sockets on a busy machine need more than 5 s.
jest.setTimeout(20_000);

describe('WS /api/ws/{roomId}: limits', () => {
  describe('message rate (MESSAGE_RATE=2/s burst 2)', () => {
    let app: TestApp;
    let ana: TestUser;
    let bob: TestUser;
    let roomId: number;

    beforeAll(async () => {
      app = await createApp({ MESSAGE_RATE: '2/s burst 2' });
      [ana, bob] = await Promise.all([makeUser(app), makeUser(app)]);
      roomId = (await makeRoom(app, ana)).id;
      await joinRoom(app, bob, roomId);
    });

    afterAll(() => app.close());

    it('refuses the user’s messages past the burst, across tabs, with retryAfterMs and the clientId', async () => {
      const tab1 = await connect(app, roomId, ana.accessToken);
      const tab2 = await connect(app, roomId, ana.accessToken);
      const other = await connect(app, roomId, bob.accessToken);
      tab1.send({ type: 'message', content: 'one', clientId: 'r-1' });
      await tab1.next('message');
      tab2.send({ type: 'message', content: 'two', clientId: 'r-2' });
      await tab1.next('message');
      tab1.send({ type: 'message', content: 'three', clientId: 'r-3' });
      const refused = await tab1.next('error');
      expect(refused).toEqual({
        type: 'error',
        code: 'rate_limited',
        message: expect.any(String),
        retryAfterMs: expect.any(Number),
        clientId: 'r-3',
      });
      expect(refused.retryAfterMs).toBeGreaterThan(0);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(500);
      await other.take('message', 2);

      // Another user has a bucket of their own.
      other.send({ type: 'message', content: 'bob is fine', clientId: 'b-1' });
      expect((await other.next('message')).message.clientId).toBe('b-1');
      await other.sync();
      expect(other.untaken('error')).toEqual([]);

      const contents = (await app.dataSource.getRepository(Message).findBy({ roomId })).map(
        (message) => message.content,
      );
      expect(contents.sort()).toEqual(['bob is fine', 'one', 'two']);

      // After retryAfterMs the same clientId goes through.
      await new Promise((resolve) => setTimeout(resolve, refused.retryAfterMs + 20));
      tab1.send({ type: 'message', content: 'three', clientId: 'r-3' });
      expect(
        (await tab1.nextWhere('message', (frame) => frame.message.clientId === 'r-3')).message,
      ).toMatchObject({ content: 'three' });
      await Promise.all([tab1, tab2, other].map((socket) => socket.close()));
    });

    it('does not count typing, read or ping', async () => {
      const socket = await connect(app, roomId, bob.accessToken);
      for (let index = 0; index < 5; index++) {
        socket.send({ type: 'typing', isTyping: index % 2 === 0 });
        socket.send({ type: 'read', seq: 0 });
        socket.send({ type: 'ping' });
      }
      await socket.take('pong', 5);
      socket.send({ type: 'message', content: 'still allowed' });
      expect((await socket.next('message')).message.content).toBe('still allowed');
      expect(socket.untaken('error')).toEqual([]);
      await socket.close();
    });
  });

  describe('heartbeat (WS_HEARTBEAT_MS=200)', () => {
    let app: TestApp;

    beforeAll(async () => {
      app = await createApp({ WS_HEARTBEAT_MS: '200' });
    });

    afterAll(() => app.close());

    it('drops a socket that stops answering pings, with presence, and keeps live ones', async () => {
      const [ana, bob] = await Promise.all([makeUser(app), makeUser(app)]);
      const roomId = (await makeRoom(app, ana)).id;
      const alive = await connect(app, roomId, ana.accessToken);
      const dead = await connect(app, roomId, bob.accessToken, { autoPong: false });
      expect(await alive.next('presence')).toMatchObject({ user: { id: bob.id }, online: true });

      const startedAt = Date.now();
      expect((await dead.closeInfo(5000)).code).toBe(1006); // terminated, no close frame
      // Two heartbeats (400 ms) and scheduling on a busy machine; ws's own timeouts are 30 s.
      expect(Date.now() - startedAt).toBeLessThan(3000);
      expect(await alive.next('presence')).toMatchObject({ user: { id: bob.id }, online: false });
      const registry = app.app.get(ConnectionRegistry);
      expect([...registry.socketsIn(roomId)].map((client) => client.userId)).toEqual([ana.id]);
      const members = await request(app.url)
        .get(`/api/rooms/${roomId}/members`)
        .set('Authorization', ana.auth);
      expect(members.body.find((member: { id: number }) => member.id === bob.id).online).toBe(
        false,
      );

      // Several heartbeats later the answering socket is still there.
      await new Promise((resolve) => setTimeout(resolve, 600));
      await alive.sync();
      await alive.close();
    });
  });

  describe('slow consumer', () => {
    let app: TestApp;

    beforeAll(async () => {
      app = await createApp({ MESSAGE_RATE: '100000/s burst 100000' });
    });

    afterAll(() => app.close());

    it('closes a socket that does not read with 1008 instead of buffering without bound', async () => {
      const [ana, bob] = await Promise.all([makeUser(app), makeUser(app)]);
      const roomId = (await makeRoom(app, ana)).id;
      const sender = await connect(app, roomId, ana.accessToken);
      const slow = await connect(app, roomId, bob.accessToken);
      const registry = app.app.get(ConnectionRegistry);
      const slowClient = [...registry.socketsOf(roomId, bob.id)][0];
      (slow.ws as unknown as { _socket: Socket })._socket.pause();

      // About 32 MiB for a reader that reads nothing, in rounds, until the server gives up.
      const content = 'y'.repeat(4000);
      let sent = 0;
      for (let round = 0; round < 80 && slowClient.socket.readyState === 1; round++) {
        for (let index = 0; index < 100; index++) sender.send({ type: 'message', content });
        await sender.take('message', 100, 20_000);
        sent += 100;
      }
      expect(slowClient.socket.readyState).not.toBe(1); // closing: nothing more is queued
      expect(slowClient.socket.bufferedAmount).toBeLessThan(4 * 1024 * 1024);

      (slow.ws as unknown as { _socket: Socket })._socket.resume();
      expect((await slow.closeInfo(20_000)).code).toBe(1008);
      expect(slow.untaken('message').length).toBeLessThan(sent);
      await sender.sync(); // the sender is unaffected
      await sender.close();
    }, 60_000);
  });
});
