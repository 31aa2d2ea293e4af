import type { User } from '../api/types';

// localStorage is shared by the tabs of one origin, so they share one session and one
// refresh-token chain (rotation makes every refresh token single-use).
export const SESSION_KEY = 'fadmann.session';

export interface StoredSession {
  refreshToken: string;
  accessToken: string | null;
  /** Epoch milliseconds after which the access token must not be used. */
  accessExpiresAt: number;
  /** How long the access token was issued for, to refresh it in good time. */
  accessLifetimeMs?: number;
  user: User | null;
}

export class TokenStore {
  constructor(private readonly storage: Storage = window.localStorage) {}

  load(): StoredSession | null {
    const raw = this.storage.getItem(SESSION_KEY);
    if (!raw) return null;
    try {
      const parsed = JSON.parse(raw) as StoredSession;
      return typeof parsed.refreshToken === 'string' ? parsed : null;
    } catch {
      return null;
    }
  }

  save(session: StoredSession): void {
    this.storage.setItem(SESSION_KEY, JSON.stringify(session));
  }

  clear(): void {
    this.storage.removeItem(SESSION_KEY);
  }
}

/** When the access token expires: its JWT `exp` claim, else the `expiresIn` of the answer. */
export function accessExpiry(token: string, expiresIn: number | string, now = Date.now()): number {
  const exp = jwtExpiry(token);
  if (exp !== null) return exp;
  return now + durationMs(expiresIn);
}

function jwtExpiry(token: string): number | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : null;
  } catch {
    return null;
  }
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `expiresIn` in seconds (900) or as a duration string ("15m"); 15 minutes if unreadable. */
export function durationMs(expiresIn: number | string): number {
  if (typeof expiresIn === 'number' && Number.isFinite(expiresIn)) return expiresIn * 1000;
  const match = /^(\d+)\s*([smhd]?)$/.exec(String(expiresIn).trim());
  if (!match) return 15 * 60_000;
  return Number(match[1]) * UNIT_MS[match[2] || 's'];
}
