import { jest } from '@jest/globals';
import request from 'supertest';
import { WebSocket } from 'ws';

import { ConnectionRegistry } from '../../src/chat/connection-registry.js';
import { Message } from '../../src/messages/message.entity.js';
import { MessagesService } from '../../src/messages/messages.service.js';
import { createApp, TestApp } from '../support/create-app.js';
import { joinRoom, makeRoom, makeUser, TestUser } from '../support/factories.js';
import { connect, Frame, TestSocket } from '../support/ws-client.js';

// jest 30 ignores the e2e project's testTimeout; sockets on a busy machine need more than 5 s.
jest.setTimeout(20_000);

describe('WS /api/ws/{roomId}: resume, ordering, idempotency', () => {
  let app: TestApp;
  let ana: TestUser;
  let bob: TestUser;
  let carl: TestUser;

  beforeAll(async () => {
    app = await createApp({ MESSAGE_RATE: '100000/s burst 100000' });
    [ana, bob, carl] = await Promise.all([makeUser(app), makeUser(app), makeUser(app)]);
  });

  afterAll(() => app.close());

  afterEach(() => jest.restoreAllMocks());

  const seqsOf = (frames: Frame[]) => frames.map((frame) => frame.message.seq as number);
  const range = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, index) => from + index);

  async function roomWithAll(): Promise<number> {
    const room = await makeRoom(app, ana);
    await Promise.all([joinRoom(app, bob, room.id), joinRoom(app, carl, room.id)]);
    return room.id;
  }

  /** Sends `count` messages from one socket at once; waits for as many message frames. */
  async function burst(socket: TestSocket, count: number, prefix: string): Promise<Frame[]> {
    for (let index = 0; index < count; index++) {
      socket.send({
        type: 'message',
        content: `${prefix} ${index}`,
        clientId: `${prefix}-${index}`,
      });
    }
    return socket.take('message', count, 20_000);
  }

  it('replays what was missed since `since`, in seq order, after ready', async () => {
    const roomId = await roomWithAll();
    const sender = await connect(app, roomId, ana.accessToken);
    await burst(sender, 5, 'early');
    const socket = await connect(app, roomId, bob.accessToken, { since: 2, ready: false });
    const replay = await socket.take('message', 3);
    expect(socket.frames[0]).toMatchObject({ type: 'ready', lastSeq: 5 });
    expect(seqsOf(replay)).toEqual([3, 4, 5]);
    expect(replay.map((frame) => frame.message.content)).toEqual(['early 2', 'early 3', 'early 4']);
    await Promise.all([sender.close(), socket.close()]);
  });

  it('closes with 1011, sending nothing, when the replay fails; the next socket catches up', async () => {
    const roomId = await roomWithAll();
    jest
      .spyOn(app.app.get(MessagesService), 'replay')
      .mockRejectedValueOnce(new Error('the disk is gone'));
    const socket = await connect(app, roomId, bob.accessToken, { since: 0, ready: false });
    expect((await socket.closeInfo()).code).toBe(1011);
    expect(socket.frames).toEqual([]);
    const again = await connect(app, roomId, bob.accessToken, { since: 0 });
    expect(again.frames[0]).toMatchObject({ type: 'ready', room: { id: roomId } });
    await again.close();
  });

  it('replays nothing with since = lastSeq or beyond, and everything with since = 0', async () => {
    const roomId = await roomWithAll();
    const sender = await connect(app, roomId, ana.accessToken);
    await burst(sender, 3, 'm');
    const upToDate = await connect(app, roomId, bob.accessToken, { since: 3 });
    const ahead = await connect(app, roomId, bob.accessToken, { since: 50 });
    const fresh = await connect(app, roomId, carl.accessToken, { since: 0 });
    expect(seqsOf(await fresh.take('message', 3))).toEqual([1, 2, 3]);
    sender.send({ type: 'message', content: 'live' });
    for (const socket of [upToDate, ahead, fresh]) {
      expect((await socket.next('message')).message.seq).toBe(4);
      await socket.sync();
      expect(socket.untaken('message')).toEqual([]);
    }
    await Promise.all([sender, upToDate, ahead, fresh].map((socket) => socket.close()));
  });

  it('loses and repeats nothing when messages are stored while the socket catches up', async () => {
    const roomId = await roomWithAll();
    const sender = await connect(app, roomId, ana.accessToken);
    await burst(sender, 3, 'before');
    const messages = app.app.get(MessagesService);
    const registry = app.app.get(ConnectionRegistry);
    const author = { id: ana.id, username: ana.username, displayName: ana.username };
    const realReplay = messages.replay.bind(messages);
    let whileReading = false;
    let whileReplaying = false;
    jest.spyOn(messages, 'replay').mockImplementation(async (id, since) => {
      if (id !== roomId || whileReading || registry.socketsOf(roomId, bob.id).size === 0) {
        return realReplay(id, since);
      }
      // Stored (and published) after bob's socket is registered but before lastSeq is read:
      // it is both in the replay and in the live queue, and must arrive once.
      whileReading = true;
      await messages.send(author, roomId, { content: 'while reading lastSeq' });
      const replay = await realReplay(id, since);
      // Stored once the replay is read, before it is sent: live, after the replay, not before.
      whileReplaying = true;
      await messages.send(author, roomId, { content: 'while replaying' });
      return replay;
    });

    const socket = await connect(app, roomId, bob.accessToken, { since: 1, ready: false });
    const ready = await socket.next('ready');
    expect(socket.frames[0]).toBe(ready);
    expect(ready.lastSeq).toBe(4);
    const received = await socket.take('message', 4);
    expect(received.map((frame) => frame.message.content)).toEqual([
      'before 1',
      'before 2',
      'while reading lastSeq',
      'while replaying',
    ]);
    expect(seqsOf(received)).toEqual([2, 3, 4, 5]);
    await socket.sync();
    expect(socket.untaken('message')).toEqual([]);
    expect(whileReading && whileReplaying).toBe(true);
    await Promise.all([sender.close(), socket.close()]);
  });

  it('resumes after a drop while others keep sending: no gap, no duplicate', async () => {
    const roomId = await roomWithAll();
    const anaSocket = await connect(app, roomId, ana.accessToken);
    const carlSocket = await connect(app, roomId, carl.accessToken);
    const received: number[] = [];
    const messagesOf = (socket: TestSocket) =>
      seqsOf(socket.frames.filter((frame) => frame.type === 'message'));

    // Each sender keeps five messages in flight, so that a reconnect misses some, not 1000.
    let sending = true;
    const senders = [anaSocket, carlSocket].map(async (socket, who) => {
      for (let round = 0; sending; round++) {
        const ids = range(1, 5).map((index) => `live-${who}-${round}-${index}`);
        for (const clientId of ids) socket.send({ type: 'message', content: clientId, clientId });
        for (const clientId of ids) {
          await socket.nextWhere('message', (frame) => frame.message.clientId === clientId);
        }
      }
    });
    let bobSocket = await connect(app, roomId, bob.accessToken, { since: 0 });
    for (let drop = 0; drop < 6; drop++) {
      await bobSocket.take('message', 10, 10_000);
      await bobSocket.close();
      received.push(...messagesOf(bobSocket));
      bobSocket = await connect(app, roomId, bob.accessToken, { since: received.at(-1) });
    }
    sending = false;
    await Promise.all(senders);

    const total = await app.dataSource.getRepository(Message).countBy({ roomId });
    expect(total).toBeGreaterThan(60);
    await bobSocket.take('message', total - received.at(-1)!, 10_000);
    received.push(...messagesOf(bobSocket));
    expect(received).toEqual(range(1, total));
    await Promise.all([anaSocket, carlSocket, bobSocket].map((socket) => socket.close()));
  }, 30_000);

  it('orders concurrent senders identically on every socket, seq without gaps', async () => {
    const roomId = await roomWithAll();
    const sockets = [
      await connect(app, roomId, ana.accessToken),
      await connect(app, roomId, ana.accessToken),
      await connect(app, roomId, bob.accessToken),
      await connect(app, roomId, carl.accessToken),
    ];
    const perSocket = 50;
    sockets.forEach((socket, who) => {
      for (let index = 0; index < perSocket; index++) {
        socket.send({ type: 'message', content: `${who}:${index}`, clientId: `${who}-${index}` });
      }
    });
    const total = perSocket * sockets.length;
    const views = await Promise.all(sockets.map((socket) => socket.take('message', total, 20_000)));
    const first = views[0].map((frame) => frame.message);
    expect(first.map((message) => message.seq)).toEqual(range(1, total));
    for (const view of views) expect(view.map((frame) => frame.message)).toEqual(first);
    sockets.forEach((_, who) => {
      const mine = first.filter((message) => message.content.startsWith(`${who}:`));
      expect(mine.map((message) => message.content)).toEqual(
        range(0, perSocket - 1).map((index) => `${who}:${index}`),
      );
    });
    expect(await app.dataSource.getRepository(Message).countBy({ roomId })).toBe(total);
    await Promise.all(sockets.map((socket) => socket.close()));
  });

  it('answers a clientId resent after a reconnect with the original, stored once', async () => {
    const roomId = await roomWithAll();
    const watcher = await connect(app, roomId, carl.accessToken);
    let socket = await connect(app, roomId, ana.accessToken);
    socket.send({ type: 'message', content: 'survives the drop', clientId: 'drop-1' });
    const original = (await watcher.next('message')).message;
    socket.ws.terminate(); // the sender never saw its echo, so it resends after reconnecting
    await socket.closeInfo();

    socket = await connect(app, roomId, ana.accessToken, { since: original.seq - 1 });
    expect((await socket.next('message')).message).toEqual(original); // the replay
    socket.send({ type: 'message', content: 'survives the drop', clientId: 'drop-1' });
    expect((await socket.next('message')).message).toEqual(original);
    await watcher.sync();
    expect(watcher.untaken('message')).toEqual([]);
    const stored = await app.dataSource
      .getRepository(Message)
      .countBy({ roomId, clientId: 'drop-1' });
    expect(stored).toBe(1);
    await Promise.all([watcher.close(), socket.close()]);
  });

  it('replays 1000 long messages (4 MB) to a healthy reader without closing it as slow', async () => {
    const roomId = await roomWithAll();
    const sender = await connect(app, roomId, ana.accessToken);
    const content = 'z'.repeat(4000);
    for (let round = 0; round < 10; round++) {
      for (let index = 0; index < 100; index++) sender.send({ type: 'message', content });
      await sender.take('message', 100, 20_000);
    }
    const reader = await connect(app, roomId, bob.accessToken, { since: 0 });
    const replay = await reader.take('message', 1000, 20_000);
    expect(seqsOf(replay)).toEqual(range(1, 1000));
    await reader.sync();
    expect(reader.ws.readyState).toBe(WebSocket.OPEN);
    await Promise.all([sender.close(), reader.close()]);
  }, 60_000);

  it('sends resync instead of a replay when more than 1000 were missed', async () => {
    const roomId = await roomWithAll();
    const sender = await connect(app, roomId, ana.accessToken);
    await burst(sender, 1002, 'bulk');
    const exactly = await connect(app, roomId, bob.accessToken, { since: 2, ready: false });
    const replay = await exactly.take('message', 1000, 10_000);
    expect(seqsOf(replay)).toEqual(range(3, 1002));
    expect(exactly.untaken('resync')).toEqual([]);

    const tooFar = await connect(app, roomId, bob.accessToken, { since: 1, ready: false });
    const ready = await tooFar.next('ready');
    expect(tooFar.frames[0]).toBe(ready);
    expect(ready).toMatchObject({ lastSeq: 1002 });
    expect(await tooFar.next('resync')).toEqual({ type: 'resync', lastSeq: 1002 });
    sender.send({ type: 'message', content: 'after the resync' });
    expect((await tooFar.next('message')).message.seq).toBe(1003);
    expect(tooFar.frames.filter((frame) => frame.type === 'message')).toHaveLength(1);
    await Promise.all([sender, exactly, tooFar].map((socket) => socket.close()));
  }, 30_000);

  it('replays from the REST history too: a REST send counts like any other', async () => {
    const roomId = await roomWithAll();
    await request(app.url)
      .post(`/api/rooms/${roomId}/messages`)
      .set('Authorization', carl.auth)
      .send({ content: 'over REST' })
      .expect(201);
    const socket = await connect(app, roomId, bob.accessToken, { since: 0 });
    expect((await socket.next('message')).message).toMatchObject({ seq: 1, content: 'over REST' });
    await socket.close();
  });
});
