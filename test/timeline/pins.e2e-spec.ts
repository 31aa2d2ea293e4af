import { jest } from '@jest/globals';
import request from 'supertest';

import type { TestApp } from '../support/create-app.js';
import { joinRoom, makeRoom, makeUser, TestUser } from '../support/factories.js';
import { connect, TestSocket } from '../support/ws-client.js';
import { createTimelineApp, TimelineApi, timelineApi, userRef } from './timeline-api.js';

jest.setTimeout(30_000);

describe('pins: PUT|DELETE /api/messages/{id}/pin, GET /api/rooms/{id}/pins', () => {
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

  /** A room of ana, bob and carl with `count` messages of ana's; carl's socket watches it. */
  async function setup(count = 1) {
    const room = await makeRoom(app, ana);
    await Promise.all([joinRoom(app, bob, room.id), joinRoom(app, carl, room.id)]);
    const messages = [];
    for (let index = 0; index < count; index++) {
      messages.push((await api.send(ana, room.id, `pin candidate ${index}`).expect(201)).body);
    }
    const watcher = await connect(app, room.id, carl.accessToken);
    open.push(watcher);
    await watcher.settle();
    return { room, messages, watcher };
  }

  async function lastSeqOf(roomId: number): Promise<number> {
    const socket = await connect(app, roomId, ana.accessToken);
    const ready = socket.frames[0];
    await socket.close();
    return ready.lastSeq as number;
  }

  const pinnedIds = async (roomId: number, user = ana) =>
    (await api.pins(user, roomId).expect(200)).body.map((m: { id: number }) => m.id);

  it('lets any member pin: {pinned:true}, one message.pinned frame with the next seq', async () => {
    const { room, messages, watcher } = await setup();
    const [message] = messages;
    const answer = await api.pin(bob, message.id).expect(200);
    expect(answer.body).toEqual({ pinned: true });
    expect(await watcher.next('message.pinned')).toEqual({
      type: 'message.pinned',
      seq: message.seq + 1,
      messageId: message.id,
      pinned: true,
      by: userRef(bob),
    });
    expect((await api.get(carl, message.id).expect(200)).body).toEqual({
      ...message,
      pinned: true,
    });
    expect(await lastSeqOf(room.id)).toBe(message.seq + 1);
  });

  it('publishes only changes: pin twice, unpin twice → two events', async () => {
    const { room, messages, watcher } = await setup();
    const [message] = messages;
    expect((await api.pin(bob, message.id).expect(200)).body).toEqual({ pinned: true });
    expect((await api.pin(carl, message.id).expect(200)).body).toEqual({ pinned: true });
    expect((await api.unpin(ana, message.id).expect(200)).body).toEqual({ pinned: false });
    expect((await api.unpin(bob, message.id).expect(200)).body).toEqual({ pinned: false });
    await watcher.sync();
    expect(watcher.untaken('message.pinned')).toEqual([
      {
        type: 'message.pinned',
        seq: message.seq + 1,
        messageId: message.id,
        pinned: true,
        by: userRef(bob),
      },
      {
        type: 'message.pinned',
        seq: message.seq + 2,
        messageId: message.id,
        pinned: false,
        by: userRef(ana),
      },
    ]);
    expect((await api.get(carl, message.id).expect(200)).body.pinned).toBe(false);
    expect(await lastSeqOf(room.id)).toBe(message.seq + 2);
  });

  it('publishes one event for concurrent pins of one message', async () => {
    const { room, messages, watcher } = await setup();
    const [message] = messages;
    const answers = await Promise.all(
      [ana, bob, carl, ana].map((user) => api.pin(user, message.id)),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ pinned: true });
    }
    await watcher.next('message.pinned');
    await watcher.sync();
    expect(watcher.untaken('message.pinned')).toEqual([]);
    expect(await lastSeqOf(room.id)).toBe(message.seq + 1);
    expect(await pinnedIds(room.id)).toEqual([message.id]);
  });

  it('lists the pinned messages newest pin first, whatever their seq', async () => {
    const { room, messages } = await setup(4);
    const [m0, m1, m2, m3] = messages;
    expect(await pinnedIds(room.id)).toEqual([]);
    await api.pin(bob, m1.id).expect(200);
    await api.pin(bob, m3.id).expect(200);
    await api.pin(carl, m0.id).expect(200);
    expect(await pinnedIds(room.id)).toEqual([m0.id, m3.id, m1.id]);

    const list = (await api.pins(bob, room.id).expect(200)).body;
    expect(list[0]).toEqual({ ...m0, pinned: true });
    expect(list.every((m: { pinned: boolean }) => m.pinned)).toBe(true);

    await api.unpin(ana, m3.id).expect(200);
    expect(await pinnedIds(room.id)).toEqual([m0.id, m1.id]);
    // Pinned again, it is the newest pin.
    await api.pin(ana, m1.id).expect(200); // already pinned: no change, keeps its place
    expect(await pinnedIds(room.id)).toEqual([m0.id, m1.id]);
    await api.pin(ana, m3.id).expect(200);
    expect(await pinnedIds(room.id)).toEqual([m3.id, m0.id, m1.id]);
    // m2 never pinned; a deleted pinned message leaves the list.
    await api.remove(ana, m0.id).expect(204);
    expect(await pinnedIds(room.id)).toEqual([m3.id, m1.id]);
    expect(m2.pinned).toBe(false);
  });

  it('orders pins made at the same moment by their events: the later event first', async () => {
    // Pins of several messages at once may share a clock reading; the newest pin is still
    // the one whose message.pinned event came later.
    for (let trial = 0; trial < 8; trial++) {
      const { room, messages, watcher } = await setup(4);
      const order = trial % 2 ? [...messages].reverse() : messages;
      await Promise.all(
        order.map((message, index) => api.pin([ana, bob, carl][index % 3], message.id)),
      );
      const events = await watcher.take('message.pinned', 4);
      const byEvent = [...events].sort((a, b) => b.seq - a.seq).map((frame) => frame.messageId);
      expect([trial, await pinnedIds(room.id)]).toEqual([trial, byEvent]);
      await watcher.close();
    }
  });

  it('carries `me` for the caller in the pinned messages’ reactions', async () => {
    const { room, messages } = await setup();
    const [message] = messages;
    await api.react(bob, message.id, '📌').expect(200);
    await api.pin(bob, message.id).expect(200);
    expect((await api.pins(bob, room.id).expect(200)).body[0].reactions).toEqual([
      { emoji: '📌', count: 1, me: true },
    ]);
    expect((await api.pins(carl, room.id).expect(200)).body[0].reactions).toEqual([
      { emoji: '📌', count: 1, me: false },
    ]);
  });

  it('refuses a non-member with 403 for PUT and DELETE', async () => {
    const { messages, watcher } = await setup();
    const [message] = messages;
    await api.pin(dora, message.id).expect(403);
    await api.pin(bob, message.id).expect(200);
    await api.unpin(dora, message.id).expect(403);
    await watcher.sync();
    expect(watcher.untaken('message.pinned')).toHaveLength(1);
    expect((await api.get(bob, message.id).expect(200)).body.pinned).toBe(true);
  });

  it('refuses to pin a deleted message with 409', async () => {
    const { room, messages, watcher } = await setup();
    const [message] = messages;
    await api.remove(ana, message.id).expect(204);
    await watcher.next('message.deleted');
    await api.pin(bob, message.id).expect(409);
    await watcher.sync();
    expect(watcher.untaken('message.pinned')).toEqual([]);
    expect(await pinnedIds(room.id)).toEqual([]);
    expect((await api.get(bob, message.id).expect(200)).body.pinned).toBe(false);
  });

  it('answers 404 for an unknown message or room, 400 for a bad id, 401 without a token', async () => {
    await api.pin(ana, 999999).expect(404);
    await api.unpin(ana, 999999).expect(404);
    await api.pin(ana, 'abc').expect(400);
    await api.unpin(ana, '0').expect(400);
    await api.pins(ana, 999999).expect(404);
    await api.pins(ana, 'abc').expect(400);
    await request(app.url).put('/api/messages/1/pin').expect(401);
    await request(app.url).get('/api/rooms/1/pins').expect(401);
  });
});
