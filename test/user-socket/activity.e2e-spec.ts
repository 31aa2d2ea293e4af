import { jest } from '@jest/globals';

import { ROOM_ACTIVITY_INTERVAL_MS } from '../../src/contract/frames.js';
import { createApp, TestApp } from '../support/create-app.js';
import { makeUser, TestUser } from '../support/factories.js';
import { connect, Frame, TestSocket } from '../support/ws-client.js';
import {
  createRoom,
  NO_LIMITS,
  OpenSockets,
  RoomsApi,
  roomsApi,
  sleep,
  until,
  userRef,
  UserSocket,
} from './user-socket.js';

jest.setTimeout(30_000);

/** `room.activity`: a joined room that the socket has not subscribed changed. */
describe('WS /api/ws: room.activity', () => {
  let app: TestApp;
  let api: RoomsApi;
  let ana: TestUser;
  let bob: TestUser;
  const sockets = new OpenSockets();

  beforeAll(async () => {
    app = await createApp(NO_LIMITS);
    api = roomsApi(app);
    [ana, bob] = await Promise.all([makeUser(app), makeUser(app)]);
  });

  afterEach(async () => {
    await sockets.closeAll();
  });

  afterAll(() => app.close());

  const userSocket = (user: TestUser) => sockets.user(app, user);

  /** A public room of ana's that bob joined. */
  async function roomOfTwo(): Promise<number> {
    const roomId = await createRoom(app, ana);
    await api.join(bob, roomId).expect(200);
    return roomId;
  }

  const activityOf = (socket: TestSocket, roomId: number): Frame[] =>
    socket.frames.filter((frame) => frame.type === 'room.activity' && frame.roomId === roomId);

  /** Waits until the socket has an activity frame of the room with this lastSeq. */
  async function untilActivity(socket: UserSocket, roomId: number, lastSeq: number) {
    await until(
      () => activityOf(socket, roomId).some((frame) => frame.lastSeq === lastSeq),
      () =>
        `room.activity of room ${roomId} at lastSeq ${lastSeq}; got ` +
        JSON.stringify(activityOf(socket, roomId).map((frame) => frame.lastSeq)),
      3 * ROOM_ACTIVITY_INTERVAL_MS + 3000,
    );
    return activityOf(socket, roomId).find((frame) => frame.lastSeq === lastSeq)!;
  }

  /** Long enough for a coalesced frame to have been sent, had there been one. */
  const afterInterval = () => sleep(ROOM_ACTIVITY_INTERVAL_MS + 300);

  it('carries lastSeq, lastMessage, unreadCount and mentionCount', async () => {
    const roomId = await roomOfTwo();
    const socket = await userSocket(bob);
    const sent = (await api.send(ana, roomId, `hello @${bob.username}`).expect(201)).body;
    const activity = await untilActivity(socket, roomId, 1);
    expect(activity).toEqual({
      type: 'room.activity',
      roomId,
      lastSeq: 1,
      lastMessage: expect.objectContaining({
        id: sent.id,
        seq: 1,
        roomId,
        content: `hello @${bob.username}`,
        author: expect.objectContaining(userRef(ana)),
      }),
      unreadCount: 1,
      mentionCount: 1,
    });
    await afterInterval();
    await api.send(ana, roomId, 'no mention').expect(201);
    expect(await untilActivity(socket, roomId, 2)).toMatchObject({
      lastMessage: expect.objectContaining({ seq: 2, content: 'no mention' }),
      unreadCount: 2,
      mentionCount: 1,
    });
  });

  it('is sent for the user’s own messages from another tab, with nothing unread', async () => {
    const roomId = await roomOfTwo();
    const socket = await userSocket(bob);
    await api.send(bob, roomId, 'from my other tab').expect(201);
    expect(await untilActivity(socket, roomId, 1)).toMatchObject({
      lastMessage: expect.objectContaining({ content: 'from my other tab' }),
      unreadCount: 0,
      mentionCount: 0,
    });
  });

  it('follows a deletion: lastSeq moves on, lastMessage and unreadCount go back', async () => {
    const roomId = await roomOfTwo();
    const first = (await api.send(ana, roomId, 'stays').expect(201)).body;
    const second = (await api.send(ana, roomId, 'goes').expect(201)).body;
    const socket = await userSocket(bob);
    await api.remove(ana, second.id).expect(204);
    expect(await untilActivity(socket, roomId, 3)).toMatchObject({
      lastMessage: expect.objectContaining({ id: first.id, content: 'stays' }),
      unreadCount: 1,
    });
  });

  it('coalesces a burst: at most two frames for 20 messages, the last with the final state', async () => {
    const roomId = await roomOfTwo();
    const socket = await userSocket(bob);
    const sender = await connect(app, roomId, ana.accessToken);
    sockets.track(sender);
    const started = Date.now();
    for (let index = 1; index <= 20; index++) {
      sender.send({ type: 'message', content: `burst ${index}`, clientId: `b-${index}` });
    }
    await sender.take('message', 20, 10_000);
    const spent = Date.now() - started;
    const last = await untilActivity(socket, roomId, 20);
    await afterInterval();
    await socket.sync();
    const frames = activityOf(socket, roomId);
    // The server stored the burst within one interval (else more frames would be right).
    expect(spent).toBeLessThan(ROOM_ACTIVITY_INTERVAL_MS - 100);
    expect(frames.map((frame) => frame.lastSeq)).toHaveLength(Math.min(frames.length, 2));
    expect(frames[frames.length - 1]).toBe(last);
    expect(last).toMatchObject({
      lastSeq: 20,
      lastMessage: expect.objectContaining({ seq: 20, content: 'burst 20' }),
      unreadCount: 20,
      mentionCount: 0,
    });
  });

  it('sends at most one frame per room per interval while changes keep coming', async () => {
    const roomId = await roomOfTwo();
    const socket = await userSocket(bob);
    const count = 12;
    for (let index = 1; index <= count; index++) {
      await api.send(ana, roomId, `steady ${index}`).expect(201);
      await sleep(100);
    }
    const last = await untilActivity(socket, roomId, count);
    await afterInterval();
    await socket.sync();
    const frames = activityOf(socket, roomId);
    expect(frames[frames.length - 1]).toBe(last);
    expect(last).toMatchObject({ unreadCount: count });
    // Frames arrive in the order of lastSeq, none repeated, and spaced by the interval.
    const seqs = frames.map((frame) => frame.lastSeq as number);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(new Set(seqs).size).toBe(seqs.length);
    const spent = count * 100 + 500;
    expect(frames.length).toBeLessThanOrEqual(Math.ceil(spent / ROOM_ACTIVITY_INTERVAL_MS) + 1);
  });

  it('coalesces each room on its own: a busy room does not hold back another', async () => {
    const [busy, other] = [await roomOfTwo(), await roomOfTwo()];
    const socket = await userSocket(bob);
    await api.send(ana, busy, 'busy 1').expect(201);
    await api.send(ana, busy, 'busy 2').expect(201);
    const sent = Date.now();
    await api.send(ana, other, 'other 1').expect(201);
    await untilActivity(socket, other, 1);
    expect(Date.now() - sent).toBeLessThan(ROOM_ACTIVITY_INTERVAL_MS - 100);
    await untilActivity(socket, busy, 2);
  });

  it('sends the first change after a quiet period at once', async () => {
    const roomId = await roomOfTwo();
    const socket = await userSocket(bob);
    await api.send(ana, roomId, 'one').expect(201);
    await untilActivity(socket, roomId, 1);
    await afterInterval();
    const sent = Date.now();
    await api.send(ana, roomId, 'two').expect(201);
    await untilActivity(socket, roomId, 2);
    expect(Date.now() - sent).toBeLessThan(ROOM_ACTIVITY_INTERVAL_MS);
  });

  it('is sent to every socket of the user, each on its own', async () => {
    const roomId = await roomOfTwo();
    const [one, two] = [await userSocket(bob), await userSocket(bob)];
    await api.send(ana, roomId, 'to both tabs').expect(201);
    await Promise.all([untilActivity(one, roomId, 1), untilActivity(two, roomId, 1)]);
  });

  it('starts for a room joined after the socket opened, and stops once it is left', async () => {
    const roomId = await createRoom(app, ana);
    const socket = await userSocket(bob);
    await api.send(ana, roomId, 'before bob').expect(201);
    await api.join(bob, roomId).expect(200);
    await socket.nextIn('membership', roomId);
    await api.send(ana, roomId, 'after bob joined').expect(201);
    expect(await untilActivity(socket, roomId, 2)).toMatchObject({
      lastMessage: expect.objectContaining({ content: 'after bob joined' }),
      unreadCount: 1,
    });
    await afterInterval();
    await api.leave(bob, roomId).expect(204);
    await socket.nextIn('membership', roomId);
    await api.send(ana, roomId, 'after bob left').expect(201);
    await afterInterval();
    await socket.sync();
    expect(activityOf(socket, roomId).map((frame) => frame.lastSeq)).toEqual([2]);
  });

  it('starts for a direct room someone made with the user after the socket opened', async () => {
    const socket = await userSocket(bob);
    const dm = (await api.dm(ana, [bob.id]).expect(201)).body.id as number;
    await socket.nextIn('membership', dm);
    await api.send(ana, dm, 'psst').expect(201);
    expect(await untilActivity(socket, dm, 1)).toMatchObject({
      lastMessage: expect.objectContaining({ content: 'psst' }),
      unreadCount: 1,
      mentionCount: 1,
    });
  });

  it('tells the user’s other tabs when one of them reads the room', async () => {
    const roomId = await roomOfTwo();
    const [reader, other] = [await userSocket(bob), await userSocket(bob)];
    await api.send(ana, roomId, 'one').expect(201);
    await api.send(ana, roomId, 'two').expect(201);
    await untilActivity(other, roomId, 2);
    await afterInterval();
    const before = activityOf(other, roomId).length;
    reader.send({ type: 'read', roomId, seq: 2 });
    await until(
      () => activityOf(other, roomId).length > before,
      'room.activity after the read in another tab',
      3000,
    );
    expect(activityOf(other, roomId).at(-1)).toMatchObject({ lastSeq: 2, unreadCount: 0 });
  });

  it('is not sent for a subscribed room, nor for a room the user is not in', async () => {
    const [subscribed, joined, notJoined] = [
      await roomOfTwo(),
      await roomOfTwo(),
      await createRoom(app, ana),
    ];
    const socket = await userSocket(bob);
    await socket.subscribed(subscribed);
    await api.send(ana, subscribed, 'seen live').expect(201);
    await api.send(ana, notJoined, 'elsewhere').expect(201);
    await api.send(ana, joined, 'marker').expect(201);
    await socket.nextIn('message', subscribed);
    await untilActivity(socket, joined, 1);
    await afterInterval();
    await socket.sync();
    expect(activityOf(socket, subscribed)).toEqual([]);
    expect(activityOf(socket, notJoined)).toEqual([]);
    // Unsubscribed again, the room sends activity again.
    socket.unsubscribe(subscribed);
    await socket.sync();
    await api.send(ana, subscribed, 'after unsubscribe').expect(201);
    await untilActivity(socket, subscribed, 2);
  });
});
