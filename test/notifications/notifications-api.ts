import request from 'supertest';
import { WebSocket } from 'ws';

import type { Notification, NotificationKind } from '../../src/contract/notifications.js';
import type { NotifyLevel } from '../../src/contract/rooms.js';
import { createApp, TestApp } from '../support/create-app.js';
import { joinRoom, makeRoom, TestUser } from '../support/factories.js';
import { TestSocket, withTimeout, wsUrl } from '../support/ws-client.js';
import { NO_LIMITS, timelineApi } from '../timeline/timeline-api.js';

/**
 * The REST calls and the per-user socket that the notification specs use, on top of the
 * timeline's (test/timeline/timeline-api.ts), one function each answering supertest's Test.
 */

export type { Notification, NotificationKind };

const TIMEOUT_MS = 5000;

/** One instance without Redis, whose rate limits stay out of the way of the specs. */
export function createNotificationsApp(): Promise<TestApp> {
  return createApp(NO_LIMITS);
}

export function notificationsApi(app: TestApp) {
  const http = () => request(app.url);
  return {
    ...timelineApi(app),
    /** GET /api/notifications with a raw query string ('' or '?limit=3&before=9'). */
    list: (user: TestUser, query = '') =>
      http().get(`/api/notifications${query}`).set('Authorization', user.auth),
    markRead: (user: TestUser, body: object | string) =>
      http().put('/api/notifications/read').set('Authorization', user.auth).send(body),
    dm: (user: TestUser, others: TestUser[]) =>
      http()
        .post('/api/dms')
        .set('Authorization', user.auth)
        .send({ userIds: others.map((other) => other.id) }),
    notify: (user: TestUser, roomId: number, level: NotifyLevel | string) =>
      http().put(`/api/rooms/${roomId}/notify`).set('Authorization', user.auth).send({ level }),
    leave: (user: TestUser, roomId: number) =>
      http().delete(`/api/rooms/${roomId}/members/me`).set('Authorization', user.auth),
  };
}

export type NotificationsApi = ReturnType<typeof notificationsApi>;

/** A room made by `owner` that `others` joined. */
export async function roomWith(app: TestApp, owner: TestUser, others: TestUser[]): Promise<number> {
  const room = await makeRoom(app, owner);
  await Promise.all(others.map((user) => joinRoom(app, user, room.id)));
  return room.id;
}

/** Every notification `user` has (all pages of 100), newest first. */
export async function allOf(api: NotificationsApi, user: TestUser): Promise<Notification[]> {
  const all: Notification[] = [];
  let query = '?limit=100';
  for (let page = 0; page < 50; page++) {
    const body = (await api.list(user, query).expect(200)).body;
    all.push(...(body.notifications as Notification[]));
    if (!body.hasMore) return all;
    query = `?limit=100&before=${all[all.length - 1].id}`;
  }
  throw new Error('more than 50 pages of notifications');
}

/** `user`'s notifications about one message. */
export async function aboutMessage(
  api: NotificationsApi,
  user: TestUser,
  messageId: number,
): Promise<Notification[]> {
  return (await allOf(api, user)).filter((n) => n.messageId === messageId);
}

/** The kinds of notification each user has about one message (in the order of `users`). */
export async function kindsAbout(
  api: NotificationsApi,
  users: TestUser[],
  messageId: number,
): Promise<NotificationKind[][]> {
  return Promise.all(
    users.map(async (user) => (await aboutMessage(api, user, messageId)).map((n) => n.kind)),
  );
}

export async function unreadCountOf(api: NotificationsApi, user: TestUser): Promise<number> {
  return (await api.list(user, '?limit=1').expect(200)).body.unreadCount as number;
}

/** mentionCount of a room as `user` sees it in GET /api/rooms/{id}; GET /api/rooms must agree. */
export async function mentionCountOf(
  api: NotificationsApi,
  user: TestUser,
  roomId: number,
): Promise<number> {
  const one = (await api.room(user, roomId).expect(200)).body;
  const listed = ((await api.rooms(user).expect(200)).body as { id: number }[]).find(
    (room) => room.id === roomId,
  );
  expect(listed).toBeDefined();
  expect({ roomId, listed: (listed as { mentionCount?: number }).mentionCount }).toEqual({
    roomId,
    listed: one.mentionCount,
  });
  return one.mentionCount as number;
}

/**
 * mentionCount from GET /api/rooms/{id} alone: a probe for `eventually` while a change is
 * on its way (mentionCountOf's two requests may straddle it).
 */
export async function roomMentionCount(
  api: NotificationsApi,
  user: TestUser,
  roomId: number,
): Promise<number> {
  return (await api.room(user, roomId).expect(200)).body.mentionCount as number;
}

/** Retries `probe` until it answers `expected` (deep equality), for at most timeoutMs. */
export async function eventually<T>(
  probe: () => Promise<T>,
  expected: T,
  timeoutMs = TIMEOUT_MS,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!isEqual(last, expected) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    last = await probe();
  }
  expect(last).toEqual(expected);
}

function isEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Opens the per-user socket `WS /api/ws?token=…` and waits for its `ready`. */
export async function connectUser(app: TestApp, token: string): Promise<TestSocket> {
  const ws = new WebSocket(wsUrl(app, `/api/ws?token=${encodeURIComponent(token)}`));
  const socket = new TestSocket(ws);
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_request, response) =>
        reject(new Error(`the per-user socket was refused with ${response.statusCode}`)),
      );
      ws.once('error', reject);
    }),
    TIMEOUT_MS,
    'the per-user socket to open',
  );
  await socket.next('ready');
  return socket;
}

/** Subscribes a per-user socket to a room and waits for `subscribed`. */
export async function subscribe(socket: TestSocket, roomId: number): Promise<void> {
  socket.send({ type: 'subscribe', roomId });
  await socket.nextWhere('subscribed', (frame) => frame.roomId === roomId);
}

/** The `notification` frames a socket received so far (taken or not). */
export function notificationFrames(socket: TestSocket): Notification[] {
  return socket.frames
    .filter((frame) => frame.type === 'notification')
    .map((frame) => frame.notification as Notification);
}

export const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?Z$/;

export const actorOf = (user: TestUser) => ({
  id: user.id,
  username: user.username,
  displayName: user.username,
});

/**
 * Every app that uses Redis publishes on one channel, by room and user id: the ids of this
 * database start far from those of other spec files' fresh databases (PostgreSQL only).
 */
export async function distantIds(app: TestApp): Promise<void> {
  const start = 100_000_000 + Math.floor(Math.random() * 1_000_000_000);
  await app.dataSource.query(`SELECT setval(pg_get_serial_sequence('room', 'id'), $1)`, [start]);
  await app.dataSource.query(`SELECT setval(pg_get_serial_sequence('"user"', 'id'), $1)`, [start]);
}
