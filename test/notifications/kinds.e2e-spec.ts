import { jest } from '@jest/globals';
import request from 'supertest';

import type { TestApp } from '../support/create-app.js';
import { joinRoom, makeUser, TestUser } from '../support/factories.js';
import {
  aboutMessage,
  actorOf,
  createNotificationsApp,
  ISO_TIME,
  kindsAbout,
  NotificationsApi,
  notificationsApi,
  roomWith,
} from './notifications-api.js';

jest.setTimeout(30_000);

/**
 * Which notification each person gets for a message: the four kinds, their precedence
 * (direct, mention, reply, room_mention: one per message and person), and who gets none.
 * Notifications are made in the message's transaction, so they are listed once the send
 * has answered.
 */
describe('notifications: kinds, precedence and who gets one', () => {
  let app: TestApp;
  let api: NotificationsApi;
  let ana: TestUser;
  let bob: TestUser;
  let carl: TestUser;
  let dora: TestUser; // never a member of the rooms of `roomWith(ana, [bob, carl])`

  beforeAll(async () => {
    app = await createNotificationsApp();
    api = notificationsApi(app);
    [ana, bob, carl, dora] = await Promise.all(
      ['ana', 'bob', 'carl', 'dora'].map((name) => makeUser(app, name)),
    );
  });

  afterAll(() => app.close());

  const room = () => roomWith(app, ana, [bob, carl]);
  const send = async (user: TestUser, roomId: number, body: object | string) =>
    (await api.send(user, roomId, body).expect(201)).body as { id: number; seq: number };

  describe('mention', () => {
    it('notifies the member named as @username, case-insensitively, with every field', async () => {
      const roomId = await room();
      const message = await send(bob, roomId, 'hey @ANA, look at this');
      const [notification, ...others] = await aboutMessage(api, ana, message.id);
      expect(others).toEqual([]);
      expect(notification).toEqual({
        id: expect.any(Number),
        kind: 'mention',
        roomId,
        messageId: message.id,
        seq: message.seq,
        actor: actorOf(bob),
        excerpt: 'hey @ANA, look at this',
        createdAt: expect.stringMatching(ISO_TIME),
        readAt: null,
      });
      expect(Number.isInteger(notification.id) && notification.id > 0).toBe(true);
      // Nobody else was named: carl and the author get nothing.
      expect(await kindsAbout(api, [bob, carl], message.id)).toEqual([[], []]);
    });

    it('notifies each member named, once however often the name is written', async () => {
      const roomId = await room();
      const message = await send(ana, roomId, '@bob @Bob @BOB and @carl!');
      expect(await kindsAbout(api, [ana, bob, carl], message.id)).toEqual([
        [],
        ['mention'],
        ['mention'],
      ]);
    });

    it('makes none for a name that is no member, nor for the author naming themself', async () => {
      const roomId = await room();
      const message = await send(ana, roomId, 'only @dora and @ana and @nobody here');
      expect(await kindsAbout(api, [ana, bob, carl, dora], message.id)).toEqual([[], [], [], []]);
    });

    it('notifies a member named after many names that are nobody’s', async () => {
      const roomId = await room();
      const strangers = Array.from({ length: 60 }, (_, index) => `@stranger${index}`).join(' ');
      const message = await send(ana, roomId, `${strangers} and finally @bob`);
      expect(await kindsAbout(api, [bob, carl], message.id)).toEqual([['mention'], []]);
    });

    it('makes none for a member who left before the message', async () => {
      const roomId = await room();
      await api.leave(carl, roomId).expect(204);
      const message = await send(ana, roomId, '@carl @bob are you there?');
      expect(await kindsAbout(api, [bob, carl], message.id)).toEqual([['mention'], []]);
    });

    it('cuts the excerpt to the message’s first 200 characters', async () => {
      const roomId = await room();
      const content = '@bob ' + 'x'.repeat(195) + 'y'.repeat(100);
      const message = await send(ana, roomId, content);
      const [notification] = await aboutMessage(api, bob, message.id);
      expect(notification.excerpt).toBe(content.slice(0, 200));
    });

    it('names the actor with their display name', async () => {
      const roomId = await room();
      const erin = await makeUser(app, 'erin');
      await joinRoom(app, erin, roomId);
      await request(app.url)
        .put(`/api/users/${erin.id}/profile`)
        .set('Authorization', erin.auth)
        .send({ displayName: 'Erin Ó Briain' })
        .expect(200);
      const message = await send(erin, roomId, '@bob hi from erin');
      const [notification] = await aboutMessage(api, bob, message.id);
      expect(notification.actor).toEqual({
        id: erin.id,
        username: 'erin',
        displayName: 'Erin Ó Briain',
      });
    });

    it('keeps a short message whole in the excerpt, as stored (trimmed)', async () => {
      const roomId = await room();
      const message = await send(ana, roomId, '   @carl short   ');
      const [notification] = await aboutMessage(api, carl, message.id);
      expect(notification.excerpt).toBe('@carl short');
    });
  });

  describe('room_mention', () => {
    it.each(['@room', '@all'])('notifies every member but the author for %s', async (word) => {
      const roomId = await room();
      const message = await send(bob, roomId, `${word} meeting at noon`);
      expect(await kindsAbout(api, [ana, bob, carl, dora], message.id)).toEqual([
        ['room_mention'],
        [],
        ['room_mention'],
        [],
      ]);
      const [notification] = await aboutMessage(api, carl, message.id);
      expect(notification).toMatchObject({
        kind: 'room_mention',
        roomId,
        messageId: message.id,
        seq: message.seq,
        actor: actorOf(bob),
        excerpt: `${word} meeting at noon`,
        readAt: null,
      });
    });

    it('reaches only those who are members when it is sent', async () => {
      const roomId = await room();
      await api.leave(carl, roomId).expect(204);
      const message = await send(ana, roomId, '@all hello');
      await joinRoom(app, dora, roomId); // joining later does not bring old notifications
      expect(await kindsAbout(api, [bob, carl, dora], message.id)).toEqual([
        ['room_mention'],
        [],
        [],
      ]);
    });
  });

  describe('reply', () => {
    it('notifies the author of the message answered', async () => {
      const roomId = await room();
      const parent = await send(ana, roomId, 'a question');
      const reply = await send(bob, roomId, { content: 'an answer', replyToId: parent.id });
      expect(await kindsAbout(api, [ana, bob, carl], reply.id)).toEqual([['reply'], [], []]);
      const [notification] = await aboutMessage(api, ana, reply.id);
      expect(notification).toMatchObject({
        kind: 'reply',
        roomId,
        messageId: reply.id,
        seq: reply.seq,
        actor: actorOf(bob),
        excerpt: 'an answer',
        readAt: null,
      });
      // The parent itself made nothing.
      expect(await kindsAbout(api, [ana, bob, carl], parent.id)).toEqual([[], [], []]);
    });

    it('makes none for a reply to your own message', async () => {
      const roomId = await room();
      const parent = await send(ana, roomId, 'thinking aloud');
      const reply = await send(ana, roomId, { content: 'and more', replyToId: parent.id });
      expect(await kindsAbout(api, [ana, bob, carl], reply.id)).toEqual([[], [], []]);
    });

    it('makes none when the author answered left the room', async () => {
      const roomId = await room();
      const parent = await send(carl, roomId, 'bye soon');
      await api.leave(carl, roomId).expect(204);
      const reply = await send(bob, roomId, { content: 'see you', replyToId: parent.id });
      expect(await kindsAbout(api, [ana, carl], reply.id)).toEqual([[], []]);
    });
  });

  describe('direct', () => {
    it('notifies every other member of a direct room of every message', async () => {
      const created = await api.dm(ana, [bob, carl]).expect(201);
      expect(created.body).toMatchObject({ kind: 'direct', notifyLevel: 'all' });
      const roomId = created.body.id as number;
      const first = await send(ana, roomId, 'plain words, no names');
      expect(await kindsAbout(api, [ana, bob, carl], first.id)).toEqual([
        [],
        ['direct'],
        ['direct'],
      ]);
      const second = await send(carl, roomId, 'me too');
      expect(await kindsAbout(api, [ana, bob, carl], second.id)).toEqual([
        ['direct'],
        ['direct'],
        [],
      ]);
      const [notification] = await aboutMessage(api, bob, second.id);
      expect(notification).toEqual({
        id: expect.any(Number),
        kind: 'direct',
        roomId,
        messageId: second.id,
        seq: second.seq,
        actor: actorOf(carl),
        excerpt: 'me too',
        createdAt: expect.stringMatching(ISO_TIME),
        readAt: null,
      });
    });

    it('gives the direct room the level `all` by default, and other rooms `mentions`', async () => {
      const direct = (await api.dm(bob, [dora]).expect(201)).body;
      for (const user of [bob, dora]) {
        expect((await api.room(user, direct.id).expect(200)).body.notifyLevel).toBe('all');
      }
      const roomId = await room();
      expect((await api.room(bob, roomId).expect(200)).body.notifyLevel).toBe('mentions');
    });
  });

  describe('precedence: one notification per message and person, the first kind that applies', () => {
    it('makes one `direct` for a direct message that also mentions and replies', async () => {
      const roomId = (await api.dm(dora, [ana, carl]).expect(201)).body.id as number;
      const parent = await send(ana, roomId, 'what do you think?');
      const reply = await send(dora, roomId, {
        content: '@ana @carl @room I agree',
        replyToId: parent.id,
      });
      expect(await kindsAbout(api, [ana, carl, dora], reply.id)).toEqual([
        ['direct'],
        ['direct'],
        [],
      ]);
    });

    it('makes one `mention` for a reply that also names the author answered', async () => {
      const roomId = await room();
      const parent = await send(ana, roomId, 'who is in?');
      const reply = await send(bob, roomId, { content: '@ana me, and @ana', replyToId: parent.id });
      expect(await kindsAbout(api, [ana, bob, carl], reply.id)).toEqual([['mention'], [], []]);
    });

    it('makes `reply` for the author answered and `room_mention` for the others of a reply with @room', async () => {
      const roomId = await room();
      const parent = await send(ana, roomId, 'the plan');
      const reply = await send(bob, roomId, { content: '@room read this', replyToId: parent.id });
      expect(await kindsAbout(api, [ana, bob, carl], reply.id)).toEqual([
        ['reply'],
        [],
        ['room_mention'],
      ]);
    });

    it('makes `mention` for the named and `room_mention` for the others of @all with a name', async () => {
      const roomId = await room();
      const message = await send(carl, roomId, '@all and especially @bob');
      expect(await kindsAbout(api, [ana, bob, carl], message.id)).toEqual([
        ['room_mention'],
        ['mention'],
        [],
      ]);
    });
  });

  describe('notify levels', () => {
    it('answers PUT /notify with the level, and the room shows it', async () => {
      const roomId = await room();
      for (const level of ['none', 'all', 'mentions'] as const) {
        expect((await api.notify(bob, roomId, level).expect(200)).body).toEqual({ level });
        expect((await api.room(bob, roomId).expect(200)).body.notifyLevel).toBe(level);
      }
      // Per person: carl still has the default.
      expect((await api.room(carl, roomId).expect(200)).body.notifyLevel).toBe('mentions');
    });

    it('makes none of any kind in a room whose level is `none`', async () => {
      const roomId = await room();
      await api.notify(bob, roomId, 'none').expect(200);
      const parent = await send(bob, roomId, 'my message');
      const mention = await send(ana, roomId, '@bob hello');
      const everyone = await send(ana, roomId, '@room hello');
      const reply = await send(carl, roomId, { content: 'answer', replyToId: parent.id });
      expect(await kindsAbout(api, [bob], mention.id)).toEqual([[]]);
      expect(await kindsAbout(api, [bob, carl], everyone.id)).toEqual([[], ['room_mention']]);
      expect(await kindsAbout(api, [bob], reply.id)).toEqual([[]]);
      // Back to `mentions`: notified again.
      await api.notify(bob, roomId, 'mentions').expect(200);
      const again = await send(ana, roomId, '@bob hello again');
      expect(await kindsAbout(api, [bob], again.id)).toEqual([['mention']]);
    });

    it('makes none in a direct room muted with `none`', async () => {
      const roomId = (await api.dm(carl, [dora]).expect(201)).body.id as number;
      await api.notify(dora, roomId, 'none').expect(200);
      const message = await send(carl, roomId, 'are you there @dora?');
      expect(await kindsAbout(api, [dora], message.id)).toEqual([[]]);
      const back = await send(dora, roomId, 'yes');
      expect(await kindsAbout(api, [carl], back.id)).toEqual([['direct']]);
    });

    it('notifies alike at `all` and `mentions`, and neither for a message that names nobody', async () => {
      const roomId = await room();
      await api.notify(bob, roomId, 'all').expect(200);
      const named = await send(ana, roomId, '@bob @carl hi');
      expect(await kindsAbout(api, [bob, carl], named.id)).toEqual([['mention'], ['mention']]);
      const everyone = await send(ana, roomId, '@all hi');
      expect(await kindsAbout(api, [bob, carl], everyone.id)).toEqual([
        ['room_mention'],
        ['room_mention'],
      ]);
      const plain = await send(ana, roomId, 'just talking');
      expect(await kindsAbout(api, [bob, carl], plain.id)).toEqual([[], []]);
    });

    it('still makes `direct` in a direct room set to `mentions` (only `none` mutes)', async () => {
      const roomId = (await api.dm(ana, [dora]).expect(201)).body.id as number;
      await api.notify(dora, roomId, 'mentions').expect(200);
      const message = await send(ana, roomId, 'no names at all');
      expect(await kindsAbout(api, [dora], message.id)).toEqual([['direct']]);
    });

    it('refuses an unknown level with 400 naming `level`', async () => {
      const roomId = await room();
      for (const level of ['loud', '', 'ALL']) {
        const answer = await api.notify(bob, roomId, level).expect(400);
        expect(JSON.stringify(answer.body.message)).toContain('level');
      }
      expect((await api.room(bob, roomId).expect(200)).body.notifyLevel).toBe('mentions');
    });
  });
});
