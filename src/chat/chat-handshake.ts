import type { IncomingMessage } from 'node:http';

import { Injectable } from '@nestjs/common';

import type { AuthUser } from '../common/auth-user.js';
import { AuthService } from '../auth/auth.service.js';
import { AppError } from '../common/app-error.js';
import type { RoomKind } from '../contract/rooms.js';
import { AppConfig } from '../config/app-config.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { ConnectionRegistry } from './connection-registry.js';

/** The gateway's path: the per-user socket `/api/ws`, a room socket `/api/ws/{roomId}`. */
export const CHAT_PATH = '/api/ws';

const USER_PATH = /^\/api\/ws\/?$/;
const ROOM_PATH = /^\/api\/ws\/([^/]*)\/?$/;
const POSITIVE_ID = /^[1-9]\d{0,9}$/;
const MAX_ID = 2 ** 31 - 1;
const SEQ = /^\d{1,15}$/;

/** An accepted room socket: its room, joined, and where to resume. */
export interface RoomHandshake {
  user: AuthUser;
  room: { id: number; name: string | null; kind: RoomKind };
  /** The resume cursor (`since`), or null for a fresh connection. */
  since: number | null;
}

/** An accepted per-user socket (its rooms are read once it is open, see ChatGateway). */
export interface UserHandshake {
  user: AuthUser;
}

export type Handshake = RoomHandshake | UserHandshake;

/**
 * Decides an upgrade request before the 101: path, origin, token, cursor, sockets per user,
 * room. Refusals are AppErrors, turned into HTTP statuses in chat-errors.ts. Accepting a
 * room socket joins the room; accepting either reserves one of the user's sockets, which
 * the caller releases once the socket is registered (or never opened).
 */
@Injectable()
export class ChatHandshake {
  constructor(
    private readonly auth: AuthService,
    private readonly rooms: RoomsService,
    private readonly config: AppConfig,
    private readonly registry: ConnectionRegistry,
  ) {}

  async accept(request: IncomingMessage): Promise<Handshake> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const perUser = USER_PATH.test(url.pathname);
    const roomId = perUser ? 0 : parseRoomId(url.pathname);
    this.checkOrigin(request);
    const user = await this.auth.verifyAccessToken(url.searchParams.get('token') || undefined);
    const since = perUser ? null : parseSince(url.searchParams.get('since'));
    this.reserveSocket(user);
    try {
      if (perUser) return { user };
      const { id, name, kind } = await this.rooms.enter(user, roomId);
      return { user, room: { id, name, kind }, since };
    } catch (error) {
      this.registry.release(user.id);
      throw error;
    }
  }

  /** WS_MAX_SOCKETS_PER_USER: no retryAfterMs, since a slot frees only when a socket closes. */
  private reserveSocket(user: AuthUser): void {
    if (!this.registry.reserve(user.id, this.config.wsMaxSocketsPerUser)) {
      throw new AppError('rate_limited', 'Too many open sockets for this user');
    }
  }

  /** Browsers say where the page came from: only our own origin and CORS_ORIGINS may connect. */
  private checkOrigin(request: IncomingMessage): void {
    const origin = request.headers.origin;
    if (origin === undefined || this.config.corsOrigins.includes(origin)) return;
    let host: string | null = null;
    try {
      host = new URL(origin).host;
    } catch {
      // "null" (sandboxed pages, file://) and garbage are foreign origins.
    }
    if (host === null || host !== request.headers.host) {
      throw new AppError('forbidden', `Origin ${origin} is not allowed`);
    }
  }
}

/** `/api/ws/5` -> 5; anything else under the path is a room that does not exist. */
function parseRoomId(pathname: string): number {
  const raw = ROOM_PATH.exec(pathname)?.[1] ?? '';
  const id = Number(raw);
  if (!POSITIVE_ID.test(raw) || id > MAX_ID) {
    throw new AppError('not_found', `Room ${raw.slice(0, 32) || '(none)'} not found`);
  }
  return id;
}

function parseSince(raw: string | null): number | null {
  if (raw === null || raw === '') return null;
  if (!SEQ.test(raw)) throw new AppError('invalid', 'since must be a non-negative integer');
  return Number(raw);
}
