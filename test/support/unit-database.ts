import { DataSource } from 'typeorm';

import { dataSourceOptions } from '../../src/database/data-source-options.js';

/** An in-memory SQLite database with the real migrations, for unit specs of services. */
export async function unitDatabase(): Promise<DataSource> {
  const dataSource = new DataSource(
    dataSourceOptions({
      database: { type: 'sqlite', path: ':memory:' },
      sqliteSynchronous: 'normal',
    }),
  );
  return dataSource.initialize();
}
