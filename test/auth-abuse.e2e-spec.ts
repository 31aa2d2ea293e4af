import { jest } from '@jest/globals';
import request from 'supertest';

import { passwordHasher } from '../src/auth/password-hasher.js';
import { createApp, TestApp } from './support/create-app.js';

// jest 30 ignores the e2e project's testTimeout; 150 logins on a busy machine take a while.
jest.setTimeout(60_000);

const RIGHT = 'correct horse battery';
const WRONG = 'not the password at all';

/** Clients at distinct addresses, as a loopback proxy reports them (TRUST_PROXY=loopback). */
const loginVia = (app: TestApp) => (username: string, password: string, address: string) =>
  request(app.url)
    .post('/api/auth/login')
    .set('X-Forwarded-For', address)
    .send({ username, password });

const statuses = (answers: { status: number }[]) =>
  answers.reduce<Record<number, number>>((counts, { status }) => {
    counts[status] = (counts[status] ?? 0) + 1;
    return counts;
  }, {});

const until = async (check: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('login abuse: 150 parallel guesses for one account from one address', () => {
  let app: TestApp;
  let login: ReturnType<typeof loginVia>;

  beforeAll(async () => {
    app = await createApp({ TRUST_PROXY: 'loopback' });
    login = loginVia(app);
  });

  afterAll(() => app.close());

  afterEach(() => jest.restoreAllMocks());

  it('lets only LOGIN_FAILURE_LIMIT of them reach the hash; the rest answer 429', async () => {
    const limit = app.config.loginFailureLimit;
    await login('victim1', RIGHT, '198.51.100.1').expect(201);
    const verify = jest.spyOn(passwordHasher, 'verify');
    const guesses = Array.from({ length: 150 }, (_, i) =>
      login('victim1', `${WRONG}${i}`, '203.0.113.1'),
    );
    const answers = await Promise.all(guesses);
    expect(statuses(answers)).toEqual({ 401: limit, 429: 150 - limit });
    expect(verify).toHaveBeenCalledTimes(limit);
    const refused = answers.find((answer) => answer.status === 429)!;
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('refuses the right password while earlier guesses are still being hashed', async () => {
    const limit = app.config.loginFailureLimit;
    await login('victim2', RIGHT, '198.51.100.2').expect(201);
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const verify = passwordHasher.verify.bind(passwordHasher);
    const held = jest
      .spyOn(passwordHasher, 'verify')
      .mockImplementation(async (password, stored) => {
        await gate;
        return verify(password, stored);
      });
    const first = Array.from({ length: limit }, (_, i) =>
      login('victim2', `${WRONG}${i}`, '203.0.113.2').then((answer) => answer),
    );
    await until(() => held.mock.calls.length === limit);
    let answered = 0;
    const rest = Array.from({ length: 150 - limit }, () =>
      login('victim2', RIGHT, '203.0.113.2').then((answer) => {
        answered++;
        return answer;
      }),
    );
    // Held guesses stay unanswered; any attempt beyond them reaching the hash is the bug.
    await until(() => answered === rest.length || held.mock.calls.length > limit);
    open();
    expect(statuses(await Promise.all(first))).toEqual({ 401: limit });
    expect(statuses(await Promise.all(rest))).toEqual({ 429: 150 - limit });
    expect(held).toHaveBeenCalledTimes(limit);
    await login('victim2', RIGHT, '203.0.113.2').expect(429);
    await login('victim2', RIGHT, '198.51.100.2').expect(200);
  });
});

describe('login abuse: no lockout of the innocent', () => {
  let app: TestApp;
  let login: ReturnType<typeof loginVia>;

  beforeAll(async () => {
    app = await createApp({
      TRUST_PROXY: 'loopback',
      LOGIN_FAILURE_LIMIT: '3',
      LOGIN_ADDRESS_FAILURE_LIMIT: '5',
    });
    login = loginVia(app);
  });

  afterAll(() => app.close());

  it('after the limit for X from A: others sign in and up at A, X signs in from B', async () => {
    await login('xowner', RIGHT, '198.51.100.10').expect(201);
    await login('yother', RIGHT, '198.51.100.11').expect(201);
    for (let i = 0; i < 3; i++) await login('xowner', WRONG, '203.0.113.10').expect(401);
    const refused = await login('xowner', RIGHT, '203.0.113.10').expect(429);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    await login('yother', RIGHT, '203.0.113.10').expect(200);
    await login('newcomer', RIGHT, '203.0.113.10').expect(201);
    await login('xowner', RIGHT, '198.51.100.10').expect(200);
  });

  it('delays a new address by seconds, doubling, rather than locking the account', async () => {
    await login('delayed', RIGHT, '198.51.100.20').expect(201);
    for (let i = 0; i < 3; i++) await login('delayed', WRONG, '203.0.113.20').expect(401);
    const refused = await login('delayed', RIGHT, '192.0.2.21').expect(429);
    expect(refused.headers['retry-after']).toBe('1');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await login('delayed', WRONG, '192.0.2.22').expect(401);
    const doubled = await login('delayed', RIGHT, '192.0.2.21').expect(429);
    expect(doubled.headers['retry-after']).toBe('2');
    await new Promise((resolve) => setTimeout(resolve, 2100));
    await login('delayed', RIGHT, '192.0.2.21').expect(200);
    await login('delayed', RIGHT, '192.0.2.21').expect(200);
  });

  it('holds an address to LOGIN_ADDRESS_FAILURE_LIMIT failures across accounts', async () => {
    for (const name of ['ceil1', 'ceil2', 'ceil3'])
      await login(name, RIGHT, '198.51.100.30').expect(201);
    await login('regular', RIGHT, '203.0.113.30').expect(201);
    for (const name of ['ceil1', 'ceil1', 'ceil2', 'ceil2', 'ceil3']) {
      await login(name, WRONG, '203.0.113.30').expect(401);
    }
    const refused = await login('ceil3', RIGHT, '203.0.113.30').expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(60);
    await login('regular', RIGHT, '203.0.113.30').expect(200);
    await login('ceilnew', RIGHT, '203.0.113.30').expect(201);
    await login('ceil3', RIGHT, '198.51.100.30').expect(200);
  });
});

describe('sign-ups per address (REGISTRATION_RATE)', () => {
  let app: TestApp;
  let login: ReturnType<typeof loginVia>;

  beforeAll(async () => {
    app = await createApp({ TRUST_PROXY: 'loopback', REGISTRATION_RATE: '3/h' });
    login = loginVia(app);
  });

  afterAll(() => app.close());

  afterEach(() => jest.restoreAllMocks());

  it('refuses the 4th sign-up from one address (an IPv6 /64) before hashing', async () => {
    for (let i = 1; i <= 3; i++) await login(`signup${i}`, RIGHT, `2001:db8:e::${i}`).expect(201);
    const hash = jest.spyOn(passwordHasher, 'hash');
    const refused = await login('signup4', RIGHT, '2001:db8:e::4').expect(429);
    expect(refused.body.message).toBe('Too many sign-ups from this address');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(hash).not.toHaveBeenCalled();
    await login('signup4', RIGHT, '2001:db8:f::1').expect(201);
    await login('signup1', RIGHT, '2001:db8:e::1').expect(200);
    await login('signup2', WRONG, '2001:db8:e::2').expect(401);
  });
});
