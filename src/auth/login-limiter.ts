import { Injectable } from '@nestjs/common';

import { AppError } from '../common/app-error.js';
import { AppConfig } from '../config/app-config.js';
import { addressKey } from './client-address.js';
import { ExpiringMap } from './expiring-map.js';

/** Keys tracked per kind; past it the least recently touched are forgotten. */
const MAX_TRACKED_KEYS = 100_000;
/** How long an address that signed in to an account stays exempt from others' failures. */
export const TRUSTED_ADDRESS_MS = 30 * 24 * 3600_000;
/** The progressive delay: doubles with each failure past the limit, up to the cap. */
export const DELAY_BASE_MS = 1000;
export const DELAY_CAP_MS = 60_000;
/** The wait suggested when only attempts still being hashed fill the limit. */
const IN_FLIGHT_RETRY_MS = 1000;
/** Failures kept per account past its limit: by then the delay is at its cap. */
const ACCOUNT_EXTRA_FAILURES = 16;

interface Counter {
  /** Times of failures, oldest first (filtered to the window when read). */
  failures: number[];
  /** Attempts reserved and not yet settled: they count like failures. */
  inFlight: number;
  /** The last failure, or untrusted attempt, that the account delay is measured from. */
  lastAttemptAt: number;
}

/** Where a counter lives, so that an idle one can be dropped when its attempt settles. */
interface Slot {
  map: ExpiringMap<string, Counter>;
  key: string;
  counter: Counter;
}

/** A reserved attempt, to be settled once with succeeded, failed or released. */
export interface LoginAttempt {
  readonly pairKey: string;
  readonly trusted: boolean;
  /** Per account and address, per address, per account. */
  readonly slots: [Slot, Slot, Slot];
  settled: boolean;
}

/**
 * Limits password guesses before they are hashed. Per account and address: a hard limit
 * per window. Per address across accounts: a looser ceiling. Per account across addresses:
 * a progressive delay, not a lock, and none for an address that recently signed in to it.
 * Successful logins are never counted; sign-ups are limited elsewhere (REGISTRATION_RATE).
 */
@Injectable()
export class LoginLimiter {
  private readonly pairs: ExpiringMap<string, Counter>;
  private readonly addresses: ExpiringMap<string, Counter>;
  private readonly accounts: ExpiringMap<string, Counter>;
  private readonly trusted = new ExpiringMap<string, true>(TRUSTED_ADDRESS_MS, MAX_TRACKED_KEYS);

  constructor(private readonly config: AppConfig) {
    const window = config.loginFailureWindowMs;
    this.pairs = new ExpiringMap(window, MAX_TRACKED_KEYS);
    this.addresses = new ExpiringMap(window, MAX_TRACKED_KEYS);
    this.accounts = new ExpiringMap(window, MAX_TRACKED_KEYS);
  }

  /** Counts an attempt as in flight before its hash, or throws `rate_limited` with the wait. */
  reserve(username: string, address: string, now = Date.now()): LoginAttempt {
    const attempt = this.attempt(username, address, now);
    const [pair, byAddress, account] = attempt.slots.map((slot) => slot.counter);
    const { loginFailureLimit, loginAddressFailureLimit } = this.config;
    const waitMs = Math.max(
      this.overLimit(pair, loginFailureLimit, now),
      attempt.trusted ? 0 : this.overLimit(byAddress, loginAddressFailureLimit, now),
      attempt.trusted ? 0 : this.delay(account, now),
    );
    if (waitMs > 0) {
      throw new AppError('rate_limited', 'Too many failed logins, try again later', waitMs);
    }
    for (const slot of attempt.slots) this.attach(slot, now).counter.inFlight++;
    if (!attempt.trusted) account.lastAttemptAt = now;
    return attempt;
  }

  /** The right password: the attempt is not counted, and the address is trusted. */
  succeeded(attempt: LoginAttempt, now = Date.now()): void {
    if (!this.settle(attempt)) return;
    this.trusted.set(attempt.pairKey, true, now);
  }

  /** A wrong password: the reservation becomes a failure under every key. */
  failed(attempt: LoginAttempt, now = Date.now()): void {
    if (!this.settle(attempt)) return;
    for (const slot of attempt.slots) {
      slot.counter.failures.push(now);
      // Set again: refreshes its lifetime, and re-adds one evicted while it was hashing.
      slot.map.set(slot.key, slot.counter, now);
    }
    const account = attempt.slots[2].counter;
    const extra = account.failures.length - this.config.loginFailureLimit - ACCOUNT_EXTRA_FAILURES;
    if (extra > 0) account.failures.splice(0, extra);
    account.lastAttemptAt = now;
  }

  /** The attempt ended without an answer on the password (e.g. a database error). */
  released(attempt: LoginAttempt): void {
    this.settle(attempt);
  }

  /** A new account: its sign-up address is trusted like a successful login. */
  trust(username: string, address: string, now = Date.now()): void {
    this.trusted.set(this.keyOf(username.toLowerCase(), addressKey(address)), true, now);
  }

  /** Keys tracked, for specs of the memory bound. */
  get size(): number {
    return this.pairs.size + this.addresses.size + this.accounts.size + this.trusted.size;
  }

  private attempt(username: string, address: string, now: number): LoginAttempt {
    const account = username.toLowerCase();
    const byAddress = addressKey(address);
    const pairKey = this.keyOf(account, byAddress);
    return {
      pairKey,
      trusted: this.trusted.has(pairKey, now),
      slots: [
        this.slot(this.pairs, pairKey, now),
        this.slot(this.addresses, byAddress, now),
        this.slot(this.accounts, account, now),
      ],
      settled: false,
    };
  }

  /** Releases the reservation; counters left with nothing to count are dropped. */
  private settle(attempt: LoginAttempt): boolean {
    if (attempt.settled) return false;
    attempt.settled = true;
    for (const { map, key, counter } of attempt.slots) {
      counter.inFlight--;
      const idle = counter.inFlight === 0 && counter.failures.length === 0;
      if (idle && map.get(key) === counter) map.delete(key);
    }
    return true;
  }

  /** 0 while failures and attempts in flight stay under the limit, else the wait. */
  private overLimit(counter: Counter, limit: number, now: number): number {
    const failures = this.recent(counter, now);
    const excess = failures.length + counter.inFlight - limit;
    if (excess < 0) return 0;
    if (excess >= failures.length) return IN_FLIGHT_RETRY_MS;
    return failures[excess] + this.config.loginFailureWindowMs - now;
  }

  /** Past the limit across addresses, each further attempt waits twice as long as the last. */
  private delay(account: Counter, now: number): number {
    const excess =
      this.recent(account, now).length + account.inFlight - this.config.loginFailureLimit;
    if (excess < 0) return 0;
    const delayMs = Math.min(DELAY_CAP_MS, DELAY_BASE_MS * 2 ** excess);
    return Math.max(0, account.lastAttemptAt + delayMs - now);
  }

  private recent(counter: Counter, now: number): number[] {
    const since = now - this.config.loginFailureWindowMs;
    const expired = counter.failures.findIndex((time) => time > since);
    counter.failures.splice(0, expired === -1 ? counter.failures.length : expired);
    return counter.failures;
  }

  /** The key's counter, or a fresh one not yet stored: a refused attempt stores nothing. */
  private slot(map: ExpiringMap<string, Counter>, key: string, now: number): Slot {
    const counter = map.get(key, now) ?? { failures: [], inFlight: 0, lastAttemptAt: 0 };
    return { map, key, counter };
  }

  private attach(slot: Slot, now: number): Slot {
    if (slot.map.get(slot.key, now) !== slot.counter) slot.map.set(slot.key, slot.counter, now);
    return slot;
  }

  private keyOf(account: string, address: string): string {
    return `${account}\n${address}`;
  }
}
