import request from 'supertest';

import { createApp, TestApp } from './support/create-app.js';
import { makeUser, TestUser } from './support/factories.js';

/** What every HTTP request goes through: body depth, request ids, the client's address. */
describe('requests', () => {
  let app: TestApp;
  let ana: TestUser;

  beforeAll(async () => {
    app = await createApp();
    ana = await makeUser(app);
  });

  afterAll(() => app.close());

  const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

  describe('JSON depth', () => {
    it('answers 15,000 levels on the unauthenticated login route with 400, and keeps serving', async () => {
      const response = await request(app.url)
        .post('/api/auth/login')
        .set('content-type', 'application/json')
        .send(`{"username":"deep_user","password":${nested(15_000)}}`)
        .expect(400);
      expect(response.body).toMatchObject({
        statusCode: 400,
        message: expect.stringMatching(/32 levels/),
      });
      await request(app.url)
        .post('/api/auth/login')
        .send({ username: 'deep_user', password: 'correct horse battery' })
        .expect(201);
    });

    it('refuses deep bodies on authenticated routes before validation, storing nothing', async () => {
      const room = (await request(app.url).get('/api/rooms').set('Authorization', ana.auth))
        .body[0];
      await request(app.url)
        .post(`/api/rooms/${room.id}/messages`)
        .set('Authorization', ana.auth)
        .set('content-type', 'application/json')
        .send(`{"content":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`)
        .expect(400);
      const history = await request(app.url)
        .get(`/api/rooms/${room.id}/messages`)
        .set('Authorization', ana.auth)
        .expect(200);
      expect(history.body.messages).toEqual([]);
    });

    it('accepts the depth the API needs, brackets inside strings not counted', async () => {
      await request(app.url)
        .put(`/api/users/${ana.id}/profile`)
        .set('Authorization', ana.auth)
        .send({ bio: '[[[[{{{{'.repeat(20) })
        .expect(200);
    });
  });

  describe('X-Request-Id', () => {
    it('keeps a well-formed id from a proxy', async () => {
      const response = await request(app.url)
        .get('/api/health')
        .set('X-Request-Id', 'edge-7f3a.42:1')
        .expect(200);
      expect(response.headers['x-request-id']).toBe('edge-7f3a.42:1');
    });

    it.each([
      ['3000 characters', 'r'.repeat(3000)],
      ['spaces and quotes', 'a "quoted" id'],
      ['a newline escape attempt', 'id%0d%0aInjected: 1'],
    ])('replaces one of %s with a fresh id', async (_, given) => {
      const response = await request(app.url)
        .get('/api/health')
        .set('X-Request-Id', given)
        .expect(200);
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('TRUST_PROXY', () => {
    const signUp = (testApp: TestApp, username: string, forwardedFor: string) =>
      request(testApp.url)
        .post('/api/auth/login')
        .set('X-Forwarded-For', forwardedFor)
        .send({ username, password: 'correct horse battery' });

    it('counts each client by X-Forwarded-For behind a trusted proxy', async () => {
      const proxied = await createApp({ TRUST_PROXY: 'loopback', REGISTRATION_RATE: '2/h' });
      try {
        await signUp(proxied, 'client_a1', '203.0.113.7').expect(201);
        await signUp(proxied, 'client_a2', '203.0.113.7').expect(201);
        const refused = await signUp(proxied, 'client_a3', '203.0.113.7').expect(429);
        expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
        await signUp(proxied, 'client_b1', '198.51.100.9').expect(201);
        // A client's own X-Forwarded-For is not believed: the proxy's entry (the last) counts.
        await signUp(proxied, 'client_a4', '198.51.100.9, 203.0.113.7').expect(429);
      } finally {
        await proxied.close();
      }
    });

    it('ignores X-Forwarded-For when no proxy is trusted', async () => {
      const direct = await createApp({ REGISTRATION_RATE: '2/h' });
      try {
        await signUp(direct, 'direct_1', '203.0.113.1').expect(201);
        await signUp(direct, 'direct_2', '203.0.113.2').expect(201);
        await signUp(direct, 'direct_3', '203.0.113.3').expect(429);
      } finally {
        await direct.close();
      }
    });
  });
});
