import {
  MigrationInterface,
  QueryRunner,
  Table,
  TableColumn,
  TableForeignKey,
  TableIndex,
} from 'typeorm';

/**
 * The room timeline: messages gain what edits, deletes, reactions, replies, mentions and pins
 * change, and `room_event` records every timeline event that is not a new message, under
 * the seq it took, so that a resume replays them in order.
 */
export class RoomTimeline1764600000000 implements MigrationInterface {
  name = 'RoomTimeline1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const timestamp = queryRunner.connection.driver.normalizeType({ type: Date });
    await queryRunner.addColumns('message', [
      new TableColumn({ name: 'replyToId', type: 'integer', isNullable: true }),
      // JSON: [{ id, username }] resolved at send and at edit.
      new TableColumn({ name: 'mentions', type: 'text', default: "'[]'" }),
      // JSON: [{ emoji, users: [id…] }] in order of first use.
      new TableColumn({ name: 'reactions', type: 'text', default: "'[]'" }),
      // The seq of the pin event while pinned (who and when are in room_event).
      new TableColumn({ name: 'pinnedSeq', type: 'integer', isNullable: true }),
    ]);
    await queryRunner.createIndex(
      'message',
      // Partial: a new message (never pinned) costs no write to it.
      new TableIndex({
        name: 'IDX_message_room_pinned',
        columnNames: ['roomId', 'pinnedSeq'],
        where: '"pinnedSeq" IS NOT NULL',
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'room_event',
        columns: [
          { name: 'roomId', type: 'integer', isPrimary: true },
          { name: 'seq', type: 'integer', isPrimary: true },
          { name: 'type', type: 'varchar', length: '32' },
          { name: 'messageId', type: 'integer' },
          { name: 'actorId', type: 'integer', isNullable: true },
          { name: 'data', type: 'text', isNullable: true },
          { name: 'createdAt', type: timestamp },
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['roomId'],
            referencedTableName: 'room',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('room_event');
    await queryRunner.dropIndex('message', 'IDX_message_room_pinned');
    for (const column of ['pinnedSeq', 'reactions', 'mentions', 'replyToId']) {
      await queryRunner.dropColumn('message', column);
    }
  }
}
