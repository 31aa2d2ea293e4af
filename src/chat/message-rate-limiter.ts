import { Injectable } from '@nestjs/common';

import { AppConfig } from '../config/app-config.js';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * A token bucket per user, shared by all of the user's sockets: `burst` messages at once,
 * then `perSecond` (MESSAGE_RATE). Full buckets are forgotten by `sweep`.
 */
@Injectable()
export class MessageRateLimiter {
  private readonly buckets = new Map<number, Bucket>();
  private readonly perMs: number;
  private readonly burst: number;

  constructor(config: AppConfig) {
    this.perMs = config.messageRate.perSecond / 1000;
    this.burst = config.messageRate.burst;
  }

  /** Takes one token: 0 when allowed, else the milliseconds until one is available. */
  take(userId: number, now = Date.now()): number {
    let bucket = this.buckets.get(userId);
    if (!bucket) this.buckets.set(userId, (bucket = { tokens: this.burst, updatedAt: now }));
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

  /** Drops the buckets that have refilled: they behave exactly like absent ones. */
  sweep(now = Date.now()): void {
    for (const [userId, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.updatedAt) * this.perMs >= this.burst) {
        this.buckets.delete(userId);
      }
    }
  }
}
