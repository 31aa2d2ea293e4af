import { DataSource } from 'typeorm';

import { dataSourceOptions } from '../data-source-options.js';

describe('migration RoomNameSkeleton', () => {
  it('keeps rooms whose names already looked alike, and makes new look-alikes impossible', async () => {
    const options = dataSourceOptions({
      database: { type: 'sqlite', path: ':memory:' },
      sqliteSynchronous: 'normal',
    });
    const dataSource = await new DataSource({ ...options, migrationsRun: false }).initialize();
    try {
      const [initial, skeleton] = dataSource.migrations;
      const runner = dataSource.createQueryRunner();
      await initial.up(runner);
      for (const name of ['general', 'genera1', 'Backend'])
        await runner.query('INSERT INTO "room" ("name", "nameLower") VALUES (?, ?)', [
          name,
          name.toLowerCase(),
        ]);
      await skeleton.up(runner);
      const rows: { name: string; nameSkeleton: string }[] = await runner.query(
        'SELECT "name", "nameSkeleton" FROM "room" ORDER BY "id"',
      );
      expect(rows.map((row) => row.nameSkeleton)).toEqual([
        'general',
        expect.stringMatching(/^general#\d+$/),
        'backend',
      ]);
      await expect(
        runner.query('INSERT INTO "room" ("name", "nameLower", "nameSkeleton") VALUES (?, ?, ?)', [
          'gеneral',
          'gеneral',
          'general',
        ]),
      ).rejects.toThrow(/UNIQUE/);
      await runner.release();
    } finally {
      await dataSource.destroy();
    }
  });
});
