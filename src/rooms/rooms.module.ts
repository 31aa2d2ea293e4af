import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { RoomMember } from './room-member.entity.js';
import { RoomPresence } from './room-presence.js';
import { Room } from './room.entity.js';
import { RoomsController } from './rooms.controller.js';
import { RoomsService } from './rooms.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Room, RoomMember])],
  controllers: [RoomsController],
  providers: [RoomsService, RoomPresence],
  exports: [RoomsService, RoomPresence],
})
export class RoomsModule {}
