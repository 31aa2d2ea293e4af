import { JwtService } from '@nestjs/jwt';
import request from 'supertest';

import { User } from '../src/users/user.entity.js';
import { createApp, TestApp } from './support/create-app.js';
import { makeUser } from './support/factories.js';

describe('auth', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createApp();
  });

  afterAll(() => app.close());

  const login = (body: object) => request(app.url).post('/api/auth/login').send(body);

  describe('POST /api/auth/login', () => {
    it('registers an unknown username with 201, then logs in with 200', async () => {
      const first = await login({ username: 'Ana.Lima', password: 'correct horse' }).expect(201);
      expect(first.body).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        expiresIn: 900,
        user: { id: expect.any(Number), username: 'Ana.Lima', displayName: 'Ana.Lima' },
      });
      const again = await login({ username: 'ana.lima', password: 'correct horse' }).expect(200);
      expect(again.body.user.id).toBe(first.body.user.id);
    });

    it('stores only a salted argon2id hash', async () => {
      await login({ username: 'hashed', password: 'correct horse' }).expect(201);
      const row = await app.dataSource
        .getRepository(User)
        .createQueryBuilder('user')
        .addSelect('user.passwordHash')
        .where('user.usernameLower = :name', { name: 'hashed' })
        .getOneOrFail();
      expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(row.passwordHash).not.toContain('correct horse');
    });

    it('refuses a wrong password with 401', async () => {
      await login({ username: 'wrongpw', password: 'correct horse' }).expect(201);
      const response = await login({ username: 'wrongpw', password: 'not the password' }).expect(
        401,
      );
      expect(response.body).toEqual({
        statusCode: 401,
        message: 'Wrong username or password',
        error: 'Unauthorized',
      });
    });

    it.each([
      [{ password: 'correct horse' }, 'username'],
      [{ username: 'nopass' }, 'password'],
      [{ username: 'ab', password: 'correct horse' }, 'username'],
      [{ username: 'a'.repeat(33), password: 'correct horse' }, 'username'],
      [{ username: 'has space', password: 'correct horse' }, 'username'],
      [{ username: "x'; DROP TABLE user;--", password: 'correct horse' }, 'username'],
      [{ username: 'shortpw', password: 'short' }, 'password'],
      [{ username: 'longpw', password: 'p'.repeat(129) }, 'password'],
      [{ username: 42, password: 'correct horse' }, 'username'],
      [{ username: 'typed', password: ['correct horse'] }, 'password'],
      [{ username: 'extra', password: 'correct horse', admin: true }, 'admin'],
    ])('refuses %j with 400 naming %s', async (body, field) => {
      const response = await login(body).expect(400);
      expect(response.body.error).toBe('Bad Request');
      expect(JSON.stringify(response.body.message)).toContain(field);
    });

    it('answers malformed JSON with 400', async () => {
      await request(app.url)
        .post('/api/auth/login')
        .set('Content-Type', 'application/json')
        .send('{"username": "ana", ')
        .expect(400);
    });

    it('refuses a body over the size limit with 413', async () => {
      await login({ username: 'big', password: 'x'.repeat(200_000) }).expect(413);
    });
  });

  describe('GET /api/auth/me', () => {
    it('answers the current user', async () => {
      const user = await makeUser(app);
      const response = await request(app.url)
        .get('/api/auth/me')
        .set('Authorization', user.auth)
        .expect(200);
      expect(response.body).toMatchObject({
        id: user.id,
        username: user.username,
        bio: '',
        avatarUrl: null,
      });
    });

    it.each([
      ['no token', undefined],
      ['a garbage token', 'Bearer not-a-jwt'],
      ['a non-bearer scheme', 'Basic YWxhZGRpbjpvcGVuc2VzYW1l'],
    ])('refuses %s with 401', async (_, header) => {
      const call = request(app.url).get('/api/auth/me');
      if (header) call.set('Authorization', header);
      const response = await call.expect(401);
      expect(response.body.error).toBe('Unauthorized');
    });

    it('refuses a token signed with another secret', async () => {
      const user = await makeUser(app);
      const forged = new JwtService({ secret: 'not-the-server-secret-not-the-server' }).sign({
        sub: user.id,
        sid: 'x',
      });
      await request(app.url)
        .get('/api/auth/me')
        .set('Authorization', `Bearer ${forged}`)
        .expect(401);
    });

    it('refuses an unsigned (alg none) token', async () => {
      const user = await makeUser(app);
      const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: user.id })}.`;
      await request(app.url)
        .get('/api/auth/me')
        .set('Authorization', `Bearer ${unsigned}`)
        .expect(401);
    });

    it('refuses an expired token', async () => {
      const user = await makeUser(app);
      const expired = new JwtService({ secret: app.config.jwtSecret }).sign({
        sub: user.id,
        sid: 'x',
        exp: Math.floor(Date.now() / 1000) - 10,
      });
      const response = await request(app.url)
        .get('/api/auth/me')
        .set('Authorization', `Bearer ${expired}`)
        .expect(401);
      expect(response.body.message).toMatch(/expired/);
    });

    it('refuses the token of a deleted user', async () => {
      const user = await makeUser(app);
      await app.dataSource.getRepository(User).delete({ id: user.id });
      await request(app.url).get('/api/auth/me').set('Authorization', user.auth).expect(401);
    });
  });

  describe('POST /api/auth/refresh', () => {
    const refresh = (refreshToken: unknown) =>
      request(app.url).post('/api/auth/refresh').send({ refreshToken });

    it('rotates: a new pair, and the old refresh token stops working', async () => {
      const user = await makeUser(app);
      const rotated = await refresh(user.refreshToken).expect(200);
      expect(rotated.body.refreshToken).not.toBe(user.refreshToken);
      expect(rotated.body.user.id).toBe(user.id);
      await request(app.url)
        .get('/api/auth/me')
        .set('Authorization', `Bearer ${rotated.body.accessToken}`)
        .expect(200);
      await refresh(user.refreshToken).expect(401);
    });

    it('revokes the whole family when a rotated token is reused', async () => {
      const user = await makeUser(app);
      const next = await refresh(user.refreshToken).expect(200);
      await refresh(user.refreshToken).expect(401);
      await refresh(next.body.refreshToken).expect(401);
    });

    it('lets exactly one of two concurrent uses of one token win', async () => {
      const user = await makeUser(app);
      const answers = await Promise.all([refresh(user.refreshToken), refresh(user.refreshToken)]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 401]);
    });

    it.each([
      ['an unknown token', 'nope'],
      ['an empty token', ''],
      ['a number', 12],
    ])('refuses %s', async (_, token) => {
      const response = await refresh(token);
      expect([400, 401]).toContain(response.status);
    });
  });

  describe('POST /api/auth/logout', () => {
    it('answers 204 and revokes the refresh token', async () => {
      const user = await makeUser(app);
      await request(app.url)
        .post('/api/auth/logout')
        .send({ refreshToken: user.refreshToken })
        .expect(204);
      await request(app.url)
        .post('/api/auth/refresh')
        .send({ refreshToken: user.refreshToken })
        .expect(401);
    });

    it('answers 204 for an unknown token and 400 for a missing one', async () => {
      await request(app.url).post('/api/auth/logout').send({ refreshToken: 'unknown' }).expect(204);
      await request(app.url).post('/api/auth/logout').send({}).expect(400);
    });
  });

  describe('failed-login limit', () => {
    let limited: TestApp;

    beforeAll(async () => {
      limited = await createApp({ LOGIN_FAILURE_LIMIT: '3' });
    });

    afterAll(() => limited.close());

    it('answers 429 with Retry-After after the limit, also for the right password', async () => {
      const attempt = (password: string) =>
        request(limited.url).post('/api/auth/login').send({ username: 'target', password });
      await attempt('correct horse').expect(201);
      for (let i = 0; i < 3; i++) await attempt('wrong password').expect(401);
      const refused = await attempt('correct horse').expect(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.body).toEqual({
        statusCode: 429,
        message: 'Too many failed logins, try again later',
        error: 'Too Many Requests',
      });
    });

    it('never counts successful logins', async () => {
      const fresh = await createApp({ LOGIN_FAILURE_LIMIT: '3' });
      try {
        for (let i = 0; i < 5; i++) {
          await request(fresh.url)
            .post('/api/auth/login')
            .send({ username: 'often', password: 'correct horse' })
            .expect(i === 0 ? 201 : 200);
        }
      } finally {
        await fresh.close();
      }
    });
  });
});
