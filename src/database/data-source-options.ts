import type { DataSourceOptions } from 'typeorm';

import { RefreshToken } from '../auth/refresh-token.entity.js';
import type { AppConfig } from '../config/app-config.js';
import { Message } from '../messages/message.entity.js';
import { Notification } from '../messages/notification.entity.js';
import { RoomEventRecord } from '../messages/room-event.entity.js';
import { RoomBan } from '../rooms/room-ban.entity.js';
import { RoomMember } from '../rooms/room-member.entity.js';
import { Room } from '../rooms/room.entity.js';
import { Upload } from '../uploads/upload.entity.js';
import { User } from '../users/user.entity.js';
import { InitialSchema1764090000000 } from './migrations/1764090000000-initial-schema.js';
import { RoomNameSkeleton1764500000000 } from './migrations/1764500000000-room-name-skeleton.js';
import { RoomTimeline1764600000000 } from './migrations/1764600000000-room-timeline.js';
import { RoomsPart21764700000000 } from './migrations/1764700000000-rooms-part-2.js';
import { Notifications1764700000001 } from './migrations/1764700000001-notifications.js';
import { Uploads1764800000000 } from './migrations/1764800000000-uploads.js';

export const entities = [
  User,
  RefreshToken,
  Room,
  RoomMember,
  Message,
  RoomEventRecord,
  Notification,
  RoomBan,
  Upload,
];
export const migrations = [
  InitialSchema1764090000000,
  RoomNameSkeleton1764500000000,
  RoomTimeline1764600000000,
  RoomsPart21764700000000,
  Notifications1764700000001,
  Uploads1764800000000,
];

const SQLITE_BUSY_TIMEOUT_MS = 5000;

/** The one set of data source options, shared by the app and by ormconfig.ts (the CLI). */
export function dataSourceOptions(
  config: Pick<AppConfig, 'database' | 'sqliteSynchronous'>,
): DataSourceOptions {
  const common = { entities, migrations, migrationsRun: true, synchronize: false, logging: false };
  if (config.database.type === 'postgres') {
    return { ...common, type: 'postgres', url: config.database.url, extra: { max: 10 } };
  }
  return {
    ...common,
    type: 'better-sqlite3',
    database: config.database.path,
    timeout: SQLITE_BUSY_TIMEOUT_MS,
    statementCacheSize: 200,
    prepareDatabase: (db: { pragma(source: string): unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${config.sqliteSynchronous.toUpperCase()}`);
      db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
      db.pragma('foreign_keys = ON');
    },
  };
}
