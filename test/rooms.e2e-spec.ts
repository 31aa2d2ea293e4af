import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import request from 'supertest';

import { createApp, TestApp } from './support/create-app.js';
import { joinRoom, makeRoom, makeUser, TestUser } from './support/factories.js';

describe('rooms', () => {
  let app: TestApp;
  let ana: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    app = await createApp();
    [ana, bob] = await Promise.all([makeUser(app, 'ana'), makeUser(app, 'bob')]);
  });

  afterAll(() => app.close());

  const get = (path: string, user = ana) =>
    request(app.url).get(path).set('Authorization', user.auth);
  const send = (roomId: number, content: string, user = ana) =>
    request(app.url)
      .post(`/api/rooms/${roomId}/messages`)
      .set('Authorization', user.auth)
      .send({ content });

  it('has the default rooms general and random, once', async () => {
    const response = await get('/api/rooms').expect(200);
    const names = response.body.map((room: { name: string }) => room.name);
    expect(names.filter((name: string) => name === 'general' || name === 'random')).toEqual([
      'general',
      'random',
    ]);
  });

  it('keeps the default rooms once over a restart on the same database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fadmann-restart-'));
    // On PostgreSQL each app gets a fresh database anyway; the restart is a SQLite concern.
    const env: Record<string, string> = process.env.DATABASE_URL?.startsWith('postgres')
      ? {}
      : { DATABASE_URL: `sqlite:${join(dir, 'f.db')}` };
    const first = await createApp(env);
    await first.close();
    const second = await createApp(env);
    try {
      const user = await makeUser(second, 'restarted');
      const names = (
        await request(second.url).get('/api/rooms').set('Authorization', user.auth).expect(200)
      ).body.map((room: { name: string }) => room.name);
      expect(names).toEqual(['general', 'random']);
    } finally {
      await second.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('creates a room with the creator joined; 409 for a name differing only in case', async () => {
    const created = await request(app.url)
      .post('/api/rooms')
      .set('Authorization', ana.auth)
      .send({ name: 'Backend', description: 'Servers' })
      .expect(201);
    expect(created.body).toEqual({
      id: expect.any(Number),
      name: 'Backend',
      description: 'Servers',
      createdAt: expect.any(String),
      memberCount: 1,
      onlineCount: 0,
      lastMessage: null,
      unreadCount: 0,
      joined: true,
      kind: 'public',
      role: 'owner',
      mentionCount: 0,
      notifyLevel: 'mentions',
    });
    const duplicate = await request(app.url)
      .post('/api/rooms')
      .set('Authorization', bob.auth)
      .send({ name: 'bACKEND' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error).toBe('Conflict');
  });

  it('gives one of two concurrent creations of one name a 409', async () => {
    const create = () =>
      request(app.url).post('/api/rooms').set('Authorization', ana.auth).send({ name: 'race' });
    const statuses = (await Promise.all([create(), create(), create()]))
      .map((r) => r.status)
      .sort();
    expect(statuses).toEqual([201, 409, 409]);
  });

  it.each([
    [{}, 'name'],
    [{ name: '' }, 'name'],
    [{ name: '   ' }, 'name'],
    [{ name: 'n'.repeat(65) }, 'name'],
    [{ name: 7 }, 'name'],
    [{ name: 'ok', description: 'd'.repeat(501) }, 'description'],
    [{ name: 'ok', owner: 1 }, 'owner'],
  ])('refuses %j with 400 naming %s', async (body, field) => {
    const response = await request(app.url)
      .post('/api/rooms')
      .set('Authorization', ana.auth)
      .send(body)
      .expect(400);
    expect(JSON.stringify(response.body.message)).toContain(field);
  });

  it('lists rooms ordered by name with counts and joined', async () => {
    const room = await makeRoom(app, ana, 'aaa-first');
    const list = (await get('/api/rooms', bob).expect(200)).body;
    const names = list.map((r: { name: string }) => r.name.toLowerCase());
    expect(names).toEqual([...names].sort());
    expect(list.find((r: { id: number }) => r.id === room.id)).toMatchObject({
      memberCount: 1,
      joined: false,
    });
  });

  it('gets one room; 404 unknown; 400 bad id', async () => {
    const room = await makeRoom(app, ana);
    expect((await get(`/api/rooms/${room.id}`).expect(200)).body).toMatchObject({
      id: room.id,
      joined: true,
    });
    await get('/api/rooms/999999').expect(404);
    await get('/api/rooms/-3').expect(400);
    await get('/api/rooms/abc').expect(400);
  });

  it('joins idempotently, lists members, and leaves', async () => {
    const room = await makeRoom(app, ana);
    const path = `/api/rooms/${room.id}/members/me`;
    for (let i = 0; i < 2; i++) {
      const joined = await request(app.url).put(path).set('Authorization', bob.auth).expect(200);
      expect(joined.body).toMatchObject({ id: room.id, joined: true, memberCount: 2 });
    }
    const members = (await get(`/api/rooms/${room.id}/members`).expect(200)).body;
    expect(members).toEqual([
      {
        id: ana.id,
        username: 'ana',
        displayName: 'ana',
        role: 'owner',
        online: false,
        joinedAt: expect.any(String),
      },
      {
        id: bob.id,
        username: 'bob',
        displayName: 'bob',
        role: 'member',
        online: false,
        joinedAt: expect.any(String),
      },
    ]);
    await request(app.url).delete(path).set('Authorization', bob.auth).expect(204);
    expect((await get(`/api/rooms/${room.id}/members`).expect(200)).body).toHaveLength(1);
    await request(app.url)
      .put('/api/rooms/999999/members/me')
      .set('Authorization', bob.auth)
      .expect(404);
    await request(app.url)
      .delete('/api/rooms/999999/members/me')
      .set('Authorization', bob.auth)
      .expect(404);
  });

  it('counts unread messages of others, moved by PUT read (never back) and by sending', async () => {
    const room = await makeRoom(app, ana);
    await joinRoom(app, bob, room.id);
    for (const text of ['one', 'two', 'three']) await send(room.id, text).expect(201);
    const unreadOf = async (user: TestUser) =>
      (await get('/api/rooms', user).expect(200)).body.find(
        (r: { id: number }) => r.id === room.id,
      );

    expect(await unreadOf(bob)).toMatchObject({
      unreadCount: 3,
      lastMessage: { seq: 3, content: 'three' },
    });
    expect((await unreadOf(ana)).unreadCount).toBe(0);

    const read = (seq: unknown) =>
      request(app.url)
        .put(`/api/rooms/${room.id}/read`)
        .set('Authorization', bob.auth)
        .send({ seq });
    expect((await read(2).expect(200)).body).toEqual({ lastReadSeq: 2, unreadCount: 1 });
    expect((await read(1).expect(200)).body).toEqual({ lastReadSeq: 2, unreadCount: 1 });
    expect((await read(1000).expect(200)).body).toEqual({ lastReadSeq: 3, unreadCount: 0 });
    await read(-1).expect(400);
    await read('x').expect(400);
    await read(99999999999).expect(400);

    await send(room.id, 'four').expect(201);
    await send(room.id, 'from bob', bob).expect(201);
    expect((await unreadOf(bob)).unreadCount).toBe(0);
    expect((await unreadOf(ana)).unreadCount).toBe(1);
  });

  it('refuses PUT read to a non-member with 403', async () => {
    const room = await makeRoom(app, ana);
    await request(app.url)
      .put(`/api/rooms/${room.id}/read`)
      .set('Authorization', bob.auth)
      .send({ seq: 1 })
      .expect(403);
  });
});
