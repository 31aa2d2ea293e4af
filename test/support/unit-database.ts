import { DataSource } from 'typeorm';

import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { User } from '../../src/users/user.entity.js';

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

/** A user row, straight into the database (no password to check in unit specs). */
export async function saveUser(
  dataSource: DataSource,
  username: string,
): Promise<{ id: number; username: string; displayName: string }> {
  const user = await dataSource.getRepository(User).save({
    username,
    usernameLower: username.toLowerCase(),
    displayName: username,
    passwordHash: 'unused',
    avatarUrl: null,
    lastSeenAt: null,
  });
  return { id: user.id, username, displayName: username };
}
