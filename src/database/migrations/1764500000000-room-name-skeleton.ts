import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';

import { nameSkeleton } from '../../rooms/room-name.js';

/**
 * Room names that look alike (UTS #39 skeletons) become unique. Rooms made before this
 * whose names already look alike keep them: the later ones get their id in the skeleton.
 */
export class RoomNameSkeleton1764500000000 implements MigrationInterface {
  name = 'RoomNameSkeleton1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'room',
      new TableColumn({ name: 'nameSkeleton', type: 'varchar', length: '512', isNullable: true }),
    );
    const rooms: { id: number; name: string }[] = await queryRunner.query(
      'SELECT "id", "name" FROM "room" ORDER BY "id"',
    );
    const taken = new Set<string>();
    for (const { id, name } of rooms) {
      let skeleton = nameSkeleton(name);
      if (taken.has(skeleton)) skeleton = `${skeleton}#${id}`;
      taken.add(skeleton);
      await queryRunner.manager
        .createQueryBuilder()
        .update('room')
        .set({ nameSkeleton: skeleton })
        .where('id = :id', { id })
        .execute();
    }
    await queryRunner.createIndex(
      'room',
      new TableIndex({
        name: 'UQ_room_name_skeleton',
        columnNames: ['nameSkeleton'],
        isUnique: true,
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('room', 'UQ_room_name_skeleton');
    await queryRunner.dropColumn('room', 'nameSkeleton');
  }
}
