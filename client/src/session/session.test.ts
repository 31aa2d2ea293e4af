import { Session, SessionEndedError } from './session';
import { SESSION_KEY, TokenStore } from './tokenStore';

const user = { id: 1, username: 'ana' };

function jwt(expSeconds: number): string {
  const payload = btoa(JSON.stringify({ sub: 1, exp: expSeconds })).replace(/=+$/, '');
  return `eyJhbGciOiJIUzI1NiJ9.${payload}.sig`;
}

function json(status: number, body: unknown): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

let now = 1_000_000_000_000;

function store(accessExpiresAt: number, refreshToken = 'r1', accessToken: string | null = 'a1') {
  new TokenStore().save({ refreshToken, accessToken, accessExpiresAt, user });
}

beforeEach(() => {
  now = 1_000_000_000_000;
});

describe(Session.name, () => {
  it('logs in, tells a new account from an existing one, and keeps the session', async () => {
    const fetch = vi.fn(async () =>
      json(201, { accessToken: jwt(now / 1000 + 900), refreshToken: 'r1', expiresIn: 900, user }),
    );
    vi.stubGlobal('fetch', fetch);
    const session = new Session(new TokenStore(), undefined, () => now);
    expect(await session.login('ana', 'secret-password')).toEqual({ created: true });
    expect(session.user).toEqual(user);
    const reloaded = new Session(new TokenStore(), undefined, () => now);
    expect(reloaded.user).toEqual(user);
    expect(await reloaded.accessToken()).toBe(jwt(now / 1000 + 900));
  });

  it('refreshes an expiring token once for many concurrent callers', async () => {
    store(now + 10_000);
    const fetch = vi.fn(async (_path: string, _init: RequestInit) =>
      json(200, { accessToken: 'a2', refreshToken: 'r2', expiresIn: 900 }),
    );
    vi.stubGlobal('fetch', fetch);
    const session = new Session(new TokenStore(), undefined, () => now);
    const tokens = await Promise.all([
      session.accessToken(),
      session.accessToken(),
      session.refresh('a1'),
    ]);
    expect(tokens).toEqual(['a2', 'a2', 'a2']);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(JSON.parse(String(fetch.mock.calls[0][1].body))).toEqual({ refreshToken: 'r1' });
    expect(new TokenStore().load()).toMatchObject({ refreshToken: 'r2', accessToken: 'a2', user });
  });

  it('uses the token another tab refreshed instead of spending the rotated refresh token', async () => {
    store(now + 900_000);
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    const session = new Session(new TokenStore(), undefined, () => now);
    // Meanwhile, another tab rotated the pair.
    store(now + 900_000, 'r2', 'a2');
    expect(await session.refresh('a1')).toBe('a2');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('refreshes a short-lived token when a third of its life is left', async () => {
    const fetch = vi.fn(async (path: string) =>
      path === '/api/auth/login'
        ? json(200, { accessToken: 'a1', refreshToken: 'r1', expiresIn: 6, user })
        : json(200, { accessToken: 'a2', refreshToken: 'r2', expiresIn: 6 }),
    );
    vi.stubGlobal('fetch', fetch);
    const session = new Session(new TokenStore(), undefined, () => now);
    await session.login('ana', 'secret-password');
    now += 3_000;
    expect(await session.accessToken()).toBe('a1');
    now += 1_500;
    expect(await session.accessToken()).toBe('a2');
  });

  it('serialises refreshes through the lock manager', async () => {
    store(now - 1);
    const order: string[] = [];
    const locks = {
      request: vi.fn(async (_name: string, task: () => Promise<unknown>) => {
        order.push('lock');
        return task();
      }),
    } as unknown as LockManager;
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        order.push('fetch');
        return json(200, { accessToken: 'a2', refreshToken: 'r2', expiresIn: '15m' });
      }),
    );
    const session = new Session(new TokenStore(), locks, () => now);
    expect(await session.accessToken()).toBe('a2');
    expect(order).toEqual(['lock', 'fetch']);
  });

  it('ends the session when the refresh token is refused', async () => {
    store(now - 1);
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => json(401, { statusCode: 401, message: 'Unauthorized' })),
    );
    const session = new Session(new TokenStore(), undefined, () => now);
    const ended = vi.fn();
    session.subscribe(ended);
    await expect(session.accessToken()).rejects.toBeInstanceOf(SessionEndedError);
    expect(session.user).toBeNull();
    expect(session.endReason).toBe('expired');
    expect(ended).toHaveBeenCalled();
    expect(window.localStorage.getItem(SESSION_KEY)).toBeNull();
  });

  it('keeps the session when the server cannot be reached', async () => {
    store(now - 1);
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    const session = new Session(new TokenStore(), undefined, () => now);
    await expect(session.accessToken()).rejects.toThrow('Cannot reach the server');
    expect(session.user).toEqual(user);
  });

  it('logs out: forgets the tokens and revokes the refresh token', async () => {
    store(now + 900_000);
    const fetch = vi.fn(async () => json(204, null));
    vi.stubGlobal('fetch', fetch);
    const session = new Session(new TokenStore(), undefined, () => now);
    await session.logout();
    expect(session.user).toBeNull();
    expect(session.endReason).toBe('logout');
    expect(fetch).toHaveBeenCalledWith(
      '/api/auth/logout',
      expect.objectContaining({ method: 'POST', body: '{"refreshToken":"r1"}' }),
    );
  });

  it('follows a logout in another tab', () => {
    store(now + 900_000);
    const session = new Session(new TokenStore(), undefined, () => now);
    window.localStorage.removeItem(SESSION_KEY);
    session.handleStorageEvent(new StorageEvent('storage', { key: SESSION_KEY }));
    expect(session.user).toBeNull();
  });
});
