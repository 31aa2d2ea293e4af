import { jest } from '@jest/globals';

import type { TestApp } from '../support/create-app.js';
import { makeUser, TestUser } from '../support/factories.js';
import type { TestSocket } from '../support/ws-client.js';
import {
  allOf,
  connectUser,
  createNotificationsApp,
  mentionCountOf,
  Notification,
  notificationFrames,
  NotificationKind,
  NotificationsApi,
  notificationsApi,
  roomWith,
} from './notifications-api.js';

jest.setTimeout(60_000);

interface Sent {
  id: number;
  seq: number;
  roomId: number;
}

/**
 * Many messages at once (the timeline writer commits them in groups): each makes exactly
 * the notifications it calls for, with its own seq, sent once to each recipient's sockets;
 * a sender's own message reads their notifications up to it, also inside one group.
 */
describe('notifications under concurrent writes', () => {
  let app: TestApp;
  let api: NotificationsApi;
  const open: TestSocket[] = [];

  beforeAll(async () => {
    app = await createNotificationsApp();
    api = notificationsApi(app);
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((socket) => socket.close()));
  });

  afterAll(() => app.close());

  const line = (n: { messageId: number; kind: string; seq: number; roomId: number }) =>
    `${n.roomId}/${n.seq} message ${n.messageId} ${n.kind}`;

  async function waitForFrames(socket: TestSocket, count: number): Promise<Notification[]> {
    const until = Date.now() + 10_000;
    while (notificationFrames(socket).length < count && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await socket.sync();
    return notificationFrames(socket);
  }

  it('a burst of messages in three rooms makes exactly the notifications each calls for', async () => {
    const [ana, bob, carl, dora] = await Promise.all([1, 2, 3, 4].map(() => makeUser(app)));
    const room = await roomWith(app, ana, [bob, carl, dora]);
    const side = await roomWith(app, bob, [ana, carl]);
    const dm = (await api.dm(bob, [ana, carl]).expect(201)).body.id as number;
    const parent = (await api.send(dora, room, 'the parent').expect(201)).body as Sent;
    const sockets = await Promise.all(
      [ana, bob, carl, dora].map((user) => connectUser(app, user.accessToken)),
    );
    open.push(...sockets);

    type Plan = {
      author: TestUser;
      roomId: number;
      body: { content: string; replyToId?: number; clientId?: string };
      expected: [TestUser, NotificationKind][];
    };
    const plans: Plan[] = [];
    for (let index = 0; index < 36; index++) {
      const tag = `#${index}`;
      switch (index % 6) {
        case 0:
          plans.push({
            author: bob,
            roomId: room,
            body: { content: `@${ana.username} ${tag}` },
            expected: [[ana, 'mention']],
          });
          break;
        case 1:
          plans.push({
            author: carl,
            roomId: room,
            body: { content: `@room ${tag}` },
            expected: [
              [ana, 'room_mention'],
              [bob, 'room_mention'],
              [dora, 'room_mention'],
            ],
          });
          break;
        case 2:
          plans.push({
            author: ana,
            roomId: room,
            body: { content: `answer ${tag}`, replyToId: parent.id },
            expected: [[dora, 'reply']],
          });
          break;
        case 3:
          plans.push({
            author: carl,
            roomId: side,
            body: { content: `@${ana.username.toUpperCase()} @${bob.username} ${tag}` },
            expected: [
              [ana, 'mention'],
              [bob, 'mention'],
            ],
          });
          break;
        case 4:
          plans.push({
            author: bob,
            roomId: dm,
            body: { content: `@${ana.username} @all ${tag}` },
            expected: [
              [ana, 'direct'],
              [carl, 'direct'],
            ],
          });
          break;
        default:
          plans.push({
            author: ana,
            roomId: room,
            body: {
              content: `@${bob.username} @${carl.username} @${dora.username} ${tag}`,
              clientId: `burst-${index}`,
            },
            expected: [
              [bob, 'mention'],
              [carl, 'mention'],
              [dora, 'mention'],
            ],
          });
      }
    }
    // Each message with a clientId goes three times, all at once with the rest.
    const requests = plans.flatMap((plan, index) =>
      Array.from({ length: plan.body.clientId ? 3 : 1 }, () => ({ plan, index })),
    );
    const answers = await Promise.all(
      requests.map(async ({ plan, index }) => {
        const answer = await api.send(plan.author, plan.roomId, plan.body);
        return { index, status: answer.status, body: answer.body as Sent };
      }),
    );
    const sent: Sent[] = [];
    for (let index = 0; index < plans.length; index++) {
      const mine = answers.filter((answer) => answer.index === index);
      const statuses = mine.map((answer) => answer.status).sort();
      expect({ index, statuses }).toEqual({
        index,
        statuses: plans[index].body.clientId ? [200, 200, 201] : [201],
      });
      expect(new Set(mine.map((answer) => answer.body.id)).size).toBe(1);
      sent.push({ ...mine[0].body, roomId: plans[index].roomId });
    }

    for (const user of [ana, bob, carl, dora]) {
      const expected = plans
        .flatMap((plan, index) =>
          plan.expected
            .filter(([recipient]) => recipient === user)
            .map(([, kind]) => ({ kind, messageId: sent[index].id, ...sent[index] })),
        )
        .map(line)
        .sort();
      const listed = await allOf(api, user);
      expect({ user: user.username, got: listed.map(line).sort() }).toEqual({
        user: user.username,
        got: expected,
      });

      // Read exactly up to the user's own last message in each room.
      const ownLast = (roomId: number) =>
        Math.max(
          0,
          ...sent
            .filter((s, index) => s.roomId === roomId && plans[index].author === user)
            .map((s) => s.seq),
        );
      expect(listed.map((n) => `${line(n)} read: ${n.readAt !== null}`).sort()).toEqual(
        listed.map((n) => `${line(n)} read: ${n.seq <= ownLast(n.roomId)}`).sort(),
      );
      for (const roomId of [room, side, dm]) {
        const unread = listed.filter((n) => n.roomId === roomId && n.readAt === null).length;
        if (roomId !== dm || user !== dora) {
          // (dora is no member of the direct room, which is invisible to her)
          expect({ roomId, mentionCount: await mentionCountOf(api, user, roomId) }).toEqual({
            roomId,
            mentionCount: unread,
          });
        }
      }

      // One frame per notification, each as listed but for readAt.
      const socket = sockets[[ana, bob, carl, dora].indexOf(user)];
      const frames = await waitForFrames(socket, listed.length);
      expect(frames.map(line).sort()).toEqual(listed.map(line).sort());
      const byId = new Map(listed.map((n) => [n.id, n]));
      for (const frame of frames) {
        expect({ ...frame, readAt: null }).toEqual({ ...byId.get(frame.id), readAt: null });
      }
    }
  });

  it('an @room in a room of 121 members notifies each of the other 120 once', async () => {
    const author = await makeUser(app);
    const others: TestUser[] = [];
    while (others.length < 120) {
      others.push(...(await Promise.all(Array.from({ length: 10 }, () => makeUser(app)))));
    }
    const room = await roomWith(app, author, others);
    const sockets = await Promise.all(
      others.slice(0, 3).map((user) => connectUser(app, user.accessToken)),
    );
    open.push(...sockets);
    const message = (await api.send(author, room, '@room everyone, please').expect(201))
      .body as Sent;
    const kinds = await Promise.all(
      others.map(async (user) =>
        (await api.list(user, '?limit=100').expect(200)).body.notifications.map(
          (n: Notification) => `${n.kind} ${n.messageId} ${n.seq}`,
        ),
      ),
    );
    const expected = [`room_mention ${message.id} ${message.seq}`];
    expect(kinds.filter((list) => JSON.stringify(list) !== JSON.stringify(expected))).toEqual([]);
    for (const socket of sockets) {
      expect((await socket.next('notification')).notification.messageId).toBe(message.id);
    }
    expect((await api.list(author).expect(200)).body.notifications).toEqual([]);
  });

  it('concurrent edits that add the same mention make one notification and one frame', async () => {
    const [ana, bob] = await Promise.all([makeUser(app), makeUser(app)]);
    const room = await roomWith(app, ana, [bob]);
    const socket = await connectUser(app, ana.accessToken);
    open.push(socket);
    const message = (await api.send(bob, room, 'nobody yet').expect(201)).body as Sent;
    const edits = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        api.edit(bob, message.id, `version ${index} for @${ana.username}`),
      ),
    );
    expect(edits.map((edit) => edit.status)).toEqual(Array(8).fill(200));
    const listed = (await allOf(api, ana)).filter((n) => n.messageId === message.id);
    expect(listed.map((n) => [n.kind, n.seq])).toEqual([['mention', message.seq]]);
    const sentinel = (await api.send(bob, room, `@${ana.username} after`).expect(201)).body;
    await socket.nextWhere('notification', (f) => f.notification.messageId === sentinel.id);
    expect(notificationFrames(socket).map((n) => n.messageId)).toEqual([message.id, sentinel.id]);
  });

  it('an edit that adds a mention racing the deletion leaves no notification', async () => {
    const [ana, bob] = await Promise.all([makeUser(app), makeUser(app)]);
    const room = await roomWith(app, ana, [bob]);
    for (let round = 0; round < 5; round++) {
      const message = (await api.send(bob, room, `round ${round}`).expect(201)).body as Sent;
      const [edit, removal] = await Promise.all([
        api.edit(bob, message.id, `round ${round}, @${ana.username}`),
        api.remove(bob, message.id),
      ]);
      expect({ round, edit: [200, 409].includes(edit.status), removal: removal.status }).toEqual({
        round,
        edit: true,
        removal: 204,
      });
      expect((await allOf(api, ana)).filter((n) => n.messageId === message.id)).toEqual([]);
    }
    expect(await mentionCountOf(api, ana, room)).toBe(0);
  });

  it('reading while mentions arrive leaves read exactly those up to the read position', async () => {
    const [ana, bob] = await Promise.all([makeUser(app), makeUser(app)]);
    const room = await roomWith(app, bob, [ana]);
    const sends = Array.from({ length: 20 }, (_, index) =>
      api.send(bob, room, `@${ana.username} number ${index}`).expect(201),
    );
    const reads = Array.from({ length: 10 }, (_, index) =>
      new Promise((resolve) => setTimeout(resolve, index * 5)).then(() =>
        api.read(ana, room, 2 * (index + 1)).expect(200),
      ),
    );
    const answers = await Promise.all([...sends, ...reads]);
    expect(answers).toHaveLength(30);
    // Whatever the order, the final position is what a read answers now.
    const lastReadSeq = (await api.read(ana, room, 0).expect(200)).body.lastReadSeq as number;
    const listed = await allOf(api, ana);
    expect(listed).toHaveLength(20);
    expect(listed.map((n) => [n.seq, n.readAt !== null])).toEqual(
      listed.map((n) => [n.seq, n.seq <= lastReadSeq]),
    );
    expect(await mentionCountOf(api, ana, room)).toBe(
      listed.filter((n) => n.seq > lastReadSeq).length,
    );
  });
});
