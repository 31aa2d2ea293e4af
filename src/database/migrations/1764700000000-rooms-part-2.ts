import {
  MigrationInterface,
  QueryRunner,
  Table,
  TableColumn,
  TableForeignKey,
  TableIndex,
} from 'typeorm';

/**
 * Private and direct rooms, roles, notification levels and bans. A direct room has no name
 * (NULL, which unique indexes let repeat) and is found again by `dmKey`, the sorted ids of
 * its members. The creator of an existing room who is still in it becomes its owner.
 */
export class RoomsPart21764700000000 implements MigrationInterface {
  name = 'RoomsPart21764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const timestamp = queryRunner.connection.driver.normalizeType({ type: Date });
    // SQLite rebuilds the table for this; TypeORM copies the rows and the indexes.
    await setNamesNullable(queryRunner, true);
    await queryRunner.addColumns('room', [
      new TableColumn({ name: 'kind', type: 'varchar', length: '16', default: "'public'" }),
      new TableColumn({ name: 'dmKey', type: 'varchar', length: '128', isNullable: true }),
    ]);
    await queryRunner.createIndex(
      'room',
      new TableIndex({ name: 'UQ_room_dm_key', columnNames: ['dmKey'], isUnique: true }),
    );

    await queryRunner.addColumns('room_member', [
      new TableColumn({ name: 'role', type: 'varchar', length: '16', default: "'member'" }),
      // NULL: the room kind's default ('all' in direct rooms, 'mentions' elsewhere).
      new TableColumn({ name: 'notifyLevel', type: 'varchar', length: '16', isNullable: true }),
    ]);
    await queryRunner.query(
      `UPDATE "room_member" SET "role" = 'owner' WHERE EXISTS (
         SELECT 1 FROM "room" WHERE "room"."id" = "room_member"."roomId"
            AND "room"."createdById" = "room_member"."userId")`,
    );

    const fk = (column: string, table: string, onDelete: string) =>
      new TableForeignKey({
        columnNames: [column],
        referencedTableName: table,
        referencedColumnNames: ['id'],
        onDelete,
      });
    await queryRunner.createTable(
      new Table({
        name: 'room_ban',
        columns: [
          { name: 'roomId', type: 'integer', isPrimary: true },
          { name: 'userId', type: 'integer', isPrimary: true },
          { name: 'byId', type: 'integer', isNullable: true },
          { name: 'createdAt', type: timestamp },
        ],
        foreignKeys: [
          fk('roomId', 'room', 'CASCADE'),
          fk('userId', 'user', 'CASCADE'),
          fk('byId', 'user', 'SET NULL'),
        ],
        indices: [new TableIndex({ name: 'IDX_room_ban_user', columnNames: ['userId'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('room_ban');
    await queryRunner.dropColumn('room_member', 'notifyLevel');
    await queryRunner.dropColumn('room_member', 'role');
    await queryRunner.dropIndex('room', 'UQ_room_dm_key');
    await queryRunner.query(`DELETE FROM "room" WHERE "kind" = 'direct'`);
    await queryRunner.dropColumn('room', 'dmKey');
    await queryRunner.dropColumn('room', 'kind');
    await setNamesNullable(queryRunner, false);
  }
}

/** A direct room has no name: `name` and `nameLower` become nullable (or back). */
async function setNamesNullable(queryRunner: QueryRunner, nullable: boolean): Promise<void> {
  const room = (await queryRunner.getTable('room'))!;
  const changes = ['name', 'nameLower'].map((name) => {
    const oldColumn = room.findColumnByName(name)!;
    const newColumn = oldColumn.clone();
    newColumn.isNullable = nullable;
    return { oldColumn, newColumn };
  });
  await queryRunner.changeColumns(room, changes);
}
