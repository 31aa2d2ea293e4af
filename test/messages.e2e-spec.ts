import request from 'supertest';

import { Broadcaster } from '../src/broadcast/broadcaster.js';
import type { RoomEvent } from '../src/broadcast/events.js';
import { Message } from '../src/messages/message.entity.js';
import { createApp, TestApp } from './support/create-app.js';
import { joinRoom, makeRoom, makeUser, TestUser } from './support/factories.js';

describe('messages', () => {
  let app: TestApp;
  let ana: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    // These specs send hundreds of messages as one user; the rate limit has its own spec.
    app = await createApp({ MESSAGE_RATE: '100000/s burst 100000' });
    [ana, bob] = await Promise.all([makeUser(app, 'ana'), makeUser(app, 'bob')]);
  });

  afterAll(() => app.close());

  const post = (roomId: number | string, body: object, user = ana) =>
    request(app.url)
      .post(`/api/rooms/${roomId}/messages`)
      .set('Authorization', user.auth)
      .send(body);
  const history = (roomId: number, query = '', user = ana) =>
    request(app.url).get(`/api/rooms/${roomId}/messages${query}`).set('Authorization', user.auth);
  const storedIn = (roomId: number) => app.dataSource.getRepository(Message).countBy({ roomId });

  describe('POST /api/rooms/{id}/messages', () => {
    it('stores a message with the next seq, trimmed, and broadcasts it', async () => {
      const room = await makeRoom(app, ana);
      const events: [number, RoomEvent][] = [];
      const unsubscribe = app.app.get(Broadcaster).subscribe((topic, event) => {
        if (topic.startsWith('room:')) events.push([Number(topic.slice(5)), event as RoomEvent]);
      });
      try {
        const response = await post(room.id, {
          content: '  hello there  ',
          clientId: 'c-1',
        }).expect(201);
        expect(response.body).toEqual({
          id: expect.any(Number),
          roomId: room.id,
          seq: 1,
          clientId: 'c-1',
          author: { id: ana.id, username: 'ana', displayName: 'ana' },
          content: 'hello there',
          createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
          editedAt: null,
          deletedAt: null,
          replyTo: null,
          mentions: [],
          mentionsRoom: false,
          reactions: [],
          attachments: [],
          pinned: false,
        });
        expect(events).toEqual([[room.id, { type: 'message', message: response.body }]]);
      } finally {
        unsubscribe();
      }
    });

    it('answers a repeated clientId with 200 and the original, storing nothing', async () => {
      const room = await makeRoom(app, ana);
      const first = await post(room.id, { content: 'once', clientId: 'same' }).expect(201);
      const again = await post(room.id, { content: 'changed text', clientId: 'same' }).expect(200);
      expect(again.body).toEqual(first.body);
      expect(await storedIn(room.id)).toBe(1);
      // Another user may use the same key.
      await joinRoom(app, bob, room.id);
      expect(
        (await post(room.id, { content: 'mine', clientId: 'same' }, bob).expect(201)).body.seq,
      ).toBe(2);
    });

    it('stores one message when the same clientId is sent twice concurrently', async () => {
      const room = await makeRoom(app, ana);
      const answers = await Promise.all([
        post(room.id, { content: 'dup', clientId: 'twice' }),
        post(room.id, { content: 'dup', clientId: 'twice' }),
      ]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 201]);
      expect(answers[0].body.id).toBe(answers[1].body.id);
      expect(await storedIn(room.id)).toBe(1);
    });

    it('gives 100 concurrent sends the seqs 1..100 exactly', async () => {
      const room = await makeRoom(app, ana);
      await joinRoom(app, bob, room.id);
      const answers = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          post(room.id, { content: `m${i}` }, i % 2 ? bob : ana),
        ),
      );
      expect(answers.every((answer) => answer.status === 201)).toBe(true);
      const seqs = answers.map((answer) => answer.body.seq as number).sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
      const rows = await app.dataSource
        .getRepository(Message)
        .find({ where: { roomId: room.id }, order: { seq: 'ASC' } });
      expect(rows.map((row) => row.seq)).toEqual(seqs);
    });

    it.each([
      [{}, 'content'],
      [{ content: '' }, 'content'],
      [{ content: '   \n\t ' }, 'content'],
      [{ content: 'x'.repeat(4001) }, 'content'],
      [{ content: 42 }, 'content'],
      [{ content: ['a'] }, 'content'],
      [{ content: 'ok', clientId: '' }, 'clientId'],
      [{ content: 'ok', clientId: 'c'.repeat(65) }, 'clientId'],
      [{ content: 'ok', clientId: 7 }, 'clientId'],
      [{ content: 'ok', seq: 9 }, 'seq'],
    ])('refuses %j with 400 naming %s and stores nothing', async (body, field) => {
      const room = await makeRoom(app, ana);
      const response = await post(room.id, body).expect(400);
      expect(JSON.stringify(response.body.message)).toContain(field);
      expect(await storedIn(room.id)).toBe(0);
    });

    it('accepts exactly 4000 characters and keeps HTML as plain text', async () => {
      const room = await makeRoom(app, ana);
      await post(room.id, { content: 'y'.repeat(4000) }).expect(201);
      const xss = '<img src=x onerror=alert(1)>';
      expect((await post(room.id, { content: xss }).expect(201)).body.content).toBe(xss);
      const last = (await history(room.id, '?limit=1').expect(200)).body.messages[0];
      expect(last.content).toBe(xss);
    });

    it('refuses a non-member with 403, an unknown room with 404, a bad id with 400', async () => {
      const room = await makeRoom(app, ana);
      await post(room.id, { content: 'hi' }, bob).expect(403);
      await post(999999, { content: 'hi' }).expect(404);
      await post('0', { content: 'hi' }).expect(400);
      await post('abc', { content: 'hi' }).expect(400);
      expect(await storedIn(room.id)).toBe(0);
    });

    it('needs a token', async () => {
      await request(app.url).post('/api/rooms/1/messages').send({ content: 'hi' }).expect(401);
    });
  });

  describe('GET /api/rooms/{id}/messages', () => {
    let roomId: number;

    beforeAll(async () => {
      roomId = (await makeRoom(app, ana)).id;
      for (let i = 1; i <= 120; i++) await post(roomId, { content: `n${i}` }).expect(201);
    });

    const seqsOf = (body: { messages: { seq: number }[] }) =>
      body.messages.map((message) => message.seq);
    const range = (from: number, to: number) =>
      Array.from({ length: to - from + 1 }, (_, i) => from + i);

    it('answers the newest 50 ascending by default', async () => {
      const { body } = await history(roomId).expect(200);
      expect(seqsOf(body)).toEqual(range(71, 120));
      expect(body.hasMore).toBe(true);
    });

    it('pages backwards with before', async () => {
      const { body } = await history(roomId, '?before=71&limit=50').expect(200);
      expect(seqsOf(body)).toEqual(range(21, 70));
      expect(body.hasMore).toBe(true);
      const last = (await history(roomId, '?before=21&limit=50').expect(200)).body;
      expect(seqsOf(last)).toEqual(range(1, 20));
      expect(last.hasMore).toBe(false);
    });

    it('pages forwards with after, and between two cursors', async () => {
      const { body } = await history(roomId, '?after=100&limit=10').expect(200);
      expect(seqsOf(body)).toEqual(range(101, 110));
      expect(body.hasMore).toBe(true);
      const end = (await history(roomId, '?after=110&limit=100').expect(200)).body;
      expect(seqsOf(end)).toEqual(range(111, 120));
      expect(end.hasMore).toBe(false);
      expect(seqsOf((await history(roomId, '?after=5&before=9').expect(200)).body)).toEqual([
        6, 7, 8,
      ]);
    });

    it('lets non-members read a room, and answers an empty room', async () => {
      expect(seqsOf((await history(roomId, '?limit=1', bob).expect(200)).body)).toEqual([120]);
      const empty = await makeRoom(app, bob);
      expect((await history(empty.id, '', bob).expect(200)).body).toEqual({
        messages: [],
        hasMore: false,
      });
    });

    it.each([
      '?limit=100000',
      '?limit=0',
      '?limit=-5',
      '?limit=abc',
      '?before=-1',
      '?after=x',
      '?before=1.5',
      '?before=99999999999',
      '?after=2147483648',
      '?extra=1',
    ])('refuses %s with 400', async (query) => {
      const response = await history(roomId, query).expect(400);
      expect(response.body.error).toBe('Bad Request');
    });

    it('answers 404 for an unknown room', async () => {
      await history(999999).expect(404);
    });
  });
});
