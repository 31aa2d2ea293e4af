import request from 'supertest';
import { WebSocket } from 'ws';

import type { TestApp } from '../support/create-app.js';
import type { TestUser } from '../support/factories.js';
import { connect, Frame, TestSocket, withTimeout, wsUrl } from '../support/ws-client.js';

/**
 * The per-user socket `WS /api/ws?token=…` as a test drives it, and the REST calls of rooms
 * part 2 (private rooms, direct rooms, roles, moderation) that the specs of this folder make.
 */

const TIMEOUT_MS = 5000;

/** Limits that do not get in the way of specs that make hundreds of events. */
export const NO_LIMITS = {
  MESSAGE_RATE: '100000/s burst 100000',
  WS_FRAME_RATE: '100000/s burst 100000',
};

export function userSocketPath(token?: string): string {
  return token === undefined ? '/api/ws' : `/api/ws?token=${encodeURIComponent(token)}`;
}

/** A per-user socket: every room-scoped frame carries `roomId`. */
export class UserSocket extends TestSocket {
  /** Sends `subscribe` and answers the `subscribed` or the `error` that names this room. */
  async subscribe(roomId: number, since?: number | null, timeoutMs = TIMEOUT_MS): Promise<Frame> {
    this.send(
      since === undefined ? { type: 'subscribe', roomId } : { type: 'subscribe', roomId, since },
    );
    return this.answerFor(roomId, timeoutMs);
  }

  /** Sends `subscribe` and fails unless it is answered `subscribed`. */
  async subscribed(roomId: number, since?: number | null, timeoutMs = TIMEOUT_MS): Promise<Frame> {
    const answer = await this.subscribe(roomId, since, timeoutMs);
    if (answer.type !== 'subscribed') {
      throw new Error(`subscribe to room ${roomId} answered ${JSON.stringify(answer)}`);
    }
    return answer;
  }

  unsubscribe(roomId: number): void {
    this.send({ type: 'unsubscribe', roomId });
  }

  /** The next `subscribed` or `error` frame that names this room. */
  answerFor(roomId: number, timeoutMs = TIMEOUT_MS): Promise<Frame> {
    return this.nextMatching(
      (frame) => (frame.type === 'subscribed' || frame.type === 'error') && frame.roomId === roomId,
      `the answer to subscribe ${roomId}`,
      timeoutMs,
    );
  }

  /** The next untaken frame of this type for this room. */
  nextIn(type: string, roomId: number, timeoutMs = TIMEOUT_MS): Promise<Frame> {
    return this.nextWhere(type, (frame) => frame.roomId === roomId, timeoutMs);
  }

  /** The next `error` frame (any room, or none). */
  nextError(timeoutMs = TIMEOUT_MS): Promise<Frame> {
    return this.next('error', timeoutMs);
  }

  /** Every frame received so far that names this room (taken or not). */
  framesOf(roomId: number): Frame[] {
    return this.frames.filter((frame) => frame.roomId === roomId);
  }
}

export interface UserConnectOptions {
  /** Wait for `ready` before resolving (default true). */
  ready?: boolean;
  /** false: the client does not answer the server's pings (a dead peer). */
  autoPong?: boolean;
}

/** Opens a per-user socket (and by default waits for `ready`). */
export async function connectUser(
  app: TestApp,
  token: string,
  options: UserConnectOptions = {},
): Promise<UserSocket> {
  const ws = new WebSocket(wsUrl(app, userSocketPath(token)), {
    autoPong: options.autoPong ?? true,
  });
  const socket = new UserSocket(ws);
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_request, response) =>
        reject(new Error(`the per-user socket was refused with ${response.statusCode}`)),
      );
      ws.once('error', reject);
    }),
    TIMEOUT_MS,
    'the per-user socket to open',
  );
  if (options.ready ?? true) await socket.next('ready');
  return socket;
}

/** The sockets a spec opens, all closed after each test (`afterEach(() => sockets.closeAll())`). */
export class OpenSockets {
  private readonly open: TestSocket[] = [];

  track(...sockets: TestSocket[]): void {
    this.open.push(...sockets);
  }

  async user(app: TestApp, user: TestUser): Promise<UserSocket> {
    const socket = await connectUser(app, user.accessToken);
    this.track(socket);
    return socket;
  }

  async room(app: TestApp, roomId: number, user: TestUser): Promise<TestSocket> {
    const socket = await connect(app, roomId, user.accessToken);
    this.track(socket);
    return socket;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.open.splice(0).map((socket) => socket.close()));
  }
}

/** The seq of a timeline frame: a message frame carries it in its message. */
export function seqOf(frame: Frame): number {
  return frame.type === 'message' ? (frame.message.seq as number) : (frame.seq as number);
}

const TIMELINE_TYPES = [
  'message',
  'message.edited',
  'message.deleted',
  'reaction',
  'message.pinned',
];

export const isTimeline = (frame: Frame) => TIMELINE_TYPES.includes(frame.type);

/** The timeline frames of one room on a per-user socket, in arrival order. */
export function timelineOf(socket: TestSocket, roomId: number): Frame[] {
  return socket.frames.filter((frame) => isTimeline(frame) && frame.roomId === roomId);
}

/** Polls until `check` holds, up to timeoutMs; the error says what did not happen. */
export async function until(
  check: () => boolean,
  what: string | (() => string),
  timeoutMs = TIMEOUT_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms: ${typeof what === 'string' ? what : what()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, index) => from + index);
}

/** A list of numbers for an error message: whole when short, its ends when long. */
export function briefly(numbers: number[]): string {
  if (numbers.length <= 40) return JSON.stringify(numbers);
  return `[${numbers.slice(0, 20).join(',')} … ${numbers.slice(-20).join(',')}] (${numbers.length})`;
}

export const userRef = (user: TestUser) => ({ id: user.id, username: user.username });

/** Sorts user refs by id, for comparing `online` lists. */
export const byId = <T extends { id: number }>(list: T[]): T[] =>
  [...list].sort((a, b) => a.id - b.id);

/**
 * Every app of every spec file that uses Redis publishes on the same channels, by room and
 * user id: this database's ids start far from the ids of other files' fresh databases.
 */
export async function distantIds(app: TestApp): Promise<void> {
  const start = 100_000_000 + Math.floor(Math.random() * 1_000_000_000);
  await app.dataSource.query(`SELECT setval(pg_get_serial_sequence('room', 'id'), $1)`, [start]);
  await app.dataSource.query(`SELECT setval(pg_get_serial_sequence('"user"', 'id'), $1)`, [start]);
}

/** The REST calls of rooms, messages and rooms part 2, answering supertest's Test. */
export function roomsApi(app: TestApp) {
  const http = () => request(app.url);
  return {
    create: (user: TestUser, body: { name: string; description?: string; private?: boolean }) =>
      http().post('/api/rooms').set('Authorization', user.auth).send(body),
    room: (user: TestUser, roomId: number) =>
      http().get(`/api/rooms/${roomId}`).set('Authorization', user.auth),
    rooms: (user: TestUser) => http().get('/api/rooms').set('Authorization', user.auth),
    members: (user: TestUser, roomId: number) =>
      http().get(`/api/rooms/${roomId}/members`).set('Authorization', user.auth),
    join: (user: TestUser, roomId: number) =>
      http().put(`/api/rooms/${roomId}/members/me`).set('Authorization', user.auth),
    leave: (user: TestUser, roomId: number) =>
      http().delete(`/api/rooms/${roomId}/members/me`).set('Authorization', user.auth),
    patch: (user: TestUser, roomId: number, body: { name?: string; description?: string }) =>
      http().patch(`/api/rooms/${roomId}`).set('Authorization', user.auth).send(body),
    add: (user: TestUser, roomId: number, userId: number) =>
      http().post(`/api/rooms/${roomId}/members`).set('Authorization', user.auth).send({ userId }),
    kick: (user: TestUser, roomId: number, userId: number) =>
      http().delete(`/api/rooms/${roomId}/members/${userId}`).set('Authorization', user.auth),
    role: (user: TestUser, roomId: number, userId: number, role: 'moderator' | 'member') =>
      http()
        .put(`/api/rooms/${roomId}/members/${userId}/role`)
        .set('Authorization', user.auth)
        .send({ role }),
    ban: (user: TestUser, roomId: number, userId: number) =>
      http().put(`/api/rooms/${roomId}/bans/${userId}`).set('Authorization', user.auth),
    unban: (user: TestUser, roomId: number, userId: number) =>
      http().delete(`/api/rooms/${roomId}/bans/${userId}`).set('Authorization', user.auth),
    dm: (user: TestUser, userIds: number[]) =>
      http().post('/api/dms').set('Authorization', user.auth).send({ userIds }),
    send: (user: TestUser, roomId: number, body: object | string) =>
      http()
        .post(`/api/rooms/${roomId}/messages`)
        .set('Authorization', user.auth)
        .send(typeof body === 'string' ? { content: body } : body),
    history: (user: TestUser, roomId: number, query = '') =>
      http().get(`/api/rooms/${roomId}/messages${query}`).set('Authorization', user.auth),
    edit: (user: TestUser, messageId: number, content: string) =>
      http().patch(`/api/messages/${messageId}`).set('Authorization', user.auth).send({ content }),
    react: (user: TestUser, messageId: number, emoji: string) =>
      http()
        .put(`/api/messages/${messageId}/reactions/${encodeURIComponent(emoji)}`)
        .set('Authorization', user.auth),
    pin: (user: TestUser, messageId: number) =>
      http().put(`/api/messages/${messageId}/pin`).set('Authorization', user.auth),
    remove: (user: TestUser, messageId: number) =>
      http().delete(`/api/messages/${messageId}`).set('Authorization', user.auth),
    read: (user: TestUser, roomId: number, seq: number) =>
      http().put(`/api/rooms/${roomId}/read`).set('Authorization', user.auth).send({ seq }),
  };
}

export type RoomsApi = ReturnType<typeof roomsApi>;

let counter = 0;

/** A fresh room name, unique within the process. */
export function roomName(prefix = 'us'): string {
  return `${prefix}-${process.pid}-${++counter}`;
}

/** A fresh room made by `owner` over REST (public unless asked); answers its id. */
export async function createRoom(
  app: TestApp,
  owner: TestUser,
  options: { private?: boolean; name?: string } = {},
): Promise<number> {
  const answer = await roomsApi(app)
    .create(owner, { name: options.name ?? roomName(), private: options.private })
    .expect(201);
  return answer.body.id as number;
}
