import { Backoff } from './backoff';

describe(Backoff.name, () => {
  it('doubles the cap each attempt and draws from its upper half', () => {
    const low = new Backoff({ baseMs: 500, random: () => 0 });
    expect([low.next(), low.next(), low.next(), low.next()]).toEqual([250, 500, 1000, 2000]);
    const high = new Backoff({ baseMs: 500, random: () => 1 });
    expect([high.next(), high.next(), high.next()]).toEqual([500, 1000, 2000]);
  });

  it('never waits longer than the maximum', () => {
    const backoff = new Backoff({ baseMs: 500, maxMs: 4000, random: () => 1 });
    const delays = Array.from({ length: 10 }, () => backoff.next());
    expect(Math.max(...delays)).toBe(4000);
  });

  it('spreads clients out with jitter', () => {
    const delays = new Set(Array.from({ length: 20 }, () => new Backoff().next()));
    expect(delays.size).toBeGreaterThan(1);
  });

  it('starts over after reset', () => {
    const backoff = new Backoff({ random: () => 1 });
    backoff.next();
    backoff.next();
    backoff.reset();
    expect(backoff.attempts).toBe(0);
    expect(backoff.next()).toBe(500);
  });
});
