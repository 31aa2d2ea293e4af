import type { Socket } from 'node:net';

import { WebSocket } from 'ws';

import type { AuthUser } from '../common/auth-user.js';
import type { RoomEvent, UserRef } from '../broadcast/room-event.js';
import { CloseCode } from './chat-errors.js';
import type { ServerFrame } from './frames.js';

/** Past this many bytes queued for one socket, the reader is too slow: closed with 1008. */
export const SLOW_CONSUMER_BYTES = 1024 * 1024;
/** A replay waits for the socket to drain past this many bytes, well below the limit above. */
const REPLAY_PAUSE_BYTES = SLOW_CONSUMER_BYTES / 4;

/** Sent as a text frame: a Buffer would otherwise go out as a binary frame. */
const TEXT = { binary: false };

/** What the broadcast buffers for a socket that is still being caught up (ready, replay). */
export interface PendingFrame {
  event: RoomEvent;
  data: Buffer;
}

/**
 * One open socket and the little state it needs: who, where, alive, typing. The user comes
 * from the handshake, so no frame ever queries the user or the membership.
 */
export class ChatClient {
  readonly userId: number;
  readonly ref: UserRef;
  readonly sessionId: string;
  isAlive = true;
  /** The TCP socket under the WebSocket (ws keeps it in `_socket`): cork/uncork, drain. */
  readonly transport: Socket;
  /** Corked until the end of this turn's broadcasts (see RoomFanout). */
  corked = false;
  /** Set while the socket says it types: clears the state when it is not renewed. */
  typingTimer: NodeJS.Timeout | null = null;
  /** Whether the room was told that this socket types, and when last (start or renewal). */
  typingTold = false;
  typingSince = 0;
  /** A start that waits to be told (see TypingTracker). */
  typingStart: NodeJS.Timeout | null = null;
  /** A read position is being stored; `nextRead` holds the highest one asked for meanwhile. */
  reading = false;
  nextRead = -1;
  /**
   * Not null until `ready` and the replay are out: frames for this socket wait here, in
   * order, so that `ready` comes first and no live message overtakes the replay.
   */
  pending: PendingFrame[] | null = [];

  constructor(
    readonly socket: WebSocket,
    readonly user: AuthUser,
    readonly roomId: number,
  ) {
    this.userId = user.id;
    this.ref = { id: user.id, username: user.username };
    this.sessionId = user.sessionId;
    this.transport = (socket as unknown as { _socket: Socket })._socket;
  }

  /** Sends one frame serialised for this socket alone (replies, replay). */
  send(frame: ServerFrame): void {
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
    if (socket.readyState !== WebSocket.OPEN) return;
    if (socket.bufferedAmount > SLOW_CONSUMER_BYTES) {
      socket.close(CloseCode.policy, 'Slow consumer');
      return;
    }
    socket.send(data, TEXT);
  }
}
