import { jest } from '@jest/globals';

import { createApp, TestApp } from '../support/create-app.js';
import { makeUser, TestUser } from '../support/factories.js';
import {
  createRoom,
  NO_LIMITS,
  OpenSockets,
  RoomsApi,
  roomsApi,
  sleep,
  timelineOf,
  userRef,
} from './user-socket.js';

jest.setTimeout(30_000);

/** Room-scoped frames a client sends on the per-user socket: message, typing, read. */
describe('WS /api/ws: message, typing and read with roomId', () => {
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

  /** A public room of ana's that bob joined (carl did not). */
  async function roomOfTwo(): Promise<number> {
    const roomId = await createRoom(app, ana);
    await api.join(bob, roomId).expect(200);
    return roomId;
  }

  const messageCount = async (roomId: number) =>
    ((await api.history(ana, roomId, '?limit=100').expect(200)).body.messages as unknown[]).length;

  describe('message', () => {
    it('is stored and sent to the room with roomId, echoing the clientId', async () => {
      const roomId = await roomOfTwo();
      const socket = await userSocket(bob);
      await socket.subscribed(roomId);
      const anas = await roomSocket(roomId, ana);
      socket.send({ type: 'message', roomId, content: 'over the user socket', clientId: 'u-1' });
      const echo = await socket.nextIn('message', roomId);
      expect(echo).toEqual({
        type: 'message',
        roomId,
        message: expect.objectContaining({
          roomId,
          seq: 1,
          clientId: 'u-1',
          content: 'over the user socket',
          author: expect.objectContaining(userRef(bob)),
        }),
      });
      const onRoomSocket = await anas.next('message');
      expect(onRoomSocket).toEqual({ type: 'message', message: echo.message });
      const history = (await api.history(ana, roomId).expect(200)).body.messages;
      expect(history).toEqual([expect.objectContaining({ id: echo.message.id, clientId: 'u-1' })]);
    });

    it('takes replyToId', async () => {
      const roomId = await roomOfTwo();
      const first = (await api.send(ana, roomId, 'the question').expect(201)).body;
      const socket = await userSocket(bob);
      await socket.subscribed(roomId);
      socket.send({
        type: 'message',
        roomId,
        content: 'the answer',
        clientId: 'u-reply',
        replyToId: first.id,
      });
      const reply = await socket.nextIn('message', roomId);
      expect(reply.message.replyTo).toEqual({
        id: first.id,
        seq: first.seq,
        author: expect.objectContaining(userRef(ana)),
        excerpt: 'the question',
      });
    });

    it('stores nothing for a repeated clientId and re-sends the original to that socket', async () => {
      const roomId = await roomOfTwo();
      const socket = await userSocket(bob);
      await socket.subscribed(roomId);
      const anas = await roomSocket(roomId, ana);
      socket.send({ type: 'message', roomId, content: 'once', clientId: 'u-again' });
      const original = (await socket.nextIn('message', roomId)).message;
      await anas.next('message');
      socket.send({ type: 'message', roomId, content: 'once, resent', clientId: 'u-again' });
      const resent = await socket.nextIn('message', roomId);
      expect(resent).toEqual({ type: 'message', roomId, message: original });
      await Promise.all([socket.sync(), anas.sync()]);
      expect(anas.untaken('message')).toEqual([]);
      expect(await messageCount(roomId)).toBe(1);
      const room = (await api.room(ana, roomId).expect(200)).body;
      expect(room.lastMessage).toMatchObject({ id: original.id, seq: 1 });
    });

    it('re-sends the original for a repeated clientId to a socket that did not subscribe', async () => {
      const roomId = await roomOfTwo();
      const socket = await userSocket(bob);
      const anas = await roomSocket(roomId, ana);
      socket.send({ type: 'message', roomId, content: 'first try', clientId: 'u-lost' });
      const original = (await anas.next('message')).message;
      socket.send({ type: 'message', roomId, content: 'second try', clientId: 'u-lost' });
      expect(await socket.nextIn('message', roomId)).toEqual({
        type: 'message',
        roomId,
        message: original,
      });
      expect(await messageCount(roomId)).toBe(1);
    });

    it('keeps the same clientId apart in two rooms', async () => {
      const [one, two] = [await roomOfTwo(), await roomOfTwo()];
      const socket = await userSocket(bob);
      await socket.subscribed(one);
      await socket.subscribed(two);
      socket.send({ type: 'message', roomId: one, content: 'in one', clientId: 'same' });
      socket.send({ type: 'message', roomId: two, content: 'in two', clientId: 'same' });
      expect((await socket.nextIn('message', one)).message).toMatchObject({ content: 'in one' });
      expect((await socket.nextIn('message', two)).message).toMatchObject({ content: 'in two' });
    });

    it('is stored from a socket that did not subscribe to the room', async () => {
      const roomId = await roomOfTwo();
      const socket = await userSocket(bob);
      const anas = await roomSocket(roomId, ana);
      socket.send({ type: 'message', roomId, content: 'unsubscribed sender', clientId: 'u-x' });
      expect((await anas.next('message')).message).toMatchObject({
        content: 'unsubscribed sender',
        clientId: 'u-x',
        author: expect.objectContaining(userRef(bob)),
      });
      await socket.sync();
      expect(socket.untaken('error')).toEqual([]);
    });
  });

  describe('typing', () => {
    it('goes to the room with roomId, not back to the typist', async () => {
      const roomId = await roomOfTwo();
      const bobs = await userSocket(bob);
      await bobs.subscribed(roomId);
      const anasUser = await userSocket(ana);
      await anasUser.subscribed(roomId);
      const anasRoom = await roomSocket(roomId, ana);
      bobs.send({ type: 'typing', roomId, isTyping: true });
      expect(await anasUser.nextIn('typing', roomId)).toEqual({
        type: 'typing',
        roomId,
        user: userRef(bob),
        isTyping: true,
      });
      expect(await anasRoom.next('typing')).toEqual({
        type: 'typing',
        user: userRef(bob),
        isTyping: true,
      });
      await sleep(100);
      await bobs.sync();
      expect(bobs.untaken('typing')).toEqual([]);
    });
  });

  describe('read', () => {
    it('moves the read position and tells the room', async () => {
      const roomId = await roomOfTwo();
      await api.send(ana, roomId, 'one').expect(201);
      await api.send(ana, roomId, 'two').expect(201);
      expect((await api.room(bob, roomId).expect(200)).body.unreadCount).toBe(2);
      const bobs = await userSocket(bob);
      const anasRoom = await roomSocket(roomId, ana);
      bobs.send({ type: 'read', roomId, seq: 2 });
      expect(await anasRoom.next('read')).toEqual({ type: 'read', user: userRef(bob), seq: 2 });
      expect((await api.room(bob, roomId).expect(200)).body.unreadCount).toBe(0);
    });
  });

  describe('refusals', () => {
    it('answers forbidden, with roomId and clientId, to a non-member of a public room', async () => {
      const roomId = await roomOfTwo();
      const carls = await userSocket(carl);
      await carls.subscribed(roomId);
      const anas = await roomSocket(roomId, ana);
      carls.send({ type: 'message', roomId, content: 'not a member', clientId: 'c-1' });
      expect(await carls.next('error')).toEqual({
        type: 'error',
        code: 'forbidden',
        message: expect.any(String),
        roomId,
        clientId: 'c-1',
      });
      carls.send({ type: 'typing', roomId, isTyping: true });
      expect(await carls.next('error')).toMatchObject({ code: 'forbidden', roomId });
      carls.send({ type: 'read', roomId, seq: 0 });
      expect(await carls.next('error')).toMatchObject({ code: 'forbidden', roomId });
      await Promise.all([carls.sync(), anas.sync()]);
      expect(anas.untaken('message')).toEqual([]);
      expect(anas.untaken('typing')).toEqual([]);
      expect(anas.untaken('read')).toEqual([]);
      expect(timelineOf(carls, roomId)).toEqual([]);
      expect(await messageCount(roomId)).toBe(0);
    });

    it.each([
      ['missing', undefined],
      ['a string', 'abc'],
      ['zero', 0],
      ['negative', -1],
      ['a fraction', 1.5],
      ['null', null],
    ])('answers invalid, naming roomId, for a roomId that is %s', async (_what, roomId) => {
      const socket = await userSocket(bob);
      for (const frame of [
        { type: 'message', roomId, content: 'where?', clientId: 'bad-room' },
        { type: 'typing', roomId, isTyping: true },
        { type: 'read', roomId, seq: 1 },
        { type: 'subscribe', roomId },
        { type: 'unsubscribe', roomId },
      ]) {
        socket.send(frame);
        const error = await socket.next('error');
        expect({ frame: frame.type, code: error.code }).toEqual({
          frame: frame.type,
          code: 'invalid',
        });
        expect(error.message).toContain('roomId');
        if (frame.type === 'message') expect(error.clientId).toBe('bad-room');
      }
      await socket.sync();
      expect(socket.ws.readyState).toBe(socket.ws.OPEN);
    });

    it('carries roomId and clientId in an error answering a room-scoped frame', async () => {
      const roomId = await roomOfTwo();
      const socket = await userSocket(bob);
      socket.send({ type: 'message', roomId, content: '   ', clientId: 'blank' });
      expect(await socket.next('error')).toEqual({
        type: 'error',
        code: 'invalid',
        message: expect.stringContaining('content'),
        roomId,
        clientId: 'blank',
      });
      socket.send({ type: 'message', roomId, content: 'x'.repeat(4001), clientId: 42 });
      expect(await socket.next('error')).toMatchObject({ code: 'invalid', roomId, clientId: 42 });
      socket.send({ type: 'read', roomId, seq: -1 });
      expect(await socket.next('error')).toMatchObject({ code: 'invalid', roomId });
      socket.send({ type: 'subscribe', roomId, since: 'yesterday' });
      const since = await socket.next('error');
      expect(since).toMatchObject({ code: 'invalid', roomId });
      expect(since.message).toContain('since');
      expect(await messageCount(roomId)).toBe(0);
    });
  });
});
