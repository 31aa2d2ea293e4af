import type { IncomingMessage } from 'node:http';

import { BeforeApplicationShutdown, Logger } from '@nestjs/common';
import { OnGatewayConnection, OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { WebSocket, WebSocketServer } from 'ws';

import { Broadcaster } from '../broadcast/broadcaster.js';
import { AppError } from '../common/app-error.js';
import { AppConfig } from '../config/app-config.js';
import { InboxCounters } from '../inbox/inbox-counters.js';
import { RoomPresence } from '../rooms/room-presence.js';
import { ChatClient, Subscription } from './chat-client.js';
import { CloseCode, socketErrorFor } from './chat-errors.js';
import { ChatFrameHandler } from './chat-frame-handler.js';
import {
  CHAT_PATH,
  ChatHandshake,
  Handshake,
  RoomHandshake,
  UserHandshake,
} from './chat-handshake.js';
import { ConnectionRegistry } from './connection-registry.js';
import { RoomActivityNotifier } from './room-activity.js';
import { TopicFanout } from './topic-fanout.js';
import { TypingTracker } from './typing-tracker.js';

type VerifyDone = (ok: boolean, status?: number, message?: string) => void;

/**
 * `WS /api/ws?token=…`, the per-user socket (one per tab, for every room), and
 * `WS /api/ws/{roomId}?token=…&since=…`, a room socket: two ways of subscribing to the same
 * topics. ChatWsAdapter routes every `/api/ws...` upgrade here; the handshake is decided
 * before the 101 (verifyClient); frames are read straight from the socket (see ChatWsAdapter).
 */
@WebSocketGateway({ path: CHAT_PATH })
export class ChatGateway implements OnGatewayInit, OnGatewayConnection, BeforeApplicationShutdown {
  private readonly logger = new Logger(ChatGateway.name);
  /** Accepted handshakes, from verifyClient to the connection event of the same request. */
  private readonly handshakes = new WeakMap<IncomingMessage, Handshake>();
  private readonly stops: (() => void)[] = [];
  private closing = false;

  constructor(
    private readonly handshake: ChatHandshake,
    private readonly registry: ConnectionRegistry,
    private readonly fanout: TopicFanout,
    private readonly frames: ChatFrameHandler,
    private readonly typing: TypingTracker,
    private readonly activity: RoomActivityNotifier,
    private readonly presence: RoomPresence,
    private readonly counters: InboxCounters,
    private readonly broadcaster: Broadcaster,
    private readonly config: AppConfig,
  ) {}

  afterInit(server: WebSocketServer): void {
    // ws calls verifyClient before it answers 101, so a refusal is a plain HTTP status.
    // It is set here, not in the adapter, because it needs the injected services.
    server.options.verifyClient = ({ req }: { req: IncomingMessage }, done: VerifyDone) =>
      void this.verify(req, done);
    const heartbeat = setInterval(() => this.beat(), this.config.wsHeartbeatMs).unref();
    this.stops.push(
      () => clearInterval(heartbeat),
      this.broadcaster.subscribe((topic, event) => this.fanout.deliver(topic, event)),
      // Presence is decided on every instance from the same changes (see RoomPresence).
      this.presence.onChange((roomId, user, online) =>
        this.fanout.deliverToRoom(roomId, { type: 'presence', user, online }),
      ),
    );
  }

  /** Never throws: an exception here would escape through Nest's rxjs subscription. */
  handleConnection(socket: WebSocket, request: IncomingMessage): void {
    const handshake = this.handshakes.get(request);
    this.handshakes.delete(request);
    if (!handshake) return socket.close(CloseCode.unauthorized, 'Not authenticated');
    try {
      this.open(socket, handshake);
    } catch (error) {
      this.logger.error(error, 'opening a socket failed');
      socket.close(CloseCode.internal, 'Internal error');
    }
  }

  /** Stops the heartbeat and new handshakes; ChatWsAdapter.close then closes with 1001. */
  beforeApplicationShutdown(): void {
    this.closing = true;
    for (const stop of this.stops.splice(0)) stop();
  }

  private async verify(request: IncomingMessage, done: VerifyDone): Promise<void> {
    if (this.closing) return done(false, 503);
    let handshake: Handshake;
    try {
      handshake = await this.handshake.accept(request);
    } catch (error) {
      if (error instanceof AppError) return done(false, socketErrorFor(error.code).status);
      this.logger.error(error, 'WebSocket handshake failed');
      return done(false, 500);
    }
    this.handshakes.set(request, handshake);
    try {
      done(true); // upgrades and runs handleConnection, synchronously
    } finally {
      this.registry.release(handshake.user.id); // the socket is registered, or never opened
    }
  }

  private open(socket: WebSocket, handshake: Handshake): void {
    if ('room' in handshake) this.openRoomSocket(socket, handshake);
    else this.openUserSocket(socket, handshake);
  }

  /**
   * `ready` first, with every joined room's counters; then whatever happened meanwhile.
   * The socket is registered before its rooms are read, so that no membership change
   * falls between the read and the registration: those that land during the read are
   * applied over it, and the frames that came meanwhile follow `ready`.
   */
  private openUserSocket(socket: WebSocket, { user }: UserHandshake): void {
    const client = this.listen(socket, new ChatClient(socket, user, null));
    client.opening = { held: [], changes: new Map() };
    socket.pause(); // the client's frames wait until `ready` is out
    this.registry.add(client);
    this.counters
      .ready(user.id)
      .then((rooms) => {
        const { held, changes } = client.opening!;
        client.opening = null;
        const memberOf = new Set(rooms.map(({ id }) => id));
        for (const [roomId, member] of changes) {
          if (member) memberOf.add(roomId);
          else memberOf.delete(roomId);
        }
        for (const roomId of memberOf) this.registry.setMember(client, roomId, true);
        client.send({ type: 'ready', user: client.ref, rooms });
        for (const data of held) client.sendData(data);
        socket.resume();
      })
      .catch((error: unknown) => {
        this.logger.error(error, `opening the per-user socket of user ${user.id} failed`);
        client.opening = null;
        this.closeUnopened(socket);
      });
  }

  private openRoomSocket(socket: WebSocket, { user, room, since }: RoomHandshake): void {
    const client = this.listen(socket, new ChatClient(socket, user, room.id));
    const subscription = new Subscription(client, room.id, room.kind);
    socket.pause(); // the client's frames wait until `ready` and the replay are out
    this.registry.add(client, subscription);
    this.fanout
      .catchUp(subscription, since, (lastSeq, online) => ({
        type: 'ready',
        room: { id: room.id, name: room.name },
        user: client.ref,
        online,
        lastSeq,
      }))
      .then(() => socket.resume())
      .catch((error: unknown) => {
        this.logger.error(error, `catching up a socket in room ${room.id} failed`);
        this.closeUnopened(socket);
      });
  }

  /**
   * Closes a socket that failed to open with 1011. It is paused until `ready`: resumed, it
   * reads the client's answer to the close (its frames are ignored, the socket is closing).
   */
  private closeUnopened(socket: WebSocket): void {
    socket.close(CloseCode.internal, 'Internal error');
    socket.resume();
  }

  private listen(socket: WebSocket, client: ChatClient): ChatClient {
    socket.on('pong', () => (client.isAlive = true));
    socket.on('message', (data: Buffer) => this.frames.handle(client, data));
    socket.once('close', () => this.disconnect(client));
    return client;
  }

  private disconnect(client: ChatClient): void {
    this.typing.clearAll(client);
    this.activity.forget(client);
    this.registry.remove(client);
  }

  /** Terminates the sockets that did not answer the previous ping; the close event cleans up. */
  private beat(): void {
    for (const client of [...this.registry.everySocket()]) {
      if (!client.isAlive) {
        client.socket.terminate();
        continue;
      }
      client.isAlive = false;
      client.socket.ping();
    }
  }
}
