import { createApp, TestApp } from '../support/create-app.js';
import { makeUser, TestUser } from '../support/factories.js';
import { createRoom, messageOf, recordEvents, roomsApi, RoomsApi } from './rooms-api.js';

const summary = (user: TestUser) => ({
  id: user.id,
  username: user.username,
  displayName: user.username,
});
const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;

/** POST /api/dms: one direct room per set of people, with no name and fixed members. */
describe('rooms: direct rooms', () => {
  let app: TestApp;
  let api: RoomsApi;
  let ana: TestUser;
  let bob: TestUser;
  let carl: TestUser;
  let eve: TestUser;

  beforeAll(async () => {
    app = await createApp();
    api = roomsApi(app);
    [ana, bob, carl, eve] = await Promise.all(Array.from({ length: 4 }, () => makeUser(app)));
  });

  afterAll(() => app.close());

  it('makes a direct room (201) listing everyone, then answers the same one (200)', async () => {
    const recorder = recordEvents(app);
    let created;
    try {
      created = await api.dm(ana, [carl.id, bob.id]).expect(201);
    } finally {
      recorder.stop();
    }
    expect(created.body).toEqual({
      id: expect.any(Number),
      name: null,
      description: '',
      kind: 'direct',
      createdAt: expect.any(String),
      memberCount: 3,
      onlineCount: 0,
      lastMessage: null,
      unreadCount: 0,
      mentionCount: 0,
      joined: true,
      role: 'member',
      notifyLevel: 'all',
      members: [summary(ana), summary(bob), summary(carl)].sort(byId),
    });
    const roomId = created.body.id;
    // Every member, the caller included, is told as added (by id).
    expect(recorder.events).toEqual(
      [ana, bob, carl].sort(byId).map((user) => [
        `room:${roomId}`,
        {
          type: 'member',
          user: { id: user.id, username: user.username },
          action: 'added',
          role: 'member',
        },
      ]),
    );

    // The same set, asked by another of its members in another order.
    const again = await api.dm(carl, [bob.id, ana.id]).expect(200);
    expect(again.body).toMatchObject({ id: roomId, kind: 'direct', name: null });
    // A different set is a different room.
    const pair = await api.dm(ana, [bob.id]).expect(201);
    expect(pair.body.id).not.toBe(roomId);
  });

  it('answers two concurrent requests for one set with one 201 and one 200, the same room', async () => {
    const [one, two] = await Promise.all([api.dm(eve, [carl.id]), api.dm(carl, [eve.id])]);
    expect([one.status, two.status].sort()).toEqual([200, 201]);
    expect(one.body.id).toBe(two.body.id);
    const listed = (await api.list(eve).expect(200)).body.filter(
      (room: { kind: string }) => room.kind === 'direct',
    );
    expect(listed.map((room: { id: number }) => room.id)).toEqual([one.body.id]);
  });

  it('is invisible to others and listed after the named rooms, by id', async () => {
    const first = (await api.dm(bob, [eve.id]).expect(201)).body.id;
    const second = (await api.dm(bob, [eve.id, carl.id]).expect(201)).body.id;
    await api.room(ana, first).expect(404);
    await api.join(ana, first).expect(404);
    await api.members(ana, first).expect(404);

    const rooms = (await api.list(bob).expect(200)).body as { id: number; name: string | null }[];
    const named = rooms.filter((room) => room.name !== null);
    const direct = rooms.filter((room) => room.name === null);
    expect(rooms).toEqual([...named, ...direct]);
    expect(direct.map((room) => room.id)).toEqual(
      [...direct.map((room) => room.id)].sort((a, b) => a - b),
    );
    expect(direct.map((room) => room.id)).toEqual(expect.arrayContaining([first, second]));
    const others = (await api.list(ana).expect(200)).body.map((room: { id: number }) => room.id);
    expect(others).not.toContain(first);
    expect((await api.list(bob, '?joined=false').expect(200)).body).not.toContainEqual(
      expect.objectContaining({ kind: 'direct' }),
    );
  });

  it('pages through named and direct rooms with the Link header', async () => {
    const dan = await makeUser(app);
    await createRoom(api, dan);
    const dms = [];
    for (const other of [ana, bob, carl])
      dms.push((await api.dm(dan, [other.id]).expect(201)).body.id);
    const all = (await api.list(dan, '?joined=true').expect(200)).body.map(
      (room: { id: number }) => room.id,
    );
    expect(all.slice(-3)).toEqual(dms);
    const walked: number[] = [];
    let path: string | undefined = '/api/rooms?joined=true&limit=2';
    while (path) {
      const page: { body: { id: number }[]; headers: Record<string, string> } = await api
        .list(dan, path.replace('/api/rooms', ''))
        .expect(200);
      walked.push(...page.body.map((room: { id: number }) => room.id));
      path = /^<([^>]+)>/.exec(page.headers.link ?? '')?.[1];
    }
    expect(walked).toEqual(all);
  });

  it('refuses to add or remove anyone, rename it, or leave it (400)', async () => {
    const roomId = (await api.dm(ana, [eve.id]).expect(201)).body.id;
    await api.add(ana, roomId, carl.id).expect(400);
    await api.kick(ana, roomId, eve.id).expect(400);
    await api.ban(ana, roomId, eve.id).expect(400);
    await api.role(ana, roomId, eve.id, 'moderator').expect(400);
    await api.leave(ana, roomId).expect(400);
    await api.patch(ana, roomId, { name: 'ours' }).expect(400);
    const members = (await api.members(eve, roomId).expect(200)).body;
    expect(members.map((member: { role: string }) => member.role)).toEqual(['member', 'member']);
  });

  it.each([
    ['no list', undefined],
    ['an empty list', []],
    ['more than 8 others', [1, 2, 3, 4, 5, 6, 7, 8, 9]],
    ['a repeated id', [2, 2]],
    ['an id that is not a positive integer', [0]],
    ['a string', ['2']],
  ])('refuses %s with 400 naming userIds', async (_, userIds) => {
    expect(messageOf(await api.dm(ana, userIds).expect(400))).toContain('userIds');
  });

  it('refuses the caller among userIds (400) and an unknown user (404)', async () => {
    expect(messageOf(await api.dm(ana, [bob.id, ana.id]).expect(400))).toContain('userIds');
    await api.dm(ana, [bob.id, 999_999]).expect(404);
  });
});
