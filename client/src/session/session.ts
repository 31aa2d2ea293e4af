import { ApiError, request, send } from '../api/http';
import type { AuthResponse, User } from '../api/types';
import { accessExpiry, SESSION_KEY, type StoredSession, TokenStore } from './tokenStore';

/** Refresh this long before the access token expires (a third of short lifetimes). */
const EXPIRY_MARGIN_MS = 30_000;
const REFRESH_LOCK = 'fadmann.refresh';
const PROPAGATION_MS = 300;

export type EndReason = 'logout' | 'expired';

export class SessionEndedError extends Error {
  constructor() {
    super('Your session has ended. Please log in again.');
    this.name = 'SessionEndedError';
  }
}

type Listener = () => void;

/**
 * Owns the tokens. Refreshes are serialised: within a tab by sharing one promise, and
 * across tabs with the Web Locks API (where the browser offers it), re-reading storage
 * inside the lock because another tab may have rotated the refresh token meanwhile.
 */
export class Session {
  private state: StoredSession | null;
  private refreshing: Promise<string> | null = null;
  private listeners = new Set<Listener>();
  endReason: EndReason | null = null;

  constructor(
    private readonly store = new TokenStore(),
    private readonly locks: LockManager | undefined = globalThis.navigator?.locks,
    private readonly now: () => number = Date.now,
  ) {
    this.state = store.load();
  }

  get user(): User | null {
    return this.state?.user ?? null;
  }

  get isLoggedIn(): boolean {
    return this.state !== null;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Login or sign up. Resolves to true when the account was just created (201). */
  async login(username: string, password: string): Promise<{ created: boolean }> {
    const { status, body } = await send<AuthResponse>('/api/auth/login', {
      method: 'POST',
      body: { username, password },
    });
    const user = body.user ?? (await request<User>('/api/auth/me', { token: body.accessToken }));
    this.endReason = null;
    this.accept(body, user);
    return { created: status === 201 };
  }

  /** A valid access token, refreshed first when it is missing or about to expire. */
  async accessToken(): Promise<string> {
    this.adoptStored();
    const state = this.state;
    if (!state) throw new SessionEndedError();
    if (state.accessToken && this.fresh(state)) return state.accessToken;
    return this.refresh(state.accessToken);
  }

  /** The server refused `rejected` (401): get a new one unless another caller already did. */
  refresh(rejected: string | null): Promise<string> {
    this.refreshing ??= this.withLock(() => this.rotate(rejected)).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  setUser(user: User): void {
    if (!this.state) return;
    this.state = { ...this.state, user };
    this.store.save(this.state);
    this.emit();
  }

  async logout(): Promise<void> {
    const refreshToken = this.state?.refreshToken;
    this.end('logout');
    if (!refreshToken) return;
    try {
      await request('/api/auth/logout', { method: 'POST', body: { refreshToken } });
    } catch {
      // Already logged out locally; the token dies on its own at expiry.
    }
  }

  /** Another tab changed the shared session (logged in, refreshed or logged out). */
  handleStorageEvent(event: StorageEvent): void {
    if (event.key !== SESSION_KEY && event.key !== null) return;
    const stored = this.store.load();
    if (!stored && this.state) {
      this.state = null;
      this.endReason = 'logout';
      this.emit();
    } else if (stored) {
      const changedUser = !sameUser(stored.user, this.state?.user ?? null);
      this.adopt(stored);
      if (changedUser) this.emit();
    }
  }

  private async rotate(rejected: string | null): Promise<string> {
    const stored = this.store.load();
    if (!stored) {
      this.end('expired');
      throw new SessionEndedError();
    }
    // Another tab (or an earlier caller) may have refreshed while we waited for the lock.
    if (stored.accessToken && stored.accessToken !== rejected && this.fresh(stored)) {
      this.adopt(stored);
      return stored.accessToken;
    }
    let answer: AuthResponse;
    try {
      answer = await request<AuthResponse>('/api/auth/refresh', {
        method: 'POST',
        body: { refreshToken: stored.refreshToken },
      });
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 400)) {
        this.end('expired');
        throw new SessionEndedError();
      }
      throw error;
    }
    this.accept(answer, answer.user ?? stored.user);
    // Other tabs see localStorage writes a moment later (each renderer caches it): keep the
    // lock until they can, or the next tab would spend the refresh token just rotated.
    if (this.locks) await new Promise((resolve) => setTimeout(resolve, PROPAGATION_MS));
    return answer.accessToken;
  }

  private accept(answer: AuthResponse, user: User | null): void {
    const changedUser = !sameUser(user, this.state?.user ?? null);
    const now = this.now();
    const accessExpiresAt = accessExpiry(answer.accessToken, answer.expiresIn, now);
    this.adopt({
      refreshToken: answer.refreshToken,
      accessToken: answer.accessToken,
      accessExpiresAt,
      accessLifetimeMs: accessExpiresAt - now,
      user,
    });
    this.store.save(this.state!);
    if (changedUser) this.emit();
  }

  private adoptStored(): void {
    const stored = this.store.load();
    if (stored && this.state && stored.refreshToken !== this.state.refreshToken) {
      this.adopt(stored);
    }
  }

  private fresh(state: StoredSession): boolean {
    const margin = Math.min(EXPIRY_MARGIN_MS, (state.accessLifetimeMs ?? Infinity) / 3);
    return state.accessExpiresAt - this.now() > margin;
  }

  /** Takes new tokens, keeping the same user object so React sees no change. */
  private adopt(next: StoredSession): void {
    const user = this.state?.user;
    this.state = user && sameUser(user, next.user) ? { ...next, user } : next;
  }

  private end(reason: EndReason): void {
    const wasLoggedIn = this.state !== null;
    this.state = null;
    this.endReason = reason;
    this.store.clear();
    if (wasLoggedIn) this.emit();
  }

  private withLock<T>(task: () => Promise<T>): Promise<T> {
    if (!this.locks) return task();
    return this.locks.request(REFRESH_LOCK, task) as Promise<T>;
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

function sameUser(a: User | null, b: User | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
