import { Injectable, Logger } from '@nestjs/common';

import {
  AnyEvent,
  RoomEvent,
  SessionEvent,
  Topic,
  timelineSeq,
  UserEvent,
} from '../broadcast/events.js';
import type { MemberAction, RoomIdentity } from '../contract/rooms.js';
import { InboxService } from '../inbox/inbox.service.js';
import { MessagesService } from '../messages/messages.service.js';
import { RoomPresence } from '../rooms/room-presence.js';
import type { ChatClient, Subscription } from './chat-client.js';
import { CloseCode } from './chat-errors.js';
import { ConnectionRegistry } from './connection-registry.js';
import type { ServerFrame, UserSocketFrame } from './frames.js';
import { RoomActivityNotifier } from './room-activity.js';
import { TypingTracker } from './typing-tracker.js';

type MemberEvent = Extract<RoomEvent, { type: 'member' }>;

/** Why a member's room sockets close when they are no longer in the room. */
const GONE: Partial<Record<MemberAction, string>> = {
  left: 'You left the room',
  removed: 'You were removed from the room',
  banned: 'You were banned from the room',
};

/**
 * Delivers the Broadcaster's events to the sockets of this process, by topic: a room's
 * frames to its subscriptions (room sockets as they are, per-user sockets with `roomId`),
 * serialised once for each; `room.activity` to members' per-user sockets that do not
 * subscribe the room; a user's notifications to their per-user sockets; a session's end to
 * its sockets. And catches a new subscription up: its first frame, then the replay of what
 * it missed, then live frames, with no gap and no repeat.
 */
@Injectable()
export class TopicFanout {
  private readonly logger = new Logger(TopicFanout.name);
  private readonly corked: ChatClient[] = [];

  constructor(
    private readonly registry: ConnectionRegistry,
    private readonly messages: MessagesService,
    private readonly inbox: InboxService,
    private readonly presence: RoomPresence,
    private readonly activity: RoomActivityNotifier,
    private readonly typing: TypingTracker,
  ) {}

  /** Called for every event the Broadcaster carries (`presence` is RoomPresence's). */
  deliver(topic: Topic, event: AnyEvent): void {
    if (topic === 'presence') return;
    const colon = topic.indexOf(':');
    const id = topic.slice(colon + 1);
    switch (topic.slice(0, colon)) {
      case 'room':
        return this.deliverToRoom(Number(id), event as RoomEvent);
      case 'user':
        return this.deliverToUser(Number(id), event as UserEvent);
      case 'session':
        return this.endSession(id, event as SessionEvent);
    }
  }

  /** A room's frame: to every subscription, then what it means for members' other sockets. */
  deliverToRoom(roomId: number, event: RoomEvent): void {
    if (event.type === 'room.updated') return this.roomUpdated(roomId, event.room);
    const subscriptions = this.registry.subscriptionsTo(roomId);
    if (subscriptions.size > 0) {
      let plain: Buffer | null = null;
      let withRoomId: Buffer | null = null;
      // Typing is not echoed to the typist; presence not to the user it is about.
      const skipUser = event.type === 'typing' || event.type === 'presence' ? event.user.id : 0;
      for (const [client, subscription] of subscriptions) {
        if (client.userId === skipUser) continue;
        const data = client.perUser
          ? (withRoomId ??= Buffer.from(JSON.stringify({ ...event, roomId })))
          : (plain ??= Buffer.from(JSON.stringify(event)));
        if (subscription.pending) subscription.pending.push({ event, data });
        else {
          if (!client.corked) this.cork(client);
          client.sendData(data);
        }
      }
    }
    if (event.type === 'member') return this.memberChanged(roomId, event);
    if (timelineSeq(event) !== null) this.activity.changed(roomId);
    else if (event.type === 'read') this.activity.changed(roomId, event.user.id);
  }

  private deliverToUser(userId: number, event: UserEvent): void {
    let data: Buffer | null = null;
    for (const client of this.registry.socketsOfUser(userId)) {
      if (!client.perUser) continue;
      client.sendData((data ??= Buffer.from(JSON.stringify(event))));
    }
  }

  private endSession(sessionId: string, event: SessionEvent): void {
    if (event.type !== 'ended') return;
    for (const client of [...this.registry.socketsOfSession(sessionId)]) {
      client.socket.close(CloseCode.unauthorized, 'Logged out');
    }
  }

  /** To members' per-user sockets and the per-user sockets that subscribe the room. */
  private roomUpdated(roomId: number, room: RoomIdentity): void {
    const data = Buffer.from(JSON.stringify({ type: 'room.updated', room }));
    const sockets = new Set(this.registry.watchersOf(roomId));
    for (const client of this.registry.subscriptionsTo(roomId).keys()) {
      if (client.perUser) sockets.add(client);
    }
    for (const client of sockets) client.sendData(data);
  }

  /**
   * A member came or went: their room sockets for the room close once they are out; their
   * per-user sockets follow the room's activity or stop, lose the subscription when they
   * may no longer read it (removed or banned, or out of a room that is not public), and
   * are told with `membership` and the room as they now see it.
   */
  private memberChanged(roomId: number, { user, action }: MemberEvent): void {
    const sockets = [...this.registry.socketsOfUser(user.id)];
    if (sockets.length === 0) return;
    const gone = GONE[action];
    const perUser: ChatClient[] = [];
    for (const client of sockets) {
      client.membershipEpoch++;
      if (!client.perUser) {
        if (gone && client.roomId === roomId) client.socket.close(CloseCode.forbidden, gone);
        continue;
      }
      perUser.push(client);
      this.registry.setMember(client, roomId, !gone);
      const subscription = client.subscriptions.get(roomId);
      if (gone && subscription && (action !== 'left' || subscription.kind !== 'public')) {
        this.drop(subscription);
      }
    }
    if (perUser.length === 0) return;
    this.inbox
      .roomFor(perUser[0].user, roomId)
      .then((room) => {
        const data = Buffer.from(JSON.stringify({ type: 'membership', roomId, action, room }));
        for (const client of perUser) client.sendData(data);
      })
      .catch((error: unknown) =>
        this.logger.warn(`membership of room ${roomId}: ${String(error)}`),
      );
  }

  /** Ends a subscription (unsubscribe, or the user may no longer read the room). */
  drop(subscription: Subscription): void {
    this.typing.clear(subscription.client, subscription.roomId);
    this.registry.unsubscribe(subscription);
  }

  /**
   * Group commit publishes a batch of messages in one synchronous loop: corking each socket
   * until the loop is over turns N writes (N syscalls) per socket into one.
   */
  private cork(client: ChatClient): void {
    client.corked = true;
    client.transport.cork();
    this.corked.push(client);
    if (this.corked.length === 1) queueMicrotask(this.uncork);
  }

  private readonly uncork = (): void => {
    for (const client of this.corked) {
      client.corked = false;
      client.transport.uncork();
    }
    this.corked.length = 0;
  };

  /**
   * The subscription is registered (so live frames queue in `pending`) before the replay
   * reads lastSeq: every event above lastSeq is then in the queue, every one up to it in the
   * replay. Send the first frame (`ready` or `subscribed`) and the replay, then drain the
   * queue skipping what was already sent.
   */
  async catchUp(
    subscription: Subscription,
    since: number | null,
    first: (
      lastSeq: number,
      online: ReturnType<RoomPresence['onlineIn']>,
    ) => ServerFrame | UserSocketFrame,
  ): Promise<void> {
    const { client, roomId } = subscription;
    const { lastSeq, frames } = await this.messages.replay(roomId, since);
    if (client.subscriptions.get(roomId) !== subscription) return; // unsubscribed meanwhile
    const withRoom = client.perUser ? { roomId } : {};
    if (!client.corked) this.cork(client); // the first frame and a replay of up to 1000: one write
    client.send(first(lastSeq, this.presence.onlineIn(roomId)));
    if (frames === null) client.send({ type: 'resync', lastSeq, ...withRoom });
    else {
      for (const frame of frames) {
        if (!client.corked) this.cork(client);
        client.send({ ...frame, ...withRoom });
        if (client.shouldPause) await client.drained();
      }
    }
    const queued = subscription.pending ?? [];
    subscription.pending = null;
    for (const { event, data } of queued) {
      const seq = timelineSeq(event);
      if (seq !== null && seq <= lastSeq) continue;
      client.sendData(data);
    }
  }
}
