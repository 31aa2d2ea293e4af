import { jest } from '@jest/globals';

import { InboxCounters } from '../../src/inbox/inbox-counters.js';
import { RoomAccess } from '../../src/rooms/room-access.js';
import { createApp, TestApp } from '../support/create-app.js';
import { makeUser, TestUser } from '../support/factories.js';
import { TestSocket } from '../support/ws-client.js';
import {
  connectUser,
  createRoom,
  NO_LIMITS,
  roomsApi,
  RoomsApi,
  sleep,
  until,
  UserSocket,
} from './user-socket.js';

jest.setTimeout(30_000);

type AnyAsync = (...args: unknown[]) => Promise<unknown>;

/** Long enough for a room.activity frame to come, had there been one. */
const ROOM_ACTIVITY_WAIT = 800;

/**
 * Changes of membership that land while the server is busy with the user's socket: while
 * the handshake reads the user's rooms, and while a `subscribe` checks the right to read.
 * Whatever the timing, the socket ends up as if the change came before or after, never
 * with a subscription to a room the user may no longer read, nor blind to a room joined.
 */
describe('WS /api/ws: membership changes racing the socket', () => {
  let app: TestApp;
  let api: RoomsApi;
  let ana: TestUser;
  const open: TestSocket[] = [];

  beforeAll(async () => {
    app = await createApp(NO_LIMITS);
    api = roomsApi(app);
    ana = await makeUser(app);
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await Promise.all(open.splice(0).map((socket) => socket.close()));
  });

  afterAll(() => app.close());

  /** Runs `meanwhile` once, after the real call answered and before its caller sees it. */
  function hook(
    service: object,
    method: string,
    applies: (args: unknown[]) => boolean,
    meanwhile: () => Promise<void>,
  ) {
    const target = service as Record<string, AnyAsync>;
    const real = target[method].bind(service);
    let done = false;
    const spy = jest.spyOn(target, method).mockImplementation(async (...args: unknown[]) => {
      const result = await real(...args);
      if (!done && applies(args)) {
        done = true;
        await meanwhile();
      }
      return result;
    });
    return { spy, ran: () => done };
  }

  /** Waits a little, then checks that the socket got nothing of the room since `from`. */
  async function nothingOf(socket: UserSocket, roomId: number, from: number, what: string) {
    await sleep(300);
    await socket.sync();
    const late = socket.frames
      .slice(from)
      .filter((frame) => frame.roomId === roomId && frame.type !== 'membership');
    expect({ [what]: late }).toEqual({ [what]: [] });
  }

  it('a kick while subscribe checks access leaves no subscription to the private room', async () => {
    const bob = await makeUser(app);
    const roomId = await createRoom(app, ana, { private: true });
    await api.add(ana, roomId, bob.id).expect(200);
    const socket = await connectUser(app, bob.accessToken);
    open.push(socket);
    const kicked = hook(
      app.app.get(RoomAccess),
      'check',
      (args) => args[0] === bob.id && args[1] === roomId,
      async () => {
        await api.kick(ana, roomId, bob.id).expect(204);
        await sleep(100); // the member event reaches the sockets
      },
    );
    socket.send({ type: 'subscribe', roomId });
    await socket.answerFor(roomId, 10_000);
    expect(kicked.ran()).toBe(true);
    const from = socket.frames.length;
    await api.send(ana, roomId, 'secret, after bob was removed').expect(201);
    await nothingOf(socket, roomId, from, 'frames of the private room after the kick');
  });

  it('a ban while subscribe checks access leaves no subscription', async () => {
    const bob = await makeUser(app);
    const roomId = await createRoom(app, ana);
    await api.join(bob, roomId).expect(200);
    const socket = await connectUser(app, bob.accessToken);
    open.push(socket);
    const banned = hook(
      app.app.get(RoomAccess),
      'check',
      (args) => args[0] === bob.id && args[1] === roomId,
      async () => {
        await api.ban(ana, roomId, bob.id).expect(204);
        await sleep(100);
      },
    );
    socket.send({ type: 'subscribe', roomId });
    await socket.answerFor(roomId, 10_000);
    expect(banned.ran()).toBe(true);
    const from = socket.frames.length;
    await api.send(ana, roomId, 'after the ban').expect(201);
    await nothingOf(socket, roomId, from, 'frames of the room after the ban');
  });

  it('an unsubscribe sent right after subscribe wins: frames are taken in the order sent', async () => {
    const bob = await makeUser(app);
    const roomId = await createRoom(app, ana);
    await api.send(ana, roomId, 'before').expect(201);
    const socket = await connectUser(app, bob.accessToken);
    open.push(socket);
    socket.send({ type: 'subscribe', roomId, since: 0 });
    socket.unsubscribe(roomId);
    await sleep(500); // whatever the subscribe answers, it has answered by now
    await socket.sync();
    const from = socket.frames.length;
    await api.send(ana, roomId, 'after the unsubscribe').expect(201);
    await nothingOf(socket, roomId, from, 'frames of the room after subscribe + unsubscribe');
  });

  it('a room joined while the handshake reads the user’s rooms is followed all the same', async () => {
    const bob = await makeUser(app);
    const roomId = await createRoom(app, ana);
    const joined = hook(
      app.app.get(InboxCounters),
      'ready',
      (args) => args[0] === bob.id,
      async () => {
        await api.join(bob, roomId).expect(200);
        await sleep(100);
      },
    );
    const socket = await connectUser(app, bob.accessToken);
    open.push(socket);
    expect(joined.ran()).toBe(true);
    await api.send(ana, roomId, 'does bob hear of it?').expect(201);
    // Either ready listed the room or membership told of it; either way, activity follows.
    await until(
      () =>
        socket.frames.some((frame) => frame.type === 'room.activity' && frame.roomId === roomId),
      () => `room.activity of room ${roomId}; got ${JSON.stringify(socket.frames)}`,
      3000,
    );
    const told =
      (socket.frames[0].rooms as { id: number }[]).some((room) => room.id === roomId) ||
      socket.frames.some((frame) => frame.type === 'membership' && frame.roomId === roomId);
    expect(told).toBe(true);
  });

  it('a room left while the handshake reads the user’s rooms sends no activity', async () => {
    const bob = await makeUser(app);
    const roomId = await createRoom(app, ana, { private: true });
    await api.add(ana, roomId, bob.id).expect(200);
    const left = hook(
      app.app.get(InboxCounters),
      'ready',
      (args) => args[0] === bob.id,
      async () => {
        await api.kick(ana, roomId, bob.id).expect(204);
        await sleep(100);
      },
    );
    const socket = await connectUser(app, bob.accessToken);
    open.push(socket);
    expect(left.ran()).toBe(true);
    await api.send(ana, roomId, 'secret').expect(201);
    await sleep(ROOM_ACTIVITY_WAIT);
    await socket.sync();
    const activity = socket.frames.filter(
      (frame) => frame.type === 'room.activity' && frame.roomId === roomId,
    );
    expect({ 'room.activity of the private room after the kick': activity }).toEqual({
      'room.activity of the private room after the kick': [],
    });
  });
});
