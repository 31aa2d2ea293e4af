import { jest } from '@jest/globals';

import { ConnectionRegistry } from '../../src/chat/connection-registry.js';
import { Message } from '../../src/messages/message.entity.js';
import { MessagesService } from '../../src/messages/messages.service.js';
import { RoomEventRecord } from '../../src/messages/room-event.entity.js';
import { RoomsService } from '../../src/rooms/rooms.service.js';
import type { TestApp } from '../support/create-app.js';
import { joinRoom, makeRoom, makeUser, TestUser } from '../support/factories.js';
import { connect, Frame, TestSocket } from '../support/ws-client.js';
import {
  authorOf,
  createTimelineApp,
  range,
  seqOf,
  timelineFrames,
  TimelineApi,
  timelineApi,
  userRef,
  briefly,
} from './timeline-api.js';

jest.setTimeout(60_000);

/** Waits until a socket has received at least `count` timeline frames. */
async function untilTimeline(socket: TestSocket, count: number, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (timelineFrames(socket).length < count) {
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${count} timeline frames, got seqs ` +
          briefly(timelineFrames(socket).map(seqOf)),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

type AnyAsync = (...args: unknown[]) => Promise<unknown>;

/**
 * Gives a replay time to arrive (up to `count` timeline frames), then returns without
 * failing, so that the spec's own assertion shows what came and what did not.
 */
async function awaitTimeline(socket: TestSocket, count: number, timeoutMs = 5_000) {
  await untilTimeline(socket, count, timeoutMs).catch(() => undefined);
  await socket.sync();
}

/** Waits until a socket has received the timeline frame of this seq. */
async function untilSeq(socket: TestSocket, seq: number, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!timelineFrames(socket).some((frame) => seqOf(frame) === seq)) {
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for seq ${seq}, got seqs ` + briefly(timelineFrames(socket).map(seqOf)),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** [seq, type, messageId] of each timeline frame, for comparing whole sequences. */
const summary = (frames: Frame[]) =>
  frames.map((frame) => [
    seqOf(frame),
    frame.type,
    frame.type === 'message' ? frame.message.id : frame.messageId,
  ]);

describe('WS /api/ws/{roomId}: every timeline event in seq order, replayed by since', () => {
  let app: TestApp;
  let api: TimelineApi;
  let ana: TestUser;
  let bob: TestUser;
  let carl: TestUser;
  const open: TestSocket[] = [];

  beforeAll(async () => {
    app = await createTimelineApp();
    api = timelineApi(app);
    [ana, bob, carl] = await Promise.all(['ana', 'bob', 'carl'].map((name) => makeUser(app, name)));
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await Promise.all(open.splice(0).map((socket) => socket.close()));
  });

  afterAll(() => app.close());

  async function roomOfAll(): Promise<number> {
    const room = await makeRoom(app, ana);
    await Promise.all([joinRoom(app, bob, room.id), joinRoom(app, carl, room.id)]);
    return room.id;
  }

  async function openSocket(roomId: number, user: TestUser, since?: number): Promise<TestSocket> {
    const socket = await connect(app, roomId, user.accessToken, { since, ready: false });
    open.push(socket);
    await socket.next('ready');
    return socket;
  }

  /**
   * Runs `before` once the user's socket is registered but before its catch-up reads the
   * room's lastSeq, and `after` once lastSeq is read but before the replay is out. The
   * catch-up reads both in one call (MessagesService.replay) or in two (RoomsService.summary,
   * then MessagesService.timeline): either is hooked, so that the spec outlives the refactor.
   */
  function hookCatchUp(
    roomId: number,
    user: TestUser,
    before: () => Promise<void>,
    after: () => Promise<void>,
  ): void {
    const messages = app.app.get(MessagesService) as unknown as Record<string, AnyAsync>;
    const rooms = app.app.get(RoomsService) as unknown as Record<string, AnyAsync>;
    const registry = app.app.get(ConnectionRegistry);
    const registered = () => registry.socketsOf(roomId, user.id).size > 0;
    let done = false;
    if (typeof messages.replay === 'function') {
      const real = messages.replay.bind(messages);
      jest.spyOn(messages, 'replay').mockImplementation(async (...args: unknown[]) => {
        if (args[0] !== roomId || done || !registered()) return real(...args);
        done = true;
        await before();
        const result = await real(...args);
        await after();
        return result;
      });
      return;
    }
    const realSummary = rooms.summary.bind(rooms);
    const realTimeline = messages.timeline.bind(messages);
    jest.spyOn(rooms, 'summary').mockImplementation(async (...args: unknown[]) => {
      if (args[0] === roomId && !done && registered()) {
        done = true;
        await before();
      }
      return realSummary(...args);
    });
    let replaying = false;
    jest.spyOn(messages, 'timeline').mockImplementation(async (...args: unknown[]) => {
      if (args[0] === roomId && done && !replaying) {
        replaying = true;
        await after();
      }
      return realTimeline(...args);
    });
  }

  describe('a mix of messages, edits, deletions, reactions and pins', () => {
    let roomId: number;
    let live: TestSocket; // open before the first event: sees them all live
    const ids: Record<string, number> = {};
    /** [seq, type, message name] of every event, in the order made. */
    let expected: [number, string, string][];

    beforeAll(async () => {
      roomId = await roomOfAll();
      live = await connect(app, roomId, carl.accessToken);
      const send = async (name: string, user: TestUser, body: object | string) => {
        ids[name] = (await api.send(user, roomId, body).expect(201)).body.id;
      };
      await send('m1', ana, 'one'); // 1
      await send('m2', bob, 'two'); // 2
      await api.react(carl, ids.m1, '👍').expect(200); // 3
      await send('m3', ana, 'three @bob'); // 4
      await api.edit(bob, ids.m2, 'two, edited').expect(200); // 5
      await api.pin(carl, ids.m3).expect(200); // 6
      await send('m4', carl, 'four'); // 7
      await api.remove(carl, ids.m4).expect(204); // 8
      await api.react(bob, ids.m1, '🎉').expect(200); // 9
      await api.unreact(carl, ids.m1, '👍').expect(200); // 10
      await send('m5', bob, { content: 'five', replyToId: ids.m1 }); // 11
      await api.edit(ana, ids.m3, 'three, edited @carl').expect(200); // 12
      await api.unpin(ana, ids.m3).expect(200); // 13
      await api.remove(ana, ids.m1).expect(204); // 14
      await send('m6', ana, 'six'); // 15
      await api.react(bob, ids.m2, '✅').expect(200); // 16
      // Changes that are no event: they take no seq.
      await api.react(bob, ids.m2, '✅').expect(200);
      await api.pin(carl, ids.m3).expect(200); // 17, a change again
      await api.pin(ana, ids.m3).expect(200);
      await api.edit(ana, ids.m6, 'six').expect(200);
      await api.remove(ana, ids.m1).expect(204);
      await api.unreact(carl, ids.m2, '👍').expect(200);
      expected = [
        [1, 'message', 'm1'],
        [2, 'message', 'm2'],
        [3, 'reaction', 'm1'],
        [4, 'message', 'm3'],
        [5, 'message.edited', 'm2'],
        [6, 'message.pinned', 'm3'],
        [7, 'message', 'm4'],
        [8, 'message.deleted', 'm4'],
        [9, 'reaction', 'm1'],
        [10, 'reaction', 'm1'],
        [11, 'message', 'm5'],
        [12, 'message.edited', 'm3'],
        [13, 'message.pinned', 'm3'],
        [14, 'message.deleted', 'm1'],
        [15, 'message', 'm6'],
        [16, 'reaction', 'm2'],
        [17, 'message.pinned', 'm3'],
      ];
      await untilTimeline(live, expected.length);
    });

    afterAll(() => live.close());

    const expectedFrom = (since: number) =>
      expected.filter(([seq]) => seq > since).map(([seq, type, name]) => [seq, type, ids[name]]);

    it('gives each event the room’s next seq: ready.lastSeq counts them all', async () => {
      const socket = await openSocket(roomId, bob);
      expect(socket.frames[0]).toMatchObject({ type: 'ready', lastSeq: 17 });
      expect((await api.send(carl, roomId, 'eighteen').expect(201)).body.seq).toBe(18);
      expect((await socket.next('message')).message.seq).toBe(18);
      expect((await live.nextWhere('message', (f) => f.message.seq === 18)).message.content).toBe(
        'eighteen',
      );
    });

    it('delivered the events live, each once, in seq order, with their fields', async () => {
      const frames = timelineFrames(live).slice(0, 17);
      expect(summary(frames)).toEqual(expectedFrom(0));
      const bySeq = (seq: number) => frames.find((frame) => seqOf(frame) === seq)!;
      expect(bySeq(3)).toEqual({
        type: 'reaction',
        seq: 3,
        messageId: ids.m1,
        emoji: '👍',
        user: userRef(carl),
        added: true,
        count: 1,
      });
      expect(bySeq(5)).toEqual({
        type: 'message.edited',
        seq: 5,
        messageId: ids.m2,
        content: 'two, edited',
        editedAt: expect.any(String),
        mentions: [],
      });
      expect(bySeq(6)).toEqual({
        type: 'message.pinned',
        seq: 6,
        messageId: ids.m3,
        pinned: true,
        by: userRef(carl),
      });
      expect(bySeq(8)).toEqual({ type: 'message.deleted', seq: 8, messageId: ids.m4 });
      expect(bySeq(10)).toMatchObject({
        emoji: '👍',
        user: userRef(carl),
        added: false,
        count: 0,
      });
      expect(bySeq(11).message.replyTo).toEqual({
        id: ids.m1,
        seq: 1,
        author: authorOf(ana),
        excerpt: 'one',
      });
      expect(bySeq(12)).toMatchObject({
        content: 'three, edited @carl',
        mentions: [userRef(carl)],
      });
      expect(bySeq(13)).toMatchObject({ pinned: false, by: userRef(ana) });
      // A live message frame carries the state of its creation; `me` is false there.
      expect(bySeq(4).message).toMatchObject({
        content: 'three @bob',
        mentions: [userRef(bob)],
        pinned: false,
        reactions: [],
      });
    });

    it.each([0, 1, 4, 7, 10, 13, 16])(
      'replays since=%i: exactly since+1..lastSeq, each once, in seq order',
      async (since) => {
        const socket = await openSocket(roomId, bob, since);
        const lastSeq = socket.frames[0].lastSeq as number;
        await awaitTimeline(socket, lastSeq - since);
        await socket.sync();
        const frames = timelineFrames(socket);
        expect(frames.map(seqOf)).toEqual(range(since + 1, lastSeq));
        expect(summary(frames).slice(0, 17 - since)).toEqual(expectedFrom(since));
        expect(socket.untaken('resync')).toEqual([]);
      },
    );

    it('replays message frames in their current state, `me` false', async () => {
      const socket = await openSocket(roomId, bob, 0);
      // Up to the last message made in beforeAll, m6 (whether every event came is the
      // business of the specs above).
      await untilSeq(socket, 15);
      const messageOf = (name: string) =>
        timelineFrames(socket).find(
          (frame) => frame.type === 'message' && frame.message.id === ids[name],
        )!.message;
      expect(messageOf('m1')).toMatchObject({
        seq: 1,
        content: '',
        deletedAt: expect.any(String),
        reactions: [],
        mentions: [],
        pinned: false,
      });
      expect(messageOf('m2')).toMatchObject({
        content: 'two, edited',
        editedAt: expect.any(String),
        reactions: [{ emoji: '✅', count: 1, me: false }], // bob's own, yet me is false
      });
      expect(messageOf('m3')).toMatchObject({
        content: 'three, edited @carl',
        mentions: [userRef(carl)],
        pinned: true,
      });
      expect(messageOf('m4')).toMatchObject({ content: '', deletedAt: expect.any(String) });
      expect(messageOf('m5').replyTo).toEqual({
        id: ids.m1,
        seq: 1,
        author: authorOf(ana),
        excerpt: '',
      });
      // REST answers the same message with `me` for bob.
      expect((await api.get(bob, ids.m2).expect(200)).body.reactions).toEqual([
        { emoji: '✅', count: 1, me: true },
      ]);
    });

    it('after the replay, live events follow with the next seqs', async () => {
      const socket = await openSocket(roomId, bob, 15);
      await untilTimeline(socket, socket.frames[0].lastSeq - 15);
      const lastSeq = socket.frames[0].lastSeq as number;
      await api.react(ana, ids.m6, '🙌').expect(200);
      await api.edit(ana, ids.m6, 'six, edited').expect(200);
      await untilTimeline(socket, lastSeq - 15 + 2);
      const frames = timelineFrames(socket);
      expect(frames.map(seqOf)).toEqual(range(16, lastSeq + 2));
      expect(frames.slice(-2).map((frame) => frame.type)).toEqual(['reaction', 'message.edited']);
    });
  });

  it('replays each event as it was sent live; a deleted message’s edits without its text', async () => {
    const roomId = await roomOfAll();
    const live = await openSocket(roomId, carl);
    const kept = (await api.send(ana, roomId, 'v1 @bob').expect(201)).body; // 1
    const gone = (await api.send(ana, roomId, 'secret @bob').expect(201)).body; // 2
    await api.edit(ana, kept.id, 'v2 @carl').expect(200); // 3
    await api.edit(ana, gone.id, 'more secret @carl').expect(200); // 4
    await api.react(bob, kept.id, '👍').expect(200); // 5
    await api.react(carl, kept.id, '👍').expect(200); // 6
    await api.pin(bob, kept.id).expect(200); // 7
    await api.edit(ana, kept.id, 'v3').expect(200); // 8
    await api.unreact(bob, kept.id, '👍').expect(200); // 9
    await api.react(bob, gone.id, '🙈').expect(200); // 10
    await api.remove(ana, gone.id).expect(204); // 11
    await untilTimeline(live, 11);
    const sentLive = timelineFrames(live);
    expect(sentLive.map(seqOf)).toEqual(range(1, 11));
    expect(sentLive[2]).toMatchObject({ content: 'v2 @carl', mentions: [userRef(carl)] });

    const resumed = await openSocket(roomId, bob, 2);
    await awaitTimeline(resumed, 9);
    // Events of the kept message: exactly as sent live, an edit with its own text.
    const replayed = timelineFrames(resumed);
    expect(replayed.map(seqOf)).toEqual(range(3, 11));
    const ofKept = (frames: typeof replayed) =>
      frames.filter((frame) => frame.messageId === kept.id);
    expect(ofKept(replayed)).toEqual(ofKept(sentLive));
    // Events of the deleted message: the same, but its text and mentions are gone.
    const ofGone = (frames: typeof replayed) =>
      frames.filter((frame) => frame.messageId === gone.id);
    expect(ofGone(replayed)).toEqual(
      ofGone(sentLive).map((frame) =>
        frame.type === 'message.edited' ? { ...frame, content: '', mentions: [] } : frame,
      ),
    );
    expect(JSON.stringify(resumed.frames)).not.toContain('secret');
    // Nor is it kept in the database.
    const rows = [
      await app.dataSource.getRepository(Message).findOneByOrFail({ id: gone.id }),
      ...(await app.dataSource.getRepository(RoomEventRecord).findBy({ messageId: gone.id })),
    ];
    expect(rows).toHaveLength(4);
    expect(JSON.stringify(rows)).not.toContain('secret');
  });

  it('loses and repeats no event made while the socket reads lastSeq or replays', async () => {
    const roomId = await roomOfAll();
    const m1 = (await api.send(ana, roomId, 'one').expect(201)).body; // 1
    const m2 = (await api.send(carl, roomId, 'two').expect(201)).body; // 2
    await api.react(carl, m1.id, '👍').expect(200); // 3
    // Made after bob's socket is registered, before lastSeq is read: in the replay and in
    // the live queue both, it must arrive once.
    let whileReading = false;
    const beforeLastSeq = async () => {
      whileReading = true;
      await api.edit(ana, m1.id, 'one, edited while reading').expect(200); // 4
      await api.pin(carl, m2.id).expect(200); // 5
    };
    // Made after lastSeq is read, while the replay is read or sent: live, after the replay.
    let whileReplaying = false;
    const afterLastSeq = async () => {
      whileReplaying = true;
      await api.remove(carl, m2.id).expect(204); // 6
      await api.react(ana, m1.id, '🎉').expect(200); // 7
      await api.send(carl, roomId, 'three').expect(201); // 8
    };
    hookCatchUp(roomId, bob, beforeLastSeq, afterLastSeq);

    const socket = await openSocket(roomId, bob, 1);
    expect(socket.frames[0]).toMatchObject({ type: 'ready', lastSeq: 5 });
    await awaitTimeline(socket, 7);
    await socket.sync();
    const frames = timelineFrames(socket);
    expect(whileReading && whileReplaying).toBe(true);
    expect(summary(frames).map(([seq, type]) => [seq, type])).toEqual([
      [2, 'message'],
      [3, 'reaction'],
      [4, 'message.edited'],
      [5, 'message.pinned'],
      [6, 'message.deleted'],
      [7, 'reaction'],
      [8, 'message'],
    ]);
    expect(frames[2]).toMatchObject({ messageId: m1.id, content: 'one, edited while reading' });
  });

  it('replays exactly 1000 missed events of every kind, and resyncs past 1000', async () => {
    const roomId = await roomOfAll();
    // 987 messages (ten senders at a time), 3 of ana's, then 11 other events: 1001 events.
    for (let sent = 0; sent < 987; sent += 10) {
      const answers = await Promise.all(
        range(sent + 1, Math.min(sent + 10, 987)).map((index) =>
          api.send(index % 2 ? ana : bob, roomId, `bulk ${index}`),
        ),
      );
      for (const answer of answers) expect(answer.status).toBe(201);
    }
    const ids: number[] = [];
    for (const text of ['a', 'b', 'c']) {
      ids.push((await api.send(ana, roomId, text).expect(201)).body.id);
    }
    const [ma, mb, mc] = ids;
    await api.react(ana, ma, '👍').expect(200);
    await api.react(bob, ma, '👍').expect(200);
    await api.unreact(ana, ma, '👍').expect(200);
    await api.react(carl, mb, '🎉').expect(200);
    await api.react(carl, mc, '🎉').expect(200);
    await api.edit(ana, mb, 'edited late').expect(200);
    await api.edit(ana, ma, 'edited late too').expect(200);
    await api.edit(ana, mc, 'edited last').expect(200);
    await api.pin(carl, ma).expect(200);
    await api.pin(carl, mb).expect(200);
    await api.remove(ana, mc).expect(204);

    const exactly = await openSocket(roomId, carl, 1);
    expect(exactly.frames[0].lastSeq).toBe(1001);
    await awaitTimeline(exactly, 1000, 30_000);
    await exactly.sync();
    const replay = timelineFrames(exactly);
    expect(replay.map(seqOf)).toEqual(range(2, 1001));
    expect(replay.slice(-11).map((frame) => frame.type)).toEqual([
      'reaction',
      'reaction',
      'reaction',
      'reaction',
      'reaction',
      'message.edited',
      'message.edited',
      'message.edited',
      'message.pinned',
      'message.pinned',
      'message.deleted',
    ]);
    expect(exactly.untaken('resync')).toEqual([]);

    const tooFar = await openSocket(roomId, carl, 0);
    expect(tooFar.frames[0]).toMatchObject({ type: 'ready', lastSeq: 1001 });
    expect(await tooFar.next('resync')).toEqual({ type: 'resync', lastSeq: 1001 });
    await tooFar.sync();
    expect(timelineFrames(tooFar)).toEqual([]);
    await api.pin(bob, ma).expect(200); // already pinned: no event
    await api.unpin(bob, ma).expect(200); // 1002
    expect(await tooFar.next('message.pinned')).toMatchObject({ seq: 1002, pinned: false });
  }, 120_000);

  it('resumes across drops while a mix of events is made: every seq once, in order', async () => {
    const roomId = await roomOfAll();
    const watcher = await openSocket(roomId, carl);
    const first = (await api.send(ana, roomId, 'first').expect(201)).body;

    // Three writers, each with its own message, make messages, edits, reactions, pins and
    // deletions until told to stop.
    let running = true;
    const writer = async (user: TestUser, other: TestUser, tag: string) => {
      for (let round = 0; running; round++) {
        const own = (await api.send(user, roomId, `${tag} ${round}`).expect(201)).body;
        await api.edit(user, own.id, `${tag} ${round}, edited`).expect(200);
        await api.react(user, first.id, '👍').expect(200);
        await api.react(other, own.id, '🔥').expect(200);
        await api.pin(user, own.id).expect(200);
        await api.unreact(user, first.id, '👍').expect(200);
        if (round % 2) await api.remove(user, own.id).expect(204);
        else await api.unpin(other, own.id).expect(200);
      }
    };
    // One failing writer stops them all; Promise.all holds the rejection until awaited.
    const writers = Promise.all(
      [writer(ana, bob, 'ana'), writer(bob, carl, 'bob'), writer(carl, ana, 'carl')].map((done) =>
        done.catch((error: unknown) => {
          running = false;
          throw error;
        }),
      ),
    );

    const received: number[] = [];
    let socket = await openSocket(roomId, bob, 0);
    for (let drop = 0; drop < 6; drop++) {
      await untilTimeline(socket, 15);
      await socket.close();
      received.push(...timelineFrames(socket).map(seqOf));
      socket = await openSocket(roomId, bob, received.at(-1));
    }
    running = false;
    await writers;
    const lastSeq = (await openSocket(roomId, ana)).frames[0].lastSeq as number;
    expect(lastSeq).toBeGreaterThan(60);
    await awaitTimeline(socket, lastSeq - received.at(-1)!);
    await socket.sync();
    received.push(...timelineFrames(socket).map(seqOf));
    expect(received).toEqual(range(1, lastSeq));

    // The socket that stayed saw them all live, in order, each once.
    await untilTimeline(watcher, lastSeq);
    await watcher.sync();
    expect(timelineFrames(watcher).map(seqOf)).toEqual(range(1, lastSeq));
  }, 90_000);
});
