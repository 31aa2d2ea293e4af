import { createApp, TestApp } from '../support/create-app.js';
import { makeUser, TestUser } from '../support/factories.js';
import { createRoom, roomName, roomsApi, RoomsApi } from './rooms-api.js';

/** A private room is invisible to non-members: every route answers as for an unknown room. */
describe('rooms: private rooms', () => {
  let app: TestApp;
  let api: RoomsApi;
  let ana: TestUser;
  let bob: TestUser;
  let eve: TestUser;
  let secret: number;

  beforeAll(async () => {
    app = await createApp();
    api = roomsApi(app);
    [ana, bob, eve] = await Promise.all([makeUser(app), makeUser(app), makeUser(app)]);
    secret = await createRoom(api, ana, true);
    await api.add(ana, secret, bob.id).expect(200);
  });

  afterAll(() => app.close());

  it('is created with private: true; the creator is its owner', async () => {
    const response = await api.create(ana, { name: roomName(), private: true }).expect(201);
    expect(response.body).toMatchObject({
      kind: 'private',
      role: 'owner',
      joined: true,
      memberCount: 1,
      notifyLevel: 'mentions',
      mentionCount: 0,
    });
    expect(response.body).not.toHaveProperty('members');
  });

  const everyRoute: [string, (api: RoomsApi, user: TestUser, roomId: number) => unknown][] = [
    ['GET /rooms/{id}', (api, user, id) => api.room(user, id)],
    ['PATCH /rooms/{id}', (api, user, id) => api.patch(user, id, { description: 'x' })],
    ['GET members', (api, user, id) => api.members(user, id)],
    ['PUT members/me', (api, user, id) => api.join(user, id)],
    ['DELETE members/me', (api, user, id) => api.leave(user, id)],
    ['PUT read', (api, user, id) => api.read(user, id, 1)],
    ['PUT notify', (api, user, id) => api.notify(user, id, 'none')],
    ['POST members', (api, user, id) => api.add(user, id, user.id)],
    ['DELETE members/{userId}', (api, user, id) => api.kick(user, id, ana.id)],
    ['PUT role', (api, user, id) => api.role(user, id, ana.id, 'member')],
    ['PUT bans/{userId}', (api, user, id) => api.ban(user, id, ana.id)],
    ['DELETE bans/{userId}', (api, user, id) => api.unban(user, id, ana.id)],
    ['GET bans', (api, user, id) => api.bans(user, id)],
    ['GET messages', (api, user, id) => api.messages(user, id)],
    ['POST messages', (api, user, id) => api.send(user, id, 'hello')],
  ];

  it.each(everyRoute)(
    '%s answers a non-member 404 with the message of an unknown room',
    async (_, call) => {
      const hidden = (await call(api, eve, secret)) as {
        status: number;
        body: { message: string };
      };
      const unknown = (await call(api, eve, 999_999)) as typeof hidden;
      expect([hidden.status, unknown.status]).toEqual([404, 404]);
      expect(hidden.body.message).toBe(unknown.body.message.replace('999999', String(secret)));
    },
  );

  it('is listed only to its members, with their role', async () => {
    const ids = async (user: TestUser) =>
      (await api.list(user).expect(200)).body.map((room: { id: number }) => room.id);
    expect(await ids(ana)).toContain(secret);
    expect(await ids(bob)).toContain(secret);
    expect(await ids(eve)).not.toContain(secret);
    for (const query of ['?joined=true', '?joined=false']) {
      const listed = (await api.list(eve, query).expect(200)).body;
      expect(listed.map((room: { id: number }) => room.id)).not.toContain(secret);
    }
    const bobs = (await api.list(bob).expect(200)).body.find(
      (room: { id: number }) => room.id === secret,
    );
    expect(bobs).toMatchObject({ kind: 'private', role: 'member', joined: true });
  });

  it('is read and written by its members', async () => {
    await api.room(bob, secret).expect(200);
    await api.send(bob, secret, 'in private').expect(201);
    const members = (await api.members(bob, secret).expect(200)).body;
    expect(members.map((member: { id: number; role: string }) => [member.id, member.role])).toEqual(
      [
        [ana.id, 'owner'],
        [bob.id, 'member'],
      ],
    );
  });

  it('a member who leaves can no longer see it', async () => {
    const roomId = await createRoom(api, ana, true);
    await api.add(ana, roomId, eve.id).expect(200);
    await api.room(eve, roomId).expect(200);
    await api.leave(eve, roomId).expect(204);
    await api.room(eve, roomId).expect(404);
    await api.join(eve, roomId).expect(404);
  });

  it('shares the name space of public rooms (409 either way)', async () => {
    const name = roomName('shared');
    await api.create(ana, { name, private: true }).expect(201);
    await api.create(eve, { name: name.toUpperCase() }).expect(409);
    await api.create(eve, { name: name.toUpperCase(), private: true }).expect(409);
  });

  it('refuses a private flag that is not a boolean with 400 naming it', async () => {
    const response = await api.create(ana, { name: roomName(), private: 'yes' }).expect(400);
    expect(JSON.stringify(response.body.message)).toContain('private');
  });
});
