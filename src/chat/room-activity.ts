import { Injectable, Logger } from '@nestjs/common';

import { ROOM_ACTIVITY_INTERVAL_MS } from '../contract/frames.js';
import { InboxCounters, RoomActivity } from '../inbox/inbox-counters.js';
import type { ChatClient } from './chat-client.js';
import { ConnectionRegistry } from './connection-registry.js';

/**
 * `room.activity`: tells a member's per-user socket that a room it does not subscribe
 * changed, with the room's counters as that member sees them. The first change after a
 * quiet while is told at once; the changes within ROOM_ACTIVITY_INTERVAL_MS of a frame
 * make one more frame when the interval is over, read after the last of them, so the last
 * frame always carries the final state.
 *
 * The frames due are sent after the turn that made them (never between a message's commit
 * and its `message` frames), a room's together: three queries and one serialisation of the
 * last message for all its members due, whatever their number.
 */
@Injectable()
export class RoomActivityNotifier {
  private readonly logger = new Logger(RoomActivityNotifier.name);
  /** roomId -> the sockets whose frame for it is due now. */
  private readonly due = new Map<number, Set<ChatClient>>();
  private flushing = false;

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
    for (const clients of this.due.values()) clients.delete(client);
  }

  private schedule(client: ChatClient, roomId: number): void {
    let state = client.activity.get(roomId);
    if (!state) client.activity.set(roomId, (state = { sentAt: 0, due: false, timer: null }));
    if (state.due || state.timer) return; // the frame to come will read the state after this change
    const wait = state.sentAt + ROOM_ACTIVITY_INTERVAL_MS - Date.now();
    if (wait <= 0) return this.markDue(client, roomId);
    state.timer = setTimeout(() => {
      state.timer = null;
      this.markDue(client, roomId);
    }, wait).unref();
  }

  private markDue(client: ChatClient, roomId: number): void {
    client.activity.get(roomId)!.due = true;
    let clients = this.due.get(roomId);
    if (!clients) this.due.set(roomId, (clients = new Set()));
    clients.add(client);
    if (!this.flushing) {
      this.flushing = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.flushing = false;
    const now = Date.now();
    for (const [roomId, clients] of this.due) {
      this.due.delete(roomId);
      for (const client of clients) {
        const state = client.activity.get(roomId)!;
        state.due = false;
        state.sentAt = now;
      }
      const userIds = [...new Set([...clients].map(({ userId }) => userId))];
      this.counters
        .activity(roomId, userIds)
        .then((activity) => this.send(activity, clients))
        .catch((error: unknown) =>
          this.logger.warn(`room.activity of room ${roomId}: ${String(error)}`),
        );
    }
  }

  private send(activity: RoomActivity, clients: Set<ChatClient>): void {
    const { roomId, lastSeq, lastMessage, counts } = activity;
    // One serialisation of the message for all; each member's frame differs in two numbers.
    const head = `{"type":"room.activity","roomId":${roomId},"lastSeq":${lastSeq},"lastMessage":${JSON.stringify(lastMessage)}`;
    for (const client of clients) {
      const mine = counts.get(client.userId);
      if (!mine || client.subscriptions.has(roomId)) continue;
      client.sendData(
        Buffer.from(
          `${head},"unreadCount":${mine.unreadCount},"mentionCount":${mine.mentionCount}}`,
        ),
      );
    }
  }
}
