import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { loadConfig } from './app-config.js';

describe(loadConfig.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'fadmann-config-'));
  const base = { DATABASE_URL: `sqlite:${join(dir, 'f.db')}` };

  it('has defaults that work on a laptop', () => {
    const config = loadConfig({ ...base, NODE_ENV: 'test' });
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      accessTokenTtlSeconds: 900,
      refreshTokenTtlSeconds: 30 * 86400,
      corsOrigins: [],
      redisUrl: null,
      sqliteSynchronous: 'full',
      logLevel: 'info',
      wsHeartbeatMs: 30000,
      wsMaxPayload: 65536,
      messageRate: { perSecond: 10, burst: 20 },
      wsFrameRate: { perSecond: 30, burst: 60 },
      wsMaxSocketsPerUser: 100,
      roomCreationRate: { perSecond: 30 / 3600, burst: 50 },
      registrationRate: { perSecond: 30 / 3600, burst: 100 },
      loginFailureLimit: 10,
      loginAddressFailureLimit: 100,
      loginFailureWindowMs: 15 * 60 * 1000,
      trustProxy: false,
      jsonMaxDepth: 32,
    });
    expect(loadConfig({ NODE_ENV: 'test' }).database).toEqual({
      type: 'sqlite',
      path: join(process.cwd(), 'data', 'fadmann.db'),
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 's'.repeat(40),
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://app@db:5432/chat',
      ACCESS_TOKEN_TTL: '5m',
      REFRESH_TOKEN_TTL: '7d',
      CORS_ORIGINS: 'https://chat.example.com, http://localhost:5173',
      REDIS_URL: 'redis://127.0.0.1:6379',
      SQLITE_SYNCHRONOUS: 'normal',
      LOG_LEVEL: 'warn',
      WS_HEARTBEAT_MS: '1000',
      WS_MAX_PAYLOAD: '4096',
      MESSAGE_RATE: '5/s burst 8',
      WS_FRAME_RATE: '100/s',
      WS_MAX_SOCKETS_PER_USER: '20',
      ROOM_CREATION_RATE: '6/m burst 2',
      REGISTRATION_RATE: '2/h',
      LOGIN_FAILURE_LIMIT: '5',
      LOGIN_ADDRESS_FAILURE_LIMIT: '50',
      LOGIN_FAILURE_WINDOW: '1h',
      TRUST_PROXY: '10.0.0.0/8, loopback',
      JSON_MAX_DEPTH: '16',
    });
    expect(config).toMatchObject({
      env: 'production',
      port: 8080,
      database: { type: 'postgres', url: 'postgres://app@db:5432/chat' },
      accessTokenTtlSeconds: 300,
      refreshTokenTtlSeconds: 7 * 86400,
      corsOrigins: ['https://chat.example.com', 'http://localhost:5173'],
      redisUrl: 'redis://127.0.0.1:6379',
      sqliteSynchronous: 'normal',
      wsHeartbeatMs: 1000,
      wsMaxPayload: 4096,
      messageRate: { perSecond: 5, burst: 8 },
      wsFrameRate: { perSecond: 100, burst: 100 },
      wsMaxSocketsPerUser: 20,
      roomCreationRate: { perSecond: 0.1, burst: 2 },
      registrationRate: { perSecond: 2 / 3600, burst: 2 },
      loginFailureLimit: 5,
      loginAddressFailureLimit: 50,
      loginFailureWindowMs: 3600 * 1000,
      trustProxy: ['10.0.0.0/8', 'loopback'],
      jsonMaxDepth: 16,
    });
  });

  it('reads TRUST_PROXY as off, a hop count or a list, never "true"', () => {
    const trust = (TRUST_PROXY: string) => loadConfig({ ...base, NODE_ENV: 'test', TRUST_PROXY });
    expect(trust('false').trustProxy).toBe(false);
    expect(trust('1').trustProxy).toBe(1);
    expect(trust('127.0.0.1,::1').trustProxy).toEqual(['127.0.0.1', '::1']);
    expect(() => trust('true')).toThrow(/TRUST_PROXY/);
    expect(() => trust('nginx.local')).toThrow(/TRUST_PROXY/);
  });

  it('refuses to start in production without a secret', () => {
    expect(() => loadConfig({ ...base, NODE_ENV: 'production' })).toThrow(
      /JWT_SECRET is required when NODE_ENV=production/,
    );
    expect(() => loadConfig({ ...base, NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(
      /at least 32 characters/,
    );
  });

  it('lists every bad variable in one error', () => {
    let message = '';
    try {
      loadConfig({
        ...base,
        NODE_ENV: 'test',
        PORT: 'http',
        DATABASE_URL: 'mysql://x',
        MESSAGE_RATE: 'fast',
        ACCESS_TOKEN_TTL: '0',
        ROOM_CREATION_RATE: '5/day',
        JSON_MAX_DEPTH: '1',
      });
    } catch (error) {
      message = (error as Error).message;
    }
    for (const name of [
      'PORT',
      'DATABASE_URL',
      'MESSAGE_RATE',
      'ACCESS_TOKEN_TTL',
      'ROOM_CREATION_RATE',
      'JSON_MAX_DEPTH',
    ])
      expect(message).toContain(name);
  });

  it('generates a development secret once and keeps it in the data directory', () => {
    const first = loadConfig({ ...base, NODE_ENV: 'development' }).jwtSecret;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(join(dir, 'jwt-secret'), 'utf8')).toBe(first);
    expect(loadConfig({ ...base, NODE_ENV: 'development' }).jwtSecret).toBe(first);
  });
});
