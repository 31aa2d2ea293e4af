import { WebSocket } from 'ws';

import type { TestApp } from './create-app.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Frame = { type: string } & Record<string, any>;

export interface ConnectOptions {
  since?: number | string;
  origin?: string;
  /** false: the client does not answer the server's pings (a dead peer). */
  autoPong?: boolean;
  /** Wait for `ready` before resolving (default true). */
  ready?: boolean;
}

const TIMEOUT_MS = 5000;

/** A raw `ws` client that records every frame and lets a test await them by type. */
export class TestSocket {
  readonly frames: Frame[] = [];
  readonly errors: Error[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly taken = new Set<Frame>();
  private waiters: (() => void)[] = [];

  constructor(readonly ws: WebSocket) {
    ws.on('error', (error) => this.errors.push(error));
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(String(data)) as Frame);
      this.wake();
    });
    this.closed = new Promise((resolve) =>
      ws.once('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        this.wake();
      }),
    );
  }

  send(frame: object | string): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The next frame of this type not taken before (waits for it, up to timeoutMs). */
  async next(type: string, timeoutMs = TIMEOUT_MS): Promise<Frame> {
    const [frame] = await this.take(type, 1, timeoutMs);
    return frame;
  }

  /** The next `count` frames of this type, in arrival order. */
  async take(type: string, count: number, timeoutMs = TIMEOUT_MS): Promise<Frame[]> {
    await this.until(
      () => this.untaken(type).length >= count,
      timeoutMs,
      `${count} "${type}" frame(s)`,
    );
    const frames = this.untaken(type).slice(0, count);
    for (const frame of frames) this.taken.add(frame);
    return frames;
  }

  /** The next untaken frame of this type that matches, waiting for it. */
  async nextWhere(
    type: string,
    matches: (frame: Frame) => boolean,
    timeoutMs = TIMEOUT_MS,
  ): Promise<Frame> {
    const find = () => this.untaken(type).find(matches);
    await this.until(() => find() !== undefined, timeoutMs, `a matching "${type}" frame`);
    const frame = find()!;
    this.taken.add(frame);
    return frame;
  }

  /** The next untaken frame of any type that matches, waiting for it (up to timeoutMs). */
  async nextMatching(
    matches: (frame: Frame) => boolean,
    what = 'a matching frame',
    timeoutMs = TIMEOUT_MS,
  ): Promise<Frame> {
    const find = () => this.frames.find((frame) => !this.taken.has(frame) && matches(frame));
    await this.until(() => find() !== undefined, timeoutMs, what);
    const frame = find()!;
    this.taken.add(frame);
    return frame;
  }

  /** Untaken frames of a type received so far (without waiting). */
  untaken(type: string): Frame[] {
    return this.frames.filter((frame) => frame.type === type && !this.taken.has(frame));
  }

  /** A round trip: every frame the server sent this socket before the pong has arrived. */
  async sync(): Promise<void> {
    this.send({ type: 'ping' });
    await this.next('pong');
  }

  /** Round trip, then forget every frame received so far: the next test starts clean. */
  async settle(): Promise<void> {
    await this.sync();
    for (const frame of this.frames) this.taken.add(frame);
  }

  /** Waits for the close, up to timeoutMs. */
  async closeInfo(timeoutMs = TIMEOUT_MS): Promise<{ code: number; reason: string }> {
    return withTimeout(this.closed, timeoutMs, 'the socket to close');
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.close();
    await this.closeInfo();
  }

  private until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (done()) return Promise.resolve();
    return withTimeout(
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (done()) return resolve();
          if (this.ws.readyState === WebSocket.CLOSED) {
            return reject(new Error(`socket closed while waiting for ${what}`));
          }
          this.waiters.push(check);
        };
        check();
      }),
      timeoutMs,
      what,
    );
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }
}

export function wsUrl(app: TestApp, path: string): string {
  return app.url.replace(/^http/, 'ws') + path;
}

export function roomPath(roomId: number | string, token?: string, since?: number | string): string {
  const query = new URLSearchParams();
  if (token !== undefined) query.set('token', token);
  if (since !== undefined) query.set('since', String(since));
  const search = query.toString();
  return `/api/ws/${roomId}${search ? `?${search}` : ''}`;
}

/** Opens a socket to a room (and by default waits for `ready`). */
export async function connect(
  app: TestApp,
  roomId: number,
  token: string,
  options: ConnectOptions = {},
): Promise<TestSocket> {
  const ws = new WebSocket(wsUrl(app, roomPath(roomId, token, options.since)), {
    autoPong: options.autoPong ?? true,
    headers: options.origin ? { Origin: options.origin } : {},
  });
  const socket = new TestSocket(ws);
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    }),
    TIMEOUT_MS,
    'the socket to open',
  );
  if (options.ready ?? true) await socket.next('ready');
  return socket;
}

/** The HTTP status that refuses an upgrade (or 101 when it was accepted). */
export function handshakeStatus(
  app: TestApp,
  path: string,
  headers: Record<string, string> = {},
): Promise<number> {
  return withTimeout(
    new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(wsUrl(app, path), { headers });
      ws.once('unexpected-response', (_request, response) => {
        resolve(response.statusCode ?? 0);
        ws.terminate();
      });
      ws.once('open', () => {
        resolve(101);
        ws.close();
      });
      ws.on('error', (error) => reject(error));
    }),
    TIMEOUT_MS,
    `the handshake of ${path}`,
  );
}

/** Opens a socket (waiting for `ready`), or answers the HTTP status that refused the upgrade. */
export function connectOrStatus(
  app: TestApp,
  roomId: number,
  token: string,
): Promise<TestSocket | number> {
  const ws = new WebSocket(wsUrl(app, roomPath(roomId, token)));
  const socket = new TestSocket(ws);
  return withTimeout(
    new Promise<TestSocket | number>((resolve, reject) => {
      ws.once('unexpected-response', (_request, response) => {
        resolve(response.statusCode ?? 0);
        ws.terminate();
      });
      ws.once('open', () => socket.next('ready').then(() => resolve(socket), reject));
      ws.once('error', reject);
    }),
    TIMEOUT_MS,
    `the handshake to room ${roomId}`,
  );
}

/**
 * Sends frames as fast as the socket takes them, until `maxFrames` are out, `maxMs` have
 * passed or the server closes the socket. Resolves with the number of frames sent.
 */
export async function flood(
  socket: TestSocket,
  frameAt: (index: number) => string,
  { maxFrames = 20_000, maxMs = 3000 } = {},
): Promise<number> {
  const until = Date.now() + maxMs;
  let sent = 0;
  while (sent < maxFrames && Date.now() < until && socket.ws.readyState === WebSocket.OPEN) {
    for (let batch = 0; batch < 100 && sent < maxFrames; batch++) socket.send(frameAt(sent++));
    await new Promise((resolve) => setImmediate(resolve));
  }
  return sent;
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
