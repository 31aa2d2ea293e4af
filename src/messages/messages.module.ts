import { Module } from '@nestjs/common';

import { RoomsModule } from '../rooms/rooms.module.js';
import { UploadsModule } from '../uploads/uploads.module.js';
import { MessageRepository } from './message-repository.js';
import { MessagesController } from './messages.controller.js';
import { MessagesService } from './messages.service.js';
import { NotificationRepository } from './notification-repository.js';
import { RoomMessagesController } from './room-messages.controller.js';
import { TimelineWriter } from './timeline-writer.js';

@Module({
  imports: [RoomsModule, UploadsModule],
  controllers: [RoomMessagesController, MessagesController],
  providers: [MessagesService, MessageRepository, NotificationRepository, TimelineWriter],
  exports: [MessagesService, MessageRepository, NotificationRepository],
})
export class MessagesModule {}
