import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export type DatabaseConfig = { type: 'sqlite'; path: string } | { type: 'postgres'; url: string };

export interface MessageRate {
  perSecond: number;
  burst: number;
}

/** The whole configuration, read from the environment once at start (see the README table). */
export class AppConfig {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  readonly database: DatabaseConfig;
  readonly dataDir: string;
  readonly jwtSecret: string;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  /** Browser origins allowed besides the server's own; empty means same-origin only. */
  readonly corsOrigins: string[];
  readonly redisUrl: string | null;
  readonly sqliteSynchronous: 'full' | 'normal';
  readonly logLevel: string;
  readonly wsHeartbeatMs: number;
  readonly wsMaxPayload: number;
  readonly messageRate: MessageRate;
  readonly loginFailureLimit: number;
  readonly loginFailureWindowMs: number;
  readonly bodyLimit: string;

  constructor(values: Omit<AppConfig, never>) {
    Object.assign(this, values);
  }
}

const DURATION = /^(\d+)\s*(ms|s|m|h|d)?$/;
const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };
const RATE = /^(\d+)\s*\/\s*s(?:\s+burst\s+(\d+))?$/;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * Reads and validates the environment. Every bad variable is listed in one error,
 * so a misconfigured deployment is fixed in one round.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const errors: string[] = [];
  const fail = (name: string, why: string) => errors.push(`${name} ${why}`);

  const nodeEnv = env.NODE_ENV ?? 'development';
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    fail('NODE_ENV', 'must be development, production or test');
  }

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      fail(name, `must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };

  const duration = (name: string, fallback: string): number => {
    const raw = env[name] || fallback;
    const match = DURATION.exec(raw.trim());
    if (!match || Number(match[1]) === 0) {
      fail(name, `must be a duration such as 15m, 12h or 30d, got "${raw}"`);
      return 1;
    }
    return Math.max(1, Math.round(Number(match[1]) * UNIT_SECONDS[match[2] ?? 's']));
  };

  const databaseUrl = env.DATABASE_URL || 'sqlite:data/fadmann.db';
  let database: DatabaseConfig = { type: 'sqlite', path: resolve('data/fadmann.db') };
  if (databaseUrl.startsWith('sqlite:')) {
    const path = databaseUrl.slice('sqlite:'.length);
    if (!path) fail('DATABASE_URL', 'needs a path after sqlite:, e.g. sqlite:data/fadmann.db');
    else database = { type: 'sqlite', path: path === ':memory:' ? path : resolve(path) };
  } else if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    database = { type: 'postgres', url: databaseUrl };
  } else {
    fail('DATABASE_URL', 'must start with sqlite: or postgres://');
  }
  const dataDir =
    database.type === 'sqlite' && database.path !== ':memory:'
      ? dirname(database.path)
      : resolve('data');

  const synchronous = (env.SQLITE_SYNCHRONOUS || 'full').toLowerCase();
  if (synchronous !== 'full' && synchronous !== 'normal') {
    fail('SQLITE_SYNCHRONOUS', `must be full or normal, got "${synchronous}"`);
  }

  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) fail('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);

  const rateRaw = env.MESSAGE_RATE || '10/s burst 20';
  const rateMatch = RATE.exec(rateRaw.trim());
  let messageRate: MessageRate = { perSecond: 10, burst: 20 };
  if (!rateMatch || Number(rateMatch[1]) === 0) {
    fail('MESSAGE_RATE', `must look like "10/s burst 20", got "${rateRaw}"`);
  } else {
    const perSecond = Number(rateMatch[1]);
    messageRate = { perSecond, burst: Math.max(1, Number(rateMatch[2] ?? perSecond)) };
  }

  const redisUrl = env.REDIS_URL || null;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) fail('REDIS_URL', 'must start with redis://');

  const corsOrigins = (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of corsOrigins) {
    if (!/^https?:\/\/[^/]+$/.test(origin))
      fail('CORS_ORIGINS', `has an invalid origin "${origin}"`);
  }

  const jwtSecret = resolveJwtSecret(env.JWT_SECRET, nodeEnv, dataDir, fail);

  const values = {
    env: nodeEnv as AppConfig['env'],
    port: int('PORT', 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    database,
    dataDir,
    jwtSecret,
    accessTokenTtlSeconds: duration('ACCESS_TOKEN_TTL', '15m'),
    refreshTokenTtlSeconds: duration('REFRESH_TOKEN_TTL', '30d'),
    corsOrigins,
    redisUrl,
    sqliteSynchronous: synchronous as AppConfig['sqliteSynchronous'],
    logLevel,
    wsHeartbeatMs: int('WS_HEARTBEAT_MS', 30_000, 50, 3_600_000),
    wsMaxPayload: int('WS_MAX_PAYLOAD', 65_536, 1024, 16 * 1024 * 1024),
    messageRate,
    loginFailureLimit: int('LOGIN_FAILURE_LIMIT', 10, 1, 1_000_000),
    loginFailureWindowMs: 15 * 60 * 1000,
    bodyLimit: '100kb',
  };
  if (errors.length > 0) {
    throw new Error(`Invalid configuration:\n  - ${errors.join('\n  - ')}`);
  }
  return new AppConfig(values);
}

const MIN_SECRET_LENGTH = 32;

/**
 * Production must bring its own secret. Development keeps a generated one in the data
 * directory so that tokens survive a restart; tests without a secret get a random one.
 */
function resolveJwtSecret(
  given: string | undefined,
  nodeEnv: string,
  dataDir: string,
  fail: (name: string, why: string) => void,
): string {
  if (given) {
    if (nodeEnv === 'production' && given.length < MIN_SECRET_LENGTH) {
      fail('JWT_SECRET', `must be at least ${MIN_SECRET_LENGTH} characters in production`);
    }
    return given;
  }
  if (nodeEnv === 'production') {
    fail('JWT_SECRET', 'is required when NODE_ENV=production (e.g. openssl rand -base64 48)');
    return '';
  }
  if (nodeEnv === 'test') return randomBytes(32).toString('base64url');
  const file = join(dataDir, 'jwt-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    const secret = randomBytes(48).toString('base64url');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}
