import { Injectable, Logger } from '@nestjs/common';

import { Broadcaster } from './broadcaster.js';
import type { RoomEvent, RoomEventHandler, SessionEndedHandler } from './room-event.js';

/** One process: events go straight to the subscribers, synchronously and in order. */
@Injectable()
export class InMemoryBroadcaster extends Broadcaster {
  protected readonly logger = new Logger(this.constructor.name);
  private readonly roomHandlers = new Set<RoomEventHandler>();
  private readonly sessionHandlers = new Set<SessionEndedHandler>();

  publish(roomId: number, event: RoomEvent): void {
    for (const handler of this.roomHandlers) {
      // A failing subscriber must not fail the publisher, whose write has committed.
      try {
        handler(roomId, event);
      } catch (error) {
        this.logger.error(error, `room event handler failed for room ${roomId}`);
      }
    }
  }

  subscribe(handler: RoomEventHandler): () => void {
    this.roomHandlers.add(handler);
    return () => this.roomHandlers.delete(handler);
  }

  endSession(sessionId: string): void {
    for (const handler of this.sessionHandlers) handler(sessionId);
  }

  onSessionEnded(handler: SessionEndedHandler): () => void {
    this.sessionHandlers.add(handler);
    return () => this.sessionHandlers.delete(handler);
  }
}
