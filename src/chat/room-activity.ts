import { Injectable, Logger } from '@nestjs/common';

import { ROOM_ACTIVITY_INTERVAL_MS } from '../contract/frames.js';
import { InboxCounters } from '../inbox/inbox-counters.js';
import type { ChatClient } from './chat-client.js';
import { ConnectionRegistry } from './connection-registry.js';

/**
 * `room.activity`: tells a member's per-user socket that a room it does not subscribe
 * changed, with the room's counters as that member sees them. The first change after a
 * quiet while is told at once; the changes within ROOM_ACTIVITY_INTERVAL_MS of a frame
 * make one more frame when the interval is over, read after the last of them, so the last
 * frame always carries the final state.
 */
@Injectable()
export class RoomActivityNotifier {
  private readonly logger = new Logger(RoomActivityNotifier.name);

  constructor(
    private readonly registry: ConnectionRegistry,
    private readonly counters: InboxCounters,
  ) {}

  /** The room changed (for everyone, or only for `userId`: their read position moved). */
  changed(roomId: number, userId?: number): void {
    for (const client of this.registry.watchersOf(roomId)) {
      if (userId !== undefined && client.userId !== userId) continue;
      if (!client.subscriptions.has(roomId)) this.schedule(client, roomId);
    }
  }

  /** The socket closed: its scheduled frames are dropped. */
  forget(client: ChatClient): void {
    for (const { timer } of client.activity.values()) if (timer) clearTimeout(timer);
    client.activity.clear();
  }

  private schedule(client: ChatClient, roomId: number): void {
    let state = client.activity.get(roomId);
    if (!state) client.activity.set(roomId, (state = { sentAt: 0, timer: null }));
    if (state.timer) return; // the frame scheduled will read the state after this change
    const wait = state.sentAt + ROOM_ACTIVITY_INTERVAL_MS - Date.now();
    if (wait <= 0) return this.send(client, roomId);
    state.timer = setTimeout(() => this.send(client, roomId), wait).unref();
  }

  private send(client: ChatClient, roomId: number): void {
    const state = client.activity.get(roomId)!;
    state.timer = null;
    state.sentAt = Date.now();
    this.counters
      .activity(client.userId, roomId)
      .then((activity) => {
        if (!activity || client.subscriptions.has(roomId)) return;
        client.send({ type: 'room.activity', ...activity });
      })
      .catch((error: unknown) =>
        this.logger.warn(`room.activity of room ${roomId}: ${String(error)}`),
      );
  }
}
