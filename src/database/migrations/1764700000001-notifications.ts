import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';

/**
 * Notifications: one row per message and person it concerns, written with the message.
 * The partial index serves the unread counts and "read up to seq", and costs nothing once
 * a notification is read.
 */
export class Notifications1764700000001 implements MigrationInterface {
  name = 'Notifications1764700000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const timestamp = queryRunner.connection.driver.normalizeType({ type: Date });
    const cascade = (column: string, table: string) =>
      new TableForeignKey({
        columnNames: [column],
        referencedTableName: table,
        referencedColumnNames: ['id'],
        onDelete: 'CASCADE',
      });
    await queryRunner.createTable(
      new Table({
        name: 'notification',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'userId', type: 'integer' },
          { name: 'roomId', type: 'integer' },
          { name: 'messageId', type: 'integer' },
          { name: 'seq', type: 'integer' },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'createdAt', type: timestamp },
          { name: 'readAt', type: timestamp, isNullable: true },
        ],
        foreignKeys: [
          cascade('userId', 'user'),
          cascade('roomId', 'room'),
          cascade('messageId', 'message'),
        ],
        indices: [
          new TableIndex({
            name: 'UQ_notification_message_user',
            columnNames: ['messageId', 'userId'],
            isUnique: true,
          }),
          new TableIndex({ name: 'IDX_notification_user', columnNames: ['userId', 'id'] }),
          new TableIndex({
            name: 'IDX_notification_unread',
            columnNames: ['userId', 'roomId', 'seq'],
            where: '"readAt" IS NULL',
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('notification');
  }
}
