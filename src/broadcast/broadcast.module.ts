import { Global, Module } from '@nestjs/common';

import { AppConfig } from '../config/app-config.js';
import { Broadcaster } from './broadcaster.js';
import { InMemoryBroadcaster } from './in-memory-broadcaster.js';
import { RedisBroadcaster } from './redis-broadcaster.js';
import { LocalRateLimits, RedisRateLimits, SharedRateLimits } from './shared-rate-limits.js';

/** What instances share: events on topics, and rate limits (through Redis with REDIS_URL). */
@Global()
@Module({
  providers: [
    {
      provide: Broadcaster,
      inject: [AppConfig],
      useFactory: (config: AppConfig): Broadcaster =>
        config.redisUrl ? new RedisBroadcaster(config.redisUrl) : new InMemoryBroadcaster(),
    },
    {
      provide: SharedRateLimits,
      inject: [Broadcaster],
      useFactory: (broadcaster: Broadcaster): SharedRateLimits =>
        broadcaster instanceof RedisBroadcaster
          ? new RedisRateLimits(broadcaster.redis)
          : new LocalRateLimits(),
    },
  ],
  exports: [Broadcaster, SharedRateLimits],
})
export class BroadcastModule {}
