import type { Session } from '../session/session';
import { postForm, type UploadProgressOptions } from '../uploads/xhrUpload';
import { ApiError, type RequestOptions, send } from './http';
import type {
  Attachment,
  Ban,
  Member,
  Message,
  MessagePage,
  MessagesAround,
  NotificationPage,
  NotifyLevel,
  PinState,
  Profile,
  ProfileUpdate,
  ReactionSummary,
  ReadPosition,
  Role,
  Room,
  User,
} from './types';

export type ApiClient = ReturnType<typeof createApiClient>;

export interface UploadOptions extends Omit<UploadProgressOptions, 'token'> {
  /** Extra form fields (a voice message's kind, durationMs, waveform), sent before the file. */
  fields?: Record<string, string>;
}

/** The authenticated REST calls; a 401 refreshes the access token once and retries. */
export function createApiClient(session: Session) {
  async function authed<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return (await authedSend<T>(path, options)).body;
  }

  /** Like authed, but also answers the status (a DM tells 201 new from 200 existing). */
  async function authedSend<T>(path: string, options: RequestOptions = {}) {
    const token = await session.accessToken();
    try {
      return await send<T>(path, { ...options, token });
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      const fresh = await session.refresh(token);
      return send<T>(path, { ...options, token: fresh });
    }
  }

  /** One file to POST /api/uploads, with progress; a 401 refreshes and sends it again. */
  async function upload(file: File, options: UploadOptions = {}): Promise<Attachment> {
    const { fields = {}, ...progress } = options;
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', file, file.name);
    const token = await session.accessToken();
    try {
      return await postForm<Attachment>('/api/uploads', form, { ...progress, token });
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      const fresh = await session.refresh(token);
      progress.onProgress?.(0);
      return postForm<Attachment>('/api/uploads', form, { ...progress, token: fresh });
    }
  }

  const room = (id: number) => `/api/rooms/${encodeURIComponent(id)}`;
  const message = (id: number) => `/api/messages/${encodeURIComponent(id)}`;
  const reaction = (id: number, emoji: string) =>
    `${message(id)}/reactions/${encodeURIComponent(emoji)}`;

  return {
    upload,
    me: () => authed<User>('/api/auth/me'),

    listRooms: (signal?: AbortSignal) => authed<Room[]>('/api/rooms', { signal }),
    getRoom: (id: number) => authed<Room>(room(id)),
    createRoom: (name: string, description?: string, isPrivate = false) =>
      authed<Room>('/api/rooms', {
        method: 'POST',
        body: {
          name,
          ...(description ? { description } : {}),
          ...(isPrivate ? { private: true } : {}),
        },
      }),
    updateRoom: (id: number, update: { name?: string; description?: string }) =>
      authed<Room>(room(id), { method: 'PATCH', body: update }),
    members: (id: number) => authed<Member[]>(`${room(id)}/members`),
    addMember: (id: number, userId: number) =>
      authed<Member>(`${room(id)}/members`, { method: 'POST', body: { userId } }),
    removeMember: (id: number, userId: number) =>
      authed<void>(`${room(id)}/members/${encodeURIComponent(userId)}`, { method: 'DELETE' }),
    setRole: (id: number, userId: number, role: Exclude<Role, 'owner'>) =>
      authed<Member>(`${room(id)}/members/${encodeURIComponent(userId)}/role`, {
        method: 'PUT',
        body: { role },
      }),
    bans: (id: number) => authed<Ban[]>(`${room(id)}/bans`),
    ban: (id: number, userId: number) =>
      authed<void>(`${room(id)}/bans/${encodeURIComponent(userId)}`, { method: 'PUT' }),
    unban: (id: number, userId: number) =>
      authed<void>(`${room(id)}/bans/${encodeURIComponent(userId)}`, { method: 'DELETE' }),
    setNotifyLevel: (id: number, level: NotifyLevel) =>
      authed<{ level: NotifyLevel }>(`${room(id)}/notify`, { method: 'PUT', body: { level } }),
    /** The direct room with exactly these people (and the caller): `created` when new. */
    openDirect: async (userIds: number[]) => {
      const answer = await authedSend<Room>('/api/dms', { method: 'POST', body: { userIds } });
      return { room: answer.body, created: answer.status === 201 };
    },
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

    notifications: (options: { before?: number; limit?: number; unread?: boolean } = {}) => {
      const query = new URLSearchParams({ limit: String(options.limit ?? 30) });
      if (options.before !== undefined) query.set('before', String(options.before));
      if (options.unread) query.set('unread', 'true');
      return authed<NotificationPage>(`/api/notifications?${query}`);
    },
    markNotificationsRead: (which: { ids: number[] } | { all: true }) =>
      authed<{ unreadCount: number }>('/api/notifications/read', { method: 'PUT', body: which }),

    profile: (userId: number) => authed<Profile>(`/api/users/${userId}/profile`),
    updateProfile: (userId: number, update: ProfileUpdate) =>
      authed<Profile>(`/api/users/${userId}/profile`, { method: 'PUT', body: update }),
  };
}
