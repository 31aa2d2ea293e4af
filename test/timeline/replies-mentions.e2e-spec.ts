import { jest } from '@jest/globals';

import type { TestApp } from '../support/create-app.js';
import { joinRoom, makeRoom, makeUser, TestUser } from '../support/factories.js';
import { connect, TestSocket } from '../support/ws-client.js';
import { authorOf, createTimelineApp, TimelineApi, timelineApi, userRef } from './timeline-api.js';

jest.setTimeout(30_000);

/** A UTF-16 surrogate that is not half of a pair. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const byId = (refs: { id: number }[]) => [...refs].sort((a, b) => a.id - b.id);

describe('replies (replyToId) and mentions', () => {
  let app: TestApp;
  let api: TimelineApi;
  let ana: TestUser;
  let bob: TestUser;
  let carl: TestUser;
  let dora: TestUser; // not a member until a test makes her one
  const open: TestSocket[] = [];

  beforeAll(async () => {
    app = await createTimelineApp();
    api = timelineApi(app);
    [ana, bob, carl, dora] = await Promise.all(
      ['ana', 'bob', 'carl', 'dora'].map((name) => makeUser(app, name)),
    );
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((socket) => socket.close()));
  });

  afterAll(() => app.close());

  /** A room of ana, bob and carl; ana's and carl's sockets are open in it. */
  async function setup() {
    const room = await makeRoom(app, ana);
    await Promise.all([joinRoom(app, bob, room.id), joinRoom(app, carl, room.id)]);
    const anaSocket = await connect(app, room.id, ana.accessToken);
    const carlSocket = await connect(app, room.id, carl.accessToken);
    open.push(anaSocket, carlSocket);
    return { room, anaSocket, carlSocket };
  }

  const countIn = async (roomId: number) =>
    (await api.history(ana, roomId).expect(200)).body.messages.length as number;

  describe('replyToId over REST', () => {
    it('answers replyTo { id, seq, author, excerpt } with the first 200 characters', async () => {
      const { room, carlSocket } = await setup();
      const long = 'q'.repeat(150) + 'r'.repeat(100);
      const parent = (await api.send(ana, room.id, long).expect(201)).body;
      const reply = await api
        .send(bob, room.id, { content: 'an answer', replyToId: parent.id })
        .expect(201);
      const replyTo = {
        id: parent.id,
        seq: parent.seq,
        author: authorOf(ana),
        excerpt: 'q'.repeat(150) + 'r'.repeat(50),
      };
      expect(reply.body.replyTo).toEqual(replyTo);
      expect(reply.body.content).toBe('an answer');
      const frames = await carlSocket.take('message', 2);
      expect(frames[1].message).toEqual(reply.body);
      expect((await api.get(carl, reply.body.id).expect(200)).body.replyTo).toEqual(replyTo);
    });

    it('keeps a short parent whole, and null replyToId means no reply', async () => {
      const { room } = await setup();
      const parent = (await api.send(carl, room.id, 'short one').expect(201)).body;
      const reply = (
        await api.send(ana, room.id, { content: 'yes', replyToId: parent.id }).expect(201)
      ).body;
      expect(reply.replyTo).toEqual({
        id: parent.id,
        seq: parent.seq,
        author: authorOf(carl),
        excerpt: 'short one',
      });
      const plain = (
        await api.send(ana, room.id, { content: 'no reply', replyToId: null }).expect(201)
      ).body;
      expect(plain.replyTo).toBeNull();
    });

    it('never cuts a character in two in the excerpt', async () => {
      const { room } = await setup();
      const content = 'a'.repeat(199) + '😀' + 'b'.repeat(10);
      const parent = (await api.send(ana, room.id, content).expect(201)).body;
      const reply = (
        await api.send(bob, room.id, { content: 'x', replyToId: parent.id }).expect(201)
      ).body;
      const excerpt: string = reply.replyTo.excerpt;
      expect(excerpt).not.toMatch(LONE_SURROGATE);
      expect(content.startsWith(excerpt)).toBe(true);
      expect([...excerpt].length).toBeLessThanOrEqual(200);
      expect(excerpt.length).toBeGreaterThanOrEqual(199);
    });

    it('shows the parent’s text as it is now after an edit', async () => {
      const { room } = await setup();
      const parent = (await api.send(ana, room.id, 'before the edit').expect(201)).body;
      const reply = (
        await api.send(bob, room.id, { content: 'hm', replyToId: parent.id }).expect(201)
      ).body;
      await api.edit(ana, parent.id, 'after the edit').expect(200);
      expect((await api.get(bob, reply.id).expect(200)).body.replyTo.excerpt).toBe(
        'after the edit',
      );
      const page = (await api.history(bob, room.id).expect(200)).body;
      expect(page.messages.find((m: { id: number }) => m.id === reply.id).replyTo.excerpt).toBe(
        'after the edit',
      );
    });

    it('refuses a replyToId in another room with 400 naming it, storing nothing', async () => {
      const { room, carlSocket } = await setup();
      const elsewhere = await makeRoom(app, ana);
      const foreign = (await api.send(ana, elsewhere.id, 'over there').expect(201)).body;
      const answer = await api
        .send(bob, room.id, { content: 'cross-room', replyToId: foreign.id })
        .expect(400);
      expect(JSON.stringify(answer.body.message)).toContain('replyToId');
      expect(await countIn(room.id)).toBe(0);
      await carlSocket.sync();
      expect(carlSocket.untaken('message')).toEqual([]);
    });

    it.each([
      ['an unknown id', 999999],
      ['zero', 0],
      ['a negative id', -4],
      ['a fraction', 1.5],
      ['a string', 'abc'],
    ])('refuses %s with 400 naming replyToId, storing nothing', async (_what, replyToId) => {
      const { room } = await setup();
      await api.send(ana, room.id, 'an existing message').expect(201);
      const answer = await api.send(bob, room.id, { content: 'x', replyToId }).expect(400);
      expect(JSON.stringify(answer.body.message)).toContain('replyToId');
      expect(await countIn(room.id)).toBe(1);
    });
  });

  describe('replyToId over the socket', () => {
    it('is delivered to every socket with replyTo; the sender knows it by clientId', async () => {
      const { room, anaSocket, carlSocket } = await setup();
      const parent = (await api.send(carl, room.id, 'socket parent').expect(201)).body;
      await Promise.all([anaSocket.next('message'), carlSocket.next('message')]);
      const bobSocket = await connect(app, room.id, bob.accessToken);
      open.push(bobSocket);
      bobSocket.send({
        type: 'message',
        content: ' over the socket ',
        clientId: 'ws-reply-1',
        replyToId: parent.id,
      });
      const frames = await Promise.all(
        [anaSocket, bobSocket, carlSocket].map((socket) => socket.next('message')),
      );
      for (const frame of frames) expect(frame).toEqual(frames[0]);
      expect(frames[0].message).toMatchObject({
        seq: parent.seq + 1,
        clientId: 'ws-reply-1',
        author: authorOf(bob),
        content: 'over the socket',
        replyTo: {
          id: parent.id,
          seq: parent.seq,
          author: authorOf(carl),
          excerpt: 'socket parent',
        },
        reactions: [],
        pinned: false,
        deletedAt: null,
      });
      const stored = (await api.get(ana, frames[0].message.id).expect(200)).body;
      expect(stored).toEqual(frames[0].message);
    });

    it.each([
      ['an unknown id', 999999],
      ['a string', 'abc'],
      ['zero', 0],
    ])(
      'answers %s with an invalid error carrying the clientId, storing nothing',
      async (_what, replyToId) => {
        const { room, anaSocket, carlSocket } = await setup();
        anaSocket.send({ type: 'message', content: 'bad reply', clientId: 'ws-bad', replyToId });
        const error = await anaSocket.next('error');
        expect(error).toMatchObject({ type: 'error', code: 'invalid', clientId: 'ws-bad' });
        expect(error.message).toContain('replyToId');
        await Promise.all([anaSocket.sync(), carlSocket.sync()]); // the socket stays open
        expect([...anaSocket.untaken('message'), ...carlSocket.untaken('message')]).toEqual([]);
        expect(await countIn(room.id)).toBe(0);
      },
    );

    it('refuses a reply to a message of another room with invalid and the clientId', async () => {
      const { room, anaSocket, carlSocket } = await setup();
      const elsewhere = await makeRoom(app, bob);
      const foreign = (await api.send(bob, elsewhere.id, 'not here').expect(201)).body;
      carlSocket.send({
        type: 'message',
        content: 'cross-room',
        clientId: 'ws-cross',
        replyToId: foreign.id,
      });
      const error = await carlSocket.next('error');
      expect(error).toMatchObject({ type: 'error', code: 'invalid', clientId: 'ws-cross' });
      expect(error.message).toContain('replyToId');
      await anaSocket.sync();
      expect(anaSocket.untaken('message')).toEqual([]);
      expect(await countIn(room.id)).toBe(0);
      // The same clientId still works for a valid frame afterwards (nothing was stored).
      carlSocket.send({ type: 'message', content: 'fine now', clientId: 'ws-cross' });
      expect((await anaSocket.next('message')).message.content).toBe('fine now');
    });
  });

  describe('mentions', () => {
    it('names the room’s members written as @username, case-insensitively, not others', async () => {
      const { room, carlSocket } = await setup();
      const sent = (
        await api
          .send(ana, room.id, 'hey @BOB and @Carl, not @dora nor @nobody; mail bob later')
          .expect(201)
      ).body;
      expect(byId(sent.mentions)).toEqual(byId([userRef(bob), userRef(carl)]));
      expect(sent.mentionsRoom).toBe(false);
      const frame = await carlSocket.next('message');
      expect(byId(frame.message.mentions)).toEqual(byId([userRef(bob), userRef(carl)]));
      expect(byId((await api.get(carl, sent.id).expect(200)).body.mentions)).toEqual(
        byId([userRef(bob), userRef(carl)]),
      );
    });

    it('tells apart names that share a prefix, and names with dots and dashes', async () => {
      const room = await makeRoom(app, ana);
      const [bobby, dotted] = await Promise.all([
        makeUser(app, 'bobby'),
        makeUser(app, 'jo.ann-b'),
      ]);
      await Promise.all([bob, bobby, dotted].map((user) => joinRoom(app, user, room.id)));
      const onlyBobby = (await api.send(ana, room.id, 'hi @bobby').expect(201)).body;
      expect(onlyBobby.mentions).toEqual([userRef(bobby)]);
      const onlyBob = (await api.send(ana, room.id, 'hi @bob, not bobby').expect(201)).body;
      expect(onlyBob.mentions).toEqual([userRef(bob)]);
      const dots = (await api.send(ana, room.id, 'ask @Jo.Ann-B about it').expect(201)).body;
      expect(dots.mentions).toEqual([userRef(dotted)]);
    });

    it('names each member once however often written', async () => {
      const { room } = await setup();
      const sent = (await api.send(ana, room.id, '@bob @bob @BOB!').expect(201)).body;
      expect(sent.mentions).toEqual([userRef(bob)]);
    });

    it.each([
      ['@room', true],
      ['@all', true],
      ['ping @room please', true],
      ['everyone @all!', true],
      ['no one at all', false],
      ['a roommate', false],
    ])('sets mentionsRoom for %j to %s', async (content, mentionsRoom) => {
      const { room } = await setup();
      const sent = (await api.send(bob, room.id, content).expect(201)).body;
      expect(sent.mentionsRoom).toBe(mentionsRoom);
      expect(sent.mentions).toEqual([]);
    });

    it('follows an edit: the answer and message.edited carry the new mentions', async () => {
      const { room, carlSocket } = await setup();
      const sent = (await api.send(bob, room.id, 'nobody yet').expect(201)).body;
      expect(sent.mentions).toEqual([]);
      await carlSocket.next('message');

      const edited = (await api.edit(bob, sent.id, 'now @ANA and @room').expect(200)).body;
      expect(edited.mentions).toEqual([userRef(ana)]);
      expect(edited.mentionsRoom).toBe(true);
      expect(await carlSocket.next('message.edited')).toEqual({
        type: 'message.edited',
        seq: sent.seq + 1,
        messageId: sent.id,
        content: 'now @ANA and @room',
        editedAt: edited.editedAt,
        mentions: [userRef(ana)],
      });

      const cleared = (await api.edit(bob, sent.id, 'never mind').expect(200)).body;
      expect(cleared.mentions).toEqual([]);
      expect(cleared.mentionsRoom).toBe(false);
      expect((await carlSocket.next('message.edited')).mentions).toEqual([]);
      expect((await api.get(ana, sent.id).expect(200)).body).toMatchObject({
        mentions: [],
        mentionsRoom: false,
      });
    });

    it('counts membership at the edit: a name that joined since becomes a mention', async () => {
      const room = await makeRoom(app, ana);
      const sent = (await api.send(ana, room.id, 'hello @dora').expect(201)).body;
      expect(sent.mentions).toEqual([]);
      await joinRoom(app, dora, room.id);
      const edited = (await api.edit(ana, sent.id, 'hello @dora!').expect(200)).body;
      expect(edited.mentions).toEqual([userRef(dora)]);
    });

    it('names members in messages sent over the socket too', async () => {
      const { anaSocket, carlSocket } = await setup();
      anaSocket.send({ type: 'message', content: 'hi @carl', clientId: 'ws-mention' });
      const frame = await carlSocket.next('message');
      expect(frame.message.mentions).toEqual([userRef(carl)]);
      expect(frame.message.mentionsRoom).toBe(false);
    });
  });
});
