import type { Session } from '../session/session';
import { ApiError, request, type RequestOptions } from './http';
import type {
  Member,
  Message,
  MessagePage,
  Profile,
  ProfileUpdate,
  ReadPosition,
  Room,
  User,
} from './types';

export type ApiClient = ReturnType<typeof createApiClient>;

/** The authenticated REST calls; a 401 refreshes the access token once and retries. */
export function createApiClient(session: Session) {
  async function authed<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const token = await session.accessToken();
    try {
      return await request<T>(path, { ...options, token });
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      const fresh = await session.refresh(token);
      return request<T>(path, { ...options, token: fresh });
    }
  }

  const room = (id: number) => `/api/rooms/${encodeURIComponent(id)}`;

  return {
    me: () => authed<User>('/api/auth/me'),

    listRooms: (signal?: AbortSignal) => authed<Room[]>('/api/rooms', { signal }),
    getRoom: (id: number) => authed<Room>(room(id)),
    createRoom: (name: string, description?: string) =>
      authed<Room>('/api/rooms', {
        method: 'POST',
        body: description ? { name, description } : { name },
      }),
    members: (id: number) => authed<Member[]>(`${room(id)}/members`),
    join: (id: number) => authed<unknown>(`${room(id)}/members/me`, { method: 'PUT' }),
    leave: (id: number) => authed<void>(`${room(id)}/members/me`, { method: 'DELETE' }),
    markRead: (id: number, seq: number) =>
      authed<ReadPosition>(`${room(id)}/read`, { method: 'PUT', body: { seq } }),

    messages: (id: number, cursor: { before?: number; after?: number; limit?: number } = {}) => {
      const query = new URLSearchParams({ limit: String(cursor.limit ?? 50) });
      if (cursor.before !== undefined) query.set('before', String(cursor.before));
      if (cursor.after !== undefined) query.set('after', String(cursor.after));
      return authed<MessagePage>(`${room(id)}/messages?${query}`);
    },
    postMessage: (id: number, content: string, clientId: string) =>
      authed<Message>(`${room(id)}/messages`, { method: 'POST', body: { content, clientId } }),

    profile: (userId: number) => authed<Profile>(`/api/users/${userId}/profile`),
    updateProfile: (userId: number, update: ProfileUpdate) =>
      authed<Profile>(`/api/users/${userId}/profile`, { method: 'PUT', body: update }),
  };
}
