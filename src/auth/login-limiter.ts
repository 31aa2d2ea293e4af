import { Injectable } from '@nestjs/common';

import { AppConfig } from '../config/app-config.js';
import { AppError } from '../common/app-error.js';

const MAX_TRACKED_KEYS = 100_000;

/**
 * Counts failed logins per username and per client address in a sliding window.
 * Successful logins are never counted, so many people behind one address can sign in.
 */
@Injectable()
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly config: AppConfig) {}

  /** Throws `rate_limited` when either key has used up its failures. */
  check(username: string, address: string, now = Date.now()): void {
    const retryAfterMs = Math.max(
      this.retryAfter(`user:${username.toLowerCase()}`, now),
      this.retryAfter(`addr:${address}`, now),
    );
    if (retryAfterMs > 0) {
      throw new AppError('rate_limited', 'Too many failed logins, try again later', retryAfterMs);
    }
  }

  recordFailure(username: string, address: string, now = Date.now()): void {
    if (this.failures.size > MAX_TRACKED_KEYS) this.prune(now);
    for (const key of [`user:${username.toLowerCase()}`, `addr:${address}`]) {
      const times = this.recent(key, now);
      times.push(now);
      this.failures.set(key, times);
    }
  }

  private retryAfter(key: string, now: number): number {
    const times = this.recent(key, now);
    if (times.length < this.config.loginFailureLimit) return 0;
    return (
      times[times.length - this.config.loginFailureLimit] + this.config.loginFailureWindowMs - now
    );
  }

  private recent(key: string, now: number): number[] {
    const since = now - this.config.loginFailureWindowMs;
    return (this.failures.get(key) ?? []).filter((time) => time > since);
  }

  private prune(now: number): void {
    for (const key of this.failures.keys()) {
      const times = this.recent(key, now);
      if (times.length === 0) this.failures.delete(key);
      else this.failures.set(key, times);
    }
  }
}
