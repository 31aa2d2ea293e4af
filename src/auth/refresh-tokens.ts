import { createHash, randomBytes, randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';

import { Broadcaster } from '../broadcast/broadcaster.js';
import { AppError } from '../common/app-error.js';
import { AppConfig } from '../config/app-config.js';
import { RefreshToken } from './refresh-token.entity.js';

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export interface IssuedRefreshToken {
  token: string;
  userId: number;
  familyId: string;
}

/** Opaque, single-use refresh tokens, stored hashed, rotated on use, with reuse detection. */
@Injectable()
export class RefreshTokens {
  constructor(
    @InjectRepository(RefreshToken) private readonly tokens: Repository<RefreshToken>,
    private readonly config: AppConfig,
    private readonly broadcaster: Broadcaster,
  ) {}

  /** A new token; without a family it starts a new session. */
  async issue(userId: number, familyId: string = randomUUID()): Promise<IssuedRefreshToken> {
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    await this.tokens.insert({
      userId,
      familyId,
      tokenHash: hashOf(token),
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.config.refreshTokenTtlSeconds * 1000),
      rotatedAt: null,
      revokedAt: null,
    });
    return { token, userId, familyId };
  }

  /**
   * Exchanges a token for the next one of its family. A token that was already rotated
   * means it leaked (or a client raced itself): the whole family is revoked.
   */
  async rotate(token: string): Promise<IssuedRefreshToken> {
    const stored = await this.tokens.findOneBy({ tokenHash: hashOf(token) });
    if (!stored || stored.revokedAt || stored.expiresAt.getTime() <= Date.now()) {
      throw new AppError('unauthorized', 'Invalid or expired refresh token');
    }
    // Conditional update: of two concurrent uses of one token, exactly one wins.
    const claimed = await this.tokens.update(
      { id: stored.id, rotatedAt: IsNull(), revokedAt: IsNull() },
      { rotatedAt: new Date() },
    );
    if (claimed.affected !== 1) {
      await this.revokeFamily(stored.familyId);
      throw new AppError('unauthorized', 'Refresh token was already used; the session is revoked');
    }
    return this.issue(stored.userId, stored.familyId);
  }

  /** Revokes the token's whole session and ends it; returns it, or null for an unknown token. */
  async revoke(token: string): Promise<{ userId: number; familyId: string } | null> {
    const stored = await this.tokens.findOneBy({ tokenHash: hashOf(token) });
    if (!stored) return null;
    await this.revokeFamily(stored.familyId);
    return { userId: stored.userId, familyId: stored.familyId };
  }

  /** Its access tokens and sockets end with it, on every instance (Broadcaster.endSession). */
  private async revokeFamily(familyId: string): Promise<void> {
    const revoked = await this.tokens.update(
      { familyId, revokedAt: IsNull() },
      { revokedAt: new Date() },
    );
    if (revoked.affected !== 0) this.broadcaster.endSession(familyId);
  }
}
