import { createApp, TestApp } from '../support/create-app.js';
import { makeUser, TestUser } from '../support/factories.js';
import { createRoom, messageOf, roomsApi, RoomsApi } from './rooms-api.js';

/** PUT /api/rooms/{id}/notify: the caller's level, for members only. */
describe('rooms: notification levels', () => {
  let app: TestApp;
  let api: RoomsApi;
  let ana: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    app = await createApp();
    api = roomsApi(app);
    [ana, bob] = await Promise.all([makeUser(app), makeUser(app)]);
  });

  afterAll(() => app.close());

  const levelIn = async (user: TestUser, roomId: number) =>
    (await api.room(user, roomId).expect(200)).body.notifyLevel;

  it('defaults to mentions, and to all in a direct room', async () => {
    const roomId = await createRoom(api, ana);
    expect(await levelIn(ana, roomId)).toBe('mentions');
    expect(await levelIn(bob, roomId)).toBe('mentions');
    const dm = (await api.dm(ana, [bob.id]).expect(201)).body;
    expect(dm.notifyLevel).toBe('all');
  });

  it.each(['all', 'mentions', 'none'])('sets %s, answered and kept per member', async (level) => {
    const roomId = await createRoom(api, ana);
    await api.join(bob, roomId).expect(200);
    expect((await api.notify(bob, roomId, level).expect(200)).body).toEqual({ level });
    expect(await levelIn(bob, roomId)).toBe(level);
    expect(await levelIn(ana, roomId)).toBe('mentions');
    const listed = (await api.list(bob).expect(200)).body.find(
      (room: { id: number }) => room.id === roomId,
    );
    expect(listed.notifyLevel).toBe(level);
  });

  it('mutes a direct room', async () => {
    const carl = await makeUser(app);
    const dm = (await api.dm(carl, [ana.id]).expect(201)).body;
    await api.notify(carl, dm.id, 'none').expect(200);
    expect(await levelIn(carl, dm.id)).toBe('none');
    expect(await levelIn(ana, dm.id)).toBe('all');
  });

  it('answers a non-member of a public room 403', async () => {
    const roomId = await createRoom(api, ana);
    await api.notify(bob, roomId, 'none').expect(403);
  });

  it.each([['loud'], [null], [3]])('refuses level %j with 400 naming level', async (level) => {
    const roomId = await createRoom(api, ana);
    expect(messageOf(await api.notify(ana, roomId, level).expect(400))).toContain('level');
  });
});
