import { Session } from '../session/session';
import { TokenStore } from '../session/tokenStore';
import { createApiClient } from './client';
import { ApiError } from './http';

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

describe('createApiClient', () => {
  beforeEach(() => {
    new TokenStore().save({
      refreshToken: 'r1',
      accessToken: 'a1',
      accessExpiresAt: Date.now() + 600_000,
      user: { id: 1, username: 'ana' },
    });
  });

  it('refreshes once on 401 and retries with the new token', async () => {
    const fetch = vi.fn(async (path: string, init: RequestInit) => {
      const auth = (init.headers as Record<string, string>).Authorization;
      if (path === '/api/auth/refresh')
        return json(200, { accessToken: 'a2', refreshToken: 'r2', expiresIn: 900 });
      return auth === 'Bearer a2'
        ? json(200, [])
        : json(401, { statusCode: 401, message: 'Unauthorized' });
    });
    vi.stubGlobal('fetch', fetch);
    const api = createApiClient(new Session(new TokenStore(), undefined));
    expect(await api.listRooms()).toEqual([]);
    expect(fetch.mock.calls.map((call) => call[0])).toEqual([
      '/api/rooms',
      '/api/auth/refresh',
      '/api/rooms',
    ]);
  });

  it('turns a duplicate room into an ApiError with status 409', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        json(409, { statusCode: 409, message: 'Room name taken', error: 'Conflict' }),
      ),
    );
    const api = createApiClient(new Session(new TokenStore(), undefined));
    const error = await api.createRoom('general').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, message: 'Room name taken' });
  });

  it('builds history queries with cursors', async () => {
    const fetch = vi.fn(async (_path: string) => json(200, { messages: [], hasMore: false }));
    vi.stubGlobal('fetch', fetch);
    const api = createApiClient(new Session(new TokenStore(), undefined));
    await api.messages(7, { before: 51 });
    expect(fetch.mock.calls[0][0]).toBe('/api/rooms/7/messages?limit=50&before=51');
  });
});
