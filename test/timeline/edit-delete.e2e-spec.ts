import { jest } from '@jest/globals';
import request from 'supertest';

import type { TestApp } from '../support/create-app.js';
import { joinRoom, makeRoom, makeUser, TestUser } from '../support/factories.js';
import { connect, TestSocket } from '../support/ws-client.js';
import {
  authorOf,
  createTimelineApp,
  ISO_TIME,
  TimelineApi,
  timelineApi,
  userRef,
} from './timeline-api.js';

jest.setTimeout(30_000);

describe('GET|PATCH|DELETE /api/messages/{id}', () => {
  let app: TestApp;
  let api: TimelineApi;
  let ana: TestUser;
  let bob: TestUser;
  let carl: TestUser;
  let dora: TestUser; // never a member of the rooms made here
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

  /** A room made by ana, with bob and carl; carl's socket watches it. */
  async function setup() {
    const room = await makeRoom(app, ana);
    await Promise.all([joinRoom(app, bob, room.id), joinRoom(app, carl, room.id)]);
    const watcher = await connect(app, room.id, carl.accessToken);
    open.push(watcher);
    await watcher.settle();
    return { room, watcher };
  }

  async function lastSeqOf(roomId: number): Promise<number> {
    const socket = await connect(app, roomId, ana.accessToken);
    const ready = socket.frames[0];
    await socket.close();
    return ready.lastSeq as number;
  }

  describe('GET /api/messages/{id}', () => {
    it('answers the message with every field of part 2, as POST and the live frame had it', async () => {
      const { room, watcher } = await setup();
      const sent = await api.send(bob, room.id, { content: '  plain  ', clientId: 'g-1' });
      expect(sent.status).toBe(201);
      const expected = {
        id: expect.any(Number),
        roomId: room.id,
        seq: 1,
        clientId: 'g-1',
        author: authorOf(bob),
        content: 'plain',
        createdAt: expect.stringMatching(ISO_TIME),
        editedAt: null,
        deletedAt: null,
        replyTo: null,
        mentions: [],
        mentionsRoom: false,
        reactions: [],
        attachments: [],
        pinned: false,
      };
      expect(sent.body).toEqual(expected);
      expect((await watcher.next('message')).message).toEqual(sent.body);
      expect((await api.get(ana, sent.body.id).expect(200)).body).toEqual(sent.body);
      expect((await api.get(bob, sent.body.id).expect(200)).body).toEqual(sent.body);
    });

    it('answers 404 for an unknown id, 400 for a bad one, 401 without a token', async () => {
      await api.get(ana, 999999).expect(404);
      await api.get(ana, 2 ** 31 - 1).expect(404);
      const bad = ['abc', '0', '-1', '1.5', String(2 ** 31)];
      const statuses = [];
      for (const id of bad) statuses.push([id, (await api.get(ana, id)).status]);
      expect(statuses).toEqual(bad.map((id) => [id, 400]));
      await request(app.url).get('/api/messages/1').expect(401);
    });
  });

  describe('PATCH /api/messages/{id}', () => {
    it('lets the author change the text: 200, trimmed, editedAt set, one message.edited', async () => {
      const { room, watcher } = await setup();
      const author = await connect(app, room.id, bob.accessToken);
      open.push(author);
      const original = (await api.send(bob, room.id, 'frist').expect(201)).body;
      await Promise.all([watcher.next('message'), author.next('message')]);

      const edited = await api.edit(bob, original.id, '  first  ').expect(200);
      expect(edited.body).toEqual({
        ...original,
        content: 'first',
        editedAt: expect.stringMatching(ISO_TIME),
      });
      expect(Date.parse(edited.body.editedAt)).toBeGreaterThanOrEqual(
        Date.parse(original.createdAt),
      );
      const frame = {
        type: 'message.edited',
        seq: original.seq + 1,
        messageId: original.id,
        content: 'first',
        editedAt: edited.body.editedAt,
        mentions: [],
      };
      expect(await watcher.next('message.edited')).toEqual(frame);
      expect(await author.next('message.edited')).toEqual(frame);

      // The message keeps its seq; GET and history show the new text.
      expect((await api.get(ana, original.id).expect(200)).body).toEqual(edited.body);
      const page = (await api.history(ana, room.id).expect(200)).body;
      expect(page.messages).toEqual([edited.body]);
      expect(await lastSeqOf(room.id)).toBe(original.seq + 1);
    });

    it('answers 200 to the same content, publishing nothing and changing nothing', async () => {
      const { room, watcher } = await setup();
      const original = (await api.send(bob, room.id, 'unchanged').expect(201)).body;
      await watcher.next('message');
      const same = await api.edit(bob, original.id, 'unchanged').expect(200);
      expect(same.body).toEqual(original);
      // The same once trimmed, as every content is.
      const padded = await api.edit(bob, original.id, '  unchanged \n').expect(200);
      expect(padded.body).toEqual(original);
      await watcher.sync();
      expect(watcher.untaken('message.edited')).toEqual([]);
      expect(await lastSeqOf(room.id)).toBe(original.seq);
    });

    it('publishes each real edit with its own seq', async () => {
      const { room, watcher } = await setup();
      const original = (await api.send(bob, room.id, 'v1').expect(201)).body;
      await api.edit(bob, original.id, 'v2').expect(200);
      await api.edit(bob, original.id, 'v3').expect(200);
      const frames = await watcher.take('message.edited', 2);
      expect(frames.map((frame) => [frame.seq, frame.content])).toEqual([
        [original.seq + 1, 'v2'],
        [original.seq + 2, 'v3'],
      ]);
      expect((await api.send(ana, room.id, 'next').expect(201)).body.seq).toBe(original.seq + 3);
    });

    it('refuses anyone but the author with 403 and changes nothing', async () => {
      const { room, watcher } = await setup();
      const original = (await api.send(bob, room.id, 'mine').expect(201)).body;
      await api.edit(carl, original.id, 'hijacked').expect(403);
      // The room's creator is not the author either (room roles come later).
      await api.edit(ana, original.id, 'hijacked').expect(403);
      await watcher.sync();
      expect(watcher.untaken('message.edited')).toEqual([]);
      expect((await api.get(bob, original.id).expect(200)).body).toEqual(original);
    });

    it.each([
      [{ content: '' }, 'content'],
      [{ content: '  \n\t ' }, 'content'],
      [{ content: 'x'.repeat(4001) }, 'content'],
      [{ content: 42 }, 'content'],
      [{}, 'content'],
      [{ content: 'ok', seq: 7 }, 'seq'],
    ])('refuses %j with 400 naming %s and changes nothing', async (body, field) => {
      const { room, watcher } = await setup();
      const original = (await api.send(bob, room.id, 'keep me').expect(201)).body;
      const answer = await api.edit(bob, original.id, body).expect(400);
      expect(JSON.stringify(answer.body.message)).toContain(field);
      await watcher.sync();
      expect(watcher.untaken('message.edited')).toEqual([]);
      expect((await api.get(bob, original.id).expect(200)).body).toEqual(original);
    });

    it('accepts exactly 4000 characters', async () => {
      const { room } = await setup();
      const original = (await api.send(bob, room.id, 'short').expect(201)).body;
      const long = 'y'.repeat(4000);
      expect((await api.edit(bob, original.id, long).expect(200)).body.content).toBe(long);
    });

    it('refuses an edit of a deleted message with 409; the tombstone stays empty', async () => {
      const { room, watcher } = await setup();
      const original = (await api.send(bob, room.id, 'soon gone').expect(201)).body;
      await api.remove(bob, original.id).expect(204);
      await watcher.next('message.deleted');
      await api.edit(bob, original.id, 'back from the dead').expect(409);
      await watcher.sync();
      expect(watcher.untaken('message.edited')).toEqual([]);
      expect((await api.get(bob, original.id).expect(200)).body.content).toBe('');
    });

    it('answers 404 for an unknown message, 400 for a bad id, 401 without a token', async () => {
      await api.edit(ana, 999999, 'x').expect(404);
      await api.edit(ana, 'abc', 'x').expect(400);
      await api.edit(ana, '0', 'x').expect(400);
      await request(app.url).patch('/api/messages/1').send({ content: 'x' }).expect(401);
    });
  });

  describe('DELETE /api/messages/{id}', () => {
    it('lets the author delete: 204, one message.deleted, a tombstone in GET and history', async () => {
      const { room, watcher } = await setup();
      const before = (await api.send(ana, room.id, 'before').expect(201)).body;
      const original = (await api.send(bob, room.id, 'regret @carl @room').expect(201)).body;
      expect(original.mentions).toEqual([userRef(carl)]);
      expect(original.mentionsRoom).toBe(true);
      await watcher.take('message', 2);

      const answer = await api.remove(bob, original.id).expect(204);
      expect(answer.text).toBe('');
      expect(await watcher.next('message.deleted')).toEqual({
        type: 'message.deleted',
        seq: original.seq + 1,
        messageId: original.id,
      });
      const tombstone = {
        ...original,
        content: '',
        deletedAt: expect.stringMatching(ISO_TIME),
        reactions: [],
        mentions: [],
        mentionsRoom: false,
        attachments: [],
        pinned: false,
      };
      // What editedAt a tombstone has is not in the contract: only that the field is there.
      const shown = (await api.get(carl, original.id).expect(200)).body;
      expect(shown).toHaveProperty('editedAt');
      expect(shown).toEqual({ ...tombstone, editedAt: shown.editedAt });
      const page = (await api.history(carl, room.id).expect(200)).body;
      expect(page.messages.map((m: { seq: number }) => m.seq)).toEqual([before.seq, original.seq]);
      expect(page.messages[1]).toEqual(shown);
      expect(await lastSeqOf(room.id)).toBe(original.seq + 1);
    });

    it('answers 204 again for a deleted message and publishes nothing more', async () => {
      const { room, watcher } = await setup();
      const original = (await api.send(bob, room.id, 'twice').expect(201)).body;
      await api.remove(bob, original.id).expect(204);
      await api.remove(bob, original.id).expect(204);
      await watcher.next('message.deleted');
      await watcher.sync();
      expect(watcher.untaken('message.deleted')).toEqual([]);
      expect(await lastSeqOf(room.id)).toBe(original.seq + 1);
    });

    it('publishes message.deleted once when the author deletes twice concurrently', async () => {
      const { room, watcher } = await setup();
      const original = (await api.send(bob, room.id, 'race').expect(201)).body;
      const answers = await Promise.all(
        Array.from({ length: 3 }, () => api.remove(bob, original.id)),
      );
      expect(answers.map((answer) => answer.status)).toEqual([204, 204, 204]);
      await watcher.next('message.deleted');
      await watcher.sync();
      expect(watcher.untaken('message.deleted')).toEqual([]);
      expect(await lastSeqOf(room.id)).toBe(original.seq + 1);
      // Nothing took a seq it did not publish: the next message follows at once.
      expect((await api.send(ana, room.id, 'next').expect(201)).body.seq).toBe(original.seq + 2);
    });

    it('never publishes an edit after the deletion when both race', async () => {
      const { room, watcher } = await setup();
      const original = (await api.send(bob, room.id, 'racing').expect(201)).body;
      await watcher.next('message');
      const answers = await Promise.all([
        api.edit(bob, original.id, 'edit 1'),
        api.edit(bob, original.id, 'edit 2'),
        api.remove(bob, original.id),
        api.edit(bob, original.id, 'edit 3'),
      ]);
      expect(answers[2].status).toBe(204);
      for (const answer of [answers[0], answers[1], answers[3]]) {
        expect([200, 409]).toContain(answer.status);
      }
      const lastSeq = await lastSeqOf(room.id);
      await watcher.sync();
      const edits = watcher.untaken('message.edited');
      const deletions = watcher.untaken('message.deleted');
      expect(deletions).toHaveLength(1);
      expect(edits).toHaveLength(answers.filter((answer) => answer.status === 200).length);
      for (const edit of edits) expect(edit.seq).toBeLessThan(deletions[0].seq);
      expect(lastSeq).toBe(original.seq + edits.length + 1);
      expect((await api.get(bob, original.id).expect(200)).body).toMatchObject({
        content: '',
        deletedAt: expect.any(String),
      });
    });

    it('refuses anyone but the author with 403 (a member, a non-member) and keeps it', async () => {
      const { room, watcher } = await setup();
      const original = (await api.send(bob, room.id, 'keep').expect(201)).body;
      await api.remove(carl, original.id).expect(403);
      await api.remove(dora, original.id).expect(403);
      await watcher.sync();
      expect(watcher.untaken('message.deleted')).toEqual([]);
      expect((await api.get(bob, original.id).expect(200)).body).toEqual(original);
    });

    it('answers 404 for an unknown message, 400 for a bad id, 401 without a token', async () => {
      await api.remove(ana, 999999).expect(404);
      await api.remove(ana, 'abc').expect(400);
      await api.remove(ana, '-2').expect(400);
      await request(app.url).delete('/api/messages/1').expect(401);
    });

    it('empties everything of the tombstone but replyTo; a reply to it shows excerpt ""', async () => {
      const { room, watcher } = await setup();
      const parent = (await api.send(ana, room.id, 'the question').expect(201)).body;
      const child = (
        await api
          .send(bob, room.id, { content: '@ana @carl @all the answer', replyToId: parent.id })
          .expect(201)
      ).body;
      expect(child.mentionsRoom).toBe(true);
      await api.react(carl, child.id, '👍').expect(200);
      await api.pin(carl, child.id).expect(200);
      await api.edit(bob, child.id, '@ana @carl @all the answer, edited').expect(200);

      await api.remove(bob, child.id).expect(204);
      const tombstone = (await api.get(ana, child.id).expect(200)).body;
      expect(tombstone).toMatchObject({
        id: child.id,
        seq: child.seq,
        content: '',
        deletedAt: expect.stringMatching(ISO_TIME),
        reactions: [],
        mentions: [],
        mentionsRoom: false,
        attachments: [],
        pinned: false,
        replyTo: { id: parent.id, seq: parent.seq, author: authorOf(ana), excerpt: 'the question' },
      });
      expect((await api.pins(ana, room.id).expect(200)).body).toEqual([]);

      // The reply's parent deleted: the reply keeps who and where, not what.
      const grandchild = (
        await api.send(carl, room.id, { content: 'late', replyToId: parent.id }).expect(201)
      ).body;
      await api.remove(ana, parent.id).expect(204);
      for (const reply of [child, grandchild]) {
        expect((await api.get(carl, reply.id).expect(200)).body.replyTo).toEqual({
          id: parent.id,
          seq: parent.seq,
          author: authorOf(ana),
          excerpt: '',
        });
      }
      await watcher.sync();
      expect(watcher.untaken('message.deleted').map((frame) => frame.messageId)).toEqual([
        child.id,
        parent.id,
      ]);
    });
  });
});
