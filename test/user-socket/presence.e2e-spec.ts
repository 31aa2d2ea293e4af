import { jest } from '@jest/globals';

import { createApp, TestApp } from '../support/create-app.js';
import { makeUser, TestUser } from '../support/factories.js';
import { Frame, TestSocket } from '../support/ws-client.js';
import {
  byId,
  createRoom,
  NO_LIMITS,
  OpenSockets,
  RoomsApi,
  roomsApi,
  sleep,
  until,
  userRef,
} from './user-socket.js';

jest.setTimeout(30_000);

/**
 * Presence on one instance: a user is in a room while one of their sockets is a room socket
 * of it or a per-user socket subscribed to it.
 */
describe('presence with per-user subscriptions (one instance)', () => {
  let app: TestApp;
  let api: RoomsApi;
  let ana: TestUser;
  let bob: TestUser;
  let carl: TestUser;
  const sockets = new OpenSockets();

  beforeAll(async () => {
    app = await createApp(NO_LIMITS);
    api = roomsApi(app);
    [ana, bob, carl] = await Promise.all([makeUser(app), makeUser(app), makeUser(app)]);
  });

  afterEach(async () => {
    await sockets.closeAll();
  });

  afterAll(() => app.close());

  const userSocket = (user: TestUser) => sockets.user(app, user);

  const roomSocket = (roomId: number, user: TestUser) => sockets.room(app, roomId, user);

  /** A room of ana's that bob and carl joined; carl watches it from a room socket. */
  async function watchedRoom(): Promise<{ roomId: number; watcher: TestSocket }> {
    const roomId = await createRoom(app, ana);
    await Promise.all([api.join(bob, roomId).expect(200), api.join(carl, roomId).expect(200)]);
    const watcher = await roomSocket(roomId, carl);
    return { roomId, watcher };
  }

  const presenceOf = (socket: TestSocket, user: TestUser): Frame[] =>
    socket.frames.filter((frame) => frame.type === 'presence' && frame.user.id === user.id);

  const onlineCount = async (roomId: number) =>
    (await api.room(carl, roomId).expect(200)).body.onlineCount as number;
  const listedOnlineCount = async (roomId: number) =>
    ((await api.rooms(carl).expect(200)).body as { id: number; onlineCount: number }[]).find(
      (room) => room.id === roomId,
    )?.onlineCount;
  const memberOnline = async (roomId: number, user: TestUser) =>
    ((await api.members(carl, roomId).expect(200)).body as { id: number; online: boolean }[]).find(
      (member) => member.id === user.id,
    )?.online;

  it('counts a subscription in onlineCount, members’ online and presence frames', async () => {
    const { roomId, watcher } = await watchedRoom();
    expect(await onlineCount(roomId)).toBe(1);
    const anas = await userSocket(ana);
    const subscribed = await anas.subscribed(roomId);
    expect(byId(subscribed.online)).toEqual(byId([userRef(ana), userRef(carl)]));
    expect(await watcher.next('presence')).toEqual({
      type: 'presence',
      user: userRef(ana),
      online: true,
    });
    expect(await onlineCount(roomId)).toBe(2);
    expect(await listedOnlineCount(roomId)).toBe(2);
    expect(await memberOnline(roomId, ana)).toBe(true);
    expect(await memberOnline(roomId, bob)).toBe(false);

    anas.unsubscribe(roomId);
    expect(await watcher.next('presence')).toEqual({
      type: 'presence',
      user: userRef(ana),
      online: false,
    });
    expect(await onlineCount(roomId)).toBe(1);
    expect(await memberOnline(roomId, ana)).toBe(false);
  });

  it('shows a subscriber in a room socket’s ready.online and sends presence to subscribers', async () => {
    const { roomId } = await watchedRoom();
    const anas = await userSocket(ana);
    await anas.subscribed(roomId);
    const bobs = await roomSocket(roomId, bob);
    expect(byId(bobs.frames[0].online)).toEqual(byId([userRef(ana), userRef(bob), userRef(carl)]));
    expect(await anas.nextWhere('presence', (f) => f.user.id === bob.id)).toEqual({
      type: 'presence',
      roomId,
      user: userRef(bob),
      online: true,
    });
  });

  it('counts a user once over a room socket and a subscription: online once, offline once', async () => {
    const { roomId, watcher } = await watchedRoom();
    const anasRoom = await roomSocket(roomId, ana);
    const anas = await userSocket(ana);
    await anas.subscribed(roomId);
    const other = await userSocket(ana);
    await other.subscribed(roomId);
    await until(() => presenceOf(watcher, ana).length >= 1, 'ana online');
    expect(await onlineCount(roomId)).toBe(2);

    await anasRoom.close();
    other.unsubscribe(roomId);
    await other.sync();
    await sleep(200);
    await watcher.sync();
    expect(await onlineCount(roomId)).toBe(2);
    expect(await memberOnline(roomId, ana)).toBe(true);

    await anas.close(); // closing the socket ends its subscriptions
    await until(() => presenceOf(watcher, ana).length >= 2, 'ana offline');
    await sleep(200);
    await watcher.sync();
    expect(presenceOf(watcher, ana).map((frame) => frame.online)).toEqual([true, false]);
    expect(await onlineCount(roomId)).toBe(1);
  });

  it('ends presence in every subscribed room when the per-user socket closes', async () => {
    const [first, second] = [await watchedRoom(), await watchedRoom()];
    const anas = await userSocket(ana);
    await anas.subscribed(first.roomId);
    await anas.subscribed(second.roomId);
    for (const { watcher } of [first, second]) {
      await until(() => presenceOf(watcher, ana).length >= 1, 'ana online');
    }
    await anas.close();
    for (const { roomId, watcher } of [first, second]) {
      await until(() => presenceOf(watcher, ana).length >= 2, 'ana offline');
      expect(presenceOf(watcher, ana).map((frame) => frame.online)).toEqual([true, false]);
      expect(await onlineCount(roomId)).toBe(1);
    }
  });

  it('counts a subscription of a joined room until the user is kicked', async () => {
    const { roomId, watcher } = await watchedRoom();
    const bobs = await userSocket(bob);
    await bobs.subscribed(roomId);
    await until(() => presenceOf(watcher, bob).length >= 1, 'bob online');
    await api.kick(ana, roomId, bob.id).expect(204);
    await until(() => presenceOf(watcher, bob).length >= 2, 'bob offline after the kick');
    expect(presenceOf(watcher, bob).map((frame) => frame.online)).toEqual([true, false]);
    expect(await onlineCount(roomId)).toBe(1);
  });
});
