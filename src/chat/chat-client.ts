import type { Socket } from 'node:net';

import { WebSocket } from 'ws';

import type { RoomEvent, UserRef } from '../broadcast/events.js';
import type { AuthUser } from '../common/auth-user.js';
import type { RoomKind } from '../contract/rooms.js';
import { CloseCode } from './chat-errors.js';
import type { ServerFrame, UserSocketFrame } from './frames.js';

/** Past this many bytes queued for one socket, the reader is too slow: closed with 1008. */
export const SLOW_CONSUMER_BYTES = 1024 * 1024;
/** A replay waits for the socket to drain past this many bytes, well below the limit above. */
const REPLAY_PAUSE_BYTES = SLOW_CONSUMER_BYTES / 4;

/** Sent as a text frame: a Buffer would otherwise go out as a binary frame. */
const TEXT = { binary: false };

/** What the broadcast buffers for a subscription that is still being caught up (replay). */
export interface PendingFrame {
  event: RoomEvent;
  data: Buffer;
}

/** Typing in one room, from one socket (see TypingTracker). */
export interface TypingState {
  /** Clears the state when it is not renewed. */
  timer: NodeJS.Timeout | null;
  /** Whether the room was told that this socket types, and when last (start or renewal). */
  told: boolean;
  since: number;
  /** A start that waits to be told. */
  start: NodeJS.Timeout | null;
}

/**
 * One socket's interest in one room: the room socket has one, for its room, for its whole
 * life; the per-user socket one per `subscribe`. Presence counts them.
 */
export class Subscription {
  /**
   * Not null until the replay is out: frames of the room wait here, in order, so that no
   * live frame overtakes the replay (and `ready`/`subscribed` comes first).
   */
  pending: PendingFrame[] | null = [];

  constructor(
    readonly client: ChatClient,
    readonly roomId: number,
    readonly kind: RoomKind,
  ) {}
}

/**
 * One open socket and the little state it needs: who, which rooms, alive, typing. The user
 * and their memberships come from the handshake (and `member` events), so no frame queries
 * the user or the membership.
 */
export class ChatClient {
  readonly userId: number;
  readonly ref: UserRef;
  readonly sessionId: string;
  isAlive = true;
  /** The TCP socket under the WebSocket (ws keeps it in `_socket`): cork/uncork, drain. */
  readonly transport: Socket;
  /** Corked until the end of this turn's broadcasts (see TopicFanout). */
  corked = false;
  /** roomId -> this socket's subscription to it. */
  readonly subscriptions = new Map<number, Subscription>();
  /** The rooms the user is a member of (the per-user socket's `room.activity` rooms). */
  readonly memberOf: Set<number>;
  /**
   * While a per-user socket opens (its rooms are being read): the frames for it, which
   * follow `ready`, and the membership changes that land meanwhile (roomId -> member).
   */
  opening: { held: Buffer[]; changes: Map<number, boolean> } | null = null;
  /** Counts the user's membership changes seen, so a check that raced one is made again. */
  membershipEpoch = 0;
  /** roomId -> the latest subscribe or unsubscribe: an older subscribe still checking gives up. */
  readonly intents = new Map<number, number>();
  /** roomId -> typing there. */
  readonly typing = new Map<number, TypingState>();
  /** roomId -> when `room.activity` was last sent for it, and the next one (see RoomActivityNotifier). */
  readonly activity = new Map<
    number,
    { sentAt: number; due: boolean; timer: NodeJS.Timeout | null }
  >();
  /** roomId -> a read position being stored, and the highest one asked for meanwhile. */
  readonly reading = new Map<number, number>();

  /**
   * `roomId` is the room of a room socket (`WS /api/ws/{roomId}`), null for the per-user
   * socket (`WS /api/ws`), whose frames carry their room.
   */
  constructor(
    readonly socket: WebSocket,
    readonly user: AuthUser,
    readonly roomId: number | null,
    memberOf: Iterable<number> = roomId === null ? [] : [roomId],
  ) {
    this.userId = user.id;
    this.ref = { id: user.id, username: user.username };
    this.sessionId = user.sessionId;
    this.memberOf = new Set(memberOf);
    this.transport = (socket as unknown as { _socket: Socket })._socket;
  }

  get perUser(): boolean {
    return this.roomId === null;
  }

  /** Sends one frame serialised for this socket alone (replies, replay). */
  send(frame: ServerFrame | UserSocketFrame): void {
    this.sendData(Buffer.from(JSON.stringify(frame)));
  }

  /**
   * A replay may be megabytes: past REPLAY_PAUSE_BYTES it waits (`drained`) until the socket
   * has written them out, so that a healthy reader is never taken for a slow one.
   */
  get shouldPause(): boolean {
    return (
      this.socket.bufferedAmount > REPLAY_PAUSE_BYTES && this.socket.readyState === WebSocket.OPEN
    );
  }

  /** Resolves when the TCP socket drains or the WebSocket closes. */
  drained(): Promise<void> {
    const { socket, transport } = this;
    return new Promise<void>((resolve) => {
      const done = () => {
        transport.off('drain', done);
        socket.off('close', done);
        resolve();
      };
      transport.on('drain', done);
      socket.on('close', done);
    });
  }

  /**
   * Sends an already serialised frame (a broadcast shares one Buffer between all sockets).
   * A socket whose unsent bytes pass SLOW_CONSUMER_BYTES is closed with 1008 instead.
   */
  sendData(data: Buffer): void {
    const { socket } = this;
    if (this.opening) return void this.opening.held.push(data);
    if (socket.readyState !== WebSocket.OPEN) return;
    if (socket.bufferedAmount > SLOW_CONSUMER_BYTES) {
      socket.close(CloseCode.policy, 'Slow consumer');
      return;
    }
    socket.send(data, TEXT);
  }
}
