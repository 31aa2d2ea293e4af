import { jest } from '@jest/globals';

import type { TestApp } from '../support/create-app.js';
import { makeUser, TestUser } from '../support/factories.js';
import { connect, TestSocket } from '../support/ws-client.js';
import {
  aboutMessage,
  actorOf,
  connectUser,
  createNotificationsApp,
  ISO_TIME,
  mentionCountOf,
  notificationFrames,
  NotificationsApi,
  notificationsApi,
  roomWith,
  subscribe,
} from './notifications-api.js';

jest.setTimeout(30_000);

/** A UTF-16 surrogate that is not half of a pair. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The per-user socket `WS /api/ws?token=…`: each new notification comes to the recipient's
 * sockets as `{ type: 'notification', notification }` (never to the author's, nor to the
 * room socket), and `ready.rooms[]` carries each joined room's mentionCount.
 */
describe('notifications on the per-user socket', () => {
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

  const room = () => roomWith(app, ana, [bob, carl]);
  const send = async (user: TestUser, roomId: number, body: object | string) =>
    (await api.send(user, roomId, body).expect(201)).body as { id: number; seq: number };

  async function userSocket(user: TestUser): Promise<TestSocket> {
    const socket = await connectUser(app, user.accessToken);
    open.push(socket);
    return socket;
  }

  /** Waits for the socket's next notification frame and answers its notification. */
  async function nextNotification(socket: TestSocket) {
    const frame = await socket.next('notification');
    expect(Object.keys(frame).sort()).toEqual(['notification', 'type']);
    return frame.notification;
  }

  describe('the `notification` frame', () => {
    it('brings each kind to the recipient, equal to the listed notification', async () => {
      const roomId = await room();
      const anaSocket = await userSocket(ana);

      // ana's own message first: sending moves her read position, which reads what precedes it.
      const parent = await send(ana, roomId, 'a question');
      const mention = await send(bob, roomId, 'hi @ana');
      const reply = await send(carl, roomId, { content: 'an answer', replyToId: parent.id });
      const everyone = await send(bob, roomId, '@room hello');
      const dmId = (await api.dm(carl, [ana]).expect(201)).body.id as number;
      const direct = await send(carl, dmId, 'just us');

      const frames = [];
      for (let index = 0; index < 4; index++) frames.push(await nextNotification(anaSocket));
      expect(frames.map((n) => [n.kind, n.messageId])).toEqual([
        ['mention', mention.id],
        ['reply', reply.id],
        ['room_mention', everyone.id],
        ['direct', direct.id],
      ]);
      for (const notification of frames) {
        expect(await aboutMessage(api, ana, notification.messageId)).toEqual([notification]);
      }
      expect(frames[0]).toEqual({
        id: expect.any(Number),
        kind: 'mention',
        roomId,
        messageId: mention.id,
        seq: mention.seq,
        actor: actorOf(bob),
        excerpt: 'hi @ana',
        createdAt: expect.stringMatching(ISO_TIME),
        readAt: null,
      });
      expect(frames[3]).toMatchObject({ roomId: dmId, seq: direct.seq, actor: actorOf(carl) });
    });

    it('comes to every per-user socket of the recipient, subscribed to the room or not', async () => {
      const roomId = await room();
      const [first, second] = [await userSocket(bob), await userSocket(bob)];
      await subscribe(second, roomId);
      const message = await send(ana, roomId, '@bob two tabs');
      const [a, b] = [await nextNotification(first), await nextNotification(second)];
      expect(a).toEqual(b);
      expect(a.messageId).toBe(message.id);
    });

    it('never comes to the author’s sockets, nor to those of members not notified', async () => {
      const roomId = await room();
      const [anaSocket, bobSocket, carlSocket] = [
        await userSocket(ana),
        await userSocket(bob),
        await userSocket(carl),
      ];
      await subscribe(bobSocket, roomId);
      // bob names himself, replies to himself, and names ana: only ana is notified.
      const own = await send(bob, roomId, 'note to @bob');
      await send(bob, roomId, { content: '@BOB again', replyToId: own.id });
      bobSocket.send({ type: 'message', roomId, content: '@ana @bob over the socket' });
      const forAna = await nextNotification(anaSocket);
      expect(forAna.actor).toEqual(actorOf(bob));
      // Then someone notifies bob and carl: that is the first notification either receives.
      const later = await send(ana, roomId, '@bob @carl now you');
      expect((await nextNotification(bobSocket)).messageId).toBe(later.id);
      expect((await nextNotification(carlSocket)).messageId).toBe(later.id);
      expect(notificationFrames(bobSocket).map((n) => n.messageId)).toEqual([later.id]);
      expect(notificationFrames(carlSocket).map((n) => n.messageId)).toEqual([later.id]);
    });

    it('never comes to a member whose level is `none`', async () => {
      const roomId = await room();
      await api.notify(carl, roomId, 'none').expect(200);
      const carlSocket = await userSocket(carl);
      await send(ana, roomId, '@carl @room muted');
      const elsewhere = await roomWith(app, bob, [carl]);
      const sentinel = await send(bob, elsewhere, '@carl not muted here');
      expect((await nextNotification(carlSocket)).messageId).toBe(sentinel.id);
    });

    it('comes once for a message sent again with its clientId', async () => {
      const roomId = await room();
      const carlSocket = await userSocket(carl);
      const body = { content: '@carl once', clientId: 'frame-once' };
      const first = (await api.send(ana, roomId, body).expect(201)).body;
      await api.send(ana, roomId, body).expect(200);
      const sentinel = await send(bob, roomId, '@carl after');
      expect((await nextNotification(carlSocket)).messageId).toBe(first.id);
      expect((await nextNotification(carlSocket)).messageId).toBe(sentinel.id);
    });

    it('is not sent on the room socket', async () => {
      const roomId = await room();
      const roomSocket = await connect(app, roomId, bob.accessToken);
      open.push(roomSocket);
      const bobSocket = await userSocket(bob);
      const message = await send(ana, roomId, '@bob where does it go?');
      expect((await nextNotification(bobSocket)).messageId).toBe(message.id);
      await roomSocket.next('message');
      await roomSocket.sync();
      expect(roomSocket.frames.filter((frame) => frame.type === 'notification')).toEqual([]);
    });

    it('comes for a message sent over the sender’s per-user socket', async () => {
      const roomId = await room();
      const [anaSocket, carlSocket] = [await userSocket(ana), await userSocket(carl)];
      anaSocket.send({ type: 'message', roomId, content: 'sent here @carl', clientId: 'u-1' });
      const notification = await nextNotification(carlSocket);
      expect(notification).toMatchObject({
        kind: 'mention',
        roomId,
        actor: actorOf(ana),
        excerpt: 'sent here @carl',
      });
      expect(await aboutMessage(api, carl, notification.messageId)).toEqual([notification]);
    });
    it('cuts the excerpt after 200 characters without splitting one, as the list does', async () => {
      const roomId = await room();
      const bobSocket = await userSocket(bob);
      const content = `@bob ${'a'.repeat(194)}😀${'b'.repeat(20)}`;
      const message = await send(ana, roomId, content);
      const notification = await nextNotification(bobSocket);
      expect(notification.messageId).toBe(message.id);
      const excerpt: string = notification.excerpt;
      expect(excerpt).not.toMatch(LONE_SURROGATE);
      expect(content.startsWith(excerpt)).toBe(true);
      expect([...excerpt].length).toBeLessThanOrEqual(200);
      expect(excerpt.length).toBeGreaterThanOrEqual(199);
      expect(await aboutMessage(api, bob, message.id)).toEqual([notification]);
    });
  });

  describe('mentionCount in `room.activity`', () => {
    it('rises with a notification in a joined room the socket is not subscribed to', async () => {
      const roomId = await room();
      const carlSocket = await userSocket(carl);
      await send(bob, roomId, '@carl one');
      await send(ana, roomId, '@room two');
      const activity = await carlSocket.nextWhere(
        'room.activity',
        (frame) => frame.roomId === roomId && frame.mentionCount === 2,
      );
      expect(activity.unreadCount).toBe(2);
      expect(await mentionCountOf(api, carl, roomId)).toBe(2);
    });

    it('falls when the message is deleted', async () => {
      const roomId = await room();
      const carlSocket = await userSocket(carl);
      const message = await send(bob, roomId, '@carl soon gone');
      await carlSocket.nextWhere(
        'room.activity',
        (frame) => frame.roomId === roomId && frame.mentionCount === 1,
      );
      await api.remove(bob, message.id).expect(204);
      await carlSocket.nextWhere(
        'room.activity',
        (frame) => frame.roomId === roomId && frame.mentionCount === 0,
      );
      expect(await mentionCountOf(api, carl, roomId)).toBe(0);
    });
  });

  describe('mentionCount in `ready.rooms[]`', () => {
    it('is each joined room’s unread notifications, as GET /api/rooms says', async () => {
      const user = await makeUser(app);
      const [two, one, zero] = [
        await roomWith(app, ana, [user, bob]),
        await roomWith(app, bob, [user]),
        await roomWith(app, carl, [user]),
      ];
      await send(ana, two, `@${user.username} first`);
      await send(bob, two, `@room second`);
      await send(ana, two, 'names nobody');
      await send(bob, one, `@${user.username} hi`);
      await send(carl, zero, 'nothing for you');
      const notJoined = await roomWith(app, ana, [bob]);
      await send(ana, notJoined, `@${user.username} you are no member`);

      const ready = (await userSocket(user)).frames[0];
      expect(ready.type).toBe('ready');
      const counts = (roomId: number) =>
        (ready.rooms as { id: number; mentionCount: number }[]).find((r) => r.id === roomId);
      expect(counts(two)).toMatchObject({ id: two, mentionCount: 2 });
      expect(counts(one)).toMatchObject({ id: one, mentionCount: 1 });
      expect(counts(zero)).toMatchObject({ id: zero, mentionCount: 0 });
      expect(counts(notJoined)).toBeUndefined();
      for (const roomId of [two, one, zero]) {
        expect(await mentionCountOf(api, user, roomId)).toBe(counts(roomId)!.mentionCount);
      }

      // After reading, a new socket's ready says so.
      await api.markRead(user, { all: true }).expect(200);
      await send(ana, two, `@${user.username} once more`);
      const again = (await userSocket(user)).frames[0];
      const countsNow = (again.rooms as { id: number; mentionCount: number }[])
        .filter((r) => [two, one, zero].includes(r.id))
        .map((r) => [r.id, r.mentionCount])
        .sort((a, b) => a[0] - b[0]);
      expect(countsNow).toEqual(
        [
          [two, 1],
          [one, 0],
          [zero, 0],
        ].sort((a, b) => a[0] - b[0]),
      );
    });

    it('counts a direct room’s notifications', async () => {
      const user = await makeUser(app);
      const dmId = (await api.dm(ana, [user]).expect(201)).body.id as number;
      await send(ana, dmId, 'one');
      await send(ana, dmId, 'two');
      const ready = (await userSocket(user)).frames[0];
      expect(
        (ready.rooms as { id: number; mentionCount: number }[]).find((r) => r.id === dmId),
      ).toMatchObject({ mentionCount: 2 });
      expect(await mentionCountOf(api, user, dmId)).toBe(2);
    });
  });
});
