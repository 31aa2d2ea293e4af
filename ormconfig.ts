// The DataSource for the TypeORM CLI (`npm run typeorm -- migration:run`), on the same
// options as the server: DATABASE_URL and SQLITE_SYNCHRONOUS as documented in the README.
import 'reflect-metadata';

import { DataSource } from 'typeorm';

import { loadConfig } from './src/config/app-config.js';
import { dataSourceOptions } from './src/database/data-source-options.js';

export default new DataSource(dataSourceOptions(loadConfig()));
