import { jest } from '@jest/globals';

import { createApp, TestApp } from '../support/create-app.js';
import { makeUser, TestUser } from '../support/factories.js';
import { Frame, TestSocket } from '../support/ws-client.js';
import {
  briefly,
  createRoom,
  isTimeline,
  NO_LIMITS,
  OpenSockets,
  range,
  RoomsApi,
  roomsApi,
  seqOf,
  sleep,
  timelineOf,
  until,
  userRef,
} from './user-socket.js';

jest.setTimeout(60_000);

/** One subscription's frames of a room: from its `subscribed` to the next one (or the end). */
interface Segment {
  since: number | null;
  subscribed: Frame;
  seqs: number[];
}

/** Splits a socket's frames of one room by its `subscribed` frames. */
function segmentsOf(socket: TestSocket, roomId: number, sinces: (number | null)[]): Segment[] {
  const segments: Segment[] = [];
  for (const frame of socket.frames) {
    if (frame.roomId !== roomId) continue;
    if (frame.type === 'subscribed') {
      segments.push({ since: sinces[segments.length] ?? null, subscribed: frame, seqs: [] });
    } else if (isTimeline(frame)) {
      if (segments.length === 0)
        throw new Error(`a ${frame.type} of room ${roomId} before subscribed`);
      segments[segments.length - 1].seqs.push(seqOf(frame));
    }
  }
  return segments;
}

describe('WS /api/ws: subscribe and unsubscribe', () => {
  let app: TestApp;
  let api: RoomsApi;
  let ana: TestUser;
  let bob: TestUser;
  let carl: TestUser;
  let dora: TestUser;
  const sockets = new OpenSockets();

  beforeAll(async () => {
    app = await createApp(NO_LIMITS);
    api = roomsApi(app);
    [ana, bob, carl, dora] = await Promise.all(
      ['ana', 'bob', 'carl', 'dora'].map((name) => makeUser(app, `${name}_${process.pid}`)),
    );
  });

  afterEach(async () => {
    await sockets.closeAll();
  });

  afterAll(() => app.close());

  const userSocket = (user: TestUser) => sockets.user(app, user);

  const roomSocket = (roomId: number, user: TestUser) => sockets.room(app, roomId, user);

  /** A public room of ana's that bob and carl joined (dora did not). */
  async function roomOfThree(): Promise<number> {
    const roomId = await createRoom(app, ana);
    await Promise.all([api.join(bob, roomId).expect(200), api.join(carl, roomId).expect(200)]);
    return roomId;
  }

  describe('subscribed, then the replay of what followed since, then live frames', () => {
    it('answers subscribed before the replay, and replays every message after since', async () => {
      const roomId = await roomOfThree();
      for (let index = 1; index <= 5; index++) {
        await api.send(index % 2 ? ana : bob, roomId, `m${index}`).expect(201);
      }
      const socket = await userSocket(dora);
      const subscribed = await socket.subscribed(roomId, 2);
      expect(subscribed).toEqual({
        type: 'subscribed',
        roomId,
        room: { id: roomId, name: expect.any(String), kind: 'public' },
        online: expect.any(Array),
        lastSeq: 5,
      });
      const replay = await socket.take('message', 3);
      expect(replay.map((frame) => frame.message.seq)).toEqual([3, 4, 5]);
      expect(replay.map((frame) => frame.message.content)).toEqual(['m3', 'm4', 'm5']);
      for (const frame of replay) {
        expect(frame.roomId).toBe(roomId);
        expect(frame.message.roomId).toBe(roomId);
        expect(socket.frames.indexOf(frame)).toBeGreaterThan(socket.frames.indexOf(subscribed));
      }
      await api.send(carl, roomId, 'live').expect(201);
      const live = await socket.nextIn('message', roomId);
      expect(live.message).toMatchObject({ seq: 6, content: 'live', roomId });
      await socket.sync();
      expect(timelineOf(socket, roomId).map(seqOf)).toEqual([3, 4, 5, 6]);
    });

    it('replays nothing without since, nor with a since at the room’s last event', async () => {
      const roomId = await roomOfThree();
      await api.send(ana, roomId, 'old').expect(201);
      await api.send(ana, roomId, 'older').expect(201);
      const plain = await userSocket(dora);
      const atEnd = await userSocket(dora);
      expect((await plain.subscribed(roomId)).lastSeq).toBe(2);
      expect((await atEnd.subscribed(roomId, 2)).lastSeq).toBe(2);
      await api.send(bob, roomId, 'new').expect(201);
      for (const socket of [plain, atEnd]) {
        expect((await socket.nextIn('message', roomId)).message).toMatchObject({
          seq: 3,
          content: 'new',
        });
        await socket.sync();
        expect(timelineOf(socket, roomId).map(seqOf)).toEqual([3]);
      }
    });

    it('replays and sends live every kind of timeline event, each with roomId', async () => {
      const roomId = await roomOfThree();
      const make = async () => {
        const id = (await api.send(ana, roomId, 'to change').expect(201)).body.id as number;
        await api.edit(ana, id, 'changed').expect(200);
        await api.react(bob, id, '👍').expect(200);
        await api.pin(carl, id).expect(200);
        await api.remove(ana, id).expect(204);
      };
      const kinds = ['message', 'message.edited', 'reaction', 'message.pinned', 'message.deleted'];
      await make(); // seqs 1-5, replayed
      const socket = await userSocket(dora);
      await socket.subscribed(roomId, 0);
      await until(() => timelineOf(socket, roomId).length >= 5, 'the replay of 5 events');
      await make(); // seqs 6-10, live
      await until(() => timelineOf(socket, roomId).length >= 10, 'the 5 live events');
      await socket.sync();
      const frames = timelineOf(socket, roomId);
      expect(frames.map(seqOf)).toEqual(range(1, 10));
      expect(frames.map((frame) => frame.type)).toEqual([...kinds, ...kinds]);
      expect(
        socket.frames.filter((frame) => frame.type !== 'ready' && frame.type !== 'pong'),
      ).toEqual(socket.framesOf(roomId));
      expect(frames[7]).toEqual({
        type: 'reaction',
        roomId,
        seq: 8,
        messageId: frames[5].message.id,
        emoji: '👍',
        user: userRef(bob),
        added: true,
        count: 1,
      });
    });

    it('sends a room’s frames once to a socket that subscribed to it twice', async () => {
      const roomId = await roomOfThree();
      await api.send(ana, roomId, 'one').expect(201);
      const socket = await userSocket(dora);
      await socket.subscribed(roomId);
      const again = await socket.subscribed(roomId, 0);
      expect(again.lastSeq).toBe(1);
      await until(() => timelineOf(socket, roomId).length >= 1, 'the replay of seq 1');
      await api.send(ana, roomId, 'two').expect(201);
      await api.send(bob, roomId, 'three').expect(201);
      await until(() => timelineOf(socket, roomId).some((f) => seqOf(f) === 3), 'seq 3');
      await sleep(200);
      await socket.sync();
      expect(timelineOf(socket, roomId).map(seqOf)).toEqual([1, 2, 3]);
      socket.unsubscribe(roomId);
      await socket.sync();
      await api.send(ana, roomId, 'four').expect(201);
      await sleep(300);
      await socket.sync();
      expect(timelineOf(socket, roomId).map(seqOf)).toEqual([1, 2, 3]);
    });

    it('sends every live frame of the room with roomId: messages, typing, read', async () => {
      const roomId = await roomOfThree();
      const socket = await userSocket(dora);
      await socket.subscribed(roomId);
      const bobs = await roomSocket(roomId, bob);
      bobs.send({ type: 'message', content: 'from a room socket', clientId: 'rs-1' });
      const message = await socket.nextIn('message', roomId);
      expect(message).toEqual({
        type: 'message',
        roomId,
        message: expect.objectContaining({
          roomId,
          content: 'from a room socket',
          clientId: 'rs-1',
        }),
      });
      bobs.send({ type: 'typing', isTyping: true });
      expect(await socket.nextIn('typing', roomId)).toEqual({
        type: 'typing',
        roomId,
        user: userRef(bob),
        isTyping: true,
      });
      // bob's own message read the room up to it: ana's next one is new to him.
      await api.send(ana, roomId, 'for bob to read').expect(201);
      await socket.nextIn('message', roomId);
      bobs.send({ type: 'read', seq: 2 });
      expect(await socket.nextIn('read', roomId)).toEqual({
        type: 'read',
        roomId,
        user: userRef(bob),
        seq: 2,
      });
    });

    it('has no gap and no repeat while several people send hundreds of messages', async () => {
      const rooms = [await roomOfThree(), await roomOfThree()];
      const [first, second] = rooms;
      const perSocketSender = 100;
      const perRestSender = 40;
      const total = perSocketSender + perRestSender;
      const senders = [await roomSocket(first, ana), await roomSocket(second, bob)];
      const watcher = await userSocket(dora);
      const late = await userSocket(dora);

      /** A room socket sends its messages in bursts, while the watcher subscribes. */
      const sendOver = async (socket: TestSocket, prefix: string) => {
        for (let index = 0; index < perSocketSender; index++) {
          socket.send({
            type: 'message',
            content: `${prefix} ${index}`,
            clientId: `${prefix}-${index}`,
          });
          if (index % 10 === 9) await sleep(15);
        }
        await socket.take('message', perSocketSender, 30_000);
      };
      /** carl sends over REST to both rooms, a few requests at a time. */
      const sendRest = async () => {
        for (let index = 0; index < perRestSender; index += 4) {
          await Promise.all(
            range(index, index + 3).flatMap((at) =>
              rooms.map((roomId) => api.send(carl, roomId, `rest ${at}`).expect(201)),
            ),
          );
        }
      };
      const sinces = new Map<number, (number | null)[]>([
        [first, [0]],
        [second, []],
      ]);
      const watch = async () => {
        await watcher.subscribed(first, 0, 10_000);
        await until(
          () => timelineOf(watcher, first).length >= 30,
          'a first part of room one',
          15_000,
        );
        const seen = Math.max(...timelineOf(watcher, first).map(seqOf));
        watcher.unsubscribe(first);
        sinces.get(first)!.push(seen);
        await watcher.subscribed(first, seen, 10_000);
        const sinceSecond = 10;
        await until(
          () => senders[1].frames.filter((frame) => frame.type === 'message').length >= 40,
          'room two to fill',
          15_000,
        );
        sinces.get(second)!.push(sinceSecond);
        await watcher.subscribed(second, sinceSecond, 10_000);
        await late.subscribed(second, null, 10_000);
      };
      await Promise.all([
        sendOver(senders[0], 'ana'),
        sendOver(senders[1], 'bob'),
        sendRest(),
        watch(),
      ]);

      const lastOf = (socket: TestSocket, roomId: number) =>
        Math.max(0, ...timelineOf(socket, roomId).map(seqOf));
      for (const roomId of rooms) {
        await until(
          () => lastOf(watcher, roomId) >= total,
          () => `room ${roomId} up to ${total}: ${briefly(timelineOf(watcher, roomId).map(seqOf))}`,
          15_000,
        );
      }
      await until(
        () => lastOf(late, second) >= total,
        'the late subscriber to see the end',
        15_000,
      );
      await Promise.all([watcher.sync(), late.sync()]);

      // Room one: subscribed, then re-subscribed with the last seq seen.
      const [before, after] = segmentsOf(watcher, first, sinces.get(first)!);
      expect(segmentsOf(watcher, first, sinces.get(first)!)).toHaveLength(2);
      expect(before.seqs).toEqual(range(1, Math.max(...before.seqs)));
      expect(after.seqs).toEqual(range(after.since! + 1, total));
      // Room two: subscribed with since 10, and from a second socket without since.
      const [fromTen] = segmentsOf(watcher, second, sinces.get(second)!);
      expect(fromTen.seqs).toEqual(range(11, total));
      // The point of the spec: both subscriptions were made while the senders were sending.
      expect(after.subscribed.lastSeq).toBeLessThan(total);
      expect(fromTen.subscribed.lastSeq).toBeLessThan(total);
      const [fromNow] = segmentsOf(late, second, [null]);
      expect(fromNow.seqs).toEqual(range(fromNow.subscribed.lastSeq + 1, total));
      for (const socket of [watcher, late]) {
        for (const frame of socket.frames.filter((f) => f.type === 'message')) {
          expect(frame.message.roomId).toBe(frame.roomId);
        }
      }
    });

    it('sends resync instead of a replay when more than 1000 events were missed', async () => {
      const roomId = await roomOfThree();
      const sender = await roomSocket(roomId, ana);
      for (let round = 0; round < 10; round++) {
        for (let index = 0; index < 100; index++) sender.send({ type: 'message', content: 'bulk' });
        await sender.take('message', 100, 20_000);
      }
      sender.send({ type: 'message', content: 'bulk' });
      sender.send({ type: 'message', content: 'bulk' });
      await sender.take('message', 2, 10_000);

      const tooFar = await userSocket(dora);
      expect((await tooFar.subscribed(roomId, 1)).lastSeq).toBe(1002);
      expect(await tooFar.nextIn('resync', roomId)).toEqual({
        type: 'resync',
        roomId,
        lastSeq: 1002,
      });
      const exactly = await userSocket(bob);
      expect((await exactly.subscribed(roomId, 2)).lastSeq).toBe(1002);
      const replay = await exactly.take('message', 1000, 20_000);
      expect(replay.map(seqOf)).toEqual(range(3, 1002));
      sender.send({ type: 'message', content: 'after the resync' });
      expect((await tooFar.nextIn('message', roomId)).message.seq).toBe(1003);
      await Promise.all([tooFar.sync(), exactly.sync()]);
      expect(exactly.untaken('resync')).toEqual([]);
      expect(timelineOf(tooFar, roomId).map(seqOf)).toEqual([1003]);
    }, 90_000);
  });

  describe('unsubscribe', () => {
    it('stops the room’s frames, and only that room’s', async () => {
      const [quiet, still] = [await roomOfThree(), await roomOfThree()];
      const socket = await userSocket(dora);
      await socket.subscribed(quiet);
      await socket.subscribed(still);
      await api.send(ana, quiet, 'before').expect(201);
      await socket.nextIn('message', quiet);
      socket.unsubscribe(quiet);
      await socket.sync();
      const bobs = await roomSocket(quiet, bob);
      await api.send(ana, quiet, 'after').expect(201);
      bobs.send({ type: 'typing', isTyping: true });
      await bobs.next('message');
      await api.send(ana, still, 'marker').expect(201);
      await socket.nextIn('message', still);
      await sleep(300);
      await socket.sync();
      expect(socket.framesOf(quiet).map((frame) => frame.type)).toEqual(['subscribed', 'message']);
    });
  });

  describe('refusals', () => {
    it('answers not_found alike for an unknown room and a private room the user is not in', async () => {
      const secret = await createRoom(app, ana, { private: true });
      await api.send(ana, secret, 'hidden').expect(201);
      const socket = await userSocket(dora);
      const unknown = await socket.subscribe(999_999);
      const hidden = await socket.subscribe(secret);
      expect(unknown).toEqual({
        type: 'error',
        code: 'not_found',
        message: expect.any(String),
        roomId: 999_999,
      });
      // The same answer but for the id: nothing tells that the private room exists.
      expect(hidden).toEqual({
        ...unknown,
        roomId: secret,
        message: unknown.message.replace('999999', String(secret)),
      });
      await socket.sync();
      expect(socket.framesOf(secret).map((frame) => frame.type)).toEqual(['error']);
      expect(socket.ws.readyState).toBe(socket.ws.OPEN);
    });

    it('lets members subscribe to their private and direct rooms', async () => {
      const secret = await createRoom(app, ana, { private: true });
      await api.add(ana, secret, dora.id).expect(200);
      const dm = (await api.dm(ana, [dora.id]).expect(201)).body.id as number;
      const socket = await userSocket(dora);
      expect((await socket.subscribed(secret)).room).toEqual({
        id: secret,
        name: expect.any(String),
        kind: 'private',
      });
      expect((await socket.subscribed(dm)).room).toEqual({ id: dm, name: null, kind: 'direct' });
    });

    it('answers forbidden to a user banned from the room', async () => {
      const roomId = await roomOfThree();
      const erin = await makeUser(app);
      await api.ban(ana, roomId, erin.id).expect(204);
      const socket = await userSocket(erin);
      expect(await socket.subscribe(roomId)).toEqual({
        type: 'error',
        code: 'forbidden',
        message: expect.any(String),
        roomId,
      });
      await api.send(ana, roomId, 'not for erin').expect(201);
      await socket.sync();
      expect(socket.framesOf(roomId).map((frame) => frame.type)).toEqual(['error']);
    });

    it('answers too_many_subscriptions past 50 rooms on one socket', async () => {
      const rooms: number[] = [];
      for (let index = 0; index < 51; index++) rooms.push(await createRoom(app, ana));
      const socket = await userSocket(dora);
      for (const roomId of rooms.slice(0, 50)) await socket.subscribed(roomId);
      const last = rooms[50];
      expect(await socket.subscribe(last)).toEqual({
        type: 'error',
        code: 'too_many_subscriptions',
        message: expect.any(String),
        roomId: last,
      });
      // Subscribing again to a room it holds is no 51st.
      expect((await socket.subscribe(rooms[10])).type).toBe('subscribed');
      // Another socket of the same user has its own 50.
      const other = await userSocket(dora);
      await other.subscribed(last);
      // One fewer makes room for one more.
      socket.unsubscribe(rooms[0]);
      await socket.sync();
      await socket.subscribed(last);
      await api.send(ana, last, 'counted').expect(201);
      expect((await socket.nextIn('message', last)).message.content).toBe('counted');
    }, 90_000);
  });

  it('holds 50 when 51 subscribes arrive at once', async () => {
    const rooms: number[] = [];
    for (let index = 0; index < 51; index++) rooms.push(await createRoom(app, ana));
    const socket = await userSocket(dora);
    for (const roomId of rooms) socket.send({ type: 'subscribe', roomId });
    const answers = await Promise.all(rooms.map((roomId) => socket.answerFor(roomId, 20_000)));
    const refused = answers.filter((answer) => answer.type === 'error');
    expect(answers.filter((answer) => answer.type === 'subscribed')).toHaveLength(50);
    expect(refused.map((answer) => answer.code)).toEqual(['too_many_subscriptions']);
    // The 50 are live, the refused one is not.
    for (const roomId of rooms) await api.send(ana, roomId, 'live?').expect(201);
    await until(
      () => socket.frames.filter((frame) => frame.type === 'message').length >= 50,
      'a message in each of the 50 rooms',
      10_000,
    );
    await sleep(300);
    await socket.sync();
    expect(timelineOf(socket, refused[0].roomId)).toEqual([]);
    expect(socket.frames.filter((frame) => frame.type === 'message')).toHaveLength(50);
  }, 90_000);

  it('replays 1000 long messages (4 MB) to a healthy reader without closing it as slow', async () => {
    const roomId = await roomOfThree();
    const sender = await roomSocket(roomId, ana);
    const content = 'z'.repeat(4000);
    for (let round = 0; round < 10; round++) {
      for (let index = 0; index < 100; index++) sender.send({ type: 'message', content });
      await sender.take('message', 100, 20_000);
    }
    const reader = await userSocket(bob);
    await reader.subscribed(roomId, 0, 10_000);
    await until(() => timelineOf(reader, roomId).length >= 1000, 'the replay of 1000', 30_000);
    expect(timelineOf(reader, roomId).map(seqOf)).toEqual(range(1, 1000));
    await reader.sync();
    expect(reader.ws.readyState).toBe(reader.ws.OPEN);
  }, 90_000);

  it('subscribing to a public room does not join it', async () => {
    const roomId = await roomOfThree();
    const erin = await makeUser(app);
    const socket = await userSocket(erin);
    await socket.subscribed(roomId);
    const room = (await api.room(erin, roomId).expect(200)).body;
    expect(room).toMatchObject({ id: roomId, joined: false, role: null, memberCount: 3 });
    const members = (await api.members(ana, roomId).expect(200)).body as { id: number }[];
    expect(members.map((member) => member.id)).not.toContain(erin.id);
    const listed = (await api.rooms(erin).expect(200)).body as { id: number; joined: boolean }[];
    expect(listed.find((entry) => entry.id === roomId)).toMatchObject({ joined: false });
    // A new per-user socket does not count it among her rooms either.
    const again = await userSocket(erin);
    expect((again.frames[0].rooms as { id: number }[]).map((entry) => entry.id)).not.toContain(
      roomId,
    );
  });
});
