import { SessionEndedError } from '../session/session';
import { Backoff } from './backoff';
import { CloseCode, parseFrame, type UserClientFrame, type UserSocketFrame } from './frames';

export type SocketStatus =
  | { state: 'connecting'; attempt: number }
  | { state: 'online' }
  /** `since`: when the connection was found lost; `retryAt`: the next attempt. */
  | { state: 'offline'; attempt: number; since: number; retryAt: number }
  | { state: 'closed'; reason: 'stopped' | 'session_ended' };

export interface UserSocketOptions {
  /** A valid access token; `rejected` is the one the server just refused, if any. */
  getToken: (rejected: string | null) => Promise<string>;
  onFrame: (frame: UserSocketFrame) => void;
  onStatus: (status: SocketStatus) => void;
  backoff?: Backoff;
  heartbeatMs?: number;
  createSocket?: (url: string) => WebSocket;
  baseUrl?: string;
  now?: () => number;
}

/**
 * The tab's one per-user socket (`WS /api/ws`): connects, keeps the rooms asked for
 * subscribed (each again with `since` after a reconnect), and reconnects by itself with
 * backoff after a drop until stop() is called or the session ends.
 */
export class UserSocket {
  private ws: WebSocket | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private awaitingPong = false;
  private stopped = true;
  private ready = false;
  private refuseToken = false;
  private lastToken: string | null = null;
  /** Bumped by stop(), so a connect() still awaiting its token knows it is stale. */
  private generation = 0;
  private readonly backoff: Backoff;
  /** The rooms to keep subscribed, each with how to ask for its resume cursor. */
  private readonly subscriptions = new Map<number, () => number | null>();

  constructor(private readonly options: UserSocketOptions) {
    this.backoff = options.backoff ?? new Backoff();
  }

  get isReady(): boolean {
    return this.ready;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.generation += 1;
    this.clearTimer();
    this.drop();
    this.options.onStatus({ state: 'closed', reason: 'stopped' });
  }

  /** Skip the rest of the backoff wait (the network came back, the user asked). */
  reconnectNow(): void {
    if (this.stopped || this.ws) return;
    this.clearTimer();
    void this.connect();
  }

  /** The browser says the network is gone: do not wait for the socket to notice. */
  connectionLost(): void {
    if (this.stopped || (!this.ws && this.timer)) return;
    this.generation += 1; // A connect still awaiting its token is stale too.
    this.drop();
    this.scheduleReconnect();
  }

  /** Live frames for a room, replayed from `since()` now and after every reconnect. */
  subscribe(roomId: number, since: () => number | null): void {
    this.subscriptions.set(roomId, since);
    if (this.ready) this.sendSubscribe(roomId, since);
  }

  unsubscribe(roomId: number): void {
    if (!this.subscriptions.delete(roomId)) return;
    this.send({ type: 'unsubscribe', roomId });
  }

  /** Sends a frame if the socket is ready; false tells the caller it was not sent. */
  send(frame: UserClientFrame): boolean {
    if (!this.ready || !this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  private sendSubscribe(roomId: number, since: () => number | null): void {
    const cursor = since();
    this.send(
      cursor === null
        ? { type: 'subscribe', roomId }
        : { type: 'subscribe', roomId, since: cursor },
    );
  }

  private async connect(): Promise<void> {
    const generation = this.generation;
    this.options.onStatus({ state: 'connecting', attempt: this.backoff.attempts });
    let token: string;
    try {
      token = await this.options.getToken(this.refuseToken ? this.lastToken : null);
    } catch (error) {
      if (generation !== this.generation) return;
      if (error instanceof SessionEndedError) return this.end();
      return this.scheduleReconnect();
    }
    if (generation !== this.generation || this.stopped || this.ws) return;
    this.lastToken = token;
    const create = this.options.createSocket ?? ((url: string) => new WebSocket(url));
    const ws = create(this.url(token));
    this.ws = ws;
    ws.onmessage = (event) => this.receive(event.data);
    ws.onclose = (event) => this.closed(ws, event.code);
    ws.onerror = () => undefined; // A close event always follows; handle it there.
  }

  private receive(data: unknown): void {
    const frame = parseFrame(data);
    if (!frame) return;
    this.awaitingPong = false;
    if (frame.type === 'ready') {
      this.ready = true;
      this.refuseToken = false;
      this.backoff.reset();
      this.startHeartbeat();
      this.options.onStatus({ state: 'online' });
      for (const [roomId, since] of this.subscriptions) this.sendSubscribe(roomId, since);
    }
    this.options.onFrame(frame);
  }

  private closed(ws: WebSocket, code: number): void {
    if (ws !== this.ws) return;
    this.detach();
    if (this.stopped) return;
    this.refuseToken = code === CloseCode.unauthorized;
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const delay = this.backoff.next();
    const now = (this.options.now ?? Date.now)();
    this.options.onStatus({
      state: 'offline',
      attempt: this.backoff.attempts,
      since: now,
      retryAt: now + delay,
    });
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, delay);
  }

  private startHeartbeat(): void {
    this.stopHeartbeat();
    const every = this.options.heartbeatMs ?? 25_000;
    this.awaitingPong = false;
    this.heartbeat = setInterval(() => {
      // No frame at all since the last ping: the connection is dead but not closed.
      if (this.awaitingPong) {
        this.drop();
        this.scheduleReconnect();
        return;
      }
      this.awaitingPong = true;
      this.send({ type: 'ping' });
    }, every);
  }

  private url(token: string): string {
    const base = this.options.baseUrl ?? defaultBaseUrl();
    return `${base}/api/ws?${new URLSearchParams({ token })}`;
  }

  /** The session ended (a refused refresh): stop for good. */
  private end(): void {
    this.stopped = true;
    this.generation += 1;
    this.clearTimer();
    this.drop();
    this.options.onStatus({ state: 'closed', reason: 'session_ended' });
  }

  /** Closes the current socket without reacting to its close event. */
  private drop(): void {
    const ws = this.ws;
    if (!ws) return;
    this.detach();
    ws.onclose = null;
    ws.onmessage = null;
    ws.close(CloseCode.normal);
  }

  private detach(): void {
    this.ready = false;
    this.ws = null;
    this.stopHeartbeat();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

function defaultBaseUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${window.location.host}`;
}
