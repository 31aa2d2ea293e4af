import { createApp, TestApp } from '../support/create-app.js';
import { makeUser, TestUser } from '../support/factories.js';
import { createRoom, messageOf, recordEvents, roomName, roomsApi, RoomsApi } from './rooms-api.js';

/**
 * What the owner, a moderator, a member and a non-member may do to a room and to others in
 * it. Moderators act on members, never on other moderators or the owner.
 */
describe('rooms: roles and moderation', () => {
  let app: TestApp;
  let api: RoomsApi;
  let owner: TestUser;
  let mod: TestUser;
  let mod2: TestUser;
  let member: TestUser;
  let outsider: TestUser;

  beforeAll(async () => {
    app = await createApp();
    api = roomsApi(app);
    [owner, mod, mod2, member, outsider] = await Promise.all(
      Array.from({ length: 5 }, () => makeUser(app)),
    );
  });

  afterAll(() => app.close());

  /** A room of `kind` with the owner, two moderators and a member. */
  async function staffedRoom(isPrivate = false): Promise<number> {
    const roomId = await createRoom(api, owner, isPrivate);
    for (const user of [mod, mod2, member]) await api.add(owner, roomId, user.id).expect(200);
    await api.role(owner, roomId, mod.id, 'moderator').expect(200);
    await api.role(owner, roomId, mod2.id, 'moderator').expect(200);
    return roomId;
  }

  const roleOf = async (roomId: number, user: TestUser) =>
    (await api.members(owner, roomId).expect(200)).body.find(
      (entry: { id: number }) => entry.id === user.id,
    )?.role ?? null;

  describe('the room object and the members list', () => {
    it('carry each caller’s role', async () => {
      const roomId = await staffedRoom();
      const roleIn = async (user: TestUser) => (await api.room(user, roomId).expect(200)).body.role;
      expect(await roleIn(owner)).toBe('owner');
      expect(await roleIn(mod)).toBe('moderator');
      expect(await roleIn(member)).toBe('member');
      expect(await roleIn(outsider)).toBeNull();
      const members = (await api.members(outsider, roomId).expect(200)).body;
      expect(members).toEqual([
        expect.objectContaining({ id: owner.id, role: 'owner', online: false }),
        expect.objectContaining({ id: mod.id, role: 'moderator' }),
        expect.objectContaining({ id: mod2.id, role: 'moderator' }),
        expect.objectContaining({ id: member.id, role: 'member' }),
      ]);
    });
  });

  describe('PATCH /api/rooms/{id}', () => {
    it('owner and moderators rename and describe; members and outsiders get 403', async () => {
      const roomId = await staffedRoom();
      const renamed = roomName('renamed');
      const response = await api.patch(owner, roomId, { name: renamed }).expect(200);
      expect(response.body).toMatchObject({ id: roomId, name: renamed, role: 'owner' });
      await api.patch(mod, roomId, { description: 'by a moderator' }).expect(200);
      await api.patch(member, roomId, { description: 'no' }).expect(403);
      await api.patch(outsider, roomId, { description: 'no' }).expect(403);
      expect((await api.room(member, roomId).expect(200)).body).toMatchObject({
        name: renamed,
        description: 'by a moderator',
      });
    });

    it('publishes room.updated with what every member sees alike', async () => {
      const roomId = await staffedRoom();
      const recorder = recordEvents(app);
      try {
        await api.patch(owner, roomId, { description: 'fresh' }).expect(200);
      } finally {
        recorder.stop();
      }
      expect(recorder.events).toEqual([
        [
          `room:${roomId}`,
          {
            type: 'room.updated',
            room: {
              id: roomId,
              name: expect.any(String),
              description: 'fresh',
              kind: 'public',
              createdAt: expect.any(String),
              memberCount: 4,
            },
          },
        ],
      ]);
    });

    it('answers 409 for a name taken, in any case or by a look-alike, but keeps its own', async () => {
      const roomId = await staffedRoom();
      const taken = roomName('Taken');
      await api.create(outsider, { name: taken }).expect(201);
      const conflict = await api.patch(owner, roomId, { name: taken.toLowerCase() }).expect(409);
      expect(conflict.body.error).toBe('Conflict');
      await api.patch(owner, roomId, { name: 'gеneral' }).expect(409); // a Cyrillic е
      const own = (await api.room(owner, roomId).expect(200)).body.name as string;
      await api.patch(owner, roomId, { name: own.toUpperCase() }).expect(200);
    });

    it.each([
      ['an empty name', { name: '' }, 'name'],
      ['a name of 65 characters', { name: 'n'.repeat(65) }, 'name'],
      ['an invisible character', { name: 'zero\u200bwidth' }, 'name'],
      ['a description of 501 characters', { description: 'd'.repeat(501) }, 'description'],
      ['a change of kind', { private: true }, 'private'],
    ])('refuses %s with 400 naming %s', async (_, body, field) => {
      const roomId = await createRoom(api, owner);
      expect(messageOf(await api.patch(owner, roomId, body).expect(400))).toContain(field);
    });
  });

  describe('POST /api/rooms/{id}/members', () => {
    it('public room: any member adds, idempotently, with 200 and the member', async () => {
      const roomId = await createRoom(api, owner);
      await api.add(owner, roomId, member.id).expect(200);
      const guest = await makeUser(app);
      const recorder = recordEvents(app);
      let first;
      try {
        first = await api.add(member, roomId, guest.id).expect(200);
        await api.add(member, roomId, guest.id).expect(200);
      } finally {
        recorder.stop();
      }
      expect(first.body).toEqual({
        id: guest.id,
        username: guest.username,
        displayName: guest.username,
        role: 'member',
        online: false,
        joinedAt: expect.any(String),
      });
      expect(recorder.events).toEqual([
        [
          `room:${roomId}`,
          {
            type: 'member',
            user: { id: guest.id, username: guest.username },
            action: 'added',
            role: 'member',
          },
        ],
      ]);
      await api.add(outsider, roomId, (await makeUser(app)).id).expect(403);
    });

    it('private room: owner and moderators add; a member gets 403', async () => {
      const roomId = await staffedRoom(true);
      const [one, two] = [await makeUser(app), await makeUser(app)];
      await api.add(mod, roomId, one.id).expect(200);
      await api.add(member, roomId, two.id).expect(403);
      expect(await roleOf(roomId, one)).toBe('member');
      expect(await roleOf(roomId, two)).toBeNull();
    });

    it('answers 404 for an unknown user and 400 naming userId for a bad one', async () => {
      const roomId = await createRoom(api, owner);
      await api.add(owner, roomId, 999_999).expect(404);
      for (const userId of [0, 'x', null, 1.5]) {
        expect(messageOf(await api.add(owner, roomId, userId).expect(400))).toContain('userId');
      }
    });
  });

  describe('DELETE /api/rooms/{id}/members/{userId} (kick)', () => {
    it('the owner kicks anyone but themself; a moderator kicks members only', async () => {
      const roomId = await staffedRoom();
      await api.kick(mod, roomId, mod2.id).expect(403);
      await api.kick(mod, roomId, owner.id).expect(403);
      await api.kick(owner, roomId, owner.id).expect(403);
      await api.kick(member, roomId, mod.id).expect(403);
      await api.kick(outsider, roomId, member.id).expect(403);

      const recorder = recordEvents(app);
      try {
        await api.kick(mod, roomId, member.id).expect(204);
        await api.kick(mod, roomId, member.id).expect(204);
      } finally {
        recorder.stop();
      }
      expect(recorder.events).toEqual([
        [
          `room:${roomId}`,
          {
            type: 'member',
            user: { id: member.id, username: member.username },
            action: 'removed',
            role: null,
          },
        ],
      ]);
      await api.kick(owner, roomId, mod2.id).expect(204);
      expect(await roleOf(roomId, member)).toBeNull();
      expect(await roleOf(roomId, mod2)).toBeNull();
    });

    it('a kicked member of a private room loses sight of it', async () => {
      const roomId = await staffedRoom(true);
      await api.kick(owner, roomId, member.id).expect(204);
      await api.room(member, roomId).expect(404);
    });
  });

  describe('PUT /api/rooms/{id}/members/{userId}/role', () => {
    it('only the owner sets roles, publishing role with the new one', async () => {
      const roomId = await staffedRoom();
      await api.role(mod, roomId, member.id, 'moderator').expect(403);
      await api.role(member, roomId, member.id, 'moderator').expect(403);
      const recorder = recordEvents(app);
      let response;
      try {
        response = await api.role(owner, roomId, member.id, 'moderator').expect(200);
        await api.role(owner, roomId, member.id, 'moderator').expect(200);
      } finally {
        recorder.stop();
      }
      expect(response.body).toMatchObject({ id: member.id, role: 'moderator' });
      expect(recorder.events).toEqual([
        [
          `room:${roomId}`,
          {
            type: 'member',
            user: { id: member.id, username: member.username },
            action: 'role',
            role: 'moderator',
          },
        ],
      ]);
      await api.role(owner, roomId, member.id, 'member').expect(200);
      expect(await roleOf(roomId, member)).toBe('member');
    });

    it("refuses to change the owner's role (403), to give ownership (400), or a non-member (404)", async () => {
      const roomId = await staffedRoom();
      await api.role(owner, roomId, owner.id, 'member').expect(403);
      expect(messageOf(await api.role(owner, roomId, mod.id, 'owner').expect(400))).toContain(
        'role',
      );
      expect(messageOf(await api.role(owner, roomId, mod.id, 7).expect(400))).toContain('role');
      await api.role(owner, roomId, outsider.id, 'moderator').expect(404);
      await api.role(owner, roomId, 999_999, 'moderator').expect(404);
    });
  });

  describe('bans', () => {
    it('a ban removes, and stops join, add and reading, until lifted', async () => {
      const roomId = await staffedRoom();
      const recorder = recordEvents(app);
      try {
        await api.ban(mod, roomId, member.id).expect(204);
        await api.ban(mod, roomId, member.id).expect(204);
      } finally {
        recorder.stop();
      }
      expect(recorder.events).toEqual([
        [
          `room:${roomId}`,
          {
            type: 'member',
            user: { id: member.id, username: member.username },
            action: 'banned',
            role: null,
          },
        ],
      ]);
      expect(await roleOf(roomId, member)).toBeNull();
      await api.join(member, roomId).expect(403);
      await api.add(owner, roomId, member.id).expect(403);
      await api.room(member, roomId).expect(403);
      await api.members(member, roomId).expect(403);

      await api.unban(mod, roomId, member.id).expect(204);
      await api.unban(mod, roomId, member.id).expect(204);
      await api.join(member, roomId).expect(200);
    });

    it('bans someone who is not a member yet, so they cannot join', async () => {
      const roomId = await createRoom(api, owner);
      await api.ban(owner, roomId, outsider.id).expect(204);
      await api.join(outsider, roomId).expect(403);
      await api.unban(owner, roomId, outsider.id).expect(204);
    });

    it('a banned user gets 403 from a private room they were in', async () => {
      const roomId = await staffedRoom(true);
      await api.ban(owner, roomId, member.id).expect(204);
      await api.join(member, roomId).expect(403);
      await api.room(member, roomId).expect(403);
    });

    it('never the owner; a moderator bans members only; members and outsiders get 403', async () => {
      const roomId = await staffedRoom();
      await api.ban(owner, roomId, owner.id).expect(403);
      await api.ban(mod, roomId, owner.id).expect(403);
      await api.ban(mod, roomId, mod2.id).expect(403);
      await api.ban(member, roomId, outsider.id).expect(403);
      await api.ban(outsider, roomId, member.id).expect(403);
      await api.unban(member, roomId, outsider.id).expect(403);
      await api.ban(owner, roomId, 999_999).expect(404);
      await api.ban(owner, roomId, mod2.id).expect(204);
    });

    it('GET bans lists them newest first for the owner and moderators only', async () => {
      const roomId = await staffedRoom();
      await api.ban(owner, roomId, outsider.id).expect(204);
      await new Promise((resolve) => setTimeout(resolve, 5)); // a later createdAt
      await api.ban(mod, roomId, member.id).expect(204);
      const bans = (await api.bans(mod, roomId).expect(200)).body;
      expect(bans).toEqual([
        {
          user: { id: member.id, username: member.username, displayName: member.username },
          by: { id: mod.id, username: mod.username, displayName: mod.username },
          createdAt: expect.any(String),
        },
        {
          user: { id: outsider.id, username: outsider.username, displayName: outsider.username },
          by: { id: owner.id, username: owner.username, displayName: owner.username },
          createdAt: expect.any(String),
        },
      ]);
      await api.bans(mod2, roomId).expect(200);
      await api.bans(owner, roomId).expect(200);
      const stranger = await makeUser(app);
      await api.bans(stranger, roomId).expect(403);
    });
  });

  describe('leaving', () => {
    it('the owner cannot leave (403); a moderator leaves, told as left', async () => {
      const roomId = await staffedRoom();
      const response = await api.leave(owner, roomId).expect(403);
      expect(response.body.message).toBe('The owner cannot leave the room');
      const recorder = recordEvents(app);
      try {
        await api.leave(mod, roomId).expect(204);
        await api.leave(mod, roomId).expect(204);
      } finally {
        recorder.stop();
      }
      expect(recorder.events).toEqual([
        [
          `room:${roomId}`,
          {
            type: 'member',
            user: { id: mod.id, username: mod.username },
            action: 'left',
            role: null,
          },
        ],
      ]);
    });

    it('joining publishes joined once', async () => {
      const roomId = await createRoom(api, owner);
      const recorder = recordEvents(app);
      try {
        await api.join(member, roomId).expect(200);
        await api.join(member, roomId).expect(200);
      } finally {
        recorder.stop();
      }
      expect(recorder.events).toEqual([
        [
          `room:${roomId}`,
          {
            type: 'member',
            user: { id: member.id, username: member.username },
            action: 'joined',
            role: 'member',
          },
        ],
      ]);
    });
  });
});
