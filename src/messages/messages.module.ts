import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { RoomsModule } from '../rooms/rooms.module.js';
import { Message } from './message.entity.js';
import { MessageWriter } from './message-writer.js';
import { MessagesController } from './messages.controller.js';
import { MessagesService } from './messages.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Message]), RoomsModule],
  controllers: [MessagesController],
  providers: [MessagesService, MessageWriter],
  exports: [MessagesService],
})
export class MessagesModule {}
