import { Injectable } from '@nestjs/common';

import { RoomEvent, timelineSeq } from '../broadcast/room-event.js';
import { MessagesService } from '../messages/messages.service.js';
import type { ChatClient } from './chat-client.js';
import { CloseCode } from './chat-errors.js';
import type { Handshake } from './chat-handshake.js';
import { ConnectionRegistry } from './connection-registry.js';

/**
 * Delivers room events to the sockets of this process, and catches a new socket up:
 * `ready`, then the replay of what it missed, then live events, with no gap and no repeat.
 */
@Injectable()
export class RoomFanout {
  private readonly corked: ChatClient[] = [];

  constructor(
    private readonly registry: ConnectionRegistry,
    private readonly messages: MessagesService,
  ) {}

  /** Called for every event the Broadcaster carries: serialised once, sent to every socket. */
  deliver(roomId: number, event: RoomEvent): void {
    const clients = this.registry.socketsIn(roomId);
    if (clients.size === 0) return;
    if (event.type === 'left') {
      for (const client of [...this.registry.socketsOf(roomId, event.user.id)]) {
        client.socket.close(CloseCode.forbidden, 'You left the room');
      }
      return;
    }
    const data = Buffer.from(JSON.stringify(event));
    // Typing is not echoed to the typist; presence not to the user it is about (ready says it).
    const skipUser = event.type === 'typing' || event.type === 'presence' ? event.user.id : 0;
    for (const client of clients) {
      if (client.userId === skipUser) continue;
      if (client.pending) client.pending.push({ event, data });
      else {
        if (!client.corked) this.cork(client);
        client.sendData(data);
      }
    }
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
   * The socket is registered (so live events queue in `client.pending`) before the replay
   * reads lastSeq: every event above lastSeq is then in the queue, every one up to it in the
   * replay. Send ready and the replay, then drain the queue skipping what was already sent.
   */
  async catchUp(client: ChatClient, { room, since }: Handshake): Promise<void> {
    const { lastSeq, frames } = await this.messages.replay(room.id, since);
    if (!client.corked) this.cork(client); // ready and a replay of up to 1000: one write
    client.send({
      type: 'ready',
      room,
      user: client.ref,
      online: this.registry.onlineIn(room.id),
      lastSeq,
    });
    if (frames === null) client.send({ type: 'resync', lastSeq });
    else {
      for (const frame of frames) {
        if (!client.corked) this.cork(client);
        client.send(frame);
        if (client.shouldPause) await client.drained();
      }
    }
    const queued = client.pending ?? [];
    client.pending = null;
    for (const { event, data } of queued) {
      const seq = timelineSeq(event);
      if (seq !== null && seq <= lastSeq) continue;
      client.sendData(data);
    }
  }
}
