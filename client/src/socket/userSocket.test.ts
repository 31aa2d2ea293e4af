import { SessionEndedError } from '../session/session';
import { Backoff } from './backoff';
import { frameRoomId, type UserSocketFrame } from './frames';
import { type SocketStatus, UserSocket } from './userSocket';

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
  accept() {
    this.readyState = 1;
    this.frame({ type: 'ready', user: { id: 1, username: 'ana' }, rooms: [] });
  }

  frame(frame: UserSocketFrame) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }

  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

function setup(overrides: { getToken?: (rejected: string | null) => Promise<string> } = {}) {
  const statuses: SocketStatus[] = [];
  const frames: UserSocketFrame[] = [];
  const getToken = vi.fn(overrides.getToken ?? (async () => 'token-1'));
  const socket = new UserSocket({
    baseUrl: 'ws://chat.test',
    getToken,
    onFrame: (frame) => frames.push(frame),
    onStatus: (status) => statuses.push(status),
    backoff: new Backoff({ baseMs: 1000, random: () => 1 }),
    heartbeatMs: 25_000,
    createSocket: (url) => new FakeSocket(url) as unknown as WebSocket,
  });
  return { socket, statuses, frames, getToken, latest: () => FakeSocket.all.at(-1)! };
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

describe(UserSocket.name, () => {
  it('connects to the per-user socket with the token', async () => {
    const { socket, latest, statuses, frames } = setup();
    socket.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(latest().url).toBe('ws://chat.test/api/ws?token=token-1');
    latest().accept();
    expect(statuses.at(-1)).toEqual({ state: 'online' });
    expect(frames[0]).toMatchObject({ type: 'ready' });
    expect(socket.isReady).toBe(true);
  });

  it('subscribes once ready, with since when the room has history', async () => {
    const t = setup();
    t.socket.subscribe(7, () => null);
    t.socket.subscribe(8, () => 12);
    t.socket.start();
    await vi.advanceTimersByTimeAsync(0);
    t.latest().accept();
    expect(t.latest().sent).toEqual([
      '{"type":"subscribe","roomId":7}',
      '{"type":"subscribe","roomId":8,"since":12}',
    ]);
    t.socket.subscribe(9, () => 0);
    expect(t.latest().sent.at(-1)).toBe('{"type":"subscribe","roomId":9,"since":0}');
    t.socket.unsubscribe(7);
    expect(t.latest().sent.at(-1)).toBe('{"type":"unsubscribe","roomId":7}');
  });

  it('re-subscribes after a reconnect with growing backoff, resuming from the last seq', async () => {
    const t = setup();
    let since: number | null = null;
    t.socket.subscribe(7, () => since);
    t.socket.start();
    await vi.advanceTimersByTimeAsync(0);
    t.latest().accept();
    since = 42;

    t.latest().drop();
    expect(t.statuses.at(-1)).toMatchObject({ state: 'offline', attempt: 1 });
    await vi.advanceTimersByTimeAsync(999);
    expect(FakeSocket.all).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    t.latest().drop();
    await vi.advanceTimersByTimeAsync(1999);
    expect(FakeSocket.all).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.all).toHaveLength(3);
    t.latest().accept();
    expect(t.latest().sent).toEqual(['{"type":"subscribe","roomId":7,"since":42}']);

    // Once back, the backoff starts over.
    t.latest().drop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeSocket.all).toHaveLength(4);
  });

  it('says when the connection was lost and when it retries, from the same clock', async () => {
    const t = setup();
    t.socket.start();
    await vi.advanceTimersByTimeAsync(0);
    t.latest().accept();
    t.latest().drop();
    const status = t.statuses.at(-1);
    expect(status).toMatchObject({ state: 'offline' });
    if (status?.state === 'offline') expect(status.retryAt - status.since).toBe(1000);
  });

  it('notices a lost network at once, and reconnects when asked', async () => {
    const t = setup();
    t.socket.start();
    await vi.advanceTimersByTimeAsync(0);
    const first = t.latest();
    first.accept();
    t.socket.connectionLost();
    expect(first.closedWith).toBe(1000);
    expect(t.statuses.at(-1)).toMatchObject({ state: 'offline' });
    expect(t.socket.send({ type: 'ping' })).toBe(false);
    t.socket.reconnectNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeSocket.all).toHaveLength(2);
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
    expect(t.socket.send({ type: 'typing', roomId: 7, isTyping: true })).toBe(false);
    t.latest().accept();
    expect(t.socket.send({ type: 'typing', roomId: 7, isTyping: true })).toBe(true);
    expect(t.latest().sent).toEqual(['{"type":"typing","roomId":7,"isTyping":true}']);
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

  it('does not reconnect once stopped', async () => {
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

describe(frameRoomId.name, () => {
  it('tells room frames from the user’s own', () => {
    expect(
      frameRoomId({ type: 'typing', roomId: 3, user: { id: 1, username: 'a' }, isTyping: true }),
    ).toBe(3);
    expect(frameRoomId({ type: 'error', code: 'forbidden', message: 'no', roomId: 4 })).toBe(4);
    expect(frameRoomId({ type: 'error', code: 'bad_json', message: 'no' })).toBeNull();
    expect(
      frameRoomId({
        type: 'room.activity',
        roomId: 3,
        lastSeq: 1,
        lastMessage: null,
        unreadCount: 0,
        mentionCount: 0,
      }),
    ).toBeNull();
  });
});
