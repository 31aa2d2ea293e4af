import { jest } from '@jest/globals';
import request from 'supertest';

import type { TestApp } from '../support/create-app.js';
import { joinRoom, makeRoom, makeUser, TestUser } from '../support/factories.js';
import { connect, TestSocket } from '../support/ws-client.js';
import { createTimelineApp, TimelineApi, timelineApi, userRef } from './timeline-api.js';

jest.setTimeout(30_000);

describe('reactions: PUT|DELETE /api/messages/{id}/reactions/{emoji}', () => {
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

  /** A room of ana, bob and carl with one message of ana's; bob's socket is open in it. */
  async function setup() {
    const room = await makeRoom(app, ana);
    await Promise.all([joinRoom(app, bob, room.id), joinRoom(app, carl, room.id)]);
    const message = (await api.send(ana, room.id, 'react to me').expect(201)).body;
    const watcher = await connect(app, room.id, bob.accessToken);
    open.push(watcher);
    await watcher.settle();
    return { room, message, watcher };
  }

  /** The room's last event as a fresh socket's ready says it. */
  async function lastSeqOf(roomId: number): Promise<number> {
    const socket = await connect(app, roomId, carl.accessToken);
    const ready = socket.frames[0];
    await socket.close();
    return ready.lastSeq as number;
  }

  it('adds the caller’s reaction and sends one reaction frame with the next seq', async () => {
    const { room, message, watcher } = await setup();
    const sender = await connect(app, room.id, ana.accessToken);
    open.push(sender);
    const answer = await api.react(ana, message.id, '👍').expect(200);
    expect(answer.body).toEqual({ emoji: '👍', count: 1, me: true });
    const expected = {
      type: 'reaction',
      seq: message.seq + 1,
      messageId: message.id,
      emoji: '👍',
      user: userRef(ana),
      added: true,
      count: 1,
    };
    expect(await watcher.next('reaction')).toEqual(expected);
    expect(await sender.next('reaction')).toEqual(expected); // the reactor's own sockets too
    expect(await lastSeqOf(room.id)).toBe(message.seq + 1);
    // The next message takes the seq after the reaction's.
    expect((await api.send(bob, room.id, 'after').expect(201)).body.seq).toBe(message.seq + 2);
  });

  it('is idempotent: a second PUT answers count 1 and publishes nothing', async () => {
    const { room, message, watcher } = await setup();
    await api.react(bob, message.id, '🎉').expect(200);
    const again = await api.react(bob, message.id, '🎉').expect(200);
    expect(again.body).toEqual({ emoji: '🎉', count: 1, me: true });
    await watcher.sync();
    expect(watcher.untaken('reaction')).toHaveLength(1);
    expect(await lastSeqOf(room.id)).toBe(message.seq + 1);
    const shown = (await api.get(bob, message.id).expect(200)).body;
    expect(shown.reactions).toEqual([{ emoji: '🎉', count: 1, me: true }]);
  });

  it('stores two concurrent PUTs of the same reaction by one user once: one event', async () => {
    const { room, message, watcher } = await setup();
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => api.react(carl, message.id, '🔥')),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ emoji: '🔥', count: 1, me: true });
    }
    await watcher.sync();
    expect(watcher.untaken('reaction')).toEqual([
      {
        type: 'reaction',
        seq: message.seq + 1,
        messageId: message.id,
        emoji: '🔥',
        user: userRef(carl),
        added: true,
        count: 1,
      },
    ]);
    expect(await lastSeqOf(room.id)).toBe(message.seq + 1);
    const shown = (await api.get(carl, message.id).expect(200)).body;
    expect(shown.reactions).toEqual([{ emoji: '🔥', count: 1, me: true }]);
  });

  it('counts concurrent reactions of different users, each event with its own seq', async () => {
    const { room, message, watcher } = await setup();
    const answers = await Promise.all(
      [ana, bob, carl].map((user) => api.react(user, message.id, '❤️')),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    // Each answer counts what was stored when it answered: at least its own, at most all.
    const counts = answers.map((answer) => answer.body.count as number);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...counts)).toBe(3);
    const frames = await watcher.take('reaction', 3);
    expect(frames.map((frame) => frame.seq)).toEqual([1, 2, 3].map((n) => message.seq + n));
    // Each frame carries the emoji's count after its event.
    expect(frames.map((frame) => frame.count)).toEqual([1, 2, 3]);
    expect(frames.map((frame) => frame.user.id).sort()).toEqual([ana.id, bob.id, carl.id].sort());
    expect(await lastSeqOf(room.id)).toBe(message.seq + 3);
    const shown = (await api.get(ana, message.id).expect(200)).body;
    expect(shown.reactions).toEqual([{ emoji: '❤️', count: 3, me: true }]);
  });

  it('lists reactions in order of first use, with `me` for the caller', async () => {
    const { room, message } = await setup();
    await api.react(ana, message.id, '👍').expect(200);
    await api.react(bob, message.id, '😂').expect(200);
    await api.react(carl, message.id, '👍').expect(200);
    await api.react(bob, message.id, '👍').expect(200);
    await api.react(carl, message.id, '🚀').expect(200);
    const as = async (user: TestUser) => (await api.get(user, message.id).expect(200)).body;
    expect((await as(ana)).reactions).toEqual([
      { emoji: '👍', count: 3, me: true },
      { emoji: '😂', count: 1, me: false },
      { emoji: '🚀', count: 1, me: false },
    ]);
    expect((await as(bob)).reactions).toEqual([
      { emoji: '👍', count: 3, me: true },
      { emoji: '😂', count: 1, me: true },
      { emoji: '🚀', count: 1, me: false },
    ]);
    // History answers carry them the same way.
    const page = (await api.history(carl, room.id).expect(200)).body;
    const inHistory = page.messages.find((m: { id: number }) => m.id === message.id);
    expect(inHistory.reactions).toEqual([
      { emoji: '👍', count: 3, me: true },
      { emoji: '😂', count: 1, me: false },
      { emoji: '🚀', count: 1, me: true },
    ]);
  });

  it('DELETE removes the caller’s reaction with one event; the last one empties the list', async () => {
    const { room, message, watcher } = await setup();
    await api.react(ana, message.id, '👀').expect(200);
    await api.react(bob, message.id, '👀').expect(200);
    await watcher.take('reaction', 2);
    const removed = await api.unreact(bob, message.id, '👀').expect(200);
    expect(removed.body).toEqual({ emoji: '👀', count: 1, me: false });
    expect(await watcher.next('reaction')).toEqual({
      type: 'reaction',
      seq: message.seq + 3,
      messageId: message.id,
      emoji: '👀',
      user: userRef(bob),
      added: false,
      count: 1,
    });
    expect((await api.get(bob, message.id).expect(200)).body.reactions).toEqual([
      { emoji: '👀', count: 1, me: false },
    ]);
    await api.unreact(ana, message.id, '👀').expect(200);
    expect((await watcher.next('reaction')).added).toBe(false);
    expect((await api.get(ana, message.id).expect(200)).body.reactions).toEqual([]);
    expect(await lastSeqOf(room.id)).toBe(message.seq + 4);
  });

  it('DELETE of a reaction the caller does not have: 200 {count, me:false}, no event', async () => {
    const { room, message, watcher } = await setup();
    await api.react(ana, message.id, '👍').expect(200);
    await watcher.next('reaction');
    const none = await api.unreact(bob, message.id, '👍').expect(200);
    expect(none.body).toEqual({ emoji: '👍', count: 1, me: false });
    const never = await api.unreact(bob, message.id, '🙈').expect(200);
    expect(never.body).toEqual({ emoji: '🙈', count: 0, me: false });
    await watcher.sync();
    expect(watcher.untaken('reaction')).toEqual([]);
    expect(await lastSeqOf(room.id)).toBe(message.seq + 1);
  });

  it('publishes one removal when the same reaction is deleted twice concurrently', async () => {
    const { room, message, watcher } = await setup();
    await api.react(bob, message.id, '✅').expect(200);
    await watcher.next('reaction');
    const answers = await Promise.all([
      api.unreact(bob, message.id, '✅'),
      api.unreact(bob, message.id, '✅'),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ emoji: '✅', count: 0, me: false });
    }
    await watcher.sync();
    expect(watcher.untaken('reaction')).toHaveLength(1);
    expect(await lastSeqOf(room.id)).toBe(message.seq + 2);
  });

  it.each([
    ['a ZWJ sequence', '👩‍💻'],
    ['a skin tone', '👍🏽'],
    ['a flag', '🇫🇷'],
    ['an emoji with VS16', '❤️'],
    ['a ZWJ family', '👨‍👩‍👧'],
    ['a keycap', '1️⃣'],
  ])('accepts %s (%s) sent URL-encoded, and gives it back as sent', async (_what, emoji) => {
    const { message, watcher } = await setup();
    const answer = await api.react(carl, message.id, emoji).expect(200);
    expect(answer.body).toEqual({ emoji, count: 1, me: true });
    expect((await watcher.next('reaction')).emoji).toBe(emoji);
    const shown = (await api.get(carl, message.id).expect(200)).body;
    expect(shown.reactions).toEqual([{ emoji, count: 1, me: true }]);
  });

  it.each([
    ['a letter', 'a'],
    ['two emoji', '👍👍'],
    ['an emoticon', ':)'],
    ['a digit', '1'],
    ['an emoji and text', '👍a'],
    ['a shortcode', ':thumbsup:'],
    ['a space', ' '],
  ])('refuses %s (%j) with 400, stores and publishes nothing', async (_what, emoji) => {
    const { room, message, watcher } = await setup();
    const answer = await api.react(bob, message.id, emoji).expect(400);
    expect(answer.body.statusCode).toBe(400);
    await watcher.sync();
    expect(watcher.untaken('reaction')).toEqual([]);
    expect((await api.get(bob, message.id).expect(200)).body.reactions).toEqual([]);
    expect(await lastSeqOf(room.id)).toBe(message.seq);
  });

  it('refuses a malformed percent-encoding with 400, not a server error', async () => {
    const { message } = await setup();
    for (const raw of ['%E0%A4%A', '%F0%9F%91', '%']) {
      const answer = await api.reactRaw(bob, message.id, raw);
      expect([raw, answer.status]).toEqual([raw, 400]);
    }
    expect((await api.get(bob, message.id).expect(200)).body.reactions).toEqual([]);
  });

  it('refuses a 21st distinct emoji with 400; the 20 stay and can still be joined', async () => {
    const { room, message, watcher } = await setup();
    const twenty = [...'😀😃😄😁😆😅😂🤣😊😇🙂🙃😉😌😍🥰😘😗😙😚'];
    expect(new Set(twenty).size).toBe(20);
    for (const emoji of twenty) await api.react(ana, message.id, emoji).expect(200);
    await watcher.take('reaction', 20);
    await api.react(bob, message.id, '😋').expect(400);
    await api.react(ana, message.id, '😋').expect(400);
    await watcher.sync();
    expect(watcher.untaken('reaction')).toEqual([]);
    // One of the twenty is not a new distinct emoji.
    expect((await api.react(bob, message.id, '😀').expect(200)).body).toEqual({
      emoji: '😀',
      count: 2,
      me: true,
    });
    const shown = (await api.get(bob, message.id).expect(200)).body;
    expect(shown.reactions.map((r: { emoji: string }) => r.emoji)).toEqual(twenty);
    expect(await lastSeqOf(room.id)).toBe(message.seq + 21);
  });

  it('lets only one of two concurrent new emojis be the 20th', async () => {
    const { room, message, watcher } = await setup();
    const nineteen = [...'😀😃😄😁😆😅😂🤣😊😇🙂🙃😉😌😍🥰😘😗😙'];
    for (const emoji of nineteen) await api.react(ana, message.id, emoji).expect(200);
    await watcher.take('reaction', 19);
    const answers = await Promise.all([
      api.react(bob, message.id, '🍕'),
      api.react(carl, message.id, '🍔'),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 400]);
    const shown = (await api.get(ana, message.id).expect(200)).body;
    expect(shown.reactions).toHaveLength(20);
    await watcher.sync();
    expect(watcher.untaken('reaction')).toHaveLength(1);
    expect(await lastSeqOf(room.id)).toBe(message.seq + 20);
  });

  it('keeps events and state in step when one user PUTs and DELETEs at once', async () => {
    const { room, message, watcher } = await setup();
    const calls = Array.from({ length: 12 }, (_, index) =>
      index % 2 ? api.unreact(bob, message.id, '🤔') : api.react(bob, message.id, '🤔'),
    );
    const answers = await Promise.all(calls);
    for (const answer of answers) expect(answer.status).toBe(200);
    const lastSeq = await lastSeqOf(room.id);
    await watcher.sync();
    const events = watcher.untaken('reaction');
    // Every event is a change: they alternate added, removed, added... from "none".
    expect(events.map((frame) => frame.seq)).toEqual(
      Array.from({ length: events.length }, (_, index) => message.seq + 1 + index),
    );
    expect(events.map((frame) => frame.added)).toEqual(events.map((_, index) => index % 2 === 0));
    expect(events.map((frame) => frame.count)).toEqual(events.map((_, index) => (index + 1) % 2));
    expect(lastSeq).toBe(message.seq + events.length);
    // The state is what the last event says.
    const reacted = events.length > 0 && events.at(-1)!.added === true;
    expect((await api.get(bob, message.id).expect(200)).body.reactions).toEqual(
      reacted ? [{ emoji: '🤔', count: 1, me: true }] : [],
    );
  });

  it('refuses a non-member with 403, for PUT and DELETE, storing nothing', async () => {
    const { room, message, watcher } = await setup();
    await api.react(dora, message.id, '👍').expect(403);
    await api.react(bob, message.id, '👍').expect(200);
    await api.unreact(dora, message.id, '👍').expect(403);
    await watcher.sync();
    expect(watcher.untaken('reaction')).toHaveLength(1);
    expect((await api.get(bob, message.id).expect(200)).body.reactions).toEqual([
      { emoji: '👍', count: 1, me: true },
    ]);
    // A member who left is no longer one.
    await request(app.url)
      .delete(`/api/rooms/${room.id}/members/me`)
      .set('Authorization', carl.auth)
      .expect(204);
    await api.react(carl, message.id, '👍').expect(403);
  });

  it('refuses a reaction to a deleted message with 409', async () => {
    const { message, watcher } = await setup();
    await api.remove(ana, message.id).expect(204);
    await watcher.next('message.deleted');
    await api.react(bob, message.id, '👍').expect(409);
    await watcher.sync();
    expect(watcher.untaken('reaction')).toEqual([]);
    expect((await api.get(bob, message.id).expect(200)).body.reactions).toEqual([]);
  });

  it('answers 404 for an unknown message, 400 for a bad id, 401 without a token', async () => {
    await api.react(ana, 999999, '👍').expect(404);
    await api.unreact(ana, 999999, '👍').expect(404);
    await api.react(ana, 'abc', '👍').expect(400);
    await api.react(ana, '0', '👍').expect(400);
    await api.react(ana, '-3', '👍').expect(400);
    await api.unreact(ana, '1.5', '👍').expect(400);
    await request(app.url)
      .put(`/api/messages/1/reactions/${encodeURIComponent('👍')}`)
      .expect(401);
  });

  it('clears the reactions of a message that is deleted, and counts none after', async () => {
    const { message, watcher } = await setup();
    await api.react(bob, message.id, '👍').expect(200);
    await api.react(carl, message.id, '🎉').expect(200);
    await api.remove(ana, message.id).expect(204);
    await watcher.next('message.deleted');
    const shown = (await api.get(bob, message.id).expect(200)).body;
    expect(shown.reactions).toEqual([]);
  });
});
