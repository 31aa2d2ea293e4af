import { SessionEndedError } from '../session/session';
import { Backoff } from './backoff';
import { type ClientFrame, CloseCode, parseFrame, type ServerFrame } from './frames';

export type SocketStatus =
  | { state: 'connecting'; attempt: number }
  | { state: 'online' }
  | { state: 'offline'; attempt: number; retryAt: number }
  | { state: 'closed'; reason: 'stopped' | 'forbidden' | 'not_found' | 'session_ended' };

export interface RoomSocketOptions {
  roomId: number;
  /** A valid access token; `rejected` is the one the server just refused, if any. */
  getToken: (rejected: string | null) => Promise<string>;
  /** The last `seq` this client has seen, to resume from; null before any history. */
  getSince: () => number | null;
  onFrame: (frame: ServerFrame) => void;
  onStatus: (status: SocketStatus) => void;
  backoff?: Backoff;
  heartbeatMs?: number;
  createSocket?: (url: string) => WebSocket;
  baseUrl?: string;
}

/**
 * One room's socket: connects, resumes with `since`, and reconnects by itself with
 * backoff after a drop until stop() is called or the server says it never will work.
 */
export class RoomSocket {
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

  constructor(private readonly options: RoomSocketOptions) {
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

  /** Sends a frame if the socket is ready; false tells the caller it was not sent. */
  send(frame: ClientFrame): boolean {
    if (!this.ready || !this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  private async connect(): Promise<void> {
    const generation = this.generation;
    this.options.onStatus({ state: 'connecting', attempt: this.backoff.attempts });
    let token: string;
    try {
      token = await this.options.getToken(this.refuseToken ? this.lastToken : null);
    } catch (error) {
      if (generation !== this.generation) return;
      if (error instanceof SessionEndedError) return this.giveUp('session_ended');
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
    }
    this.options.onFrame(frame);
  }

  private closed(ws: WebSocket, code: number): void {
    if (ws !== this.ws) return;
    this.detach();
    if (this.stopped) return;
    if (code === CloseCode.forbidden) return this.giveUp('forbidden');
    if (code === CloseCode.notFound) return this.giveUp('not_found');
    this.refuseToken = code === CloseCode.unauthorized;
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const delay = this.backoff.next();
    this.options.onStatus({
      state: 'offline',
      attempt: this.backoff.attempts,
      retryAt: Date.now() + delay,
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
    const query = new URLSearchParams({ token });
    const since = this.options.getSince();
    if (since !== null) query.set('since', String(since));
    return `${base}/api/ws/${this.options.roomId}?${query}`;
  }

  /**
   * Stops for good, saying why. Also for the owner: a refused handshake reaches the
   * browser only as close code 1006, so the owner asks REST why and may give up.
   */
  giveUp(reason: 'forbidden' | 'not_found' | 'session_ended'): void {
    this.stopped = true;
    this.generation += 1;
    this.clearTimer();
    this.drop();
    this.options.onStatus({ state: 'closed', reason });
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
