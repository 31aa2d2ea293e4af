import type { Message } from '@contract/messages.js';

export interface UserRef {
  id: number;
  username: string;
}

export type ServerFrame =
  | {
      type: 'ready';
      room: { id: number; name: string };
      user: UserRef;
      online: UserRef[];
      lastSeq: number;
    }
  | { type: 'message'; message: Message }
  | { type: 'typing'; user: UserRef; isTyping: boolean }
  | { type: 'read'; user: UserRef; seq: number }
  | { type: 'presence'; user: UserRef; online: boolean }
  | { type: 'error'; code: string; message: string; clientId?: string; retryAfterMs?: number }
  | { type: 'resync'; lastSeq: number }
  | { type: 'pong' };

export type ClientFrame =
  | { type: 'message'; content: string; clientId: string }
  | { type: 'typing'; isTyping: boolean }
  | { type: 'read'; seq: number }
  | { type: 'ping' };

/** Parses one frame; anything that is not an object with a string `type` is dropped. */
export function parseFrame(data: unknown): ServerFrame | null {
  if (typeof data !== 'string') return null;
  try {
    const frame = JSON.parse(data) as { type?: unknown };
    return frame && typeof frame === 'object' && typeof frame.type === 'string'
      ? (frame as ServerFrame)
      : null;
  } catch {
    return null;
  }
}

export const CloseCode = {
  normal: 1000,
  goingAway: 1001,
  policy: 1008,
  tooBig: 1009,
  unauthorized: 4401,
  forbidden: 4403,
  noSuchRoom: 4404,
} as const;
