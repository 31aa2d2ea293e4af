import { jest } from '@jest/globals';

import { createApp, TestApp } from '../support/create-app.js';
import { makeRoom, makeUser, TestUser } from '../support/factories.js';
import { connect, flood, handshakeStatus } from '../support/ws-client.js';
import { connectUser, userSocketPath } from './user-socket.js';

jest.setTimeout(30_000);

/** The per-user socket shares the room socket's handshake rules, limits and close codes. */
describe('WS /api/ws: the room socket’s limits and close codes', () => {
  let app: TestApp;
  let ana: TestUser;

  beforeAll(async () => {
    app = await createApp({
      CORS_ORIGINS: 'https://chat.example.org',
      WS_MAX_SOCKETS_PER_USER: '2',
    });
    ana = await makeUser(app);
  });

  afterAll(() => app.close());

  it('answers 403 to a browser from a foreign origin, and accepts allowed ones', async () => {
    const path = userSocketPath(ana.accessToken);
    expect(await handshakeStatus(app, path, { Origin: 'https://evil.example.com' })).toBe(403);
    expect(await handshakeStatus(app, path, { Origin: 'null' })).toBe(403);
    expect(await handshakeStatus(app, path, { Origin: 'https://chat.example.org' })).toBe(101);
    expect(await handshakeStatus(app, path, { Origin: app.url })).toBe(101);
  });

  it('counts per-user sockets with room sockets against WS_MAX_SOCKETS_PER_USER (429)', async () => {
    const bob = await makeUser(app);
    const room = await makeRoom(app, bob);
    const first = await connectUser(app, bob.accessToken);
    const second = await connect(app, room.id, bob.accessToken);
    expect(await handshakeStatus(app, userSocketPath(bob.accessToken))).toBe(429);
    await second.close();
    // The count follows closes (allow the server a moment to see it).
    const deadline = Date.now() + 3000;
    let status = await handshakeStatus(app, userSocketPath(bob.accessToken));
    while (status !== 101 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = await handshakeStatus(app, userSocketPath(bob.accessToken));
    }
    expect(status).toBe(101);
    await first.close();
  });

  it('closes the socket with 1009 for a frame over 64 KiB', async () => {
    const dora = await makeUser(app);
    const socket = await connectUser(app, dora.accessToken);
    socket.send({ type: 'ping', padding: 'x'.repeat(65 * 1024) });
    expect((await socket.closeInfo()).code).toBe(1009);
  });

  describe('frame budget (WS_FRAME_RATE)', () => {
    let limited: TestApp;
    let eve: TestUser;
    let roomId: number;

    beforeAll(async () => {
      limited = await createApp({ WS_FRAME_RATE: '10/s burst 20' });
      eve = await makeUser(limited);
      roomId = (await makeRoom(limited, eve)).id;
    });

    afterAll(() => limited.close());

    it('closes a socket that floods pings with 1008', async () => {
      const socket = await connectUser(limited, eve.accessToken);
      await flood(socket, () => '{"type":"ping"}');
      expect((await socket.closeInfo()).code).toBe(1008);
    });

    it('closes a socket that floods typing frames with 1008', async () => {
      const socket = await connectUser(limited, eve.accessToken);
      await flood(socket, (index) =>
        JSON.stringify({ type: 'typing', roomId, isTyping: index % 2 === 0 }),
      );
      expect((await socket.closeInfo()).code).toBe(1008);
    });

    it('closes a socket that floods subscribe and unsubscribe with 1008', async () => {
      // Each subscribe reads the database and may replay: it must not be free.
      const socket = await connectUser(limited, eve.accessToken);
      await flood(socket, (index) =>
        JSON.stringify(
          index % 2 === 0
            ? { type: 'subscribe', roomId, since: 0 }
            : { type: 'unsubscribe', roomId },
        ),
      );
      expect((await socket.closeInfo()).code).toBe(1008);
    });
  });

  describe('heartbeat (WS_HEARTBEAT_MS=200)', () => {
    let beating: TestApp;

    beforeAll(async () => {
      beating = await createApp({ WS_HEARTBEAT_MS: '200' });
    });

    afterAll(() => beating.close());

    it('drops a per-user socket that stops answering pings, and its presence with it', async () => {
      const [fay, gus] = [await makeUser(beating), await makeUser(beating)];
      const roomId = (await makeRoom(beating, fay)).id;
      const watcher = await connect(beating, roomId, fay.accessToken);
      const dead = await connectUser(beating, gus.accessToken, { autoPong: false });
      const alive = await connectUser(beating, fay.accessToken);
      await dead.subscribed(roomId);
      expect(await watcher.next('presence')).toMatchObject({ user: { id: gus.id }, online: true });
      const startedAt = Date.now();
      expect((await dead.closeInfo(5000)).code).toBe(1006); // terminated, no close frame
      expect(Date.now() - startedAt).toBeLessThan(3000);
      expect(await watcher.next('presence')).toMatchObject({ user: { id: gus.id }, online: false });
      await new Promise((resolve) => setTimeout(resolve, 600));
      await alive.sync(); // an answering per-user socket stays
      await Promise.all([alive.close(), watcher.close()]);
    });
  });

  it('closes the socket with 1001 when the server shuts down', async () => {
    const other = await createApp();
    const carl = await makeUser(other);
    const sockets = [
      await connectUser(other, carl.accessToken),
      await connectUser(other, carl.accessToken),
    ];
    await other.close();
    const closes = await Promise.all(sockets.map((socket) => socket.closeInfo()));
    expect(closes.map((close) => close.code)).toEqual([1001, 1001]);
  });
});
