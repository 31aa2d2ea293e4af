import { Injectable } from '@nestjs/common';

import type { UserRef } from '../broadcast/room-event.js';
import { RoomPresence } from '../rooms/room-presence.js';
import type { ChatClient } from './chat-client.js';

interface RoomEntry {
  /** Every socket in the room, flat, for the broadcast loop. */
  clients: Set<ChatClient>;
  /** user id -> that user's sockets (tabs) in the room. */
  users: Map<number, Set<ChatClient>>;
}

/**
 * Who is connected where, in this process: room -> user -> sockets, and session -> sockets,
 * and how many sockets each user holds (open, or accepted and about to open).
 * Keeps RoomPresence (REST's `online` and `onlineCount`) in step on a user's first socket
 * in and last socket out of a room, and says so to the caller, who tells the room.
 */
@Injectable()
export class ConnectionRegistry {
  private readonly rooms = new Map<number, RoomEntry>();
  private readonly sessions = new Map<string, Set<ChatClient>>();
  private readonly all = new Set<ChatClient>();
  /** user id -> sockets open or reserved, in every room (see reserve). */
  private readonly perUser = new Map<number, number>();

  constructor(private readonly presence: RoomPresence) {}

  /** Registers a socket; true when it is the user's first in that room. */
  add(client: ChatClient): boolean {
    if (this.all.has(client)) return false;
    this.all.add(client);
    let room = this.rooms.get(client.roomId);
    if (!room) this.rooms.set(client.roomId, (room = { clients: new Set(), users: new Map() }));
    room.clients.add(client);
    let tabs = room.users.get(client.userId);
    const first = !tabs;
    if (!tabs) room.users.set(client.userId, (tabs = new Set()));
    tabs.add(client);
    let session = this.sessions.get(client.sessionId);
    if (!session) this.sessions.set(client.sessionId, (session = new Set()));
    session.add(client);
    this.count(client.userId, 1);
    if (first) this.presence.set(client.roomId, client.userId, true);
    return first;
  }

  /** Forgets a socket (again is harmless); true when it was the user's last in that room. */
  remove(client: ChatClient): boolean {
    if (!this.all.delete(client)) return false;
    this.count(client.userId, -1);
    const session = this.sessions.get(client.sessionId);
    session?.delete(client);
    if (session?.size === 0) this.sessions.delete(client.sessionId);
    const room = this.rooms.get(client.roomId)!;
    room.clients.delete(client);
    const tabs = room.users.get(client.userId)!;
    tabs.delete(client);
    if (tabs.size > 0) return false;
    room.users.delete(client.userId);
    if (room.clients.size === 0) this.rooms.delete(client.roomId);
    this.presence.set(client.roomId, client.userId, false);
    return true;
  }

  /**
   * Holds one of the user's `limit` sockets for a handshake in flight, so that handshakes
   * racing each other cannot pass the limit together: false when none is left.
   */
  reserve(userId: number, limit: number): boolean {
    if (this.socketCountOf(userId) >= limit) return false;
    this.count(userId, 1);
    return true;
  }

  /** Gives back a reservation: the handshake failed, or its socket is registered. */
  release(userId: number): void {
    this.count(userId, -1);
  }

  /** The user's sockets in this process, reserved ones included. */
  socketCountOf(userId: number): number {
    return this.perUser.get(userId) ?? 0;
  }

  private count(userId: number, change: number): void {
    const count = this.socketCountOf(userId) + change;
    if (count > 0) this.perUser.set(userId, count);
    else this.perUser.delete(userId);
  }

  socketsIn(roomId: number): ReadonlySet<ChatClient> {
    return this.rooms.get(roomId)?.clients ?? EMPTY;
  }

  /** The users with at least one socket in the room, in the order they came. */
  onlineIn(roomId: number): UserRef[] {
    const room = this.rooms.get(roomId);
    if (!room) return [];
    return [...room.users.values()].map((tabs) => tabs.values().next().value!.ref);
  }

  socketsOf(roomId: number, userId: number): ReadonlySet<ChatClient> {
    return this.rooms.get(roomId)?.users.get(userId) ?? EMPTY;
  }

  socketsOfSession(sessionId: string): ReadonlySet<ChatClient> {
    return this.sessions.get(sessionId) ?? EMPTY;
  }

  everySocket(): ReadonlySet<ChatClient> {
    return this.all;
  }

  get size(): number {
    return this.all.size;
  }
}

const EMPTY: ReadonlySet<ChatClient> = new Set();
