import type { RoomEvent, RoomEventHandler, SessionEndedHandler } from './room-event.js';

/**
 * Carries room events from the services that produce them (after their commit) to the
 * gateways that hold sockets: in-process by default, through Redis across instances.
 * Handlers are called in publish order.
 */
export abstract class Broadcaster {
  abstract publish(roomId: number, event: RoomEvent): void;
  abstract subscribe(handler: RoomEventHandler): () => void;
  /** A login session was revoked: its sockets must close. */
  abstract endSession(sessionId: string): void;
  abstract onSessionEnded(handler: SessionEndedHandler): () => void;
}
