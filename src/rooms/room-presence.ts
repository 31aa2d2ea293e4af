import {
  Injectable,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';

import { Broadcaster } from '../broadcast/broadcaster.js';
import type { PresenceEvent, UserRef } from '../broadcast/events.js';

/** Each instance says it is alive this often; one not heard for three times as long is gone. */
export const PRESENCE_HEARTBEAT_MS = 10_000;

export type PresenceListener = (roomId: number, user: UserRef, online: boolean) => void;

/**
 * Who is online in which room, across instances: a user is online in a room while one of
 * their sockets, on any instance, is a room socket of it or subscribed to it.
 *
 * Each instance says when a user's first socket on it enters a room and their last one
 * leaves (`change`, on the Broadcaster's `presence` topic); every instance, this one
 * included, keeps the same map room -> user -> instances, and tells its listeners (the
 * gateway, which sends `presence` frames) when a user comes online anywhere or goes offline
 * everywhere. A new instance asks for the others' state (`hello` -> `snapshot`); an instance
 * that stops answering (`alive`) is forgotten, so a crash does not leave ghosts online.
 */
@Injectable()
export class RoomPresence implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  /** roomId -> userId -> the user and the instances where they have a socket in the room. */
  private readonly rooms = new Map<number, Map<number, { user: UserRef; on: Set<string> }>>();
  /** instance -> when it was last heard (this one is never swept). */
  private readonly heard = new Map<string, number>();
  private readonly listeners = new Set<PresenceListener>();
  private readonly stops: (() => void)[] = [];

  constructor(private readonly broadcaster: Broadcaster) {}

  onModuleInit(): void {
    const me = this.broadcaster.instance;
    const timer = setInterval(() => {
      this.broadcaster.publish('presence', { type: 'alive', instance: me });
      this.sweep(Date.now() - 3 * PRESENCE_HEARTBEAT_MS);
    }, PRESENCE_HEARTBEAT_MS).unref();
    this.stops.push(
      () => clearInterval(timer),
      this.broadcaster.subscribe((topic, event) => {
        if (topic === 'presence') this.receive(event as PresenceEvent);
      }),
    );
  }

  /** Asked once every module (the Redis connections included) is up. */
  onApplicationBootstrap(): void {
    this.broadcaster.publish('presence', { type: 'hello', instance: this.broadcaster.instance });
  }

  onApplicationShutdown(): void {
    for (const stop of this.stops.splice(0)) stop();
  }

  /** A user's first socket in the room on this instance opened (true), or the last closed. */
  set(roomId: number, user: UserRef, online: boolean): void {
    this.broadcaster.publish('presence', {
      type: 'change',
      instance: this.broadcaster.instance,
      roomId,
      user,
      online,
    });
  }

  /** Called when a user comes online in a room anywhere, or goes offline everywhere. */
  onChange(listener: PresenceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  usersIn(roomId: number): ReadonlySet<number> {
    return new Set(this.rooms.get(roomId)?.keys() ?? []);
  }

  /** The users online in the room, in the order they came. */
  onlineIn(roomId: number): UserRef[] {
    return [...(this.rooms.get(roomId)?.values() ?? [])].map(({ user }) => user);
  }

  private receive(event: PresenceEvent): void {
    const me = this.broadcaster.instance;
    if (event.instance !== me) this.heard.set(event.instance, Date.now());
    switch (event.type) {
      case 'change':
        return this.apply(event.roomId, event.user, event.instance, event.online);
      case 'hello':
        if (event.instance !== me) this.sendSnapshot();
        return;
      case 'snapshot':
        for (const [roomId, user] of event.entries) this.apply(roomId, user, event.instance, true);
        return;
      case 'alive':
        return;
    }
  }

  private sendSnapshot(): void {
    const me = this.broadcaster.instance;
    const entries: [number, UserRef][] = [];
    for (const [roomId, users] of this.rooms) {
      for (const { user, on } of users.values()) if (on.has(me)) entries.push([roomId, user]);
    }
    this.broadcaster.publish('presence', { type: 'snapshot', instance: me, entries });
  }

  private apply(roomId: number, user: UserRef, instance: string, online: boolean): void {
    let users = this.rooms.get(roomId);
    let entry = users?.get(user.id);
    if (online) {
      if (!users) this.rooms.set(roomId, (users = new Map()));
      const first = !entry;
      if (!entry) users.set(user.id, (entry = { user, on: new Set() }));
      entry.on.add(instance);
      if (first) this.tell(roomId, user, true);
      return;
    }
    if (!entry?.on.delete(instance) || entry.on.size > 0) return;
    users!.delete(user.id);
    if (users!.size === 0) this.rooms.delete(roomId);
    this.tell(roomId, entry.user, false);
  }

  /** Forgets the instances not heard since `before`: their users go offline. */
  private sweep(before: number): void {
    for (const [instance, at] of this.heard) {
      if (at >= before) continue;
      this.heard.delete(instance);
      for (const [roomId, users] of [...this.rooms]) {
        for (const { user, on } of [...users.values()]) {
          if (on.has(instance)) this.apply(roomId, user, instance, false);
        }
      }
    }
  }

  private tell(roomId: number, user: UserRef, online: boolean): void {
    for (const listener of this.listeners) listener(roomId, user, online);
  }
}
