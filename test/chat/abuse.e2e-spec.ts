import { jest } from '@jest/globals';

import { ConnectionRegistry } from '../../src/chat/connection-registry.js';
import { createApp, TestApp } from '../support/create-app.js';
import { joinRoom, makeRoom, makeUser, TestUser } from '../support/factories.js';
import { connect, connectOrStatus, flood, TestSocket } from '../support/ws-client.js';

// jest 30 ignores the e2e project's testTimeout; floods on a busy machine need more than 5 s.
jest.setTimeout(30_000);

const TYPING_ON = '{"type":"typing","isTyping":true}';
const TYPING_OFF = '{"type":"typing","isTyping":false}';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A member must not be able to silence a room over the room socket (default frame budgets). */
describe('WS /api/ws/{roomId}: abuse', () => {
  let app: TestApp;
  let flooder: TestUser;
  let prober: TestUser;
  let victims: TestUser[];

  beforeAll(async () => {
    // The probe sender needs more than the default MESSAGE_RATE; frame budgets stay default.
    app = await createApp({ MESSAGE_RATE: '100/s burst 100' });
    [flooder, prober, ...victims] = await Promise.all(
      Array.from({ length: 5 }, () => makeUser(app)),
    );
  });

  afterAll(() => app.close());

  /** A fresh room with everyone in it; the flooder's, the prober's and the victims' sockets. */
  async function openRoom(): Promise<{ bad: TestSocket; probe: TestSocket; watch: TestSocket[] }> {
    const { id } = await makeRoom(app, prober);
    await Promise.all([flooder, ...victims].map((user) => joinRoom(app, user, id)));
    const watch = await Promise.all(victims.map((user) => connect(app, id, user.accessToken)));
    const bad = await connect(app, id, flooder.accessToken);
    const probe = await connect(app, id, prober.accessToken);
    await Promise.all(watch.map((socket) => socket.settle()));
    return { bad, probe, watch };
  }

  /** `count` messages over the socket, `everyMs` apart: a pace MESSAGE_RATE allows. */
  async function sendProbes(probe: TestSocket, count: number, everyMs: number): Promise<string[]> {
    const contents = Array.from({ length: count }, (_, index) => `probe ${index}`);
    for (const content of contents) {
      probe.send({ type: 'message', content });
      await sleep(everyMs);
    }
    return contents;
  }

  /** Every victim got every probe, in order, and is still open. */
  async function expectDelivered(watch: TestSocket[], contents: string[]): Promise<void> {
    for (const socket of watch) {
      const received = await socket.take('message', contents.length, 15_000);
      expect(received.map((frame) => frame.message.content)).toEqual(contents);
      await socket.sync();
    }
  }

  const typingOf = (socket: TestSocket, user: TestUser) =>
    socket.frames.filter((frame) => frame.type === 'typing' && frame.user.id === user.id);

  it('a typing toggle flood closes the flooder with 1008; the victims get every probe', async () => {
    const { bad, probe, watch } = await openRoom();
    const startedAt = Date.now();
    const [, contents] = await Promise.all([
      flood(bad, (index) => (index % 2 === 0 ? TYPING_ON : TYPING_OFF)),
      sendProbes(probe, 50, 20),
    ]);
    expect(await bad.closeInfo()).toEqual({ code: 1008, reason: 'Too many frames' });
    await expectDelivered(watch, contents);
    const seconds = (Date.now() - startedAt) / 1000;
    for (const socket of watch) {
      expect(typingOf(socket, flooder).length).toBeLessThanOrEqual(4 * seconds + 2);
    }
    await Promise.all([probe, ...watch].map((socket) => socket.close()));
  });

  it('a client toggling typing within its frame budget costs the room a few frames a second', async () => {
    const { bad, probe, watch } = await openRoom();
    const startedAt = Date.now();
    for (let index = 0; index < 40; index++) {
      bad.send(index % 2 === 0 ? TYPING_ON : TYPING_OFF); // 20 frames a second, ending on a stop
      await sleep(50);
    }
    await bad.sync();
    const seconds = (Date.now() - startedAt) / 1000;
    for (const socket of watch) {
      await socket.sync();
      const told = typingOf(socket, flooder);
      expect(told.length).toBeLessThanOrEqual(4 * seconds + 2);
      expect(told.at(-1)?.isTyping ?? false).toBe(false);
    }
    expect(bad.untaken('error')).toEqual([]);
    await Promise.all([bad, probe, ...watch].map((socket) => socket.close()));
  });

  it('a read flood closes the flooder with 1008; the others keep receiving', async () => {
    const { bad, probe, watch } = await openRoom();
    probe.send({ type: 'message', content: 'something to read' });
    await Promise.all(watch.map((socket) => socket.next('message')));
    const [, contents] = await Promise.all([
      flood(bad, (index) => `{"type":"read","seq":${index}}`),
      sendProbes(probe, 20, 20),
    ]);
    expect((await bad.closeInfo()).code).toBe(1008);
    await expectDelivered(watch, contents);
    await Promise.all([probe, ...watch].map((socket) => socket.close()));
  });

  it('a flood of frames that are not JSON closes the flooder with 1008', async () => {
    const { bad, probe, watch } = await openRoom();
    const sent = await flood(bad, () => 'not json');
    expect((await bad.closeInfo()).code).toBe(1008);
    expect(bad.untaken('error').length).toBeLessThan(sent);
    await Promise.all([probe, ...watch].map((socket) => socket.close()));
  });

  it('never closes a well-behaved client at its limits', async () => {
    const { bad: client, probe, watch } = await openRoom();
    const contents = sendProbes(probe, 60, 50); // 20 messages a second for 3 s
    let reads = 0;
    client.ws.on('message', (data) => {
      const frame = JSON.parse(String(data));
      if (frame.type !== 'message') return;
      client.send({ type: 'read', seq: frame.message.seq }); // a read per message
      reads++;
    });
    for (let second = 0; second < 3; second++) {
      client.send(TYPING_ON);
      client.send({ type: 'ping' });
      client.send({ type: 'message', content: `mine ${second}` });
      await sleep(1000);
    }
    await contents;
    await client.sync();
    expect(reads).toBeGreaterThanOrEqual(60);
    expect(client.untaken('error')).toEqual([]);
    expect(client.ws.readyState).toBe(client.ws.OPEN);
    await Promise.all([client, probe, ...watch].map((socket) => socket.close()));
  });

  it('answers message frames over MESSAGE_RATE with rate_limited, without closing', async () => {
    const { bad, probe, watch } = await openRoom();
    for (let index = 0; index < 200; index++) bad.send({ type: 'message', content: `m${index}` });
    const refused = await bad.take('error', 50, 15_000);
    expect(new Set(refused.map((frame) => frame.code))).toEqual(new Set(['rate_limited']));
    await bad.sync();
    await Promise.all([bad, probe, ...watch].map((socket) => socket.close()));
  });
});

describe('WS /api/ws/{roomId}: sockets per user (WS_MAX_SOCKETS_PER_USER=3)', () => {
  let app: TestApp;
  let ana: TestUser;
  let bob: TestUser;
  let rooms: number[];

  beforeAll(async () => {
    app = await createApp({ WS_MAX_SOCKETS_PER_USER: '3' });
    [ana, bob] = await Promise.all([makeUser(app), makeUser(app)]);
    rooms = [(await makeRoom(app, ana)).id, (await makeRoom(app, ana)).id];
    await Promise.all(rooms.map((id) => joinRoom(app, bob, id)));
  });

  afterAll(() => app.close());

  /** The HTTP status of a handshake: 101 when a socket opened (it is kept in `open`). */
  const open: TestSocket[] = [];
  async function handshake(roomId: number, user: TestUser): Promise<number> {
    const result = await connectOrStatus(app, roomId, user.accessToken);
    if (typeof result === 'number') return result;
    open.push(result);
    return 101;
  }

  afterEach(async () => {
    await Promise.all(open.splice(0).map((socket) => socket.close()));
  });

  const socketsOf = (user: TestUser) =>
    [...app.app.get(ConnectionRegistry).everySocket()].filter((c) => c.userId === user.id).length;

  async function until(done: () => boolean): Promise<void> {
    for (let tries = 0; tries < 100 && !done(); tries++) await sleep(20);
    expect(done()).toBe(true);
  }

  it('refuses the 4th socket of a user, in any room, with 429 until one closes', async () => {
    for (const roomId of [rooms[0], rooms[0], rooms[1]])
      expect(await handshake(roomId, ana)).toBe(101);
    expect(await handshake(rooms[0], ana)).toBe(429);
    expect(await handshake(rooms[1], ana)).toBe(429);
    expect(await handshake(rooms[0], bob)).toBe(101); // another user is unaffected

    await open.shift()!.close();
    await until(() => socketsOf(ana) === 2);
    expect(await handshake(rooms[1], ana)).toBe(101);
    expect(await handshake(rooms[1], ana)).toBe(429);
  });

  it('counts handshakes in flight: of 6 at once, 3 open', async () => {
    await until(() => socketsOf(bob) === 0);
    const statuses = await Promise.all(Array.from({ length: 6 }, () => handshake(rooms[0], bob)));
    expect(statuses.sort()).toEqual([101, 101, 101, 429, 429, 429]);
  });
});
