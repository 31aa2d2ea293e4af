import { jest } from '@jest/globals';

import { createApp, TestApp } from '../support/create-app.js';
import { makeUser, TestUser } from '../support/factories.js';
import { describeTwoInstances, startTwoInstances, TwoInstances } from '../support/two-instances.js';
import { Frame, TestSocket } from '../support/ws-client.js';
import {
  byId,
  connectUser,
  createRoom,
  distantIds,
  OpenSockets,
  roomsApi,
  sleep,
  until,
  userRef,
  UserSocket,
} from './user-socket.js';

jest.setTimeout(60_000);

/** Messages are limited per user across instances; this file's is low to see it bite. */
const MESSAGE_RATE = '2/s burst 3';

/**
 * Two instances on one PostgreSQL database, sharing presence and rate limits through Redis:
 * a user's sockets on both count once, and per-user subscriptions count like room sockets.
 */
describeTwoInstances('presence and rate limits of per-user sockets across two instances', () => {
  let instances: TwoInstances;
  let one: TestApp;
  let two: TestApp;
  let ana: TestUser;
  let bob: TestUser;
  let carl: TestUser;
  const sockets = new OpenSockets();

  beforeAll(async () => {
    instances = await startTwoInstances({ MESSAGE_RATE });
    ({ one, two } = instances);
    await distantIds(one);
    [ana, bob, carl] = [await makeUser(one), await makeUser(two), await makeUser(one)];
  });

  afterEach(async () => {
    await sockets.closeAll();
  });

  afterAll(() => instances?.close());

  const userSocket = (app: TestApp, user: TestUser) => sockets.user(app, user);

  const roomSocket = (app: TestApp, roomId: number, user: TestUser) =>
    sockets.room(app, roomId, user);

  /** A room of ana's that bob and carl joined. */
  async function roomOfThree(): Promise<number> {
    const roomId = await createRoom(one, ana);
    const api = roomsApi(two);
    await Promise.all([api.join(bob, roomId).expect(200), api.join(carl, roomId).expect(200)]);
    return roomId;
  }

  const presenceOf = (socket: TestSocket, user: TestUser): Frame[] =>
    socket.frames.filter((frame) => frame.type === 'presence' && frame.user.id === user.id);

  const onlineCount = async (app: TestApp, roomId: number) =>
    (await roomsApi(app).room(carl, roomId).expect(200)).body.onlineCount as number;
  const memberOnline = async (app: TestApp, roomId: number, user: TestUser) =>
    (
      (await roomsApi(app).members(carl, roomId).expect(200)).body as {
        id: number;
        online: boolean;
      }[]
    ).find((member) => member.id === user.id)?.online;

  /** Polls a REST answer until it is `expected` (presence crosses Redis), then checks it. */
  async function eventually<T>(read: () => Promise<T>, expected: T, what: string): Promise<void> {
    const deadline = Date.now() + 5000;
    let last = await read();
    while (last !== expected && Date.now() < deadline) {
      await sleep(50);
      last = await read();
    }
    expect({ [what]: last }).toEqual({ [what]: expected });
  }

  it('counts a user with sockets on both instances once, until the last one closes', async () => {
    const roomId = await roomOfThree();
    const watcherOne = await roomSocket(one, roomId, carl);
    const watcherTwo = await userSocket(two, carl);
    await watcherTwo.subscribed(roomId);

    const anasRoom = await roomSocket(one, roomId, ana);
    const anas = await userSocket(two, ana);
    await anas.subscribed(roomId);
    for (const watcher of [watcherOne, watcherTwo]) {
      await until(() => presenceOf(watcher, ana).length >= 1, 'ana online on both instances');
    }
    await eventually(() => onlineCount(one, roomId), 2, 'onlineCount on one');
    await eventually(() => onlineCount(two, roomId), 2, 'onlineCount on two');

    await anasRoom.close();
    await sleep(500); // anything late through Redis
    await Promise.all([watcherOne.sync(), watcherTwo.sync()]);
    expect(await onlineCount(one, roomId)).toBe(2);
    expect(await memberOnline(one, roomId, ana)).toBe(true);

    await anas.close();
    for (const watcher of [watcherOne, watcherTwo]) {
      await until(() => presenceOf(watcher, ana).length >= 2, 'ana offline on both instances');
    }
    await sleep(500);
    await Promise.all([watcherOne.sync(), watcherTwo.sync()]);
    for (const watcher of [watcherOne, watcherTwo]) {
      expect(presenceOf(watcher, ana).map((frame) => frame.online)).toEqual([true, false]);
    }
    expect(presenceOf(watcherTwo, ana)[0]).toEqual({
      type: 'presence',
      roomId,
      user: userRef(ana),
      online: true,
    });
    await eventually(() => onlineCount(one, roomId), 1, 'onlineCount on one');
    await eventually(() => memberOnline(two, roomId, ana), false, 'ana online on two');
  });

  it('counts on one instance the sockets of the other, room sockets and subscriptions alike', async () => {
    const roomId = await roomOfThree();
    const watcher = await roomSocket(one, roomId, carl);
    // bob's only socket in the room is a room socket on two.
    const bobsRoom = await roomSocket(two, roomId, bob);
    await eventually(() => onlineCount(one, roomId), 2, 'onlineCount on one');
    expect(await memberOnline(one, roomId, bob)).toBe(true);
    // Now a subscription on two, and no room socket.
    const bobs = await userSocket(two, bob);
    await bobs.subscribed(roomId);
    await bobsRoom.close();
    await sleep(300);
    expect(await onlineCount(one, roomId)).toBe(2);
    // ana's subscription on one sees bob, whose socket is on two.
    const anas = await userSocket(one, ana);
    const subscribed = await anas.subscribed(roomId);
    expect(byId(subscribed.online)).toEqual(byId([userRef(ana), userRef(bob), userRef(carl)]));
    const ready = (await roomSocket(one, roomId, ana)).frames[0];
    expect(byId(ready.online)).toEqual(byId([userRef(ana), userRef(bob), userRef(carl)]));

    bobs.unsubscribe(roomId);
    await until(
      () => presenceOf(watcher, bob).some((frame) => !frame.online),
      'bob offline on one after unsubscribing on two',
    );
    await eventually(() => memberOnline(one, roomId, bob), false, 'bob online on one');
    await eventually(() => onlineCount(one, roomId), 2, 'onlineCount on one (ana, carl)');
  });

  it('delivers subscriptions, room.activity and membership made on the other instance', async () => {
    const roomId = await roomOfThree();
    const other = await createRoom(one, ana);
    await roomsApi(one).join(bob, other).expect(200);
    const bobs = await userSocket(two, bob);
    await bobs.subscribed(roomId);
    const bobsRoom = await roomSocket(two, roomId, bob);
    const api = roomsApi(one);
    await api.send(ana, roomId, 'subscribed, from one').expect(201);
    expect((await bobs.nextIn('message', roomId)).message).toMatchObject({
      roomId,
      content: 'subscribed, from one',
    });
    await api.send(ana, other, 'not subscribed, from one').expect(201);
    expect(await bobs.nextIn('room.activity', other)).toMatchObject({
      lastSeq: 1,
      lastMessage: expect.objectContaining({ content: 'not subscribed, from one' }),
      unreadCount: 1,
    });
    await api.kick(ana, roomId, bob.id).expect(204);
    expect((await bobsRoom.closeInfo()).code).toBe(4403);
    const removed = await bobs.nextIn('membership', roomId);
    expect(removed).toMatchObject({ action: 'removed', room: { id: roomId, joined: false } });
    await api.send(ana, roomId, 'after the kick').expect(201);
    await sleep(500);
    await bobs.sync();
    expect(bobs.framesOf(roomId).slice(bobs.framesOf(roomId).indexOf(removed) + 1)).toEqual([]);
  });

  it('forgets the users of an instance that shuts down', async () => {
    const roomId = await roomOfThree();
    const watcher = await roomSocket(one, roomId, carl);
    const three = await createApp({
      DATABASE_URL: (one.config.database as { url: string }).url,
      REDIS_URL: one.config.redisUrl!,
      JWT_SECRET: one.config.jwtSecret,
      MESSAGE_RATE,
    });
    let closed = false;
    try {
      const bobs = await connectUser(three, bob.accessToken);
      const bobsSubscribed = await bobs.subscribed(roomId);
      await until(() => presenceOf(watcher, bob).length >= 1, 'bob online on one');
      await eventually(() => onlineCount(one, roomId), 2, 'onlineCount on one');
      // The new instance learned who was online before it started (carl, on one).
      await eventually(() => onlineCount(three, roomId), 2, 'onlineCount on the new instance');
      expect(byId(bobsSubscribed.online)).toEqual(byId([userRef(bob), userRef(carl)]));
      await three.close();
      closed = true;
      await until(
        () => presenceOf(watcher, bob).some((frame) => !frame.online),
        'bob offline on one once his instance is gone',
        10_000,
      );
      await eventually(() => onlineCount(one, roomId), 1, 'onlineCount on one');
    } finally {
      if (!closed) await three.close();
    }
  });

  it('holds the message rate per user across instances', async () => {
    const roomId = await roomOfThree();
    // A sender whose burst nothing else in this file has spent.
    const dora = await makeUser(two);
    await roomsApi(one).join(dora, roomId).expect(200);
    const onOne = await userSocket(one, dora);
    const onTwo = await userSocket(two, dora);
    await onOne.subscribed(roomId);
    await onTwo.subscribed(roomId);
    const started = Date.now();
    for (let index = 1; index <= 3; index++) {
      onOne.send({ type: 'message', roomId, content: `one ${index}`, clientId: `one-${index}` });
    }
    const answers = async (socket: UserSocket, prefix: string) => {
      const out: Frame[] = [];
      for (let index = 1; index <= 3; index++) {
        out.push(
          await socket.nextMatching(
            (frame) =>
              frame.clientId === `${prefix}-${index}` ||
              (frame.type === 'message' && frame.message.clientId === `${prefix}-${index}`),
            `the answer to ${prefix}-${index}`,
          ),
        );
      }
      return out;
    };
    const first = await answers(onOne, 'one');
    for (let index = 1; index <= 3; index++) {
      onTwo.send({ type: 'message', roomId, content: `two ${index}`, clientId: `two-${index}` });
    }
    const second = await answers(onTwo, 'two');
    const elapsedSeconds = (Date.now() - started) / 1000;

    expect(first.map((frame) => frame.type)).toEqual(['message', 'message', 'message']);
    // The burst of 3 is spent on one; two may only have what refilled since (2 a second).
    const refilled = Math.floor(2 * elapsedSeconds);
    const refused = second.filter((frame) => frame.type === 'error');
    expect(refused.length).toBeGreaterThanOrEqual(3 - refilled);
    expect(refused.length).toBeGreaterThan(0);
    for (const frame of refused) {
      expect(frame).toEqual({
        type: 'error',
        code: 'rate_limited',
        message: expect.any(String),
        retryAfterMs: expect.any(Number),
        roomId,
        clientId: expect.stringMatching(/^two-/),
      });
      expect(frame.retryAfterMs).toBeGreaterThan(0);
    }
    const stored = (await roomsApi(one).history(dora, roomId).expect(200)).body.messages;
    expect(stored.length).toBe(3 + second.length - refused.length);
  });
});
