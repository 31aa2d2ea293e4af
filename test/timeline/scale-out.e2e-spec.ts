import { jest } from '@jest/globals';

import type { TestApp } from '../support/create-app.js';
import { joinRoom, makeRoom, makeUser, TestUser } from '../support/factories.js';
import { describeTwoInstances, startTwoInstances, TwoInstances } from '../support/two-instances.js';
import { connect, TestSocket } from '../support/ws-client.js';
import {
  NO_LIMITS,
  range,
  seqOf,
  timelineApi,
  TimelineApi,
  timelineFrames,
  userRef,
  briefly,
} from './timeline-api.js';

jest.setTimeout(60_000);

async function untilTimeline(socket: TestSocket, count: number, timeoutMs = 10_000) {
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

/**
 * Two instances on one PostgreSQL database, fanning out through Redis: the timeline events
 * made on either reach the sockets of both, and the "once" rules hold across instances
 * (they cannot rest on a lock inside one process).
 */
describeTwoInstances('room events across two instances', () => {
  let instances: TwoInstances;
  let one: TestApp;
  let two: TestApp;
  let onOne: TimelineApi;
  let onTwo: TimelineApi;
  let ana: TestUser;
  let bob: TestUser;
  let carl: TestUser;
  const open: TestSocket[] = [];

  beforeAll(async () => {
    instances = await startTwoInstances(NO_LIMITS);
    ({ one, two } = instances);
    // Every app of every spec file publishes on the same Redis channel, by room id: this
    // database's rooms start far from the ids of other files' fresh databases.
    const start = 100_000_000 + Math.floor(Math.random() * 1_000_000_000);
    await one.dataSource.query(`SELECT setval(pg_get_serial_sequence('room', 'id'), $1)`, [start]);
    onOne = timelineApi(one);
    onTwo = timelineApi(two);
    ana = await makeUser(one, 'ana');
    bob = await makeUser(two, 'bob');
    carl = await makeUser(one, 'carl');
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((socket) => socket.close()));
  });

  afterAll(() => instances?.close());

  async function setup() {
    const room = await makeRoom(one, ana);
    await Promise.all([joinRoom(two, bob, room.id), joinRoom(one, carl, room.id)]);
    const anaSocket = await connect(one, room.id, ana.accessToken);
    const bobSocket = await connect(two, room.id, bob.accessToken);
    open.push(anaSocket, bobSocket);
    return { roomId: room.id, sockets: [anaSocket, bobSocket] };
  }

  it('delivers every kind of event made on either instance to sockets on both', async () => {
    const { roomId, sockets } = await setup();
    let made = 0;
    const step = async (call: () => PromiseLike<unknown>) => {
      await call();
      made += 1;
      await Promise.all(sockets.map((socket) => untilTimeline(socket, made)));
    };
    let id = 0;
    await step(async () => {
      id = (await onOne.send(ana, roomId, 'hello @bob').expect(201)).body.id;
    });
    await step(() => onTwo.react(bob, id, '👍').expect(200));
    await step(() => onOne.edit(ana, id, 'hello @bob, edited').expect(200));
    await step(() => onTwo.pin(bob, id).expect(200));
    await step(() => onTwo.send(bob, roomId, { content: 'reply', replyToId: id }).expect(201));
    await step(() => onOne.unreact(bob, id, '👍').expect(200));
    await step(() => onTwo.remove(ana, id).expect(204));

    const [onAna, onBob] = sockets.map((socket) => timelineFrames(socket));
    expect(onAna.map(seqOf)).toEqual(range(1, 7));
    expect(onBob).toEqual(onAna);
    expect(onAna.map((frame) => frame.type)).toEqual([
      'message',
      'reaction',
      'message.edited',
      'message.pinned',
      'message',
      'reaction',
      'message.deleted',
    ]);
    expect(onAna[0].message.mentions).toEqual([userRef(bob)]);
    expect(onAna[1]).toEqual({
      type: 'reaction',
      seq: 2,
      messageId: id,
      emoji: '👍',
      user: userRef(bob),
      added: true,
      count: 1,
    });
    expect(onAna[2]).toMatchObject({ content: 'hello @bob, edited', mentions: [userRef(bob)] });
    expect(onAna[3]).toEqual({
      type: 'message.pinned',
      seq: 4,
      messageId: id,
      pinned: true,
      by: userRef(bob),
    });
    expect(onAna[4].message.replyTo).toMatchObject({ id, excerpt: 'hello @bob, edited' });
    expect(onAna[6]).toEqual({ type: 'message.deleted', seq: 7, messageId: id });

    // A resume on the other instance replays them from the database, in their current state.
    const resumed = await connect(two, roomId, carl.accessToken, { since: 0 });
    open.push(resumed);
    await untilTimeline(resumed, 7);
    expect(resumed.frames[0].lastSeq).toBe(7);
    expect(timelineFrames(resumed).map(seqOf)).toEqual(range(1, 7));
    expect(timelineFrames(resumed)[0].message).toMatchObject({ content: '', reactions: [] });
  });

  it('publishes one reaction for the same PUT made on both instances at once', async () => {
    const { roomId, sockets } = await setup();
    const id = (await onOne.send(ana, roomId, 'react here').expect(201)).body.id;
    await Promise.all(sockets.map((socket) => untilTimeline(socket, 1)));
    const answers = await Promise.all([
      onOne.react(carl, id, '🔥'),
      onTwo.react(carl, id, '🔥'),
      onOne.react(carl, id, '🔥'),
      onTwo.react(carl, id, '🔥'),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ emoji: '🔥', count: 1, me: true });
    }
    await Promise.all(sockets.map((socket) => untilTimeline(socket, 2)));
    await Promise.all(sockets.map((socket) => socket.sync()));
    await new Promise((resolve) => setTimeout(resolve, 200)); // anything late through Redis
    for (const socket of sockets) expect(timelineFrames(socket).map(seqOf)).toEqual([1, 2]);
    expect((await onTwo.get(carl, id).expect(200)).body.reactions).toEqual([
      { emoji: '🔥', count: 1, me: true },
    ]);
  });

  it('publishes one deletion and one pin when both instances are asked at once', async () => {
    const { roomId, sockets } = await setup();
    const pinned = (await onOne.send(ana, roomId, 'pin me').expect(201)).body.id;
    const doomed = (await onOne.send(ana, roomId, 'delete me').expect(201)).body.id;
    const answers = await Promise.all([
      onOne.pin(bob, pinned),
      onTwo.pin(carl, pinned),
      onOne.remove(ana, doomed),
      onTwo.remove(ana, doomed),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 204, 204]);
    await Promise.all(sockets.map((socket) => untilTimeline(socket, 4)));
    await Promise.all(sockets.map((socket) => socket.sync()));
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const socket of sockets) {
      const frames = timelineFrames(socket);
      expect(frames.map(seqOf).sort((a, b) => a - b)).toEqual([1, 2, 3, 4]);
      expect(frames.filter((frame) => frame.type === 'message.pinned')).toHaveLength(1);
      expect(frames.filter((frame) => frame.type === 'message.deleted')).toHaveLength(1);
    }
    const ready = await connect(two, roomId, carl.accessToken);
    open.push(ready);
    expect(ready.frames[0].lastSeq).toBe(4);
  });
});
