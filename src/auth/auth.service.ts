import { Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

import { AppError } from '../common/app-error.js';
import { TokenBuckets } from '../common/token-buckets.js';
import { AppConfig } from '../config/app-config.js';
import { UserSummary } from '../users/dto/profile.response.js';
import type { User } from '../users/user.entity.js';
import { Caller, UsersService } from '../users/users.service.js';
import type { AuthUser } from '../common/auth-user.js';
import { TokensResponse } from './dto/auth.response.js';
import { addressKey } from './client-address.js';
import { LoginLimiter } from './login-limiter.js';
import { passwordHasher } from './password-hasher.js';
import { RefreshTokens } from './refresh-tokens.js';
import { Sessions } from './sessions.js';

const LAST_SEEN_PRECISION_MS = 60_000;

interface AccessClaims {
  sub: number;
  sid: string;
}

export interface LoginResult {
  created: boolean;
  tokens: TokensResponse;
}

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  /** Sign-ups per client address (REGISTRATION_RATE). */
  private readonly registrations: TokenBuckets<string>;

  constructor(
    private readonly users: UsersService,
    private readonly refreshTokens: RefreshTokens,
    private readonly jwt: JwtService,
    private readonly limiter: LoginLimiter,
    private readonly sessions: Sessions,
    private readonly config: AppConfig,
  ) {
    this.registrations = new TokenBuckets(config.registrationRate);
  }

  /** Login or create: an unknown username is registered with this password. */
  async login(username: string, password: string, address: string): Promise<LoginResult> {
    const existing = await this.users.findForLogin(username);
    if (existing)
      return { created: false, tokens: await this.verifyAndIssue(existing, password, address) };

    this.takeRegistration(address);
    const passwordHash = await passwordHasher.hash(password);
    try {
      const user = await this.users.create(username, passwordHash);
      this.limiter.trust(username, address);
      this.logger.log(`Registered user ${user.id} (${user.username})`);
      return { created: true, tokens: await this.issue(user) };
    } catch (error) {
      // Two first logins with one name raced; the other one created it.
      const winner = await this.users.findForLogin(username);
      if (!winner) throw error;
      return { created: false, tokens: await this.verifyAndIssue(winner, password, address) };
    }
  }

  async refresh(refreshToken: string): Promise<TokensResponse> {
    const next = await this.refreshTokens.rotate(refreshToken);
    const user = await this.users.findById(next.userId);
    if (!user) throw new AppError('unauthorized', 'The user no longer exists');
    return this.tokensFor(user, next.token, next.familyId);
  }

  /** Revokes the session: its access tokens and sockets end with it. Unknown tokens are ignored. */
  async logout(refreshToken: string): Promise<void> {
    await this.refreshTokens.revoke(refreshToken);
  }

  /** The one access-token check, shared by the HTTP guard and the socket handshake. */
  async verifyAccessToken(token: string | undefined): Promise<AuthUser> {
    if (!token) throw new AppError('unauthorized', 'Missing access token');
    let claims: AccessClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessClaims>(token, { algorithms: ['HS256'] });
    } catch {
      throw new AppError('unauthorized', 'Invalid or expired access token');
    }
    const [user, live] = await Promise.all([
      Number.isInteger(claims.sub) ? this.users.findCaller(claims.sub) : null,
      typeof claims.sid === 'string' && this.sessions.isLive(claims.sid),
    ]);
    if (!user) throw new AppError('unauthorized', 'The user no longer exists');
    if (!live) throw new AppError('unauthorized', 'The session has ended');
    this.noteActivity(user);
    return { ...UserSummary.of(user), sessionId: claims.sid };
  }

  /** Keeps `lastSeenAt` current to the minute without a write on every request. */
  private noteActivity(user: Caller): void {
    if (user.lastSeenAt && Date.now() - user.lastSeenAt.getTime() < LAST_SEEN_PRECISION_MS) return;
    this.users.touchLastSeen(user.id).catch((error: unknown) => {
      this.logger.warn(`Could not update lastSeenAt of user ${user.id}: ${String(error)}`);
    });
  }

  /** Checked before the hash, so that refused sign-ups cost nothing. */
  private takeRegistration(address: string): void {
    const waitMs = this.registrations.take(addressKey(address));
    if (waitMs > 0) {
      throw new AppError('rate_limited', 'Too many sign-ups from this address', waitMs);
    }
  }

  /** The attempt is reserved before the hash, so parallel guesses cannot overrun the limit. */
  private async verifyAndIssue(
    user: User,
    password: string,
    address: string,
  ): Promise<TokensResponse> {
    const attempt = this.limiter.reserve(user.username, address);
    const valid = await passwordHasher.verify(password, user.passwordHash).catch((error) => {
      this.limiter.released(attempt);
      throw error;
    });
    if (!valid) {
      this.limiter.failed(attempt);
      throw new AppError('unauthorized', 'Wrong username or password');
    }
    this.limiter.succeeded(attempt);
    await this.users.touchLastSeen(user.id);
    await this.rehashIfWeak(user, password);
    return this.issue(user);
  }

  /** Upgrades a legacy or weaker hash while the password is at hand; a failure only logs. */
  private async rehashIfWeak(user: User, password: string): Promise<void> {
    if (!passwordHasher.needsRehash(user.passwordHash)) return;
    try {
      await this.users.updatePasswordHash(user.id, await passwordHasher.hash(password));
    } catch (error) {
      this.logger.warn(`Could not rehash the password of user ${user.id}: ${String(error)}`);
    }
  }

  private async issue(user: User): Promise<TokensResponse> {
    const refresh = await this.refreshTokens.issue(user.id);
    return this.tokensFor(user, refresh.token, refresh.familyId);
  }

  private async tokensFor(
    user: User,
    refreshToken: string,
    sessionId: string,
  ): Promise<TokensResponse> {
    const claims: AccessClaims = { sub: user.id, sid: sessionId };
    const accessToken = await this.jwt.signAsync(claims, {
      expiresIn: this.config.accessTokenTtlSeconds,
      algorithm: 'HS256',
    });
    return {
      accessToken,
      refreshToken,
      expiresIn: this.config.accessTokenTtlSeconds,
      user: UserSummary.of(user),
    };
  }
}
