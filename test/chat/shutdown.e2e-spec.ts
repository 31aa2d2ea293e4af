import { jest } from '@jest/globals';
import { WebSocket } from 'ws';

import { ChatGateway } from '../../src/chat/chat.gateway.js';
import { ConnectionRegistry } from '../../src/chat/connection-registry.js';
import { createApp } from '../support/create-app.js';
import { makeRoom, makeUser } from '../support/factories.js';
import { connect, handshakeStatus, roomPath } from '../support/ws-client.js';

// jest 30 ignores the e2e project's testTimeout; sockets on a busy machine need more than 5 s.
jest.setTimeout(20_000);

describe('WS /api/ws/{roomId}: shutdown', () => {
  it('closes every socket with 1001 before the database closes', async () => {
    const app = await createApp();
    const [ana, bob] = await Promise.all([makeUser(app), makeUser(app)]);
    const room = await makeRoom(app, ana);
    const other = await makeRoom(app, bob);
    const sockets = await Promise.all([
      connect(app, room.id, ana.accessToken),
      connect(app, room.id, ana.accessToken),
      connect(app, room.id, bob.accessToken),
      connect(app, other.id, bob.accessToken),
    ]);
    const registry = app.app.get(ConnectionRegistry);

    const atDatabaseClose: { registered: number; openClients: number } = {
      registered: -1,
      openClients: -1,
    };
    const destroy = app.dataSource.destroy.bind(app.dataSource);
    app.dataSource.destroy = async () => {
      atDatabaseClose.registered = registry.size;
      // A client that has received the close frame is no longer OPEN.
      atDatabaseClose.openClients = sockets.filter(
        (socket) => socket.ws.readyState === WebSocket.OPEN,
      ).length;
      return destroy();
    };

    await app.close();
    const closes = await Promise.all(sockets.map((socket) => socket.closeInfo()));
    expect(closes.map((close) => close.code)).toEqual([1001, 1001, 1001, 1001]);
    expect(atDatabaseClose).toEqual({ registered: 0, openClients: 0 });
  });

  it('refuses new handshakes once shutdown has begun', async () => {
    const app = await createApp();
    const ana = await makeUser(app);
    const room = await makeRoom(app, ana);
    const socket = await connect(app, room.id, ana.accessToken);
    app.app.get(ChatGateway).beforeApplicationShutdown();
    expect(await handshakeStatus(app, roomPath(room.id, ana.accessToken))).toBe(503);
    await app.close();
    expect((await socket.closeInfo()).code).toBe(1001);
  });
});
