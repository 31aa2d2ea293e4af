import { jest } from '@jest/globals';

import type { TestApp } from '../support/create-app.js';
import { makeUser, TestUser } from '../support/factories.js';
import { describeTwoInstances, startTwoInstances, TwoInstances } from '../support/two-instances.js';
import { connect, Frame, TestSocket } from '../support/ws-client.js';
import {
  briefly,
  createRoom,
  distantIds,
  NO_LIMITS,
  OpenSockets,
  range,
  roomName,
  roomsApi,
  seqOf,
  sleep,
  timelineOf,
  until,
} from './user-socket.js';

jest.setTimeout(60_000);

/**
 * Two instances on one PostgreSQL database, fanning out through Redis: a subscription made
 * on one instance while people send through the other has no gap and no repeat, and the
 * per-user socket's own frames (room.activity, room.updated) cross over.
 */
describeTwoInstances('per-user sockets on two instances: subscriptions and activity', () => {
  let instances: TwoInstances;
  let one: TestApp;
  let two: TestApp;
  let ana: TestUser;
  let bob: TestUser;
  let carl: TestUser;
  const sockets = new OpenSockets();

  beforeAll(async () => {
    instances = await startTwoInstances(NO_LIMITS);
    ({ one, two } = instances);
    await distantIds(one);
    [ana, bob, carl] = [await makeUser(one), await makeUser(two), await makeUser(one)];
  });

  afterEach(async () => {
    await sockets.closeAll();
  });

  afterAll(() => instances?.close());

  const userSocket = (app: TestApp, user: TestUser) => sockets.user(app, user);

  async function roomOfThree(): Promise<number> {
    const roomId = await createRoom(one, ana);
    const api = roomsApi(two);
    await Promise.all([api.join(bob, roomId).expect(200), api.join(carl, roomId).expect(200)]);
    return roomId;
  }

  it('subscribes on one instance without gap or repeat while others send through both', async () => {
    const roomId = await roomOfThree();
    const perSender = 120;
    const anas = await connect(one, roomId, ana.accessToken);
    const bobs = await connect(two, roomId, bob.accessToken);
    sockets.track(anas, bobs);
    const watchers = [await userSocket(two, carl), await userSocket(one, carl)];
    const sinces: number[] = [];

    const send = async (socket: TestSocket, prefix: string) => {
      for (let index = 0; index < perSender; index++) {
        socket.send({
          type: 'message',
          content: `${prefix} ${index}`,
          clientId: `${prefix}-${index}`,
        });
        if (index % 10 === 9) await sleep(20);
      }
      await socket.take('message', 2 * perSender, 30_000);
    };
    const watch = async () => {
      await until(
        () => anas.frames.filter((frame) => frame.type === 'message').length >= 40,
        'the room to fill',
        15_000,
      );
      for (const watcher of watchers) {
        const since = anas.frames.filter((frame) => frame.type === 'message').length - 25;
        sinces.push(since);
        await watcher.subscribed(roomId, since, 10_000);
        await sleep(50);
      }
    };
    await Promise.all([send(anas, 'ana'), send(bobs, 'bob'), watch()]);

    const total = 2 * perSender;
    for (const [index, watcher] of watchers.entries()) {
      await until(
        () => timelineOf(watcher, roomId).some((frame) => seqOf(frame) === total),
        () => `watcher ${index} up to ${total}: ${briefly(timelineOf(watcher, roomId).map(seqOf))}`,
        15_000,
      );
      await sleep(300);
      await watcher.sync();
      const subscribed = watcher.framesOf(roomId).find((frame) => frame.type === 'subscribed')!;
      expect(subscribed.lastSeq).toBeLessThan(total);
      expect(timelineOf(watcher, roomId).map(seqOf)).toEqual(range(sinces[index] + 1, total));
    }
  });

  it('coalesces room.activity for changes made on the other instance', async () => {
    const roomId = await roomOfThree();
    const bobs = await userSocket(two, bob);
    const sender = await connect(one, roomId, ana.accessToken);
    sockets.track(sender);
    for (let index = 1; index <= 20; index++) {
      sender.send({ type: 'message', content: `burst ${index}` });
    }
    await sender.take('message', 20, 10_000);
    const activity = (): Frame[] =>
      bobs.frames.filter((frame) => frame.type === 'room.activity' && frame.roomId === roomId);
    await until(() => activity().some((frame) => frame.lastSeq === 20), 'activity at lastSeq 20');
    await sleep(800);
    await bobs.sync();
    expect(activity().length).toBeLessThanOrEqual(2);
    expect(activity()[activity().length - 1]).toMatchObject({
      lastSeq: 20,
      lastMessage: expect.objectContaining({ content: 'burst 20' }),
      unreadCount: 20,
    });
  });

  it('lets a user send on one instance right after joining over REST on the other', async () => {
    const bobs = await userSocket(two, bob);
    const failures: string[] = [];
    for (let round = 0; round < 5; round++) {
      const roomId = await createRoom(one, ana);
      await bobs.subscribed(roomId);
      await roomsApi(one).join(bob, roomId).expect(200);
      bobs.send({ type: 'message', roomId, content: 'just joined', clientId: `joined-${round}` });
      const answer = await bobs.nextMatching(
        (frame) =>
          frame.roomId === roomId &&
          (frame.type === 'error' || (frame.type === 'message' && frame.message.clientId)),
        `the answer in room ${roomId}`,
      );
      if (answer.type === 'error')
        failures.push(`round ${round}: ${answer.code} ${answer.message}`);
    }
    expect(failures).toEqual([]);
  });

  it('refuses a message on one instance right after a kick over REST on the other', async () => {
    const bobs = await userSocket(two, bob);
    const accepted: number[] = [];
    for (let round = 0; round < 5; round++) {
      const roomId = await roomOfThree();
      await sleep(100); // bob's membership has reached instance two
      await roomsApi(one).kick(ana, roomId, bob.id).expect(204);
      bobs.send({ type: 'message', roomId, content: 'just kicked', clientId: `kicked-${round}` });
      await bobs
        .nextMatching(
          (frame) => frame.type === 'error' && frame.roomId === roomId,
          `the refusal in room ${roomId}`,
          1500,
        )
        .catch(() => undefined); // none: the history below says whether it was stored
      const stored = (await roomsApi(one).history(ana, roomId).expect(200)).body.messages;
      if (stored.length > 0) accepted.push(round);
    }
    expect({ 'rounds where the kicked user’s message was stored': accepted }).toEqual({
      'rounds where the kicked user’s message was stored': [],
    });
  });

  it('sends room.updated to members on both instances', async () => {
    const roomId = await roomOfThree();
    const [onOne, onTwo] = [await userSocket(one, carl), await userSocket(two, bob)];
    const name = roomName('renamed');
    await roomsApi(two).patch(ana, roomId, { name }).expect(200);
    for (const socket of [onOne, onTwo]) {
      const frame = await socket.nextWhere('room.updated', (f) => f.room?.id === roomId);
      expect(frame.room).toMatchObject({ id: roomId, name, memberCount: 3 });
    }
  });
});
