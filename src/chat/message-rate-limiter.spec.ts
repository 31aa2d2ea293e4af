import type { AppConfig } from '../config/app-config.js';
import { MessageRateLimiter } from './message-rate-limiter.js';

describe(MessageRateLimiter.name, () => {
  const limiter = (perSecond: number, burst: number) =>
    new MessageRateLimiter({ messageRate: { perSecond, burst } } as AppConfig);

  it('allows the burst at once, then answers the wait for the next token', () => {
    const rate = limiter(2, 3);
    expect([rate.take(1, 0), rate.take(1, 0), rate.take(1, 0)]).toEqual([0, 0, 0]);
    expect(rate.take(1, 0)).toBe(500);
    expect(rate.take(1, 250)).toBe(250);
    expect(rate.take(1, 500)).toBe(0);
  });

  it('keeps a bucket per user', () => {
    const rate = limiter(1, 1);
    expect(rate.take(1, 0)).toBe(0);
    expect(rate.take(2, 0)).toBe(0);
    expect(rate.take(1, 0)).toBe(1000);
  });

  it('refills up to the burst, not beyond', () => {
    const rate = limiter(10, 2);
    rate.take(1, 0);
    rate.take(1, 0);
    const later = 60_000;
    expect([rate.take(1, later), rate.take(1, later)]).toEqual([0, 0]);
    expect(rate.take(1, later)).toBe(100);
  });

  it('sweep forgets full buckets only', () => {
    const rate = limiter(1, 2);
    rate.take(1, 0);
    rate.take(1, 0);
    rate.take(2, 0);
    rate.sweep(1000); // user 1 has 1 of 2 tokens back, user 2 is full again
    expect(rate.take(1, 1000)).toBe(0);
    expect(rate.take(1, 1000)).toBe(1000);
  });
});
