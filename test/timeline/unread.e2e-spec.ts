import { jest } from '@jest/globals';

import type { TestApp } from '../support/create-app.js';
import { joinRoom, makeRoom, makeUser, TestUser } from '../support/factories.js';
import { connect } from '../support/ws-client.js';
import { createTimelineApp, TimelineApi, timelineApi } from './timeline-api.js';

jest.setTimeout(30_000);

describe('unreadCount and lastMessage with edits, deletions, reactions and pins', () => {
  let app: TestApp;
  let api: TimelineApi;
  let ana: TestUser;
  let bob: TestUser;
  let carl: TestUser;

  beforeAll(async () => {
    app = await createTimelineApp();
    api = timelineApi(app);
    [ana, bob, carl] = await Promise.all(['ana', 'bob', 'carl'].map((name) => makeUser(app, name)));
  });

  afterAll(() => app.close());

  async function roomOfAll(): Promise<number> {
    const room = await makeRoom(app, ana);
    await Promise.all([joinRoom(app, bob, room.id), joinRoom(app, carl, room.id)]);
    return room.id;
  }

  /** The room as `user` sees it, from GET /api/rooms/{id}; GET /api/rooms must agree. */
  async function seenBy(user: TestUser, roomId: number) {
    const one = (await api.room(user, roomId).expect(200)).body;
    const listed = (await api.rooms(user).expect(200)).body.find(
      (room: { id: number }) => room.id === roomId,
    );
    expect({
      unreadCount: listed.unreadCount,
      lastMessage: listed.lastMessage?.id ?? null,
    }).toEqual({ unreadCount: one.unreadCount, lastMessage: one.lastMessage?.id ?? null });
    return one as {
      unreadCount: number;
      lastMessage: { id: number; seq: number; content: string; deletedAt: string | null } | null;
    };
  }

  async function lastSeqOf(roomId: number): Promise<number> {
    const socket = await connect(app, roomId, carl.accessToken);
    const ready = socket.frames[0];
    await socket.close();
    return ready.lastSeq as number;
  }

  it('lists each room with its own count in one answer, and 0 where the caller is no member', async () => {
    const [first, second] = [await roomOfAll(), await roomOfAll()];
    const outside = (await makeRoom(app, ana)).id;
    await api.send(ana, first, 'one').expect(201);
    for (const text of ['a', 'b', 'c']) await api.send(carl, second, text).expect(201);
    await api.send(ana, outside, 'not for bob').expect(201);
    const listed: { id: number; unreadCount: number; joined: boolean }[] = (
      await api.rooms(bob).expect(200)
    ).body;
    const countOf = (id: number) => listed.find((room) => room.id === id);
    expect([countOf(first), countOf(second), countOf(outside)]).toEqual([
      expect.objectContaining({ unreadCount: 1, joined: true }),
      expect.objectContaining({ unreadCount: 3, joined: true }),
      expect.objectContaining({ unreadCount: 0, joined: false }),
    ]);
  });

  it('counts neither reactions, edits nor pins as unread, nor moves lastMessage', async () => {
    const roomId = await roomOfAll();
    const m1 = (await api.send(ana, roomId, 'one').expect(201)).body;
    const m2 = (await api.send(ana, roomId, 'two').expect(201)).body;
    expect(await seenBy(bob, roomId)).toMatchObject({
      unreadCount: 2,
      lastMessage: { id: m2.id, seq: 2, content: 'two' },
    });
    await api.react(carl, m1.id, '👍').expect(200);
    await api.react(ana, m2.id, '🎉').expect(200);
    await api.pin(carl, m1.id).expect(200);
    await api.edit(ana, m1.id, 'one, edited').expect(200);
    await api.unreact(carl, m1.id, '👍').expect(200);
    expect(await seenBy(bob, roomId)).toMatchObject({
      unreadCount: 2,
      lastMessage: { id: m2.id, seq: 2, content: 'two' },
    });
    // An edit of the newest shows in lastMessage (its current text), still no unread.
    await api.edit(ana, m2.id, 'two, edited').expect(200);
    expect(await seenBy(bob, roomId)).toMatchObject({
      unreadCount: 2,
      lastMessage: { id: m2.id, content: 'two, edited' },
    });
    // Reading up to the last message leaves nothing unread, whatever events came after.
    expect((await api.read(bob, roomId, m2.seq).expect(200)).body).toEqual({
      lastReadSeq: m2.seq,
      unreadCount: 0,
    });
    await api.react(carl, m2.id, '👀').expect(200);
    await api.pin(ana, m2.id).expect(200);
    expect((await seenBy(bob, roomId)).unreadCount).toBe(0);
    // The author's own messages are never unread to her.
    expect((await seenBy(ana, roomId)).unreadCount).toBe(0);
  });

  it('stops counting deleted messages; lastMessage is the newest not deleted', async () => {
    const roomId = await roomOfAll();
    const m1 = (await api.send(ana, roomId, 'one').expect(201)).body;
    const m2 = (await api.send(ana, roomId, 'two').expect(201)).body;
    const m3 = (await api.send(carl, roomId, 'three').expect(201)).body;
    const m4 = (await api.send(ana, roomId, 'four').expect(201)).body;
    expect(await seenBy(bob, roomId)).toMatchObject({
      unreadCount: 4,
      lastMessage: { id: m4.id },
    });
    expect((await seenBy(carl, roomId)).unreadCount).toBe(1); // sending read up to m3

    await api.remove(ana, m4.id).expect(204);
    expect(await seenBy(bob, roomId)).toMatchObject({
      unreadCount: 3,
      lastMessage: { id: m3.id, content: 'three', deletedAt: null },
    });
    expect(await seenBy(carl, roomId)).toMatchObject({
      unreadCount: 0,
      lastMessage: { id: m3.id },
    });
    expect((await seenBy(ana, roomId)).lastMessage!.id).toBe(m3.id); // whoever wrote it

    await api.remove(ana, m2.id).expect(204); // in the middle
    expect(await seenBy(bob, roomId)).toMatchObject({
      unreadCount: 2,
      lastMessage: { id: m3.id },
    });
    // Deleting twice counts once.
    await api.remove(ana, m2.id).expect(204);
    expect((await seenBy(bob, roomId)).unreadCount).toBe(2);

    await api.remove(carl, m3.id).expect(204);
    expect(await seenBy(bob, roomId)).toMatchObject({
      unreadCount: 1,
      lastMessage: { id: m1.id, content: 'one' },
    });
    await api.remove(ana, m1.id).expect(204);
    expect(await seenBy(bob, roomId)).toMatchObject({ unreadCount: 0, lastMessage: null });
    expect(await seenBy(ana, roomId)).toMatchObject({ unreadCount: 0, lastMessage: null });

    // A new message after it all is the one unread and the last.
    const m5 = (await api.send(carl, roomId, 'five').expect(201)).body;
    expect(m5.seq).toBe(await lastSeqOf(roomId));
    expect(await seenBy(bob, roomId)).toMatchObject({
      unreadCount: 1,
      lastMessage: { id: m5.id, seq: m5.seq },
    });
  });

  it('counts only what is after the read position, which may be any event’s seq', async () => {
    const roomId = await roomOfAll();
    const m1 = (await api.send(ana, roomId, 'one').expect(201)).body; // 1
    await api.react(bob, m1.id, '👍').expect(200); // 2
    const m3 = (await api.send(ana, roomId, 'three').expect(201)).body; // 3
    await api.pin(ana, m3.id).expect(200); // 4
    const m5 = (await api.send(carl, roomId, 'five').expect(201)).body; // 5
    expect(m5.seq).toBe(5);
    expect((await api.read(bob, roomId, 2).expect(200)).body).toEqual({
      lastReadSeq: 2,
      unreadCount: 2,
    });
    expect((await api.read(bob, roomId, 4).expect(200)).body).toEqual({
      lastReadSeq: 4,
      unreadCount: 1,
    });
    // A message already read that is deleted changes nothing; an unread one does.
    await api.remove(ana, m3.id).expect(204); // 6
    expect((await seenBy(bob, roomId)).unreadCount).toBe(1);
    await api.remove(carl, m5.id).expect(204); // 7
    expect((await seenBy(bob, roomId)).unreadCount).toBe(0);
    // Reading "everything" stops at the room's last event, not its last message.
    expect((await api.read(bob, roomId, 1000).expect(200)).body).toEqual({
      lastReadSeq: 7,
      unreadCount: 0,
    });
    expect(await lastSeqOf(roomId)).toBe(7);
  });

  it('keeps counting right after concurrent deletions and reactions', async () => {
    const roomId = await roomOfAll();
    const sent = [];
    for (let index = 0; index < 12; index++) {
      sent.push((await api.send(index % 2 ? ana : carl, roomId, `n${index}`).expect(201)).body);
    }
    const authorOf = (message: { author: { id: number } }) =>
      message.author.id === ana.id ? ana : carl;
    const doomed = new Set(sent.filter((_, index) => index % 3 === 0)); // 0, 3, 6, 9
    const [removals, bobs, carls] = await Promise.all([
      Promise.all([...doomed].map((message) => api.remove(authorOf(message), message.id))),
      Promise.all(sent.map((message) => api.react(bob, message.id, '👍'))),
      Promise.all(sent.map((message) => api.react(carl, message.id, '👀'))),
    ]);
    expect(removals.map((answer) => answer.status)).toEqual([204, 204, 204, 204]);
    sent.forEach((message, index) => {
      // A reaction that lost the race to a deletion is refused with 409; others are 200.
      const allowed = doomed.has(message) ? [200, 409] : [200];
      expect(allowed).toContain(bobs[index].status);
      expect(allowed).toContain(carls[index].status);
    });
    // bob sent nothing: the 8 left; carl last sent index 10; ana index 11.
    expect(await seenBy(bob, roomId)).toMatchObject({
      unreadCount: 8,
      lastMessage: { id: sent[11].id },
    });
    expect((await seenBy(carl, roomId)).unreadCount).toBe(1);
    expect((await seenBy(ana, roomId)).unreadCount).toBe(0);
    for (const message of doomed) {
      expect((await api.get(bob, message.id).expect(200)).body).toMatchObject({
        content: '',
        reactions: [],
      });
    }
    await api.remove(ana, sent[11].id).expect(204);
    expect(await seenBy(bob, roomId)).toMatchObject({
      unreadCount: 7,
      lastMessage: { id: sent[10].id, content: 'n10' },
    });
    expect((await seenBy(carl, roomId)).unreadCount).toBe(0);
  });

  it('answers lastMessage as the caller sees it: reactions with `me`, pinned', async () => {
    const roomId = await roomOfAll();
    const last = (await api.send(ana, roomId, 'the last').expect(201)).body;
    await api.react(bob, last.id, '👍').expect(200);
    await api.pin(carl, last.id).expect(200);
    const as = async (user: TestUser) =>
      (await api.room(user, roomId).expect(200)).body.lastMessage;
    expect(await as(bob)).toMatchObject({
      id: last.id,
      reactions: [{ emoji: '👍', count: 1, me: true }],
      pinned: true,
    });
    expect((await as(ana)).reactions).toEqual([{ emoji: '👍', count: 1, me: false }]);
    const listed = (await api.rooms(bob).expect(200)).body.find(
      (room: { id: number }) => room.id === roomId,
    );
    expect(listed.lastMessage.reactions).toEqual([{ emoji: '👍', count: 1, me: true }]);
  });

  it('keeps the newest live message as lastMessage after its reply partner is deleted', async () => {
    const roomId = await roomOfAll();
    const parent = (await api.send(ana, roomId, 'parent').expect(201)).body;
    const reply = (
      await api.send(carl, roomId, { content: 'reply', replyToId: parent.id }).expect(201)
    ).body;
    await api.remove(ana, parent.id).expect(204);
    const seen = await seenBy(bob, roomId);
    expect(seen.unreadCount).toBe(1);
    expect(seen.lastMessage).toMatchObject({
      id: reply.id,
      replyTo: { id: parent.id, excerpt: '' },
    });
  });
});
