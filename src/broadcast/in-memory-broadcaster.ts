import { randomUUID } from 'node:crypto';

import { Injectable, Logger } from '@nestjs/common';

import { Broadcaster } from './broadcaster.js';
import type { AnyEvent, EventOn, Topic, TopicHandler } from './events.js';

/** One process: events go straight to the subscribers, synchronously and in order. */
@Injectable()
export class InMemoryBroadcaster extends Broadcaster {
  readonly instance: string = randomUUID();
  protected readonly logger = new Logger(this.constructor.name);
  private readonly handlers = new Set<TopicHandler>();

  publish<T extends Topic>(topic: T, event: EventOn<T>): void {
    this.deliver(topic, event);
  }

  subscribe(handler: TopicHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  protected deliver(topic: Topic, event: AnyEvent): void {
    for (const handler of this.handlers) {
      // A failing subscriber must not fail the publisher, whose write has committed.
      try {
        handler(topic, event);
      } catch (error) {
        this.logger.error(error, `event handler failed for ${topic}`);
      }
    }
  }
}
