import {
  MigrationInterface,
  QueryRunner,
  Table,
  TableColumn,
  TableForeignKey,
  TableIndex,
} from 'typeorm';

/**
 * Uploads: one row per uploaded file, its bytes kept on disk under their SHA-256. A message
 * keeps its attachments' metadata as JSON (like its mentions and reactions), so reading
 * history costs no join; the upload rows say which message holds which file, for the
 * clean-up.
 */
export class Uploads1764800000000 implements MigrationInterface {
  name = 'Uploads1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const timestamp = queryRunner.connection.driver.normalizeType({ type: Date });
    await queryRunner.addColumn(
      'message',
      // JSON: [{ id, kind, name, mimeType, size, … }] in the order given; [] once deleted.
      new TableColumn({ name: 'attachments', type: 'text', default: "'[]'" }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'upload',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'uploaderId', type: 'integer', isNullable: true },
          { name: 'messageId', type: 'integer', isNullable: true },
          { name: 'kind', type: 'varchar', length: '8' },
          { name: 'name', type: 'varchar', length: '255' },
          { name: 'mimeType', type: 'varchar', length: '127' },
          { name: 'size', type: 'integer' },
          { name: 'width', type: 'integer', isNullable: true },
          { name: 'height', type: 'integer', isNullable: true },
          { name: 'durationMs', type: 'integer', isNullable: true },
          { name: 'waveform', type: 'text', isNullable: true },
          { name: 'sha256', type: 'varchar', length: '64' },
          { name: 'thumbSha256', type: 'varchar', length: '64', isNullable: true },
          { name: 'createdAt', type: timestamp },
        ],
        foreignKeys: [
          // Gone with its account or its message, a row becomes unattached and is swept.
          new TableForeignKey({
            columnNames: ['uploaderId'],
            referencedTableName: 'user',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
          }),
          new TableForeignKey({
            columnNames: ['messageId'],
            referencedTableName: 'message',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
          }),
        ],
        indices: [
          new TableIndex({ name: 'IDX_upload_message', columnNames: ['messageId'] }),
          new TableIndex({
            name: 'IDX_upload_unattached',
            columnNames: ['createdAt'],
            where: '"messageId" IS NULL',
          }),
          new TableIndex({ name: 'IDX_upload_sha256', columnNames: ['sha256'] }),
          new TableIndex({ name: 'IDX_upload_thumb_sha256', columnNames: ['thumbSha256'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('upload');
    await queryRunner.dropColumn('message', 'attachments');
  }
}
