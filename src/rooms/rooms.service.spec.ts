import type { DataSource } from 'typeorm';

import { saveUser, unitDatabase } from '../../test/support/unit-database.js';
import type { AuthUser } from '../common/auth-user.js';
import { InMemoryBroadcaster } from '../broadcast/in-memory-broadcaster.js';
import type { AnyEvent } from '../broadcast/events.js';
import type { AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.js';
import { RoomAccess } from './room-access.js';
import { RoomMember } from './room-member.entity.js';
import { RoomPresence } from './room-presence.js';
import { RoomViews } from './room-views.js';
import { Room } from './room.entity.js';
import { RoomsService } from './rooms.service.js';

describe(RoomsService.name, () => {
  let dataSource: DataSource;
  let rooms: RoomsService;
  let presence: RoomPresence;
  let published: AnyEvent[];
  let ana: AuthUser;
  let bob: AuthUser;

  const makeUser = async (username: string): Promise<AuthUser> => ({
    ...(await saveUser(dataSource, username)),
    sessionId: 'unused',
  });

  beforeAll(async () => {
    dataSource = await unitDatabase();
    const broadcaster = new InMemoryBroadcaster();
    published = [];
    broadcaster.subscribe((_, event) => published.push(event));
    presence = new RoomPresence(broadcaster);
    presence.onModuleInit();
    const [roomRepository, memberRepository] = [
      dataSource.getRepository(Room),
      dataSource.getRepository(RoomMember),
    ];
    const database = new Database(dataSource);
    rooms = new RoomsService(
      roomRepository,
      memberRepository,
      database,
      presence,
      broadcaster,
      new RoomAccess(database),
      new RoomViews(roomRepository, memberRepository, presence),
      { roomCreationRate: { perSecond: 1000, burst: 1000 } } as AppConfig,
    );
    await rooms.onApplicationBootstrap();
    [ana, bob] = [await makeUser('ana'), await makeUser('bob')];
  });

  afterAll(async () => {
    presence.onApplicationShutdown();
    await dataSource.destroy();
  });

  describe('onApplicationBootstrap', () => {
    it('creates the default rooms once, however often it runs', async () => {
      await rooms.onApplicationBootstrap();
      const names = (await dataSource.getRepository(Room).find()).map((room) => room.name);
      expect(names.filter((name) => name === 'general' || name === 'random')).toEqual([
        'general',
        'random',
      ]);
    });
  });

  describe('create', () => {
    it('refuses a duplicate name that differs only in case', async () => {
      await rooms.create(ana, { name: 'Design' });
      await expect(rooms.create(bob, { name: 'dESIGN' })).rejects.toMatchObject({
        code: 'conflict',
      });
    });
  });

  describe('join and leave', () => {
    it('joins idempotently, starting the read position at the last event, told once', async () => {
      const room = await rooms.create(ana, { name: 'joinable' });
      await dataSource.getRepository(Room).update({ id: room.id }, { lastSeq: 7 });
      published.length = 0;
      await rooms.enter(bob, room.id);
      await rooms.enter(bob, room.id);
      expect(published).toEqual([
        { type: 'member', user: { id: bob.id, username: 'bob' }, action: 'joined', role: 'member' },
      ]);
      const members = await dataSource
        .getRepository(RoomMember)
        .findBy({ roomId: room.id, userId: bob.id });
      expect(members).toHaveLength(1);
      expect(members[0].lastReadSeq).toBe(7);
      await rooms.leave(bob, room.id);
      expect(
        await dataSource.getRepository(RoomMember).countBy({ roomId: room.id, userId: bob.id }),
      ).toBe(0);
    });
  });

  describe('markRead', () => {
    it('moves forward only, never past the last event, and tells the room once per move', async () => {
      const room = await rooms.create(ana, { name: 'reading' });
      await rooms.enter(bob, room.id);
      await dataSource.getRepository(Room).update({ id: room.id }, { lastSeq: 3 });
      published.length = 0;

      expect(await rooms.markRead(bob, room.id, 2)).toBe(2);
      expect(await rooms.markRead(bob, room.id, 1)).toBe(2);
      expect(await rooms.markRead(bob, room.id, 99)).toBe(3);
      expect(published).toEqual([
        { type: 'read', user: { id: bob.id, username: 'bob' }, seq: 2 },
        { type: 'read', user: { id: bob.id, username: 'bob' }, seq: 3 },
      ]);
    });
  });

  describe('list', () => {
    it('counts online members from the presence', async () => {
      const room = await rooms.create(ana, { name: 'online' });
      presence.set(room.id, ana, true);
      const { rooms: page } = await rooms.list(bob, {});
      const listed = page.find((entry) => entry.id === room.id);
      expect(listed).toMatchObject({ onlineCount: 1, memberCount: 1, joined: false });
      presence.set(room.id, ana, false);
    });
  });
});
