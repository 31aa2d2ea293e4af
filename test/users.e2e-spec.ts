import request from 'supertest';

import { User } from '../src/users/user.entity.js';
import { createApp, TestApp } from './support/create-app.js';
import { makeUser, TestUser } from './support/factories.js';

describe('users', () => {
  let app: TestApp;
  let ana: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    app = await createApp();
    [ana, bob] = await Promise.all([makeUser(app, 'ana'), makeUser(app, 'bob')]);
  });

  afterAll(() => app.close());

  const profile = (id: number | string, user = ana) =>
    request(app.url).get(`/api/users/${id}/profile`).set('Authorization', user.auth);
  const update = (id: number | string, body: object, user = ana) =>
    request(app.url).put(`/api/users/${id}/profile`).set('Authorization', user.auth).send(body);

  it("answers another user's profile", async () => {
    const response = await profile(bob.id).expect(200);
    expect(response.body).toEqual({
      id: bob.id,
      username: 'bob',
      displayName: 'bob',
      bio: '',
      avatarUrl: null,
      createdAt: expect.stringMatching(/Z$/),
      lastSeenAt: expect.stringMatching(/Z$/),
    });
  });

  it('answers 404 for an unknown user and 400 for a bad id', async () => {
    await profile(999999).expect(404);
    for (const id of ['-1', '0', 'abc', '1.5', '99999999999']) await profile(id).expect(400);
  });

  it('moves lastSeenAt forward when the user is active, to the minute', async () => {
    const carol = await makeUser(app, 'carol');
    await app.dataSource
      .getRepository(User)
      .update({ id: carol.id }, { lastSeenAt: new Date(Date.now() - 3_600_000) });
    const before = Date.now() - 1000;
    await request(app.url).get('/api/rooms').set('Authorization', carol.auth).expect(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const seen = Date.parse((await profile(carol.id).expect(200)).body.lastSeenAt);
    expect(seen).toBeGreaterThan(before);
  });

  it('needs a token', async () => {
    await request(app.url).get(`/api/users/${bob.id}/profile`).expect(401);
  });

  it('updates the own profile', async () => {
    const response = await update(ana.id, {
      displayName: 'Ana Lima',
      bio: 'Backend and bikes',
      avatarUrl: 'https://example.com/ana.png',
    }).expect(200);
    expect(response.body).toMatchObject({
      displayName: 'Ana Lima',
      bio: 'Backend and bikes',
      avatarUrl: 'https://example.com/ana.png',
    });
    expect((await profile(ana.id, bob).expect(200)).body.displayName).toBe('Ana Lima');
    await update(ana.id, { avatarUrl: null }).expect(200);
    expect((await profile(ana.id).expect(200)).body.avatarUrl).toBeNull();
  });

  it('stores the display name in NFKC form', async () => {
    const response = await update(ana.id, { displayName: ' Ａｎａ ' }).expect(200);
    expect(response.body.displayName).toBe('Ana');
  });

  it("refuses to edit another user's profile with 403", async () => {
    await update(bob.id, { displayName: 'hacked' }).expect(403);
    expect((await profile(bob.id).expect(200)).body.displayName).toBe('bob');
  });

  it.each([
    [{ displayName: '' }, 'displayName'],
    [{ displayName: 'x'.repeat(65) }, 'displayName'],
    [{ displayName: 5 }, 'displayName'],
    [{ displayName: null }, 'displayName'],
    [{ displayName: '\u202eadmin' }, 'displayName'],
    [{ displayName: '\u200b\u200b' }, 'displayName'],
    [{ bio: null }, 'bio'],
    [{ bio: 'b'.repeat(501) }, 'bio'],
    [{ avatarUrl: 'javascript:alert(1)' }, 'avatarUrl'],
    [{ avatarUrl: 'ftp://example.com/a.png' }, 'avatarUrl'],
    [{ avatarUrl: 'not a url' }, 'avatarUrl'],
    [{ username: 'renamed' }, 'username'],
  ])('refuses %j with 400 naming %s', async (body, field) => {
    const response = await update(ana.id, body).expect(400);
    expect(JSON.stringify(response.body.message)).toContain(field);
  });
});
