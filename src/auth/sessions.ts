import { Injectable, OnModuleDestroy } from '@nestjs/common';

import { Broadcaster } from '../broadcast/broadcaster.js';
import { AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.js';
import { ExpiringMap } from './expiring-map.js';

/** How long a session found live is believed: the safety net if an end event is lost. */
export const LIVE_TTL_MS = 30_000;
/** Sessions remembered per kind; past it the oldest are asked about again. */
const MAX_SESSIONS = 100_000;

/**
 * Whether a login session (refresh-token family, the access token's `sid`) is still live,
 * on every request and handshake. Answered from memory; a miss costs one prepared
 * statement. Ended sessions are dropped at once on Broadcaster.onSessionEnded, which fires
 * on this instance and, through Redis, on the others.
 */
@Injectable()
export class Sessions implements OnModuleDestroy {
  private readonly live = new ExpiringMap<string, true>(LIVE_TTL_MS, MAX_SESSIONS);
  /** Kept as long as an access token of theirs can be valid, so none is re-read as live. */
  private readonly ended: ExpiringMap<string, true>;
  private readonly lookups = new Map<string, Promise<boolean>>();
  private readonly liveQuery: string;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly database: Database,
    broadcaster: Broadcaster,
    config: AppConfig,
  ) {
    this.ended = new ExpiringMap(config.accessTokenTtlSeconds * 1000, MAX_SESSIONS);
    this.liveQuery = database.sql(
      'SELECT 1 AS "live" FROM "refresh_token" ' +
        'WHERE "familyId" = ? AND "revokedAt" IS NULL LIMIT 1',
    );
    this.unsubscribe = broadcaster.onSessionEnded((sessionId) => this.end(sessionId));
  }

  onModuleDestroy(): void {
    this.unsubscribe();
  }

  /** True while the session has a refresh token that was not revoked. */
  async isLive(sessionId: string, now = Date.now()): Promise<boolean> {
    if (this.ended.has(sessionId, now)) return false;
    if (this.live.has(sessionId, now)) return true;
    // Concurrent misses for one session share one query.
    let lookup = this.lookups.get(sessionId);
    if (!lookup) {
      lookup = this.lookUp(sessionId, now).finally(() => this.lookups.delete(sessionId));
      this.lookups.set(sessionId, lookup);
    }
    return lookup;
  }

  /** The session was revoked (logout, refresh-token reuse): refuse its tokens from now on. */
  end(sessionId: string, now = Date.now()): void {
    this.live.delete(sessionId);
    this.ended.set(sessionId, true, now);
  }

  private async lookUp(sessionId: string, now: number): Promise<boolean> {
    const rows = await this.database.query<{ live: number }>(this.liveQuery, [sessionId]);
    // An end event that arrived while the query ran wins over its answer.
    if (this.ended.has(sessionId, now)) return false;
    if (rows.length === 0) {
      this.ended.set(sessionId, true, now);
      return false;
    }
    this.live.set(sessionId, true, now);
    return true;
  }
}
