import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';

import { InMemoryBroadcaster } from './in-memory-broadcaster.js';
import type { AnyEvent, EventOn, Topic } from './events.js';

export const REDIS_CHANNEL = 'fadmann:events';

interface Envelope {
  origin: string;
  topic: Topic;
  event: AnyEvent;
}

/**
 * Several instances: every event is delivered to this process's subscribers at once, as in
 * one process, and published on one Redis channel for the other instances, which deliver it
 * to theirs. Each instance skips its own envelopes.
 */
@Injectable()
export class RedisBroadcaster
  extends InMemoryBroadcaster
  implements OnModuleInit, OnApplicationShutdown
{
  private readonly publisher: Redis;
  private readonly subscriber: Redis;

  constructor(url: string) {
    super();
    const options = { lazyConnect: true, connectTimeout: 5000 };
    this.publisher = new Redis(url, options);
    this.subscriber = new Redis(url, options);
    for (const client of [this.publisher, this.subscriber]) {
      client.on('error', (error: Error) => this.logger.warn(`Redis: ${error.message}`));
    }
  }

  /** The connection that publishes, for other cross-instance state (rate limits). */
  get redis(): Redis {
    return this.publisher;
  }

  /** Fails the start when Redis cannot be reached, rather than dropping events later. */
  async onModuleInit(): Promise<void> {
    await Promise.all([this.publisher.connect(), this.subscriber.connect()]);
    this.subscriber.on('message', (_channel: string, raw: string) => this.receive(raw));
    await this.subscriber.subscribe(REDIS_CHANNEL);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.publisher.quit(), this.subscriber.quit()]);
  }

  override publish<T extends Topic>(topic: T, event: EventOn<T>): void {
    this.deliver(topic, event);
    const envelope: Envelope = { origin: this.instance, topic, event };
    this.publisher.publish(REDIS_CHANNEL, JSON.stringify(envelope)).catch((error: Error) => {
      this.logger.error(`Redis publish failed: ${error.message}`);
    });
  }

  private receive(raw: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(raw) as Envelope;
    } catch {
      return this.logger.warn('Ignored a malformed event from Redis');
    }
    if (envelope.origin === this.instance) return;
    this.deliver(envelope.topic, envelope.event);
  }
}
