import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DataSource } from 'typeorm';

import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { Database } from '../../src/database/database.js';
import { testDatabaseUrl } from '../support/test-database.js';

/**
 * Migration 1764700000000 (rooms part 2) over rooms made before it, on SQLite (which
 * rebuilds the room table) or on PostgreSQL when DATABASE_URL says so.
 */
describe('migration RoomsPart2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fadmann-migration-'));
  let database: Awaited<ReturnType<typeof testDatabaseUrl>>;
  let dataSource: DataSource;
  // `?` placeholders, numbered for PostgreSQL as the app's Database does.
  const sql = (query: string, parameters: unknown[] = []) =>
    dataSource.query(new Database(dataSource).sql(query), parameters);

  beforeAll(async () => {
    database = await testDatabaseUrl(join(dir, 'f.db'));
    const url = database.url;
    const options = dataSourceOptions({
      database: url.startsWith('sqlite:')
        ? { type: 'sqlite', path: url.slice('sqlite:'.length) }
        : { type: 'postgres', url },
      sqliteSynchronous: 'normal',
    });
    dataSource = await new DataSource({ ...options, migrationsRun: false }).initialize();
    const runner = dataSource.createQueryRunner();
    const index = dataSource.migrations.findIndex((m) => m.name === 'RoomsPart21764700000000');
    for (const migration of dataSource.migrations.slice(0, index)) await migration.up(runner);
    await runner.query(
      `INSERT INTO "user" ("username", "usernameLower", "displayName", "passwordHash")
       VALUES ('ana', 'ana', 'ana', 'x'), ('bob', 'bob', 'bob', 'x')`,
    );
    await runner.query(
      `INSERT INTO "room" ("name", "nameLower", "nameSkeleton", "createdById", "lastSeq")
       VALUES ('old', 'old', 'old', 1, 4), ('orphan', 'orphan', 'orphan', NULL, 0)`,
    );
    await runner.query(
      `INSERT INTO "room_member" ("roomId", "userId", "lastReadSeq", "joinedAt")
       VALUES (1, 1, 4, '2026-11-01 10:00:00'), (1, 2, 2, '2026-11-01 11:00:00'),
              (2, 2, 0, '2026-11-01 12:00:00')`,
    );
    // As TypeORM's migration executor runs it (on SQLite: foreign keys off while tables are rebuilt).
    await runner.beforeMigration();
    await dataSource.migrations[index].up(runner);
    await runner.afterMigration();
    await runner.release();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the rooms and members, makes a creator who is a member the owner', async () => {
    expect(await sql('SELECT "id", "name", "kind", "lastSeq" FROM "room" ORDER BY "id"')).toEqual([
      { id: 1, name: 'old', kind: 'public', lastSeq: 4 },
      { id: 2, name: 'orphan', kind: 'public', lastSeq: 0 },
    ]);
    expect(
      await sql(
        'SELECT "roomId", "userId", "role", "notifyLevel", "lastReadSeq" FROM "room_member" ORDER BY 1, 2',
      ),
    ).toEqual([
      { roomId: 1, userId: 1, role: 'owner', notifyLevel: null, lastReadSeq: 4 },
      { roomId: 1, userId: 2, role: 'member', notifyLevel: null, lastReadSeq: 2 },
      { roomId: 2, userId: 2, role: 'member', notifyLevel: null, lastReadSeq: 0 },
    ]);
  });

  it('allows nameless rooms, one per dmKey, and keeps names unique', async () => {
    const insert = (name: string | null, dmKey: string | null) =>
      sql(`INSERT INTO "room" ("name", "nameLower", "kind", "dmKey") VALUES (?, ?, ?, ?)`, [
        name,
        name,
        name === null ? 'direct' : 'public',
        dmKey,
      ]);
    await insert(null, '1,2');
    await insert(null, '1,2,3');
    await expect(insert(null, '1,2')).rejects.toThrow(/unique/i);
    await expect(insert('old', null)).rejects.toThrow(/unique/i);
  });

  it('keeps the foreign keys of the rebuilt room table', async () => {
    await sql('DELETE FROM "room" WHERE "id" = 1');
    const [{ n }] = await sql('SELECT COUNT(*) AS "n" FROM "room_member"');
    expect(Number(n)).toBe(1);
  });
});
