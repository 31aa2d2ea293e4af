import {
  MigrationInterface,
  QueryRunner,
  Table,
  TableColumnOptions,
  TableForeignKey,
  TableIndex,
} from 'typeorm';

/**
 * The first schema, written with TypeORM's portable schema API so one migration serves
 * SQLite and PostgreSQL alike. Never edit it once released: add a new migration instead.
 */
export class InitialSchema1764090000000 implements MigrationInterface {
  name = 'InitialSchema1764090000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { driver } = queryRunner.connection;
    const timestamp = driver.normalizeType({ type: Date });
    const now = driver.mappedDataTypes.createDateDefault as string;
    const id: TableColumnOptions = {
      name: 'id',
      type: 'integer',
      isPrimary: true,
      isGenerated: true,
      generationStrategy: 'increment',
    };
    const int = (name: string, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
      name,
      type: 'integer',
      ...extra,
    });
    const text = (name: string, length: number, extra: Partial<TableColumnOptions> = {}) =>
      ({ name, type: 'varchar', length: String(length), ...extra }) as TableColumnOptions;
    const time = (name: string, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
      name,
      type: timestamp,
      ...extra,
    });
    const fk = (column: string, table: string, onDelete: string) =>
      new TableForeignKey({
        columnNames: [column],
        referencedTableName: table,
        referencedColumnNames: ['id'],
        onDelete,
      });

    await queryRunner.createTable(
      new Table({
        name: 'user',
        columns: [
          id,
          text('username', 32),
          text('usernameLower', 32),
          text('displayName', 64),
          text('bio', 500, { default: "''" }),
          text('avatarUrl', 2048, { isNullable: true }),
          text('passwordHash', 255),
          time('createdAt', { default: now }),
          time('lastSeenAt', { isNullable: true }),
        ],
        indices: [
          new TableIndex({
            name: 'UQ_user_username_lower',
            columnNames: ['usernameLower'],
            isUnique: true,
          }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'refresh_token',
        columns: [
          id,
          int('userId'),
          text('familyId', 36),
          text('tokenHash', 64),
          time('createdAt'),
          time('expiresAt'),
          time('rotatedAt', { isNullable: true }),
          time('revokedAt', { isNullable: true }),
        ],
        foreignKeys: [fk('userId', 'user', 'CASCADE')],
        indices: [
          new TableIndex({ name: 'IDX_refresh_token_user', columnNames: ['userId'] }),
          new TableIndex({ name: 'IDX_refresh_token_family', columnNames: ['familyId'] }),
          new TableIndex({
            name: 'UQ_refresh_token_hash',
            columnNames: ['tokenHash'],
            isUnique: true,
          }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'room',
        columns: [
          id,
          text('name', 64),
          text('nameLower', 64),
          text('description', 500, { default: "''" }),
          int('lastSeq', { default: 0 }),
          int('createdById', { isNullable: true }),
          time('createdAt', { default: now }),
        ],
        foreignKeys: [fk('createdById', 'user', 'SET NULL')],
        indices: [
          new TableIndex({
            name: 'UQ_room_name_lower',
            columnNames: ['nameLower'],
            isUnique: true,
          }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'room_member',
        columns: [
          int('roomId', { isPrimary: true }),
          int('userId', { isPrimary: true }),
          int('lastReadSeq', { default: 0 }),
          time('joinedAt'),
        ],
        foreignKeys: [fk('roomId', 'room', 'CASCADE'), fk('userId', 'user', 'CASCADE')],
        indices: [new TableIndex({ name: 'IDX_room_member_user', columnNames: ['userId'] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'message',
        columns: [
          id,
          int('roomId'),
          int('seq'),
          int('authorId'),
          text('clientId', 64, { isNullable: true }),
          { name: 'content', type: 'text' },
          time('createdAt'),
          time('editedAt', { isNullable: true }),
          time('deletedAt', { isNullable: true }),
        ],
        foreignKeys: [fk('roomId', 'room', 'CASCADE'), fk('authorId', 'user', 'CASCADE')],
        indices: [
          new TableIndex({
            name: 'UQ_message_room_seq',
            columnNames: ['roomId', 'seq'],
            isUnique: true,
          }),
          new TableIndex({
            name: 'UQ_message_room_author_client',
            columnNames: ['roomId', 'authorId', 'clientId'],
            isUnique: true,
          }),
          new TableIndex({ name: 'IDX_message_author', columnNames: ['authorId'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['message', 'room_member', 'room', 'refresh_token', 'user']) {
      await queryRunner.dropTable(table);
    }
  }
}
