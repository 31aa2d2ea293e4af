import request from 'supertest';

import { Broadcaster } from '../../src/broadcast/broadcaster.js';
import type { AnyEvent, Topic } from '../../src/broadcast/events.js';
import type { TestApp } from '../support/create-app.js';
import type { TestUser } from '../support/factories.js';

/**
 * The REST calls of rooms part 2 (the OpenAPI description at /api/docs), one function each,
 * answering supertest's Test so that a spec chains `.expect(status)`.
 */
export function roomsApi(app: TestApp) {
  const http = () => request(app.url);
  const as = (test: request.Test, user: TestUser) => test.set('Authorization', user.auth);
  return {
    create: (user: TestUser, body: object) => as(http().post('/api/rooms'), user).send(body),
    list: (user: TestUser, query = '') => as(http().get(`/api/rooms${query}`), user),
    room: (user: TestUser, roomId: number) => as(http().get(`/api/rooms/${roomId}`), user),
    patch: (user: TestUser, roomId: number, body: object) =>
      as(http().patch(`/api/rooms/${roomId}`), user).send(body),
    members: (user: TestUser, roomId: number) =>
      as(http().get(`/api/rooms/${roomId}/members`), user),
    join: (user: TestUser, roomId: number) =>
      as(http().put(`/api/rooms/${roomId}/members/me`), user),
    leave: (user: TestUser, roomId: number) =>
      as(http().delete(`/api/rooms/${roomId}/members/me`), user),
    read: (user: TestUser, roomId: number, seq: number) =>
      as(http().put(`/api/rooms/${roomId}/read`), user).send({ seq }),
    notify: (user: TestUser, roomId: number, level: unknown) =>
      as(http().put(`/api/rooms/${roomId}/notify`), user).send({ level }),
    add: (user: TestUser, roomId: number, userId: unknown) =>
      as(http().post(`/api/rooms/${roomId}/members`), user).send({ userId }),
    kick: (user: TestUser, roomId: number, userId: number) =>
      as(http().delete(`/api/rooms/${roomId}/members/${userId}`), user),
    role: (user: TestUser, roomId: number, userId: number, role: unknown) =>
      as(http().put(`/api/rooms/${roomId}/members/${userId}/role`), user).send({ role }),
    ban: (user: TestUser, roomId: number, userId: number) =>
      as(http().put(`/api/rooms/${roomId}/bans/${userId}`), user),
    unban: (user: TestUser, roomId: number, userId: number) =>
      as(http().delete(`/api/rooms/${roomId}/bans/${userId}`), user),
    bans: (user: TestUser, roomId: number) => as(http().get(`/api/rooms/${roomId}/bans`), user),
    dm: (user: TestUser, userIds: unknown) => as(http().post('/api/dms'), user).send({ userIds }),
    messages: (user: TestUser, roomId: number) =>
      as(http().get(`/api/rooms/${roomId}/messages`), user),
    send: (user: TestUser, roomId: number, content: string) =>
      as(http().post(`/api/rooms/${roomId}/messages`), user).send({ content }),
  };
}

export type RoomsApi = ReturnType<typeof roomsApi>;

let counter = 0;
/** A room name no other spec uses. */
export const roomName = (prefix = 'room') => `${prefix}-${++counter}-${process.pid}`;

/** A room made by `owner`; its id. */
export async function createRoom(api: RoomsApi, owner: TestUser, isPrivate = false) {
  const body = { name: roomName(isPrivate ? 'private' : 'public'), private: isPrivate };
  return (await api.create(owner, body).expect(201)).body.id as number;
}

/** What the Broadcaster carries from now on, by topic, until `stop()`. */
export function recordEvents(app: TestApp) {
  const events: [Topic, AnyEvent][] = [];
  const stop = app.app.get(Broadcaster).subscribe((topic, event) => events.push([topic, event]));
  return { events, stop };
}

/** The `message` field of a refusal, as text (validation answers an array). */
export const messageOf = (response: request.Response) => JSON.stringify(response.body.message);
