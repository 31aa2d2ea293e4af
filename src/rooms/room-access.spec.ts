import type { DataSource } from 'typeorm';

import { saveUser, unitDatabase } from '../../test/support/unit-database.js';
import type { Role, RoomKind } from '../contract/rooms.js';
import { Database } from '../database/database.js';
import { Need, RoomAccess } from './room-access.js';
import { RoomBan } from './room-ban.entity.js';
import { RoomMember } from './room-member.entity.js';
import { Room } from './room.entity.js';

describe(RoomAccess.name, () => {
  let dataSource: DataSource;
  let access: RoomAccess;
  let userId: number;
  let counter = 0;

  beforeAll(async () => {
    dataSource = await unitDatabase();
    access = new RoomAccess(new Database(dataSource));
    userId = (await saveUser(dataSource, 'ana')).id;
  });

  afterAll(() => dataSource.destroy());

  /** A room of `kind` where the user has `role` (null: not a member), maybe banned. */
  async function room(kind: RoomKind, role: Role | null, banned = false): Promise<number> {
    const name = kind === 'direct' ? null : `room-${++counter}`;
    const { id } = await dataSource.getRepository(Room).save({
      name,
      nameLower: name,
      kind,
      lastSeq: 5,
      createdAt: new Date(),
    });
    if (role) {
      await dataSource
        .getRepository(RoomMember)
        .insert({ roomId: id, userId, role, lastReadSeq: 0, joinedAt: new Date() });
    }
    if (banned) {
      await dataSource
        .getRepository(RoomBan)
        .insert({ roomId: id, userId, byId: null, createdAt: new Date() });
    }
    return id;
  }

  const outcome = (roomId: number, need: Need) =>
    access.check(userId, roomId, need).then(
      (grant) => grant.role ?? 'granted',
      (error: { code: string }) => error.code,
    );

  it.each([
    ['public', null, ['granted', 'forbidden', 'forbidden']],
    ['public', 'member', ['member', 'member', 'forbidden']],
    ['public', 'moderator', ['moderator', 'moderator', 'moderator']],
    ['private', null, ['not_found', 'not_found', 'not_found']],
    ['private', 'owner', ['owner', 'owner', 'owner']],
    ['direct', null, ['not_found', 'not_found', 'not_found']],
    ['direct', 'member', ['member', 'member', 'forbidden']],
  ] as const)('%s room, role %s: read, send, moderate -> %j', async (kind, role, expected) => {
    const roomId = await room(kind, role);
    const needs: Need[] = ['read', 'send', 'moderate'];
    expect(await Promise.all(needs.map((need) => outcome(roomId, need)))).toEqual(expected);
  });

  it('answers not_found for an unknown room with the message of an invisible one', async () => {
    const hidden = await room('private', null);
    const unknown = 999_999;
    await expect(access.check(userId, unknown, 'read')).rejects.toThrow(
      `Room ${unknown} not found`,
    );
    await expect(access.check(userId, hidden, 'read')).rejects.toThrow(`Room ${hidden} not found`);
  });

  it('refuses a banned user everything, in a public room too', async () => {
    for (const kind of ['public', 'private'] as const) {
      const roomId = await room(kind, null, true);
      expect(await outcome(roomId, 'read')).toBe('forbidden');
    }
  });

  it('answers the room as found', async () => {
    const roomId = await room('public', 'member');
    expect(await access.check(userId, roomId, 'send')).toEqual({
      roomId,
      kind: 'public',
      name: `room-${counter}`,
      lastSeq: 5,
      role: 'member',
    });
  });
});
