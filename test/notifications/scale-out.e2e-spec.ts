import { jest } from '@jest/globals';

import type { TestApp } from '../support/create-app.js';
import { makeUser, TestUser } from '../support/factories.js';
import { describeTwoInstances, startTwoInstances, TwoInstances } from '../support/two-instances.js';
import type { TestSocket } from '../support/ws-client.js';
import { NO_LIMITS } from '../timeline/timeline-api.js';
import {
  aboutMessage,
  connectUser,
  distantIds,
  kindsAbout,
  mentionCountOf,
  notificationFrames,
  NotificationsApi,
  notificationsApi,
  roomWith,
} from './notifications-api.js';

jest.setTimeout(60_000);

/**
 * Two instances on one PostgreSQL database, fanning out through Redis: a notification made
 * on one reaches the recipient's per-user sockets on the other, and "once per message and
 * person" holds when the same clientId reaches both instances at once.
 */
describeTwoInstances('notifications across two instances', () => {
  let instances: TwoInstances;
  let one: TestApp;
  let two: TestApp;
  let onOne: NotificationsApi;
  let onTwo: NotificationsApi;
  let ana: TestUser;
  let bob: TestUser;
  let carl: TestUser;
  const open: TestSocket[] = [];

  beforeAll(async () => {
    instances = await startTwoInstances(NO_LIMITS);
    ({ one, two } = instances);
    await distantIds(one);
    onOne = notificationsApi(one);
    onTwo = notificationsApi(two);
    ana = await makeUser(one, 'ana');
    bob = await makeUser(two, 'bob');
    carl = await makeUser(one, 'carl');
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((socket) => socket.close()));
  });

  afterAll(() => instances.close());

  async function userSocket(app: TestApp, user: TestUser): Promise<TestSocket> {
    const socket = await connectUser(app, user.accessToken);
    open.push(socket);
    return socket;
  }

  it('sends the notification made on one instance to the recipient’s sockets on both', async () => {
    const roomId = await roomWith(one, ana, [bob, carl]);
    const [anaOnOne, anaOnTwo, bobOnTwo] = [
      await userSocket(one, ana),
      await userSocket(two, ana),
      await userSocket(two, bob),
    ];
    const message = (await onOne.send(carl, roomId, '@ana @room across').expect(201)).body;
    const [a, b] = await Promise.all([
      anaOnOne.next('notification'),
      anaOnTwo.next('notification'),
    ]);
    expect(a).toEqual(b);
    expect(a.notification).toMatchObject({ kind: 'mention', messageId: message.id });
    const forBob = await bobOnTwo.next('notification');
    expect(forBob.notification).toMatchObject({ kind: 'room_mention', messageId: message.id });
    expect(await aboutMessage(onTwo, ana, message.id)).toEqual([a.notification]);
  });

  it('makes one notification and one frame when the same clientId reaches both instances at once', async () => {
    const roomId = await roomWith(one, bob, [ana]);
    const anaSocket = await userSocket(two, ana);
    const body = { content: '@ana from both', clientId: 'both-instances' };
    const answers = await Promise.all([
      onOne.send(bob, roomId, body),
      onTwo.send(bob, roomId, body),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 201]);
    expect(answers[0].body.id).toBe(answers[1].body.id);
    const messageId = answers[0].body.id as number;
    expect(await kindsAbout(onOne, [ana], messageId)).toEqual([['mention']]);
    const sentinel = (await onOne.send(bob, roomId, '@ana after').expect(201)).body;
    await anaSocket.nextWhere('notification', (f) => f.notification.messageId === sentinel.id);
    expect(notificationFrames(anaSocket).map((n) => n.messageId)).toEqual([messageId, sentinel.id]);
  });

  it('counts and reads alike on both instances', async () => {
    const roomId = await roomWith(two, carl, [ana]);
    const first = (await onTwo.send(carl, roomId, '@ana one').expect(201)).body;
    await onOne.send(carl, roomId, '@ana two').expect(201);
    const ready = (await userSocket(two, ana)).frames[0];
    expect(
      (ready.rooms as { id: number; mentionCount: number }[]).find((r) => r.id === roomId),
    ).toMatchObject({ mentionCount: 2 });
    expect(await mentionCountOf(onOne, ana, roomId)).toBe(2);
    await onOne.read(ana, roomId, first.seq).expect(200);
    expect(await mentionCountOf(onTwo, ana, roomId)).toBe(1);
  });
});
