/** A rate with a burst: `burst` at once, then `perSecond` (see parseRate in config). */
export interface Rate {
  perSecond: number;
  burst: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Full buckets are forgotten at most this often (they behave exactly like absent ones). */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * A token bucket per key (user, address, socket): the one rate limiter behind every
 * per-key budget. Memory stays bounded by the keys that used tokens recently.
 */
export class TokenBuckets<K> {
  private readonly buckets = new Map<K, Bucket>();
  private readonly perMs: number;
  private readonly burst: number;
  private sweptAt = 0;

  constructor(rate: Rate) {
    this.perMs = rate.perSecond / 1000;
    this.burst = rate.burst;
  }

  /** Takes one token: 0 when allowed, else the milliseconds until one is available. */
  take(key: K, now = Date.now()): number {
    if (now - this.sweptAt > SWEEP_INTERVAL_MS) this.sweep(now);
    let bucket = this.buckets.get(key);
    if (!bucket) this.buckets.set(key, (bucket = { tokens: this.burst, updatedAt: now }));
    else {
      bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.updatedAt) * this.perMs);
      bucket.updatedAt = now;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs));
  }

  /** Drops the buckets that have refilled. */
  sweep(now = Date.now()): void {
    this.sweptAt = now;
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.updatedAt) * this.perMs >= this.burst) {
        this.buckets.delete(key);
      }
    }
  }

  get size(): number {
    return this.buckets.size;
  }
}
