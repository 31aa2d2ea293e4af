import { jest } from '@jest/globals';

import type { TestApp } from '../support/create-app.js';
import { joinRoom, makeUser, TestUser } from '../support/factories.js';
import { connect, TestSocket } from '../support/ws-client.js';
import {
  aboutMessage,
  actorOf,
  connectUser,
  createNotificationsApp,
  kindsAbout,
  mentionCountOf,
  NotificationsApi,
  notificationsApi,
  roomWith,
  subscribe,
  unreadCountOf,
} from './notifications-api.js';

jest.setTimeout(30_000);

/**
 * At most one notification per message and person: a message sent again with its clientId
 * (REST, room socket, per-user socket, two sockets at once) makes none more; an edit that
 * names someone new makes theirs once; deleting the message deletes its notifications.
 */
describe('notifications: exactly once, edits and deletion', () => {
  let app: TestApp;
  let api: NotificationsApi;
  let ana: TestUser;
  let bob: TestUser;
  let carl: TestUser;
  let dora: TestUser;
  const open: TestSocket[] = [];

  beforeAll(async () => {
    app = await createNotificationsApp();
    api = notificationsApi(app);
    [ana, bob, carl, dora] = await Promise.all(
      ['ana', 'bob', 'carl', 'dora'].map((name) => makeUser(app, name)),
    );
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((socket) => socket.close()));
  });

  afterAll(() => app.close());

  const room = () => roomWith(app, ana, [bob, carl]);
  const send = async (user: TestUser, roomId: number, body: object | string) =>
    (await api.send(user, roomId, body).expect(201)).body as { id: number; seq: number };

  /** The messages of a room with this clientId (REST history). */
  async function storedWith(roomId: number, clientId: string): Promise<{ id: number }[]> {
    const messages = (await api.history(ana, roomId, '?limit=100').expect(200)).body.messages as {
      id: number;
      clientId: string | null;
    }[];
    return messages.filter((message) => message.clientId === clientId);
  }

  /** Waits until `sockets` received `count` message frames with this clientId in all. */
  async function framesWith(sockets: TestSocket[], clientId: string, count: number) {
    const until = Date.now() + 5000;
    const seen = () =>
      sockets.flatMap((socket) =>
        socket.frames.filter(
          (frame) => frame.type === 'message' && frame.message.clientId === clientId,
        ),
      );
    while (seen().length < count && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(seen().length).toBeGreaterThanOrEqual(count);
    return seen();
  }

  describe('the same clientId again', () => {
    it('over REST (one after the other) makes no second notification', async () => {
      const roomId = await room();
      const body = { content: '@ana @room once only', clientId: 'rest-again' };
      const first = (await api.send(bob, roomId, body).expect(201)).body;
      const again = (await api.send(bob, roomId, body).expect(200)).body;
      expect(again.id).toBe(first.id);
      expect(await kindsAbout(api, [ana, bob, carl], first.id)).toEqual([
        ['mention'],
        [],
        ['room_mention'],
      ]);
      expect(await mentionCountOf(api, ana, roomId)).toBe(1);
    });

    it('over REST (both at once) makes one message and one notification', async () => {
      const roomId = await room();
      const body = { content: 'hi @carl', clientId: 'rest-race' };
      const answers = await Promise.all([api.send(bob, roomId, body), api.send(bob, roomId, body)]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 201]);
      expect(answers[0].body.id).toBe(answers[1].body.id);
      expect(await storedWith(roomId, 'rest-race')).toHaveLength(1);
      expect(await kindsAbout(api, [ana, carl], answers[0].body.id)).toEqual([[], ['mention']]);
    });

    it('over one room socket makes one notification', async () => {
      const roomId = await room();
      const socket = await connect(app, roomId, bob.accessToken);
      open.push(socket);
      const frame = { type: 'message', content: 'ws @ana again', clientId: 'room-ws-again' };
      socket.send(frame);
      await framesWith([socket], 'room-ws-again', 1);
      socket.send(frame);
      const frames = await framesWith([socket], 'room-ws-again', 2); // the original, re-sent
      expect(frames[1].message.id).toBe(frames[0].message.id);
      expect(await storedWith(roomId, 'room-ws-again')).toHaveLength(1);
      expect(await kindsAbout(api, [ana], frames[0].message.id)).toEqual([['mention']]);
    });

    it('over the per-user socket makes one notification', async () => {
      const roomId = await room();
      const socket = await connectUser(app, bob.accessToken);
      open.push(socket);
      await subscribe(socket, roomId);
      const frame = {
        type: 'message',
        roomId,
        content: 'user socket @carl',
        clientId: 'user-ws-again',
      };
      socket.send(frame);
      await framesWith([socket], 'user-ws-again', 1);
      socket.send(frame);
      const frames = await framesWith([socket], 'user-ws-again', 2);
      expect(frames[1].message.id).toBe(frames[0].message.id);
      expect(await storedWith(roomId, 'user-ws-again')).toHaveLength(1);
      expect(await kindsAbout(api, [carl], frames[0].message.id)).toEqual([['mention']]);
    });

    it('from two room sockets of the same user at once makes one message and one notification', async () => {
      const roomId = await room();
      const sockets = await Promise.all([
        connect(app, roomId, bob.accessToken),
        connect(app, roomId, bob.accessToken),
      ]);
      open.push(...sockets);
      const frame = JSON.stringify({
        type: 'message',
        content: '@ana @room two tabs',
        clientId: 'two-tabs',
      });
      for (const socket of sockets) socket.send(frame);
      // Each socket gets the broadcast; the one that lost the race also gets the original again.
      const frames = await framesWith(sockets, 'two-tabs', 3);
      expect(new Set(frames.map((f) => f.message.id)).size).toBe(1);
      expect(await storedWith(roomId, 'two-tabs')).toHaveLength(1);
      expect(await kindsAbout(api, [ana, bob, carl], frames[0].message.id)).toEqual([
        ['mention'],
        [],
        ['room_mention'],
      ]);
    });

    it('from two per-user sockets of the same user at once makes one message and one notification', async () => {
      const roomId = await room();
      const sockets = await Promise.all([
        connectUser(app, carl.accessToken),
        connectUser(app, carl.accessToken),
      ]);
      open.push(...sockets);
      await Promise.all(sockets.map((socket) => subscribe(socket, roomId)));
      const frame = JSON.stringify({
        type: 'message',
        roomId,
        content: '@bob from two tabs',
        clientId: 'two-user-tabs',
      });
      for (const socket of sockets) socket.send(frame);
      const frames = await framesWith(sockets, 'two-user-tabs', 3);
      expect(new Set(frames.map((f) => f.message.id)).size).toBe(1);
      expect(await storedWith(roomId, 'two-user-tabs')).toHaveLength(1);
      expect(await kindsAbout(api, [ana, bob, carl], frames[0].message.id)).toEqual([
        [],
        ['mention'],
        [],
      ]);
    });

    it('in a direct room makes one `direct` per other member', async () => {
      const roomId = (await api.dm(bob, [ana, dora]).expect(201)).body.id as number;
      const body = { content: 'dm once', clientId: 'dm-again' };
      const first = (await api.send(bob, roomId, body).expect(201)).body;
      await api.send(bob, roomId, body).expect(200);
      await api.send(bob, roomId, body).expect(200);
      expect(await kindsAbout(api, [ana, bob, dora], first.id)).toEqual([
        ['direct'],
        [],
        ['direct'],
      ]);
    });
  });

  describe('edits', () => {
    it('notify a member newly mentioned once; editing again does not notify again', async () => {
      const roomId = await room();
      const message = await send(bob, roomId, 'hello there');
      expect(await kindsAbout(api, [ana, carl], message.id)).toEqual([[], []]);

      await api.edit(bob, message.id, 'hello there @ANA').expect(200);
      const [made, ...more] = await aboutMessage(api, ana, message.id);
      expect(more).toEqual([]);
      expect(made).toMatchObject({
        kind: 'mention',
        roomId,
        messageId: message.id,
        seq: message.seq, // the message's, not the edit event's
        actor: actorOf(bob),
        excerpt: 'hello there @ANA',
        readAt: null,
      });

      await api.edit(bob, message.id, 'hello there @ana!').expect(200);
      await api.edit(bob, message.id, 'hello there').expect(200);
      await api.edit(bob, message.id, 'hello there @ana, once more').expect(200);
      const after = await aboutMessage(api, ana, message.id);
      expect(after.map((n) => n.id)).toEqual([made.id]);
      expect(await kindsAbout(api, [bob, carl], message.id)).toEqual([[], []]);
    });

    it('adding @room notifies those who had none yet, and nobody twice', async () => {
      const roomId = await roomWith(app, ana, [bob, carl, dora]);
      const message = await send(bob, roomId, 'hi @carl');
      expect(await kindsAbout(api, [ana, carl, dora], message.id)).toEqual([[], ['mention'], []]);
      await api.edit(bob, message.id, 'hi @carl and @room').expect(200);
      expect(await kindsAbout(api, [ana, bob, carl, dora], message.id)).toEqual([
        ['room_mention'],
        [],
        ['mention'],
        ['room_mention'],
      ]);
      await api.edit(bob, message.id, 'hi @all, @carl, @ana, @dora').expect(200);
      expect(await kindsAbout(api, [ana, bob, carl, dora], message.id)).toEqual([
        ['room_mention'],
        [],
        ['mention'],
        ['room_mention'],
      ]);
    });

    it('a reply already notified its parent’s author: naming them in an edit adds nothing', async () => {
      const roomId = await room();
      const parent = await send(ana, roomId, 'the parent');
      const reply = await send(bob, roomId, { content: 'the reply', replyToId: parent.id });
      expect(await kindsAbout(api, [ana], reply.id)).toEqual([['reply']]);
      await api.edit(bob, reply.id, 'the reply, @ana').expect(200);
      expect(await kindsAbout(api, [ana], reply.id)).toEqual([['reply']]);
    });

    it('count membership at the edit: a member who joined since the message is notified', async () => {
      const roomId = await roomWith(app, ana, [bob]);
      const message = await send(bob, roomId, 'hello @dora');
      expect(await kindsAbout(api, [dora], message.id)).toEqual([[]]);
      await joinRoom(app, dora, roomId);
      await api.edit(bob, message.id, 'hello @dora, welcome').expect(200);
      expect(await kindsAbout(api, [ana, dora], message.id)).toEqual([[], ['mention']]);
    });

    it('give the kind that applies at the edit: `direct` in a direct room', async () => {
      const roomId = (await api.dm(carl, [dora]).expect(201)).body.id as number;
      await api.notify(dora, roomId, 'none').expect(200);
      const message = await send(carl, roomId, 'are you there?');
      expect(await kindsAbout(api, [dora], message.id)).toEqual([[]]);
      await api.notify(dora, roomId, 'all').expect(200);
      await api.edit(carl, message.id, 'are you there, @dora?').expect(200);
      expect(await kindsAbout(api, [carl, dora], message.id)).toEqual([[], ['direct']]);
    });

    it('give the kind that applies at the edit: `reply` for the parent’s author when @room is added', async () => {
      const roomId = await room();
      const parent = await send(ana, roomId, 'a proposal');
      await api.notify(ana, roomId, 'none').expect(200);
      const reply = await send(bob, roomId, { content: 'I agree', replyToId: parent.id });
      expect(await kindsAbout(api, [ana, carl], reply.id)).toEqual([[], []]);
      await api.notify(ana, roomId, 'mentions').expect(200);
      await api.edit(bob, reply.id, 'I agree, @room').expect(200);
      expect(await kindsAbout(api, [ana, bob, carl], reply.id)).toEqual([
        ['reply'],
        [],
        ['room_mention'],
      ]);
    });

    it('make none for the author, a non-member, or a member whose level is `none`', async () => {
      const roomId = await room();
      await api.notify(carl, roomId, 'none').expect(200);
      const message = await send(bob, roomId, 'draft');
      await api.edit(bob, message.id, 'draft @bob @dora @carl').expect(200);
      expect(await kindsAbout(api, [ana, bob, carl, dora], message.id)).toEqual([[], [], [], []]);
    });

    it('send the notification made by an edit to the recipient’s per-user socket', async () => {
      const roomId = await room();
      const socket = await connectUser(app, carl.accessToken);
      open.push(socket);
      const message = await send(ana, roomId, 'soon a mention');
      await api.edit(ana, message.id, 'now a mention of @carl').expect(200);
      const frame = await socket.nextWhere(
        'notification',
        (f) => f.notification.messageId === message.id,
      );
      const [listed] = await aboutMessage(api, carl, message.id);
      expect(frame.notification).toEqual(listed);
      await api.edit(ana, message.id, 'now a mention of @carl!').expect(200);
      // A later notification arrives alone: the second edit sent none.
      const later = await send(bob, roomId, '@carl ping');
      const next = await socket.next('notification');
      expect(next.notification.messageId).toBe(later.id);
    });
  });

  describe('deleting the message', () => {
    it('deletes its notifications: gone from the list, unreadCount and mentionCount', async () => {
      const roomId = await room();
      const kept = await send(bob, roomId, '@ana keep this one');
      const doomed = await send(bob, roomId, '@ana @room this goes');
      expect(await unreadCountOf(api, ana)).toBeGreaterThanOrEqual(2);
      const anaBefore = await unreadCountOf(api, ana);
      const carlBefore = await unreadCountOf(api, carl);
      expect(await mentionCountOf(api, ana, roomId)).toBe(2);
      expect(await mentionCountOf(api, carl, roomId)).toBe(1);

      await api.remove(bob, doomed.id).expect(204);
      expect(await kindsAbout(api, [ana, carl], doomed.id)).toEqual([[], []]);
      expect(await kindsAbout(api, [ana], kept.id)).toEqual([['mention']]);
      expect(await unreadCountOf(api, ana)).toBe(anaBefore - 1);
      expect(await unreadCountOf(api, carl)).toBe(carlBefore - 1);
      expect(await mentionCountOf(api, ana, roomId)).toBe(1);
      expect(await mentionCountOf(api, carl, roomId)).toBe(0);
    });

    it('deletes them also when a moderator deletes it, and when they were read', async () => {
      const roomId = await roomWith(app, carl, [ana, bob]); // carl owns the room
      const message = await send(bob, roomId, '@ana read, then deleted');
      const [notification] = await aboutMessage(api, ana, message.id);
      await api.markRead(ana, { ids: [notification.id] }).expect(200);
      await api.remove(carl, message.id).expect(204);
      expect(await kindsAbout(api, [ana], message.id)).toEqual([[]]);
      // Deleting again answers 204 and changes nothing.
      await api.remove(bob, message.id).expect(204);
      expect(await kindsAbout(api, [ana], message.id)).toEqual([[]]);
    });

    it('deletes a direct message’s notifications', async () => {
      const roomId = (await api.dm(carl, [bob]).expect(201)).body.id as number;
      const message = await send(carl, roomId, 'oops, wrong person');
      expect(await kindsAbout(api, [bob], message.id)).toEqual([['direct']]);
      await api.remove(carl, message.id).expect(204);
      expect(await kindsAbout(api, [bob], message.id)).toEqual([[]]);
      expect(await mentionCountOf(api, bob, roomId)).toBe(0);
    });

    it('leaves the deleted message’s mentions un-notified after an edit attempt', async () => {
      const roomId = await room();
      const message = await send(bob, roomId, 'nothing yet');
      await api.remove(bob, message.id).expect(204);
      await api.edit(bob, message.id, 'now @ana').expect(409);
      expect(await kindsAbout(api, [ana], message.id)).toEqual([[]]);
    });
  });
});
