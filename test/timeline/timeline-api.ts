import request from 'supertest';

import { createApp, TestApp } from '../support/create-app.js';
import type { TestUser } from '../support/factories.js';
import type { Frame, TestSocket } from '../support/ws-client.js';

/**
 * The REST calls of the room timeline (the OpenAPI description at /api/docs), one
 * function each, answering supertest's Test so that a spec chains `.expect(status)`.
 */

export const NO_LIMITS = {
  MESSAGE_RATE: '100000/s burst 100000',
  WS_FRAME_RATE: '100000/s burst 100000',
};

/**
 * An app whose limits do not get in the way of specs that make hundreds of events. One
 * instance, without Redis: apps of other spec files share no channel with it (see
 * scale-out.e2e-spec.ts in this folder for two instances).
 */
export function createTimelineApp(): Promise<TestApp> {
  return createApp(NO_LIMITS);
}

export const TIMELINE_TYPES = [
  'message',
  'message.edited',
  'message.deleted',
  'reaction',
  'message.pinned',
] as const;

/** The seq of a timeline frame: a message frame carries it in its message. */
export function seqOf(frame: Frame): number {
  return frame.type === 'message' ? (frame.message.seq as number) : (frame.seq as number);
}

/** Every timeline frame a socket received so far, in arrival order. */
export function timelineFrames(socket: TestSocket): Frame[] {
  return socket.frames.filter((frame) =>
    (TIMELINE_TYPES as readonly string[]).includes(frame.type),
  );
}

/** A list of numbers for an error message: whole when short, its ends when long. */
export function briefly(numbers: number[]): string {
  if (numbers.length <= 40) return JSON.stringify(numbers);
  return `[${numbers.slice(0, 20).join(',')} … ${numbers.slice(-20).join(',')}] (${numbers.length})`;
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, index) => from + index);
}

export const userRef = (user: TestUser) => ({ id: user.id, username: user.username });
export const authorOf = (user: TestUser) => ({
  id: user.id,
  username: user.username,
  displayName: user.username,
});

export const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?Z$/;

export function timelineApi(app: TestApp) {
  const http = () => request(app.url);
  const emojiPath = (messageId: number | string, emoji: string) =>
    `/api/messages/${messageId}/reactions/${encodeURIComponent(emoji)}`;
  return {
    send: (user: TestUser, roomId: number | string, body: object | string) =>
      http()
        .post(`/api/rooms/${roomId}/messages`)
        .set('Authorization', user.auth)
        .send(typeof body === 'string' ? { content: body } : body),
    edit: (user: TestUser, messageId: number | string, body: object | string) =>
      http()
        .patch(`/api/messages/${messageId}`)
        .set('Authorization', user.auth)
        .send(typeof body === 'string' ? { content: body } : body),
    remove: (user: TestUser, messageId: number | string) =>
      http().delete(`/api/messages/${messageId}`).set('Authorization', user.auth),
    get: (user: TestUser, messageId: number | string) =>
      http().get(`/api/messages/${messageId}`).set('Authorization', user.auth),
    react: (user: TestUser, messageId: number | string, emoji: string) =>
      http().put(emojiPath(messageId, emoji)).set('Authorization', user.auth),
    unreact: (user: TestUser, messageId: number | string, emoji: string) =>
      http().delete(emojiPath(messageId, emoji)).set('Authorization', user.auth),
    /** A raw path after /api/messages/{id}/reactions/ (for malformed encodings). */
    reactRaw: (user: TestUser, messageId: number | string, rawEmoji: string) =>
      http()
        .put(`/api/messages/${messageId}/reactions/${rawEmoji}`)
        .set('Authorization', user.auth),
    pin: (user: TestUser, messageId: number | string) =>
      http().put(`/api/messages/${messageId}/pin`).set('Authorization', user.auth),
    unpin: (user: TestUser, messageId: number | string) =>
      http().delete(`/api/messages/${messageId}/pin`).set('Authorization', user.auth),
    pins: (user: TestUser, roomId: number | string) =>
      http().get(`/api/rooms/${roomId}/pins`).set('Authorization', user.auth),
    history: (user: TestUser, roomId: number | string, query = '') =>
      http().get(`/api/rooms/${roomId}/messages${query}`).set('Authorization', user.auth),
    room: (user: TestUser, roomId: number | string) =>
      http().get(`/api/rooms/${roomId}`).set('Authorization', user.auth),
    rooms: (user: TestUser) => http().get('/api/rooms').set('Authorization', user.auth),
    read: (user: TestUser, roomId: number | string, seq: number) =>
      http().put(`/api/rooms/${roomId}/read`).set('Authorization', user.auth).send({ seq }),
  };
}

export type TimelineApi = ReturnType<typeof timelineApi>;
