import { Global, Module } from '@nestjs/common';

import { Broadcaster } from './broadcaster.js';
import { InMemoryBroadcaster } from './in-memory-broadcaster.js';

@Global()
@Module({
  providers: [{ provide: Broadcaster, useClass: InMemoryBroadcaster }],
  exports: [Broadcaster],
})
export class BroadcastModule {}
