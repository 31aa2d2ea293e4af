import { SessionEndedError } from '../session/session';
import { Backoff } from './backoff';
import type { ServerFrame } from './frames';
import { RoomSocket, type SocketStatus } from './roomSocket';

class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  closedWith: number | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  onerror: (() => void) | null = null;

  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }

  send(data: string) {
    this.sent.push(data);
  }

  close(code: number) {
    this.closedWith = code;
  }

  /** The server accepts and sends `ready`. */
  accept(lastSeq = 0) {
    this.readyState = 1;
    this.frame({
      type: 'ready',
      room: { id: 7, name: 'general' },
      user: { id: 1, username: 'ana' },
      online: [],
      lastSeq,
    });
  }

  frame(frame: ServerFrame) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }

  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

function setup(overrides: { getToken?: (rejected: string | null) => Promise<string> } = {}) {
  const statuses: SocketStatus[] = [];
  const frames: ServerFrame[] = [];
  let since: number | null = null;
  const getToken = vi.fn(overrides.getToken ?? (async () => 'token-1'));
  const socket = new RoomSocket({
    roomId: 7,
    baseUrl: 'ws://chat.test',
    getToken,
    getSince: () => since,
    onFrame: (frame) => frames.push(frame),
    onStatus: (status) => statuses.push(status),
    backoff: new Backoff({ baseMs: 1000, random: () => 1 }),
    heartbeatMs: 25_000,
    createSocket: (url) => new FakeSocket(url) as unknown as WebSocket,
  });
  return {
    socket,
    statuses,
    frames,
    getToken,
    setSince: (value: number | null) => (since = value),
    latest: () => FakeSocket.all.at(-1)!,
  };
}

beforeEach(() => {
  FakeSocket.all = [];
  vi.useFakeTimers();
  vi.stubGlobal('WebSocket', { OPEN: 1 });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe(RoomSocket.name, () => {
  it('connects with the token and no since before any history', async () => {
    const { socket, latest, statuses } = setup();
    socket.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(latest().url).toBe('ws://chat.test/api/ws/7?token=token-1');
    latest().accept();
    expect(statuses.at(-1)).toEqual({ state: 'online' });
    expect(socket.isReady).toBe(true);
  });

  it('reconnects after a drop with growing backoff, resuming from the last seq', async () => {
    const t = setup();
    t.socket.start();
    await vi.advanceTimersByTimeAsync(0);
    t.latest().accept();
    t.setSince(42);

    t.latest().drop();
    expect(t.statuses.at(-1)).toMatchObject({ state: 'offline', attempt: 1 });
    await vi.advanceTimersByTimeAsync(999);
    expect(FakeSocket.all).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.latest().url).toBe('ws://chat.test/api/ws/7?token=token-1&since=42');

    // The server is still down: the next wait is twice as long.
    t.latest().drop();
    await vi.advanceTimersByTimeAsync(1999);
    expect(FakeSocket.all).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.all).toHaveLength(3);

    // Once back, the backoff starts over.
    t.latest().accept(42);
    t.latest().drop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeSocket.all).toHaveLength(4);
  });

  it('asks for a fresh token after close code 4401', async () => {
    const t = setup({ getToken: async (rejected) => (rejected ? 'token-2' : 'token-1') });
    t.socket.start();
    await vi.advanceTimersByTimeAsync(0);
    t.latest().accept();
    t.latest().drop(4401);
    await vi.advanceTimersByTimeAsync(1000);
    expect(t.getToken).toHaveBeenLastCalledWith('token-1');
    expect(t.latest().url).toContain('token=token-2');
  });

  it('gives up on an unknown room or a forbidden one', async () => {
    for (const [code, reason] of [
      [4404, 'not_found'],
      [4403, 'forbidden'],
    ] as const) {
      FakeSocket.all = [];
      const t = setup();
      t.socket.start();
      await vi.advanceTimersByTimeAsync(0);
      t.latest().drop(code);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(FakeSocket.all).toHaveLength(1);
      expect(t.statuses.at(-1)).toEqual({ state: 'closed', reason });
    }
  });

  it('gives up when its owner learns the room is gone', async () => {
    const t = setup();
    t.socket.start();
    await vi.advanceTimersByTimeAsync(0);
    t.latest().drop();
    t.socket.giveUp('not_found');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    expect(t.statuses.at(-1)).toEqual({ state: 'closed', reason: 'not_found' });
  });

  it('stops when the session has ended', async () => {
    const t = setup({
      getToken: async () => {
        throw new SessionEndedError();
      },
    });
    t.socket.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeSocket.all).toHaveLength(0);
    expect(t.statuses.at(-1)).toEqual({ state: 'closed', reason: 'session_ended' });
  });

  it('retries later when the token cannot be fetched (server down)', async () => {
    let calls = 0;
    const t = setup({
      getToken: async () => {
        calls += 1;
        if (calls === 1) throw new TypeError('fetch failed');
        return 'token-1';
      },
    });
    t.socket.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.statuses.at(-1)).toMatchObject({ state: 'offline' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('sends frames only when ready', async () => {
    const t = setup();
    t.socket.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.socket.send({ type: 'typing', isTyping: true })).toBe(false);
    t.latest().accept();
    expect(t.socket.send({ type: 'typing', isTyping: true })).toBe(true);
    expect(t.latest().sent).toEqual(['{"type":"typing","isTyping":true}']);
  });

  it('drops a connection that stops answering pings, and reconnects', async () => {
    const t = setup();
    t.socket.start();
    await vi.advanceTimersByTimeAsync(0);
    const first = t.latest();
    first.accept();
    await vi.advanceTimersByTimeAsync(25_000);
    expect(first.sent).toContain('{"type":"ping"}');
    first.frame({ type: 'pong' });
    await vi.advanceTimersByTimeAsync(25_000);
    expect(first.closedWith).toBeNull();
    await vi.advanceTimersByTimeAsync(25_000);
    expect(first.closedWith).toBe(1000);
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeSocket.all).toHaveLength(2);
  });

  it('reconnects at once on request, and not at all once stopped', async () => {
    const t = setup();
    t.socket.start();
    await vi.advanceTimersByTimeAsync(0);
    t.latest().drop();
    t.socket.reconnectNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeSocket.all).toHaveLength(2);
    t.socket.stop();
    expect(t.latest().closedWith).toBe(1000);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.all).toHaveLength(2);
    expect(t.statuses.at(-1)).toEqual({ state: 'closed', reason: 'stopped' });
  });
});
