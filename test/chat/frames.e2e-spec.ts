import { jest } from '@jest/globals';
import request from 'supertest';

import { Message } from '../../src/messages/message.entity.js';
import { RoomsService } from '../../src/rooms/rooms.service.js';
import { createApp, TestApp } from '../support/create-app.js';
import { joinRoom, makeRoom, makeUser, TestUser } from '../support/factories.js';
import { connect, TestSocket } from '../support/ws-client.js';

// jest 30 ignores the e2e project's testTimeout; sockets on a busy machine need more than 5 s.
jest.setTimeout(20_000);

/** Three users in one room: ana and bob with two tabs each, carl with one. */
describe('WS /api/ws/{roomId}: frames', () => {
  let app: TestApp;
  let ana: TestUser;
  let bob: TestUser;
  let carl: TestUser;
  let room: { id: number; name: string };
  let ana1: TestSocket;
  let ana2: TestSocket;
  let bob1: TestSocket;
  let bob2: TestSocket;
  let carl1: TestSocket;
  let everyone: TestSocket[];

  beforeAll(async () => {
    app = await createApp();
    [ana, bob, carl] = await Promise.all([makeUser(app), makeUser(app), makeUser(app)]);
    room = await makeRoom(app, ana);
    await Promise.all([joinRoom(app, bob, room.id), joinRoom(app, carl, room.id)]);
    ana1 = await connect(app, room.id, ana.accessToken);
    ana2 = await connect(app, room.id, ana.accessToken);
    bob1 = await connect(app, room.id, bob.accessToken);
    bob2 = await connect(app, room.id, bob.accessToken);
    carl1 = await connect(app, room.id, carl.accessToken);
    everyone = [ana1, ana2, bob1, bob2, carl1];
  });

  // Each test starts with nothing unread on any socket.
  beforeEach(() => Promise.all(everyone.map((socket) => socket.settle())));

  afterAll(async () => {
    await Promise.all(everyone.map((socket) => socket.close()));
    await app.close();
  });

  const userRef = (user: TestUser) => ({ id: user.id, username: user.username });
  const storedWith = (clientId: string) =>
    app.dataSource.getRepository(Message).countBy({ roomId: room.id, clientId });

  describe('ready', () => {
    it('lists who is online, each user once', () => {
      const ready = carl1.frames.find((frame) => frame.type === 'ready')!;
      expect(ready.online).toEqual([userRef(ana), userRef(bob), userRef(carl)]);
      expect(ready.room).toEqual({ id: room.id, name: room.name });
      expect(ready.user).toEqual(userRef(carl));
    });
  });

  describe('message', () => {
    it('is stored, then delivered to every socket in the room, the sender’s own too', async () => {
      bob1.send({ type: 'message', content: '  hello all  ', clientId: 'b-1' });
      const received = await Promise.all(everyone.map((socket) => socket.next('message')));
      for (const frame of received) expect(frame).toEqual(received[0]);
      expect(received[0].message).toEqual({
        id: expect.any(Number),
        roomId: room.id,
        seq: expect.any(Number),
        clientId: 'b-1',
        author: { id: bob.id, username: bob.username, displayName: bob.username },
        content: 'hello all',
        createdAt: expect.any(String),
        editedAt: null,
        deletedAt: null,
        replyTo: null,
        mentions: [],
        mentionsRoom: false,
        reactions: [],
        attachments: [],
        pinned: false,
      });
      expect(await storedWith('b-1')).toBe(1);
    });

    it('has a null clientId when the frame had none', async () => {
      carl1.send({ type: 'message', content: 'no key' });
      const frames = await Promise.all(everyone.map((socket) => socket.next('message')));
      expect(frames.map((frame) => frame.message.clientId)).toEqual(everyone.map(() => null));
    });

    it('sent over REST reaches every socket too', async () => {
      const response = await request(app.url)
        .post(`/api/rooms/${room.id}/messages`)
        .set('Authorization', carl.auth)
        .send({ content: 'from REST', clientId: 'rest-1' })
        .expect(201);
      const frames = await Promise.all(everyone.map((socket) => socket.next('message')));
      for (const frame of frames) expect(frame.message).toEqual(response.body);
    });

    it('a repeated clientId re-sends the original to that socket only and stores nothing', async () => {
      ana1.send({ type: 'message', content: 'once', clientId: 'a-dup' });
      const original = (await ana1.next('message')).message;
      await Promise.all(everyone.map((socket) => socket.settle()));

      ana1.send({ type: 'message', content: 'once, again', clientId: 'a-dup' });
      expect((await ana1.next('message')).message).toEqual(original);
      await Promise.all(everyone.map((socket) => socket.sync()));
      for (const socket of everyone.slice(1)) expect(socket.untaken('message')).toEqual([]);
      expect(await storedWith('a-dup')).toBe(1);
    });

    it('the same clientId from another user is another message', async () => {
      carl1.send({ type: 'message', content: 'mine', clientId: 'a-dup' });
      const frames = await Promise.all(everyone.map((socket) => socket.next('message')));
      expect(frames[0].message.author.id).toBe(carl.id);
      expect(await storedWith('a-dup')).toBe(2);
    });
  });

  describe('typing', () => {
    it('reaches the others, not the typist’s own tabs', async () => {
      ana1.send({ type: 'typing', isTyping: true });
      for (const socket of [bob1, bob2, carl1]) {
        expect(await socket.next('typing')).toEqual({
          type: 'typing',
          user: userRef(ana),
          isTyping: true,
        });
      }
      ana1.send({ type: 'typing', isTyping: false });
      for (const socket of [bob1, bob2, carl1]) {
        expect(await socket.next('typing')).toMatchObject({ user: userRef(ana), isTyping: false });
      }
      await Promise.all([ana1.sync(), ana2.sync()]);
      expect([...ana1.untaken('typing'), ...ana2.untaken('typing')]).toEqual([]);
    });

    it('stops when the typist sends the message, after the message', async () => {
      bob2.send({ type: 'typing', isTyping: true });
      await carl1.next('typing');
      bob2.send({ type: 'message', content: 'done typing' });
      const stop = await carl1.next('typing');
      expect(stop).toMatchObject({ user: userRef(bob), isTyping: false });
      const message = await carl1.next('message');
      expect(carl1.frames.indexOf(message)).toBeLessThan(carl1.frames.indexOf(stop));
    });

    it('stops when the typist disconnects', async () => {
      const tab = await connect(app, room.id, carl.accessToken);
      tab.send({ type: 'typing', isTyping: true });
      expect(await ana1.next('typing')).toMatchObject({ user: userRef(carl), isTyping: true });
      await tab.close();
      expect(await ana1.next('typing')).toMatchObject({ user: userRef(carl), isTyping: false });
    });

    it('expires on the server 6 s after a start that is not renewed', async () => {
      const startedAt = Date.now();
      carl1.send({ type: 'typing', isTyping: true });
      await ana1.next('typing');
      const stop = await ana1.next('typing', 9000);
      expect(stop).toMatchObject({ user: userRef(carl), isTyping: false });
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(5900);
    }, 15_000);
  });

  describe('presence', () => {
    it('is sent on a user’s first socket in and last socket out, not for other tabs', async () => {
      const dora = await makeUser(app);
      const first = await connect(app, room.id, dora.accessToken);
      expect(await ana1.next('presence')).toEqual({
        type: 'presence',
        user: userRef(dora),
        online: true,
      });
      const second = await connect(app, room.id, dora.accessToken);
      expect(second.frames[0].online).toContainEqual(userRef(dora));
      await Promise.all([first.sync(), second.sync()]);
      expect([...first.untaken('presence'), ...second.untaken('presence')]).toEqual([]);
      await first.close();
      await ana1.sync();
      expect(ana1.untaken('presence')).toEqual([]);
      await second.close();
      expect(await ana1.next('presence')).toEqual({
        type: 'presence',
        user: userRef(dora),
        online: false,
      });
    });

    it('shows in REST onlineCount and members’ online', async () => {
      const rooms = await request(app.url).get('/api/rooms').set('Authorization', ana.auth);
      expect(rooms.body.find((r: { id: number }) => r.id === room.id).onlineCount).toBe(3);
      const members = await request(app.url)
        .get(`/api/rooms/${room.id}/members`)
        .set('Authorization', ana.auth);
      const online = members.body.filter((member: { online: boolean }) => member.online);
      expect(online.map((member: { id: number }) => member.id).sort()).toEqual(
        [ana.id, bob.id, carl.id].sort(),
      );
    });
  });

  describe('read', () => {
    it('moves the read position forward, tells the room, and unreadCount follows', async () => {
      const unreadOf = async () => {
        const rooms = await request(app.url).get('/api/rooms').set('Authorization', carl.auth);
        return rooms.body.find((r: { id: number }) => r.id === room.id).unreadCount as number;
      };
      ana1.send({ type: 'message', content: 'read me' });
      const { seq } = (await carl1.next('message')).message;
      expect(await unreadOf()).toBeGreaterThan(0);

      carl1.send({ type: 'read', seq });
      for (const socket of everyone) {
        expect(await socket.next('read')).toEqual({ type: 'read', user: userRef(carl), seq });
      }
      expect(await unreadOf()).toBe(0);

      carl1.send({ type: 'read', seq: 1 }); // never back: nothing moves, nobody is told
      await carl1.sync();
      await bob1.sync();
      expect(bob1.untaken('read')).toEqual([]);
      expect(await unreadOf()).toBe(0);
    });
  });

  describe('read flood', () => {
    it('collapses read frames that arrive while one is stored into the highest', async () => {
      for (let index = 0; index < 5; index++) ana1.send({ type: 'message', content: `r${index}` });
      const sent = await carl1.take('message', 5);
      const seqs = sent.map((frame) => frame.message.seq as number);
      const markRead = jest.spyOn(app.app.get(RoomsService), 'markRead');
      for (let round = 0; round < 50; round++) {
        carl1.send({ type: 'read', seq: seqs[round % 5] });
      }
      await bob1.nextWhere('read', (frame) => frame.seq === seqs[4]);
      await carl1.sync();
      expect(markRead.mock.calls.length).toBeLessThan(10);
      markRead.mockRestore();
      const rooms = await request(app.url).get('/api/rooms').set('Authorization', carl.auth);
      expect(rooms.body.find((r: { id: number }) => r.id === room.id).unreadCount).toBe(0);
    });
  });

  describe('ping', () => {
    it('is answered with pong', async () => {
      bob2.send({ type: 'ping' });
      expect(await bob2.next('pong')).toEqual({ type: 'pong' });
    });
  });
});
