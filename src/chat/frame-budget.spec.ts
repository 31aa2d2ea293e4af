import type { WebSocket } from 'ws';

import type { Rate } from '../common/token-buckets.js';
import type { AppConfig } from '../config/app-config.js';
import { ChatClient } from './chat-client.js';
import { FrameBudget, FrameKind, messageFrameRate } from './frame-budget.js';

describe(FrameBudget.name, () => {
  const user = { id: 1, username: 'ana', displayName: 'Ana', sessionId: 's' };
  const socket = () => new ChatClient({ _socket: {} } as unknown as WebSocket, user, 7);
  const budget = (wsFrameRate: Rate, messageRate: Rate = { perSecond: 1, burst: 1 }) =>
    new FrameBudget({ wsFrameRate, messageRate } as AppConfig);

  /** How many of `count` frames sent at the same instant are allowed. */
  const allowed = (frames: FrameBudget, client: ChatClient, kind: FrameKind, count: number) =>
    Array.from({ length: count }, () => frames.take(client, kind, 0)).filter(Boolean).length;

  it('allows a burst of each kind, then refuses until the rate refills it', () => {
    const frames = budget({ perSecond: 10, burst: 5 });
    const client = socket();
    expect(allowed(frames, client, 'typing', 8)).toBe(5);
    expect(frames.take(client, 'typing', 99)).toBe(false);
    expect(frames.take(client, 'typing', 100)).toBe(true);
  });

  it('keeps the kinds apart, and each socket apart', () => {
    const frames = budget({ perSecond: 1, burst: 2 });
    const client = socket();
    const kinds: FrameKind[] = ['typing', 'read', 'ping', 'refused'];
    for (const kind of kinds) expect(allowed(frames, client, kind, 3)).toBe(2);
    expect(allowed(frames, socket(), 'typing', 3)).toBe(2);
  });

  it('gives message frames twice MESSAGE_RATE when that is more than WS_FRAME_RATE', () => {
    const frames = budget({ perSecond: 30, burst: 60 }, { perSecond: 100, burst: 150 });
    expect(allowed(frames, socket(), 'message', 400)).toBe(300);
    const fewer = budget({ perSecond: 30, burst: 60 }, { perSecond: 2, burst: 2 });
    expect(allowed(fewer, socket(), 'message', 100)).toBe(60);
  });

  it('never refuses a sender within MESSAGE_RATE (the bench: 100000/s, 20 a second)', () => {
    const frames = budget({ perSecond: 30, burst: 60 }, { perSecond: 100_000, burst: 100_000 });
    const client = socket();
    for (let ms = 0; ms < 60_000; ms += 50) expect(frames.take(client, 'message', ms)).toBe(true);
  });

  it('messageFrameRate takes the larger of each', () => {
    expect(messageFrameRate({ perSecond: 30, burst: 60 }, { perSecond: 10, burst: 40 })).toEqual({
      perSecond: 30,
      burst: 80,
    });
  });
});
