import type { Session } from '../session/session';
import { ApiError, request, type RequestOptions } from './http';
import type {
  Member,
  Message,
  MessagePage,
  MessagesAround,
  PinState,
  Profile,
  ProfileUpdate,
  ReactionSummary,
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
  const message = (id: number) => `/api/messages/${encodeURIComponent(id)}`;
  const reaction = (id: number, emoji: string) =>
    `${message(id)}/reactions/${encodeURIComponent(emoji)}`;

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
    /** The page centred on `seq` (jumping to a reply, a pin, a link). */
    messagesAround: (id: number, seq: number, limit = 50) =>
      authed<MessagesAround>(
        `${room(id)}/messages?${new URLSearchParams({ around: String(seq), limit: String(limit) })}`,
      ),
    postMessage: (id: number, content: string, clientId: string, replyToId?: number | null) =>
      authed<Message>(`${room(id)}/messages`, {
        method: 'POST',
        body: replyToId ? { content, clientId, replyToId } : { content, clientId },
      }),
    getMessage: (messageId: number) => authed<Message>(message(messageId)),
    editMessage: (messageId: number, content: string) =>
      authed<Message>(message(messageId), { method: 'PATCH', body: { content } }),
    deleteMessage: (messageId: number) => authed<void>(message(messageId), { method: 'DELETE' }),
    react: (messageId: number, emoji: string) =>
      authed<ReactionSummary>(reaction(messageId, emoji), { method: 'PUT' }),
    unreact: (messageId: number, emoji: string) =>
      authed<ReactionSummary>(reaction(messageId, emoji), { method: 'DELETE' }),
    pin: (messageId: number) => authed<PinState>(`${message(messageId)}/pin`, { method: 'PUT' }),
    unpin: (messageId: number) =>
      authed<PinState>(`${message(messageId)}/pin`, { method: 'DELETE' }),
    /** The room's pinned messages, newest pin first. */
    pins: (id: number) => authed<Message[]>(`${room(id)}/pins`),

    profile: (userId: number) => authed<Profile>(`/api/users/${userId}/profile`),
    updateProfile: (userId: number, update: ProfileUpdate) =>
      authed<Profile>(`/api/users/${userId}/profile`, { method: 'PUT', body: update }),
  };
}
