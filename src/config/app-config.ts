import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import type { Rate } from '../common/token-buckets.js';

export type DatabaseConfig = { type: 'sqlite'; path: string } | { type: 'postgres'; url: string };

/** Express's `trust proxy`: off, a hop count, or the proxies' addresses and subnets. */
export type TrustProxy = false | number | string[];

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
  readonly wsFrameRate: Rate;
  readonly wsMaxSocketsPerUser: number;
  readonly messageRate: Rate;
  readonly roomCreationRate: Rate;
  readonly registrationRate: Rate;
  /** Failed logins for one account from one address, then 429 until the window passes. */
  readonly loginFailureLimit: number;
  /** Failed logins from one address across all accounts, then 429. */
  readonly loginAddressFailureLimit: number;
  readonly loginFailureWindowMs: number;
  readonly trustProxy: TrustProxy;
  readonly jsonMaxDepth: number;
  readonly bodyLimit: string;
  /** Where uploaded files are kept, content-addressed. */
  readonly uploadDir: string;
  readonly uploadMaxBytes: number;
  readonly uploadRate: Rate;

  constructor(values: Omit<AppConfig, never>) {
    Object.assign(this, values);
  }
}

const DURATION = /^(\d+)\s*(ms|s|m|h|d)?$/;
const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };
const RATE = /^(\d+)\s*\/\s*(s|m|h)(?:\s+burst\s+(\d+))?$/;
const PER_UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600 };
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

  /** `10/s burst 20`, `30/m`, `20/h burst 50`: a token bucket; the burst defaults to N. */
  const rate = (name: string, fallback: string): Rate => {
    const raw = env[name] || fallback;
    const match = RATE.exec(raw.trim());
    if (!match || Number(match[1]) === 0) {
      fail(name, `must look like "10/s burst 20", "30/m" or "20/h burst 50", got "${raw}"`);
      return { perSecond: 1, burst: 1 };
    }
    const count = Number(match[1]);
    const burst = Math.max(1, Number(match[3] ?? count));
    return { perSecond: count / PER_UNIT_SECONDS[match[2]], burst };
  };

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

  const trustProxy = parseTrustProxy(env.TRUST_PROXY, fail);

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
    wsFrameRate: rate('WS_FRAME_RATE', '30/s burst 60'),
    wsMaxSocketsPerUser: int('WS_MAX_SOCKETS_PER_USER', 100, 1, 1_000_000),
    messageRate: rate('MESSAGE_RATE', '10/s burst 20'),
    roomCreationRate: rate('ROOM_CREATION_RATE', '30/h burst 50'),
    registrationRate: rate('REGISTRATION_RATE', '30/h burst 100'),
    loginFailureLimit: int('LOGIN_FAILURE_LIMIT', 10, 1, 1_000_000),
    loginAddressFailureLimit: int('LOGIN_ADDRESS_FAILURE_LIMIT', 100, 1, 1_000_000),
    loginFailureWindowMs: duration('LOGIN_FAILURE_WINDOW', '15m') * 1000,
    trustProxy,
    jsonMaxDepth: int('JSON_MAX_DEPTH', 32, 2, 1000),
    bodyLimit: '100kb',
    uploadDir: resolve(env.UPLOAD_DIR || join(dataDir, 'uploads')),
    uploadMaxBytes: int('UPLOAD_MAX_BYTES', 25 * 1024 * 1024, 1024, 2 ** 31 - 1),
    uploadRate: rate('UPLOAD_RATE', '30/m burst 30'),
  };
  if (errors.length > 0) {
    throw new Error(`Invalid configuration:\n  - ${errors.join('\n  - ')}`);
  }
  return new AppConfig(values);
}

const PROXY_ADDRESS = /^[0-9a-fA-F.:]+(\/\d{1,3})?$|^(loopback|linklocal|uniquelocal)$/;

/**
 * TRUST_PROXY: unset or `false` (clients connect directly), a hop count (`1` behind one
 * proxy), or the proxies' addresses/subnets, comma-separated. Never `true`: trusting every
 * X-Forwarded-For would let anyone pick their own address, and so dodge every limit.
 */
function parseTrustProxy(
  raw: string | undefined,
  fail: (name: string, why: string) => void,
): TrustProxy {
  const value = (raw ?? '').trim();
  if (value === '' || value === 'false' || value === '0') return false;
  if (/^\d{1,2}$/.test(value)) return Number(value);
  const proxies = value.split(',').map((part) => part.trim());
  if (proxies.every((proxy) => PROXY_ADDRESS.test(proxy))) return proxies;
  fail(
    'TRUST_PROXY',
    `must be false, a hop count, or proxy addresses/subnets (e.g. 10.0.0.0/8,loopback), got "${value}"`,
  );
  return false;
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
