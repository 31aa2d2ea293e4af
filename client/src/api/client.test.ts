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
      user: { id: 1, username: 'ana', displayName: 'Ana' },
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

  it('builds the message routes, encoding the emoji in the path', async () => {
    const fetch = vi.fn(async (_path: string, init: RequestInit) =>
      init.method === 'DELETE' && !String(_path).includes('reactions')
        ? new Response(null, { status: 204 })
        : json(200, { emoji: '👍', count: 1, me: true }),
    );
    vi.stubGlobal('fetch', fetch);
    const api = createApiClient(new Session(new TokenStore(), undefined));
    expect(await api.react(5, '👍🏽')).toEqual({ emoji: '👍', count: 1, me: true });
    await api.unreact(5, '👍');
    await api.deleteMessage(5);
    await api.editMessage(5, 'fixed');
    await api.pin(5);
    await api.messagesAround(7, 120, 40);
    const calls = fetch.mock.calls.map(([path, init]) => `${init.method ?? 'GET'} ${path}`);
    expect(calls).toEqual([
      `PUT /api/messages/5/reactions/${encodeURIComponent('👍🏽')}`,
      `DELETE /api/messages/5/reactions/${encodeURIComponent('👍')}`,
      'DELETE /api/messages/5',
      'PATCH /api/messages/5',
      'PUT /api/messages/5/pin',
      'GET /api/rooms/7/messages?around=120&limit=40',
    ]);
    expect(JSON.parse(String(fetch.mock.calls[3][1].body))).toEqual({ content: 'fixed' });
  });

  it('turns a refused edit into an ApiError carrying the server’s message', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => json(403, { statusCode: 403, message: 'Only the author may edit' })),
    );
    const api = createApiClient(new Session(new TokenStore(), undefined));
    const error = await api.editMessage(5, 'x').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 403, message: 'Only the author may edit' });
  });
});
