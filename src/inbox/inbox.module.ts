import { Module } from '@nestjs/common';

import { MessagesModule } from '../messages/messages.module.js';
import { RoomsModule } from '../rooms/rooms.module.js';
import { InboxCounters } from './inbox-counters.js';
import { InboxController } from './inbox.controller.js';
import { InboxService } from './inbox.service.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsService } from './notifications.service.js';

/** Per-user views across rooms: the room list, notifications, the per-user socket's counters. */
@Module({
  imports: [RoomsModule, MessagesModule],
  controllers: [InboxController, NotificationsController],
  providers: [InboxService, InboxCounters, NotificationsService],
  exports: [InboxService, InboxCounters],
})
export class InboxModule {}
