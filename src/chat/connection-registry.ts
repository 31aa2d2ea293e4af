import { Injectable } from '@nestjs/common';

import { RoomPresence } from '../rooms/room-presence.js';
import { ChatClient, Subscription } from './chat-client.js';

/**
 * Who is connected where, in this process, indexed by the Broadcaster's topics: room ->
 * subscriptions (room sockets and per-user subscriptions alike), user -> sockets, session
 * -> sockets, and room -> the per-user sockets of its members (for `room.activity`); and
 * how many sockets each user holds (open, or accepted and about to open).
 * Tells RoomPresence when a user's first subscription to a room in this process opens and
 * their last one closes.
 */
@Injectable()
export class ConnectionRegistry {
  /** roomId -> socket -> its subscription, and userId -> how many of the user's there are. */
  private readonly rooms = new Map<
    number,
    { subscriptions: Map<ChatClient, Subscription>; users: Map<number, number> }
  >();
  private readonly users = new Map<number, Set<ChatClient>>();
  private readonly sessions = new Map<string, Set<ChatClient>>();
  /** roomId -> per-user sockets of its members. */
  private readonly watchers = new Map<number, Set<ChatClient>>();
  private readonly all = new Set<ChatClient>();
  /** user id -> sockets open or reserved (see reserve). */
  private readonly perUser = new Map<number, number>();

  constructor(private readonly presence: RoomPresence) {}

  /** Registers a socket: a room socket with its subscription, a per-user socket with its rooms. */
  add(client: ChatClient, subscription?: Subscription): void {
    if (this.all.has(client)) return;
    this.all.add(client);
    addTo(this.users, client.userId, client);
    addTo(this.sessions, client.sessionId, client);
    this.count(client.userId, 1);
    if (subscription) this.subscribe(subscription);
    if (client.perUser) for (const roomId of client.memberOf) addTo(this.watchers, roomId, client);
  }

  /** Forgets a socket and its subscriptions (again is harmless). */
  remove(client: ChatClient): void {
    if (!this.all.delete(client)) return;
    this.count(client.userId, -1);
    removeFrom(this.users, client.userId, client);
    removeFrom(this.sessions, client.sessionId, client);
    for (const subscription of [...client.subscriptions.values()]) this.unsubscribe(subscription);
    for (const roomId of client.memberOf) removeFrom(this.watchers, roomId, client);
  }

  subscribe(subscription: Subscription): void {
    const { client, roomId } = subscription;
    if (client.subscriptions.has(roomId)) return;
    client.subscriptions.set(roomId, subscription);
    let room = this.rooms.get(roomId);
    if (!room) this.rooms.set(roomId, (room = { subscriptions: new Map(), users: new Map() }));
    room.subscriptions.set(client, subscription);
    const count = (room.users.get(client.userId) ?? 0) + 1;
    room.users.set(client.userId, count);
    if (count === 1) this.presence.set(roomId, client.ref, true);
  }

  unsubscribe(subscription: Subscription): void {
    const { client, roomId } = subscription;
    if (client.subscriptions.get(roomId) !== subscription) return;
    client.subscriptions.delete(roomId);
    const room = this.rooms.get(roomId)!;
    room.subscriptions.delete(client);
    const count = room.users.get(client.userId)! - 1;
    if (count > 0) return void room.users.set(client.userId, count);
    room.users.delete(client.userId);
    if (room.subscriptions.size === 0) this.rooms.delete(roomId);
    this.presence.set(roomId, client.ref, false);
  }

  /** The user joined (true) or left the room: their per-user sockets follow its activity or stop. */
  setMember(client: ChatClient, roomId: number, member: boolean): void {
    if (client.opening) return void client.opening.changes.set(roomId, member); // applied once open
    if (member) client.memberOf.add(roomId);
    else client.memberOf.delete(roomId);
    if (!client.perUser || !this.all.has(client)) return;
    if (member) addTo(this.watchers, roomId, client);
    else removeFrom(this.watchers, roomId, client);
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

  /** The subscriptions to the room: socket -> subscription. */
  subscriptionsTo(roomId: number): ReadonlyMap<ChatClient, Subscription> {
    return this.rooms.get(roomId)?.subscriptions ?? NO_SUBSCRIPTIONS;
  }

  /** The sockets subscribed to the room (room sockets and per-user sockets). */
  socketsIn(roomId: number): ReadonlySet<ChatClient> {
    return new Set(this.subscriptionsTo(roomId).keys());
  }

  /** The user's sockets subscribed to the room. */
  socketsOf(roomId: number, userId: number): ReadonlySet<ChatClient> {
    const subscriptions = this.rooms.get(roomId)?.subscriptions;
    if (!subscriptions?.size) return EMPTY;
    return new Set([...(this.users.get(userId) ?? EMPTY)].filter((c) => subscriptions.has(c)));
  }

  /** Every socket of the user, room sockets and per-user sockets. */
  socketsOfUser(userId: number): ReadonlySet<ChatClient> {
    return this.users.get(userId) ?? EMPTY;
  }

  socketsOfSession(sessionId: string): ReadonlySet<ChatClient> {
    return this.sessions.get(sessionId) ?? EMPTY;
  }

  /** The per-user sockets of the room's members. */
  watchersOf(roomId: number): ReadonlySet<ChatClient> {
    return this.watchers.get(roomId) ?? EMPTY;
  }

  everySocket(): ReadonlySet<ChatClient> {
    return this.all;
  }

  get size(): number {
    return this.all.size;
  }
}

const EMPTY: ReadonlySet<ChatClient> = new Set();
const NO_SUBSCRIPTIONS: ReadonlyMap<ChatClient, Subscription> = new Map();

function addTo<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  let values = index.get(key);
  if (!values) index.set(key, (values = new Set()));
  values.add(value);
}

function removeFrom<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  const values = index.get(key);
  if (!values?.delete(value)) return;
  if (values.size === 0) index.delete(key);
}
