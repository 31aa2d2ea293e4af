import { Module } from '@nestjs/common';

import { RoomsModule } from '../rooms/rooms.module.js';
import { MessageRepository } from './message-repository.js';
import { MessagesController } from './messages.controller.js';
import { MessagesService } from './messages.service.js';
import { RoomMessagesController } from './room-messages.controller.js';
import { TimelineWriter } from './timeline-writer.js';

@Module({
  imports: [RoomsModule],
  controllers: [RoomMessagesController, MessagesController],
  providers: [MessagesService, MessageRepository, TimelineWriter],
  exports: [MessagesService, MessageRepository],
})
export class MessagesModule {}
