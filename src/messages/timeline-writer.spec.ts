import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';

import type { DataSource } from 'typeorm';

import { saveUser, unitDatabase } from '../../test/support/unit-database.js';
import { InMemoryBroadcaster } from '../broadcast/in-memory-broadcaster.js';
import type { RoomEvent } from '../broadcast/events.js';
import type { AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.js';
import { Room } from '../rooms/room.entity.js';
import { LocalDiskStorage } from '../uploads/storage.js';
import { UploadFiles } from '../uploads/upload-files.js';
import { UploadRepository } from '../uploads/upload-repository.js';
import { UploadUrls } from '../uploads/upload-urls.js';
import { Message } from './message.entity.js';
import { MessageRepository } from './message-repository.js';
import { NotificationRepository } from './notification-repository.js';
import { Actor, TimelineWriter } from './timeline-writer.js';

describe(TimelineWriter.name, () => {
  let dataSource: DataSource;
  let writer: TimelineWriter;
  let published: { roomId: number; event: RoomEvent }[];
  let ana: Actor;
  let bob: Actor;
  const uploadDir = mkdtempSync(joinPath(tmpdir(), 'fadmann-writer-'));

  /** A room with `members` (ana and bob unless said). */
  const makeRoom = async (name: string, members = [ana, bob]) => {
    const { id } = await dataSource
      .getRepository(Room)
      .save({ name, nameLower: name, description: '', lastSeq: 0, createdById: null });
    for (const member of members) await join(id, member.id);
    return id;
  };
  const write = (actor: Actor, roomId: number, content: string, clientId: string | null) =>
    writer.run({
      type: 'post',
      actor,
      roomId,
      content,
      clientId,
      replyToId: null,
      attachmentIds: [],
    });
  const join = (roomId: number, userId: number) =>
    dataSource.query(
      'INSERT INTO "room_member" ("roomId", "userId", "lastReadSeq", "joinedAt") VALUES (?, ?, 0, ?)',
      [roomId, userId, new Date().toISOString()],
    );
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
    broadcaster.subscribe((topic, event) => {
      if (topic.startsWith('room:')) {
        published.push({ roomId: Number(topic.slice(5)), event: event as RoomEvent });
      }
    });
    const database = new Database(dataSource);
    const config = {
      jwtSecret: 'a unit test secret of 32 characters',
      uploadDir,
    } as unknown as AppConfig;
    const uploads = new UploadRepository(database);
    const urls = new UploadUrls(config);
    writer = new TimelineWriter(
      database,
      new MessageRepository(database, urls),
      new NotificationRepository(database),
      broadcaster,
      uploads,
      new UploadFiles(new LocalDiskStorage(config), uploads),
      urls,
    );
  });

  afterAll(async () => {
    await dataSource.destroy();
    rmSync(uploadDir, { recursive: true, force: true });
  });

  it('numbers the messages of one room 1..n without gaps across batches', async () => {
    const roomId = await makeRoom('seq');
    const first = await Promise.all(
      Array.from({ length: 30 }, (_, i) => write(ana, roomId, `a${i}`, null)),
    );
    const second = await Promise.all(
      Array.from({ length: 20 }, (_, i) => write(bob, roomId, `b${i}`, null)),
    );
    const seqs = [...first, ...second].map((result) => result.message.seq);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(await seqsIn(roomId)).toEqual(seqs);
    expect((await dataSource.getRepository(Room).findOneByOrFail({ id: roomId })).lastSeq).toBe(50);
  });

  it('keeps each room its own sequence within one batch', async () => {
    const [one, two] = [await makeRoom('one'), await makeRoom('two')];
    const results = await Promise.all([
      write(ana, one, 'x', null),
      write(ana, two, 'y', null),
      write(bob, one, 'z', null),
    ]);
    expect(results.map((result) => [result.message.roomId, result.message.seq])).toEqual([
      [one, 1],
      [two, 1],
      [one, 2],
    ]);
  });

  it('broadcasts each new message once, in seq order, after it is stored', async () => {
    const roomId = await makeRoom('order');
    await Promise.all(Array.from({ length: 5 }, (_, i) => write(ana, roomId, `m${i}`, null)));
    const seqs = published.map(({ event }) => (event.type === 'message' ? event.message.seq : -1));
    expect(seqs).toEqual([1, 2, 3, 4, 5]);
    expect(await seqsIn(roomId)).toEqual([1, 2, 3, 4, 5]);
  });

  it('stores one message for a clientId repeated in the same batch and in later ones', async () => {
    const roomId = await makeRoom('idem');
    const [first, again] = await Promise.all([
      write(ana, roomId, 'hello', 'k1'),
      write(ana, roomId, 'hello', 'k1'),
    ]);
    const later = await write(ana, roomId, 'other text', 'k1');
    expect(first.created).toBe(true);
    expect(again).toEqual({ created: false, message: first.message });
    expect(later).toEqual({ created: false, message: first.message });
    expect(published).toHaveLength(1);
    const other = await write(bob, roomId, 'hello', 'k1');
    expect(other.created).toBe(true);
    expect(await seqsIn(roomId)).toEqual([1, 2]);
  });

  it('moves the sender read position to its own message', async () => {
    const roomId = await makeRoom('read', [ana]);
    await write(ana, roomId, 'mine', null);
    const [member] = await dataSource.query(
      'SELECT "lastReadSeq" FROM "room_member" WHERE "roomId" = ?',
      [roomId],
    );
    expect(member.lastReadSeq).toBe(1);
  });

  it('answers not_found for an unknown room without failing the others', async () => {
    const roomId = await makeRoom('mixed');
    const [missing, fine] = await Promise.allSettled([
      write(ana, 999_999, 'lost', null),
      write(ana, roomId, 'kept', null),
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
        write(ana, roomId, 'fine', null),
        write(ana, roomId, 'boom', null),
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
    expect((await write(ana, roomId, 'after', null)).message.seq).toBe(1);
  });

  it('numbers every kind of event from the room counter, in one batch, and publishes them in order', async () => {
    const roomId = await makeRoom('events');
    const { message } = await write(ana, roomId, 'first', null);
    published.length = 0;
    const id = message.id;
    await Promise.all([
      writer.run({ type: 'edit', actor: ana, messageId: id, content: 'first, edited' }),
      writer.run({ type: 'react', actor: bob, messageId: id, emoji: '👍', add: true }),
      writer.run({ type: 'react', actor: bob, messageId: id, emoji: '👍', add: true }),
      writer.run({ type: 'pin', actor: bob, messageId: id, pin: true }),
      write(bob, roomId, 'second', null),
      writer.run({ type: 'delete', actor: ana, messageId: id }),
      writer.run({ type: 'delete', actor: ana, messageId: id }),
    ]);
    const events = published.map(({ event }) => [
      event.type,
      event.type === 'message' ? event.message.seq : 'seq' in event ? event.seq : null,
    ]);
    expect(events).toEqual([
      ['message.edited', 2],
      ['reaction', 3],
      ['message.pinned', 4],
      ['message', 5],
      ['message.deleted', 6],
    ]);
    expect((await dataSource.getRepository(Room).findOneByOrFail({ id: roomId })).lastSeq).toBe(6);
  });

  it('refuses by rule without taking a seq: not a member, not the author, deleted', async () => {
    const roomId = await makeRoom('rules', [ana]);
    const { message } = await write(ana, roomId, 'mine', null);
    await expect(write(bob, roomId, 'not a member', null)).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(
      writer.run({ type: 'edit', actor: bob, messageId: message.id, content: 'theirs' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      writer.run({ type: 'react', actor: bob, messageId: message.id, emoji: '👍', add: true }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await writer.run({ type: 'delete', actor: ana, messageId: message.id });
    await expect(
      writer.run({ type: 'edit', actor: ana, messageId: message.id, content: 'again' }),
    ).rejects.toMatchObject({ code: 'conflict' });
    await expect(
      writer.run({ type: 'delete', actor: ana, messageId: 999_999 }),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect((await dataSource.getRepository(Room).findOneByOrFail({ id: roomId })).lastSeq).toBe(2);
  });

  it('keeps at most 20 different reactions on a message', async () => {
    const roomId = await makeRoom('twenty', [ana]);
    const { message } = await write(ana, roomId, 'react to me', null);
    const emoji = [...'😀😃😄😁😆😅😂🤣😊😇🙂🙃😉😌😍🥰😘😗😙😚'];
    const results = await Promise.allSettled(
      [...emoji, '🎉'].map((e) =>
        writer.run({ type: 'react', actor: ana, messageId: message.id, emoji: e, add: true }),
      ),
    );
    expect(results.slice(0, 20).every((result) => result.status === 'fulfilled')).toBe(true);
    expect(results[20]).toMatchObject({ status: 'rejected', reason: { code: 'invalid' } });
    expect(
      await writer.run({
        type: 'react',
        actor: ana,
        messageId: message.id,
        emoji: '😀',
        add: true,
      }),
    ).toEqual({ emoji: '😀', count: 1, me: true });
  });
});
