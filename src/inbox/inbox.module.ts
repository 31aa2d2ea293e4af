import { Module } from '@nestjs/common';

import { MessagesModule } from '../messages/messages.module.js';
import { RoomsModule } from '../rooms/rooms.module.js';
import { InboxController } from './inbox.controller.js';
import { InboxService } from './inbox.service.js';

@Module({
  imports: [RoomsModule, MessagesModule],
  controllers: [InboxController],
  providers: [InboxService],
})
export class InboxModule {}
