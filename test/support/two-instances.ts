import { createApp, TestApp } from './create-app.js';
import { testDatabaseUrl } from './test-database.js';

const redisUrl = process.env.REDIS_URL;

/** Why specs of two instances (PostgreSQL + Redis) cannot run here, or null when they can. */
export const twoInstancesMissing: string | null = !redisUrl
  ? 'REDIS_URL is not set'
  : !process.env.DATABASE_URL?.startsWith('postgres')
    ? 'DATABASE_URL is not a postgres:// URL'
    : null;

/** `describe`, or `describe.skip` with a line saying why, for a spec of two instances. */
export function describeTwoInstances(name: string, body: () => void): void {
  if (twoInstancesMissing) {
    console.warn(`Skipped "${name}" (two instances, PostgreSQL + Redis): ${twoInstancesMissing}.`);
    describe.skip(name, body);
  } else describe(name, body);
}

export interface TwoInstances {
  one: TestApp;
  two: TestApp;
  close(): Promise<void>;
}

/** Two instances behind an imaginary balancer: one database, one Redis, one secret. */
export async function startTwoInstances(env: Record<string, string> = {}): Promise<TwoInstances> {
  const database = await testDatabaseUrl('unused');
  const shared = {
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl!,
    JWT_SECRET: 'one-secret-for-both-instances-0123456789',
    ...env,
  };
  const one = await createApp(shared);
  const two = await createApp(shared);
  return {
    one,
    two,
    async close() {
      await one.close();
      await two.close();
      await database.drop();
    },
  };
}
