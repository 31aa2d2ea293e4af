import { Global, Module } from '@nestjs/common';

import { AppConfig } from '../config/app-config.js';
import { Broadcaster } from './broadcaster.js';
import { InMemoryBroadcaster } from './in-memory-broadcaster.js';
import { RedisBroadcaster } from './redis-broadcaster.js';

@Global()
@Module({
  providers: [
    {
      provide: Broadcaster,
      inject: [AppConfig],
      useFactory: (config: AppConfig): Broadcaster =>
        config.redisUrl ? new RedisBroadcaster(config.redisUrl) : new InMemoryBroadcaster(),
    },
  ],
  exports: [Broadcaster],
})
export class BroadcastModule {}
