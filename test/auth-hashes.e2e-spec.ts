import { hash as argon2Hash } from '@node-rs/argon2';
import request from 'supertest';

import { ARGON2 } from '../src/auth/password-hasher.js';
import { legacyScryptHash } from './support/legacy-hash.js';
import { User } from '../src/users/user.entity.js';
import { createApp, TestApp } from './support/create-app.js';

const RIGHT = 'correct horse battery';
const WRONG = 'not the password at all';

describe('legacy password hashes', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createApp();
  });

  afterAll(() => app.close());

  const storedHash = async (name: string) =>
    (
      await app.dataSource
        .getRepository(User)
        .createQueryBuilder('user')
        .addSelect('user.passwordHash')
        .where('user.usernameLower = :name', { name })
        .getOneOrFail()
    ).passwordHash;

  const insertUser = (username: string, passwordHash: string) =>
    app.dataSource.getRepository(User).insert({
      username,
      usernameLower: username,
      displayName: username,
      bio: '',
      avatarUrl: null,
      passwordHash,
      lastSeenAt: null,
    });
  const login = (username: string, password: string) =>
    request(app.url).post('/api/auth/login').send({ username, password });
  const CURRENT = /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/;

  it('logs in a scrypt-hashed user and replaces the hash with argon2id', async () => {
    await insertUser('oldtimer', await legacyScryptHash(RIGHT));
    await login('oldtimer', WRONG).expect(401);
    expect(await storedHash('oldtimer')).toMatch(/^scrypt\$16384\$/);
    await login('oldtimer', RIGHT).expect(200);
    expect(await storedHash('oldtimer')).toMatch(CURRENT);
    await login('oldtimer', RIGHT).expect(200);
    await login('oldtimer', WRONG).expect(401);
  });

  it('replaces an argon2 hash with weaker parameters, then keeps the new one', async () => {
    const weak = { ...ARGON2, memoryCost: 4096, timeCost: 1 };
    await insertUser('weakargon', await argon2Hash(RIGHT, weak));
    await login('weakargon', RIGHT).expect(200);
    const upgraded = await storedHash('weakargon');
    expect(upgraded).toMatch(CURRENT);
    await login('weakargon', RIGHT).expect(200);
    expect(await storedHash('weakargon')).toBe(upgraded);
  });
});
