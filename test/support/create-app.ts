import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';

import { AppModule } from '../../src/app.module.js';
import { configureApp } from '../../src/app.setup.js';
import { AppConfig, loadConfig } from '../../src/config/app-config.js';
import { testDatabaseUrl } from './test-database.js';

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  dataSource: DataSource;
  /** http://127.0.0.1:PORT of the listening app. */
  url: string;
  close(): Promise<void>;
}

/**
 * Boots the real AppModule, with the real migrations, on a fresh database: a temp SQLite
 * file by default, or a fresh PostgreSQL schema when TEST_DATABASE_URL / DATABASE_URL says
 * postgres. `env` overrides configuration variables (as the environment would); with its
 * own DATABASE_URL, several apps can share one database as instances behind a balancer.
 */
export async function createApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'fadmann-test-'));
  // An explicit DATABASE_URL is shared (several instances); the caller owns it.
  const database = env.DATABASE_URL
    ? { url: env.DATABASE_URL, drop: async () => undefined }
    : await testDatabaseUrl(join(dir, 'fadmann.db'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    JWT_SECRET: randomBytes(32).toString('base64url'),
    DATABASE_URL: database.url,
    // A test file signs up many users and makes many rooms from one address; the specs
    // of those limits set them back.
    REGISTRATION_RATE: '100000/s',
    ROOM_CREATION_RATE: '100000/s',
    UPLOAD_DIR: join(dir, 'uploads'),
    ...env,
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(AppConfig)
    .useValue(config)
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({
    logger: ['error', 'warn'],
  });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    config,
    dataSource: app.get(DataSource),
    url: `http://127.0.0.1:${address.port}`,
    async close() {
      await app.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
