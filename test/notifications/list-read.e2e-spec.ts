import { jest } from '@jest/globals';
import request from 'supertest';

import type { TestApp } from '../support/create-app.js';
import { makeUser, TestUser } from '../support/factories.js';
import { connect, TestSocket } from '../support/ws-client.js';
import {
  aboutMessage,
  allOf,
  connectUser,
  createNotificationsApp,
  eventually,
  ISO_TIME,
  mentionCountOf,
  Notification,
  NotificationsApi,
  notificationsApi,
  roomMentionCount,
  roomWith,
  unreadCountOf,
} from './notifications-api.js';

jest.setTimeout(60_000);

/**
 * GET /api/notifications (newest first, `before` paging, `unread=true`, counts) and what
 * reads a notification: PUT /api/notifications/read, and moving the room's read position
 * to its seq (PUT /api/rooms/{id}/read, the socket's `read`, sending a message).
 */
describe('notifications: the list and reading', () => {
  let app: TestApp;
  let api: NotificationsApi;
  let ana: TestUser;
  let bob: TestUser;
  let carl: TestUser;
  const open: TestSocket[] = [];

  beforeAll(async () => {
    app = await createNotificationsApp();
    api = notificationsApi(app);
    [ana, bob, carl] = await Promise.all(['ana', 'bob', 'carl'].map((name) => makeUser(app, name)));
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((socket) => socket.close()));
  });

  afterAll(() => app.close());

  const send = async (user: TestUser, roomId: number, body: object | string) =>
    (await api.send(user, roomId, body).expect(201)).body as { id: number; seq: number };

  /**
   * A fresh user with `count` mentions by ana in a room of theirs, after a message that
   * names nobody (so that the first mention's seq is 2); answers them oldest first.
   */
  async function mentioned(count: number) {
    const user = await makeUser(app);
    const roomId = await roomWith(app, ana, [user]);
    await send(ana, roomId, 'hello, nobody in particular');
    const messages = [];
    for (let index = 0; index < count; index++) {
      messages.push(await send(ana, roomId, `@${user.username} number ${index}`));
    }
    return { user, roomId, messages };
  }

  const ids = (notifications: Notification[]) => notifications.map((n) => n.id);

  describe('GET /api/notifications', () => {
    it('answers an empty page for someone never notified', async () => {
      const user = await makeUser(app);
      expect((await api.list(user).expect(200)).body).toEqual({
        notifications: [],
        hasMore: false,
        unreadCount: 0,
      });
    });

    it('lists newest first, with hasMore and the unread count of all pages', async () => {
      const { user, messages } = await mentioned(4);
      const page = (await api.list(user).expect(200)).body;
      expect(page.hasMore).toBe(false);
      expect(page.unreadCount).toBe(4);
      const listed: Notification[] = page.notifications;
      expect(listed.map((n) => n.messageId)).toEqual(messages.map((m) => m.id).reverse());
      const listedIds = ids(listed);
      expect(listedIds).toEqual([...listedIds].sort((a, b) => b - a));
      for (const notification of listed) {
        expect(notification.createdAt).toMatch(ISO_TIME);
        expect(notification.readAt).toBeNull();
      }
      const first = (await api.list(user, '?limit=1').expect(200)).body;
      expect(first).toEqual({ notifications: [listed[0]], hasMore: true, unreadCount: 4 });
    });

    it('pages with `before` (an id, exclusive) without duplicates or gaps', async () => {
      const { user } = await mentioned(7);
      const whole = (await api.list(user).expect(200)).body.notifications as Notification[];
      expect(whole).toHaveLength(7);
      const paged: Notification[] = [];
      const hasMores: boolean[] = [];
      let query = '?limit=3';
      for (let page = 0; page < 5; page++) {
        const body = (await api.list(user, query).expect(200)).body;
        paged.push(...body.notifications);
        hasMores.push(body.hasMore);
        expect(body.unreadCount).toBe(7);
        if (!body.hasMore) break;
        query = `?limit=3&before=${paged[paged.length - 1].id}`;
      }
      expect(hasMores).toEqual([true, true, false]);
      expect(paged).toEqual(whole);
      // `before` is exclusive, also when it is the id of the newest.
      const after = (await api.list(user, `?before=${whole[0].id}`).expect(200)).body;
      expect(ids(after.notifications)).toEqual(ids(whole.slice(1)));
      // An id past every notification answers them all; the oldest's id answers none.
      const oldest = whole[whole.length - 1].id;
      expect((await api.list(user, `?before=${oldest}`).expect(200)).body).toEqual({
        notifications: [],
        hasMore: false,
        unreadCount: 7,
      });
    });

    it('answers 50 by default and at most 100', async () => {
      const { user } = await mentioned(102);
      const byDefault = (await api.list(user).expect(200)).body;
      expect(byDefault.notifications).toHaveLength(50);
      expect(byDefault.hasMore).toBe(true);
      expect(byDefault.unreadCount).toBe(102);
      const most = (await api.list(user, '?limit=100').expect(200)).body;
      expect(most.notifications).toHaveLength(100);
      expect(most.hasMore).toBe(true);
      const rest = (
        await api.list(user, `?limit=100&before=${most.notifications[99].id}`).expect(200)
      ).body;
      expect(rest.notifications).toHaveLength(2);
      expect(rest.hasMore).toBe(false);
      expect(new Set([...ids(most.notifications), ...ids(rest.notifications)]).size).toBe(102);
    });

    it('lists only unread ones with unread=true, paging them too', async () => {
      const { user, messages } = await mentioned(5);
      const whole = (await api.list(user).expect(200)).body.notifications as Notification[];
      // Read the 2nd and 4th newest.
      expect(
        (await api.markRead(user, { ids: [whole[1].id, whole[3].id] }).expect(200)).body,
      ).toEqual({ unreadCount: 3 });
      const unread = (await api.list(user, '?unread=true').expect(200)).body;
      expect(ids(unread.notifications)).toEqual([whole[0].id, whole[2].id, whole[4].id]);
      expect(unread.hasMore).toBe(false);
      expect(unread.unreadCount).toBe(3);
      const firstPage = (await api.list(user, '?unread=true&limit=2').expect(200)).body;
      expect(ids(firstPage.notifications)).toEqual([whole[0].id, whole[2].id]);
      expect(firstPage.hasMore).toBe(true);
      const secondPage = (
        await api.list(user, `?unread=true&limit=2&before=${whole[2].id}`).expect(200)
      ).body;
      expect(ids(secondPage.notifications)).toEqual([whole[4].id]);
      expect(secondPage.hasMore).toBe(false);
      // Without the filter, all five, the read ones with readAt.
      const all = (await api.list(user).expect(200)).body.notifications as Notification[];
      expect(all.map((n) => n.readAt === null)).toEqual([true, false, true, false, true]);
      expect(all.map((n) => n.messageId)).toEqual(messages.map((m) => m.id).reverse());
    });

    it('lists only the caller’s own notifications', async () => {
      const { user, messages } = await mentioned(2);
      const other = await mentioned(3);
      expect((await allOf(api, user)).map((n) => n.messageId)).toEqual(
        messages.map((m) => m.id).reverse(),
      );
      expect(await unreadCountOf(api, other.user)).toBe(3);
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=-1', 'limit'],
      ['limit=abc', 'limit'],
      ['limit=2.5', 'limit'],
      ['before=0', 'before'],
      ['before=-3', 'before'],
      ['before=abc', 'before'],
      ['before=1.5', 'before'],
    ])('answers 400 naming the field for ?%s', async (query, field) => {
      const answer = await api.list(ana, `?${query}`).expect(400);
      expect(JSON.stringify(answer.body.message)).toContain(field);
    });

    it('answers 401 without a token', async () => {
      await api.list({ ...ana, auth: '' }).expect(401);
    });
  });

  describe('a private room the caller was removed from', () => {
    it('shows in no notification what its messages say after the removal', async () => {
      const user = await makeUser(app);
      const created = await request(app.url)
        .post('/api/rooms')
        .set('Authorization', carl.auth)
        .send({ name: `private-${user.id}`, private: true })
        .expect(201);
      const roomId = created.body.id as number;
      await request(app.url)
        .post(`/api/rooms/${roomId}/members`)
        .set('Authorization', carl.auth)
        .send({ userId: user.id })
        .expect(200);
      const message = await send(carl, roomId, `@${user.username} a draft`);
      expect((await aboutMessage(api, user, message.id)).map((n) => n.excerpt)).toEqual([
        `@${user.username} a draft`,
      ]);
      await request(app.url)
        .delete(`/api/rooms/${roomId}/members/${user.id}`)
        .set('Authorization', carl.auth)
        .expect(204);
      await api.edit(carl, message.id, `@${user.username} the secret plan`).expect(200);
      await api.get(user, message.id).expect(404);
      const page = (await api.list(user, '?limit=100').expect(200)).body;
      expect(JSON.stringify(page)).not.toContain('secret');
      // Whatever it shows, the count is that of the unread it lists (a badge one can clear).
      expect(page.unreadCount).toBe(
        (page.notifications as Notification[]).filter((n) => n.readAt === null).length,
      );
    });
  });

  describe('PUT /api/notifications/read', () => {
    it('reads the ids given, answers the unread count, and sets readAt', async () => {
      const { user } = await mentioned(3);
      const whole = (await api.list(user).expect(200)).body.notifications as Notification[];
      const before = Date.now();
      expect((await api.markRead(user, { ids: [whole[0].id] }).expect(200)).body).toEqual({
        unreadCount: 2,
      });
      const after = (await api.list(user).expect(200)).body;
      expect(after.unreadCount).toBe(2);
      const read = after.notifications[0] as Notification;
      expect(read.readAt).toMatch(ISO_TIME);
      expect(Date.parse(read.readAt!)).toBeGreaterThanOrEqual(before - 2000);
      expect(after.notifications.slice(1).map((n: Notification) => n.readAt)).toEqual([null, null]);
      // Reading it again changes nothing.
      expect((await api.markRead(user, { ids: [whole[0].id] }).expect(200)).body).toEqual({
        unreadCount: 2,
      });
    });

    it('reads all with { all: true }', async () => {
      const { user } = await mentioned(3);
      const other = await roomWith(app, bob, [user]);
      await send(bob, other, `@${user.username} from another room`);
      expect(await unreadCountOf(api, user)).toBe(4);
      expect((await api.markRead(user, { all: true }).expect(200)).body).toEqual({
        unreadCount: 0,
      });
      const all = await allOf(api, user);
      expect(all).toHaveLength(4);
      for (const notification of all) expect(notification.readAt).toMatch(ISO_TIME);
      expect((await api.list(user, '?unread=true').expect(200)).body).toEqual({
        notifications: [],
        hasMore: false,
        unreadCount: 0,
      });
    });

    it('ignores ids of someone else’s notifications, answering the caller’s own count', async () => {
      const mine = await mentioned(2);
      const theirs = await mentioned(2);
      const theirIds = ids(await allOf(api, theirs.user));
      const myIds = ids(await allOf(api, mine.user));
      expect((await api.markRead(mine.user, { ids: theirIds }).expect(200)).body).toEqual({
        unreadCount: 2,
      });
      expect(await unreadCountOf(api, theirs.user)).toBe(2);
      expect(
        (await api.markRead(mine.user, { ids: [theirIds[0], myIds[0]] }).expect(200)).body,
      ).toEqual({ unreadCount: 1 });
      expect(await unreadCountOf(api, theirs.user)).toBe(2);
      expect((await allOf(api, theirs.user)).map((n) => n.readAt)).toEqual([null, null]);
      // { all: true } reads only the caller's.
      await api.markRead(mine.user, { all: true }).expect(200);
      expect(await unreadCountOf(api, theirs.user)).toBe(2);
    });

    it('accepts 100 ids', async () => {
      const { user } = await mentioned(1);
      const [only] = ids(await allOf(api, user));
      const hundred = [only, ...Array.from({ length: 99 }, (_, index) => 10_000_000 + index)];
      expect((await api.markRead(user, { ids: hundred }).expect(200)).body).toEqual({
        unreadCount: 0,
      });
    });

    it.each([
      ['an empty array', { ids: [] }],
      ['101 ids', { ids: Array.from({ length: 101 }, (_, index) => index + 1) }],
      ['zero', { ids: [0] }],
      ['a negative id', { ids: [-2] }],
      ['a fraction', { ids: [1.5] }],
      ['a string', { ids: ['7'] }],
      ['null in the array', { ids: [null] }],
      ['not an array', { ids: 7 }],
    ])('answers 400 naming `ids` for %s', async (_what, body) => {
      const { user } = await mentioned(1);
      const answer = await api.markRead(user, body).expect(400);
      expect(JSON.stringify(answer.body.message)).toContain('ids');
      expect(await unreadCountOf(api, user)).toBe(1);
    });

    it.each([
      ['neither ids nor all', {}],
      ['all: false', { all: false }],
      ['all: "true"', { all: 'true' }],
      ['all: null', { all: null }],
      ['all: null with bad ids', { all: null, ids: [-1] }],
    ])('answers 400 for %s, reading nothing', async (_what, body) => {
      const { user } = await mentioned(1);
      await api.markRead(user, body).expect(400);
      expect(await unreadCountOf(api, user)).toBe(1);
    });
  });

  describe('the room’s read position', () => {
    it('PUT /api/rooms/{id}/read to the seq reads it and lowers mentionCount; before it does not', async () => {
      const { user, roomId, messages } = await mentioned(3);
      expect(await mentionCountOf(api, user, roomId)).toBe(3);
      await api.read(user, roomId, messages[0].seq - 1).expect(200);
      expect(await mentionCountOf(api, user, roomId)).toBe(3);
      await api.read(user, roomId, messages[1].seq).expect(200);
      expect(await mentionCountOf(api, user, roomId)).toBe(1);
      expect(await unreadCountOf(api, user)).toBe(1);
      const listed = await allOf(api, user);
      expect(listed.map((n) => [n.seq, n.readAt === null])).toEqual([
        [messages[2].seq, true],
        [messages[1].seq, false],
        [messages[0].seq, false],
      ]);
    });

    it('reading beyond the seq reads it, and reads only that room’s', async () => {
      const { user, roomId, messages } = await mentioned(2);
      const elsewhere = await roomWith(app, carl, [user]);
      const other = await send(carl, elsewhere, `@${user.username} elsewhere`);
      await send(ana, roomId, 'later, naming nobody');
      await api.read(user, roomId, messages[1].seq + 1).expect(200);
      expect(await mentionCountOf(api, user, roomId)).toBe(0);
      expect(await mentionCountOf(api, user, elsewhere)).toBe(1);
      const [left] = (await api.list(user, '?unread=true').expect(200)).body.notifications;
      expect(left.messageId).toBe(other.id);
    });

    it('a notification made after the read position moved stays unread', async () => {
      const { user, roomId, messages } = await mentioned(1);
      await api.read(user, roomId, messages[0].seq).expect(200);
      const later = await send(ana, roomId, `@${user.username} after you read`);
      expect(await mentionCountOf(api, user, roomId)).toBe(1);
      const [unread] = (await api.list(user, '?unread=true').expect(200)).body.notifications;
      expect(unread.messageId).toBe(later.id);
    });

    it('the room socket’s `read` frame reads it', async () => {
      const { user, roomId, messages } = await mentioned(2);
      const socket = await connect(app, roomId, user.accessToken);
      open.push(socket);
      socket.send({ type: 'read', seq: messages[0].seq });
      await eventually(() => roomMentionCount(api, user, roomId), 1);
      expect(await mentionCountOf(api, user, roomId)).toBe(1);
      const [unread] = (await api.list(user, '?unread=true').expect(200)).body.notifications;
      expect(unread.messageId).toBe(messages[1].id);
    });

    it('the per-user socket’s `read` frame reads it', async () => {
      const { user, roomId, messages } = await mentioned(3);
      const socket = await connectUser(app, user.accessToken);
      open.push(socket);
      socket.send({ type: 'read', roomId, seq: messages[1].seq });
      await eventually(() => roomMentionCount(api, user, roomId), 1);
      expect(await mentionCountOf(api, user, roomId)).toBe(1);
      const [unread] = (await api.list(user, '?unread=true').expect(200)).body.notifications;
      expect(unread.messageId).toBe(messages[2].id);
    });

    it('a message sent over the room socket reads the sender’s earlier notifications', async () => {
      const { user, roomId, messages } = await mentioned(2);
      const socket = await connect(app, roomId, user.accessToken);
      open.push(socket);
      socket.send({ type: 'message', content: 'over the socket', clientId: 'read-by-ws' });
      const frame = await socket.nextWhere('message', (f) => f.message.clientId === 'read-by-ws');
      expect(frame.message.seq).toBeGreaterThan(messages[1].seq);
      await eventually(() => roomMentionCount(api, user, roomId), 0);
      expect(await mentionCountOf(api, user, roomId)).toBe(0);
      expect(await unreadCountOf(api, user)).toBe(0);
    });

    it('reading the room again reads a notification an edit made behind the read position', async () => {
      const { user, roomId } = await mentioned(0);
      const message = await send(ana, roomId, 'soon about you');
      const later = await send(ana, roomId, 'something else');
      await api.read(user, roomId, later.seq).expect(200);
      await api.edit(ana, message.id, `now about @${user.username}`).expect(200);
      const [made] = await aboutMessage(api, user, message.id);
      expect(made).toMatchObject({ kind: 'mention', seq: message.seq });
      await api.read(user, roomId, later.seq).expect(200);
      expect(await mentionCountOf(api, user, roomId)).toBe(0);
      expect((await aboutMessage(api, user, message.id))[0].readAt).toMatch(ISO_TIME);
    });

    it('sending a message in the room reads the sender’s earlier notifications there', async () => {
      const { user, roomId } = await mentioned(2);
      const elsewhere = await roomWith(app, carl, [user]);
      await send(carl, elsewhere, `@${user.username} in the other room`);
      expect(await unreadCountOf(api, user)).toBe(3);
      await send(user, roomId, 'I am here');
      expect(await mentionCountOf(api, user, roomId)).toBe(0);
      expect(await mentionCountOf(api, user, elsewhere)).toBe(1);
      expect(await unreadCountOf(api, user)).toBe(1);
      // A reply to the message just sent is new, and unread.
      const mine = (await api.history(user, roomId).expect(200)).body.messages.at(-1);
      const reply = await send(ana, roomId, { content: 'welcome back', replyToId: mine.id });
      expect(await aboutMessage(api, user, reply.id)).toEqual([
        expect.objectContaining({ kind: 'reply', readAt: null }),
      ]);
      expect(await mentionCountOf(api, user, roomId)).toBe(1);
    });

    it('marking notifications read lowers the room’s mentionCount', async () => {
      const { user, roomId } = await mentioned(3);
      const [newest] = await allOf(api, user);
      await api.markRead(user, { ids: [newest.id] }).expect(200);
      expect(await mentionCountOf(api, user, roomId)).toBe(2);
      await api.markRead(user, { all: true }).expect(200);
      expect(await mentionCountOf(api, user, roomId)).toBe(0);
    });
  });
});
