import { sessionTopic } from './events.js';
import type { EventOn, Topic, TopicHandler } from './events.js';

/**
 * Carries typed events on topics (see events.ts) from the services that produce them (after
 * their commit) to whoever holds sockets or state: in-process by default, through Redis
 * across instances. Handlers are called in publish order, on every instance.
 */
export abstract class Broadcaster {
  /** This process, as the other instances know it. */
  abstract readonly instance: string;
  abstract publish<T extends Topic>(topic: T, event: EventOn<T>): void;
  abstract subscribe(handler: TopicHandler): () => void;

  /** A login session was revoked: its sockets must close, on every instance. */
  endSession(sessionId: string): void {
    this.publish(sessionTopic(sessionId), { type: 'ended' });
  }

  onSessionEnded(handler: (sessionId: string) => void): () => void {
    return this.subscribe((topic) => {
      if (topic.startsWith('session:')) handler(topic.slice('session:'.length));
    });
  }
}
