import { randomBytes } from 'node:crypto';

import pg from 'pg';

/**
 * Where an e2e run keeps its data. SQLite by default; when DATABASE_URL is a postgres URL
 * (as .ci/run sets it), each app gets a database of its own, created here and dropped after.
 */
export async function testDatabaseUrl(
  sqlitePath: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base || !base.startsWith('postgres')) {
    return { url: `sqlite:${sqlitePath}`, drop: async () => undefined };
  }
  const name = `fadmann_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
