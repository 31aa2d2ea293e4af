import { jest } from '@jest/globals';
import request from 'supertest';

import { createApp, TestApp } from './support/create-app.js';
import { makeRoom, makeUser, TestUser } from './support/factories.js';
import { describeTwoInstances, startTwoInstances, TwoInstances } from './support/two-instances.js';
import { connect, handshakeStatus, roomPath } from './support/ws-client.js';

// jest 30 ignores the e2e project's testTimeout; sockets on a busy machine need more than 5 s.
jest.setTimeout(20_000);

const me = (app: TestApp, accessToken: string) =>
  request(app.url).get('/api/auth/me').set('Authorization', `Bearer ${accessToken}`);
const logout = (app: TestApp, refreshToken: string) =>
  request(app.url).post('/api/auth/logout').send({ refreshToken }).expect(204);
const refresh = (app: TestApp, refreshToken: string) =>
  request(app.url).post('/api/auth/refresh').send({ refreshToken });

describe('the session behind an access token', () => {
  let app: TestApp;
  let owner: TestUser;
  let room: { id: number; name: string };

  beforeAll(async () => {
    app = await createApp();
    owner = await makeUser(app);
    room = await makeRoom(app, owner);
  });

  afterAll(() => app.close());

  const secondLogin = async (user: TestUser) =>
    (
      await request(app.url)
        .post('/api/auth/login')
        .send({ username: user.username, password: 'correct horse battery' })
        .expect(200)
    ).body as { accessToken: string; refreshToken: string };

  it('ends with logout: the access token answers 401 on REST, other sessions go on', async () => {
    const user = await makeUser(app);
    const other = await secondLogin(user);
    await me(app, user.accessToken).expect(200);
    await logout(app, user.refreshToken);
    const refused = await me(app, user.accessToken).expect(401);
    expect(refused.body.message).toBe('The session has ended');
    await me(app, other.accessToken).expect(200);
  });

  it('ends with logout for sockets too: a new handshake with the token answers 401', async () => {
    const user = await makeUser(app);
    const path = roomPath(room.id, user.accessToken);
    expect(await handshakeStatus(app, path)).toBe(101);
    const open = await connect(app, room.id, user.accessToken);
    await logout(app, user.refreshToken);
    expect((await open.closeInfo()).code).toBe(4401);
    expect(await handshakeStatus(app, path)).toBe(401);
  });

  it('ends when a rotated refresh token is reused: its access tokens and sockets', async () => {
    const user = await makeUser(app);
    const rotated = (await refresh(app, user.refreshToken).expect(200)).body;
    const socket = await connect(app, room.id, rotated.accessToken);
    await me(app, rotated.accessToken).expect(200);
    await me(app, user.accessToken).expect(200); // rotation alone ends nothing
    await refresh(app, user.refreshToken).expect(401);
    expect((await socket.closeInfo()).code).toBe(4401);
    await me(app, user.accessToken).expect(401);
    await me(app, rotated.accessToken).expect(401);
    expect(await handshakeStatus(app, roomPath(room.id, rotated.accessToken))).toBe(401);
  });
});

describeTwoInstances('the session across two instances', () => {
  let one: TestApp;
  let two: TestApp;
  let instances: TwoInstances;

  beforeAll(async () => {
    instances = await startTwoInstances();
    ({ one, two } = instances);
  });

  afterAll(() => instances?.close());

  it('ends on the other instance within a second of logout on one', async () => {
    const user = await makeUser(one, 'roamer');
    await me(two, user.accessToken).expect(200); // cached as live on instance two
    await logout(one, user.refreshToken);
    const end = Date.now() + 1000;
    let status = 200;
    while (status !== 401 && Date.now() < end) {
      status = (await me(two, user.accessToken)).status;
      if (status !== 401) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(status).toBe(401);
    expect(await handshakeStatus(two, roomPath(1, user.accessToken))).toBe(401);
  });
});
