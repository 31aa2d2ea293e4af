import type { IncomingMessage } from 'node:http';

import { Injectable } from '@nestjs/common';

import type { AuthUser } from '../common/auth-user.js';
import { AuthService } from '../auth/auth.service.js';
import { AppError } from '../common/app-error.js';
import { AppConfig } from '../config/app-config.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { ConnectionRegistry } from './connection-registry.js';

/** The gateway's path; the room id follows it: `/api/ws/{roomId}`. */
export const CHAT_PATH = '/api/ws';

const ROOM_PATH = /^\/api\/ws\/([^/]*)\/?$/;
const POSITIVE_ID = /^[1-9]\d{0,9}$/;
const MAX_ID = 2 ** 31 - 1;
const SEQ = /^\d{1,15}$/;

export interface Handshake {
  user: AuthUser;
  room: { id: number; name: string };
  /** The resume cursor (`since`), or null for a fresh connection. */
  since: number | null;
}

/**
 * Decides an upgrade request before the 101: path, origin, token, cursor, sockets per user,
 * room. Refusals are AppErrors, turned into HTTP statuses in chat-errors.ts. Accepting joins
 * the room and reserves one of the user's sockets, which the caller releases once the
 * socket is registered (or never opened).
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
    const roomId = parseRoomId(url.pathname);
    this.checkOrigin(request);
    const user = await this.auth.verifyAccessToken(url.searchParams.get('token') || undefined);
    const since = parseSince(url.searchParams.get('since'));
    this.reserveSocket(user);
    try {
      const room = await this.rooms.enter(user, roomId);
      return { user, room: { id: room.id, name: room.name }, since };
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
