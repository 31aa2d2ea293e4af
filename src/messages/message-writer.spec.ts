import type { DataSource } from 'typeorm';

import { saveUser, unitDatabase } from '../../test/support/unit-database.js';
import { InMemoryBroadcaster } from '../broadcast/in-memory-broadcaster.js';
import type { RoomEvent } from '../broadcast/room-event.js';
import { Database } from '../database/database.js';
import { Room } from '../rooms/room.entity.js';
import { Message } from './message.entity.js';
import { MessageWriter, Sender } from './message-writer.js';

describe(MessageWriter.name, () => {
  let dataSource: DataSource;
  let writer: MessageWriter;
  let published: { roomId: number; event: RoomEvent }[];
  let ana: Sender;
  let bob: Sender;

  const makeRoom = async (name: string) =>
    (
      await dataSource
        .getRepository(Room)
        .save({ name, nameLower: name, description: '', lastSeq: 0, createdById: null })
    ).id;
  const seqsIn = async (roomId: number) =>
    (
      await dataSource.getRepository(Message).find({ where: { roomId }, order: { seq: 'ASC' } })
    ).map((m) => m.seq);

  beforeAll(async () => {
    dataSource = await unitDatabase();
    [ana, bob] = [await saveUser(dataSource, 'ana'), await saveUser(dataSource, 'bob')];
  });

  beforeEach(() => {
    const broadcaster = new InMemoryBroadcaster();
    published = [];
    broadcaster.subscribe((roomId, event) => published.push({ roomId, event }));
    writer = new MessageWriter(new Database(dataSource), broadcaster);
  });

  afterAll(() => dataSource.destroy());

  it('numbers the messages of one room 1..n without gaps across batches', async () => {
    const roomId = await makeRoom('seq');
    const first = await Promise.all(
      Array.from({ length: 30 }, (_, i) => writer.write(ana, roomId, `a${i}`, null)),
    );
    const second = await Promise.all(
      Array.from({ length: 20 }, (_, i) => writer.write(bob, roomId, `b${i}`, null)),
    );
    const seqs = [...first, ...second].map((result) => result.message.seq);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(await seqsIn(roomId)).toEqual(seqs);
    expect((await dataSource.getRepository(Room).findOneByOrFail({ id: roomId })).lastSeq).toBe(50);
  });

  it('keeps each room its own sequence within one batch', async () => {
    const [one, two] = [await makeRoom('one'), await makeRoom('two')];
    const results = await Promise.all([
      writer.write(ana, one, 'x', null),
      writer.write(ana, two, 'y', null),
      writer.write(bob, one, 'z', null),
    ]);
    expect(results.map((result) => [result.message.roomId, result.message.seq])).toEqual([
      [one, 1],
      [two, 1],
      [one, 2],
    ]);
  });

  it('broadcasts each new message once, in seq order, after it is stored', async () => {
    const roomId = await makeRoom('order');
    await Promise.all(
      Array.from({ length: 5 }, (_, i) => writer.write(ana, roomId, `m${i}`, null)),
    );
    const seqs = published.map(({ event }) => (event.type === 'message' ? event.message.seq : -1));
    expect(seqs).toEqual([1, 2, 3, 4, 5]);
    expect(await seqsIn(roomId)).toEqual([1, 2, 3, 4, 5]);
  });

  it('stores one message for a clientId repeated in the same batch and in later ones', async () => {
    const roomId = await makeRoom('idem');
    const [first, again] = await Promise.all([
      writer.write(ana, roomId, 'hello', 'k1'),
      writer.write(ana, roomId, 'hello', 'k1'),
    ]);
    const later = await writer.write(ana, roomId, 'other text', 'k1');
    expect(first.created).toBe(true);
    expect(again).toEqual({ created: false, message: first.message });
    expect(later).toEqual({ created: false, message: first.message });
    expect(published).toHaveLength(1);
    const other = await writer.write(bob, roomId, 'hello', 'k1');
    expect(other.created).toBe(true);
    expect(await seqsIn(roomId)).toEqual([1, 2]);
  });

  it('moves the sender read position to its own message', async () => {
    const roomId = await makeRoom('read');
    await dataSource.query(
      'INSERT INTO "room_member" ("roomId", "userId", "lastReadSeq", "joinedAt") VALUES (?, ?, 0, ?)',
      [roomId, ana.id, new Date().toISOString()],
    );
    await writer.write(ana, roomId, 'mine', null);
    const [member] = await dataSource.query(
      'SELECT "lastReadSeq" FROM "room_member" WHERE "roomId" = ?',
      [roomId],
    );
    expect(member.lastReadSeq).toBe(1);
  });

  it('answers not_found for an unknown room without failing the others', async () => {
    const roomId = await makeRoom('mixed');
    const [missing, fine] = await Promise.allSettled([
      writer.write(ana, 999_999, 'lost', null),
      writer.write(ana, roomId, 'kept', null),
    ]);
    expect(missing).toMatchObject({ status: 'rejected', reason: { code: 'not_found' } });
    expect(fine).toMatchObject({ status: 'fulfilled', value: { created: true } });
  });

  it('broadcasts nothing and keeps the sequence when the batch fails to commit', async () => {
    const roomId = await makeRoom('fails');
    await dataSource.query(
      `CREATE TRIGGER refuse_boom BEFORE INSERT ON "message" WHEN NEW."content" = 'boom' BEGIN SELECT RAISE(ABORT, 'boom'); END`,
    );
    try {
      const results = await Promise.allSettled([
        writer.write(ana, roomId, 'fine', null),
        writer.write(ana, roomId, 'boom', null),
      ]);
      expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
      expect(published).toEqual([]);
      expect(await seqsIn(roomId)).toEqual([]);
      expect((await dataSource.getRepository(Room).findOneByOrFail({ id: roomId })).lastSeq).toBe(
        0,
      );
    } finally {
      await dataSource.query('DROP TRIGGER refuse_boom');
    }
    expect((await writer.write(ana, roomId, 'after', null)).message.seq).toBe(1);
  });
});
