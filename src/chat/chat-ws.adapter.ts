import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';

import type { INestApplication } from '@nestjs/common';
import { WsAdapter } from '@nestjs/platform-ws';
import { WebSocket, WebSocketServer } from 'ws';

import { AppConfig } from '../config/app-config.js';
import { CloseCode } from './chat-errors.js';

/** How long shutdown waits for clients to answer the 1001 close before cutting them off. */
const CLOSE_GRACE_MS = 2000;

/**
 * WsAdapter with four fixes, because the stock one (@nestjs/platform-ws 12):
 * 1. matches upgrade paths exactly, so `/api/ws/5` never reaches a gateway at `/api/ws`:
 *    here every path under a gateway's path goes to it (the gateway reads the room id);
 * 2. swallows unparsable frames and 3. never delivers WsExceptions to a plain ws client:
 *    here bindMessageHandlers does nothing; the chat gateway reads each socket's frames
 *    itself and answers every refusal with an `error` frame (and saves Nest's per-frame
 *    JSON.parse and rxjs pipeline on the hot path);
 * 4. terminates sockets on shutdown without a close frame: here they are closed with 1001.
 * It also sets maxPayload (WS_MAX_PAYLOAD), so that ws closes bigger frames with 1009.
 */
export class ChatWsAdapter extends WsAdapter {
  private readonly maxPayload: number;
  private readonly servers: { path: string; server: WebSocketServer }[] = [];
  private upgradeListener:
    ((request: IncomingMessage, socket: Duplex, head: Buffer) => void) | null = null;

  constructor(app: INestApplication) {
    super(app);
    this.maxPayload = app.get(AppConfig).wsMaxPayload;
  }

  override create(
    _port: number,
    options: { path?: string; [option: string]: unknown } = {},
  ): WebSocketServer {
    const { path = '/', server: _server, namespace: _namespace, ...wsOptions } = options;
    const server = new WebSocketServer({
      ...wsOptions,
      noServer: true,
      maxPayload: this.maxPayload,
    });
    server.on('connection', (socket: WebSocket) =>
      socket.on('error', (error) => this.logger.debug(`socket error: ${error.message}`)),
    );
    server.on('error', (error) => this.logger.error(error));
    if (!this.upgradeListener) this.listen(this.httpServer as Server);
    this.servers.push({ path: path.replace(/\/+$/, ''), server });
    return server;
  }

  override bindMessageHandlers(): void {
    // The gateway handles frames itself (see above).
  }

  override async close(server: WebSocketServer): Promise<void> {
    const closed = [...server.clients].map(
      (socket) =>
        new Promise<void>((resolve) => {
          if (socket.readyState === WebSocket.CLOSED) return resolve();
          socket.once('close', () => resolve());
          socket.close(CloseCode.goingAway, 'Server shutting down');
        }),
    );
    const grace = new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref());
    await Promise.race([Promise.all(closed), grace]);
    for (const socket of server.clients) socket.terminate();
    await new Promise((resolve) => server.close(resolve));
  }

  override async dispose(): Promise<void> {
    if (this.upgradeListener) (this.httpServer as Server).off('upgrade', this.upgradeListener);
    this.upgradeListener = null;
    this.servers.length = 0;
    await super.dispose();
  }

  private listen(httpServer: Server): void {
    this.upgradeListener = (request, socket, head) => {
      const pathname = (request.url ?? '/').split('?', 1)[0];
      const match = this.servers.find(
        ({ path }) => pathname === path || pathname.startsWith(`${path}/`),
      );
      if (!match) {
        socket.on('error', () => socket.destroy()); // Node removed its own error handler
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      match.server.handleUpgrade(request, socket, head, (ws) =>
        match.server.emit('connection', ws, request),
      );
    };
    httpServer.on('upgrade', this.upgradeListener);
  }
}
