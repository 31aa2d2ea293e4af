import { TokenBuckets } from './token-buckets.js';

describe(TokenBuckets.name, () => {
  const buckets = (perSecond: number, burst: number) =>
    new TokenBuckets<number>({ perSecond, burst });

  it('allows the burst at once, then answers the wait for the next token', () => {
    const rate = buckets(2, 3);
    expect([rate.take(1, 0), rate.take(1, 0), rate.take(1, 0)]).toEqual([0, 0, 0]);
    expect(rate.take(1, 0)).toBe(500);
    expect(rate.take(1, 250)).toBe(250);
    expect(rate.take(1, 500)).toBe(0);
  });

  it('keeps a bucket per key', () => {
    const rate = buckets(1, 1);
    expect(rate.take(1, 0)).toBe(0);
    expect(rate.take(2, 0)).toBe(0);
    expect(rate.take(1, 0)).toBe(1000);
  });

  it('refills up to the burst, not beyond', () => {
    const rate = buckets(10, 2);
    rate.take(1, 0);
    rate.take(1, 0);
    const later = 60_000;
    expect([rate.take(1, later), rate.take(1, later)]).toEqual([0, 0]);
    expect(rate.take(1, later)).toBe(100);
  });

  it('sweep forgets full buckets only', () => {
    const rate = buckets(1, 2);
    rate.take(1, 0);
    rate.take(1, 0);
    rate.take(2, 0);
    rate.sweep(1000); // key 1 has 1 of 2 tokens back, key 2 is full again
    expect(rate.size).toBe(1);
    expect(rate.take(1, 1000)).toBe(0);
    expect(rate.take(1, 1000)).toBe(1000);
  });

  it('sweeps by itself once a minute', () => {
    const rate = buckets(1, 1);
    rate.take(1, 1);
    rate.take(2, 120_000); // the sweep on this take forgets key 1, refilled long ago
    expect(rate.size).toBe(1);
  });

  it('handles slow rates (per hour)', () => {
    const rate = buckets(1 / 3600, 1);
    expect(rate.take(1, 0)).toBe(0);
    expect(rate.take(1, 0) / 1000).toBeCloseTo(3600, 2);
  });
});
