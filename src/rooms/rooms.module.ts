import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { User } from '../users/user.entity.js';
import { DirectRooms } from './direct-rooms.service.js';
import { ModerationController } from './moderation.controller.js';
import { RoomAccess } from './room-access.js';
import { RoomBan } from './room-ban.entity.js';
import { RoomMember } from './room-member.entity.js';
import { RoomModeration } from './room-moderation.service.js';
import { RoomPresence } from './room-presence.js';
import { RoomViews } from './room-views.js';
import { Room } from './room.entity.js';
import { RoomsController } from './rooms.controller.js';
import { RoomsService } from './rooms.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Room, RoomMember, RoomBan, User])],
  // RoomsController first: its DELETE :id/members/me must match before :id/members/:userId.
  controllers: [RoomsController, ModerationController],
  providers: [RoomsService, RoomViews, RoomModeration, DirectRooms, RoomAccess, RoomPresence],
  exports: [RoomsService, RoomViews, DirectRooms, RoomAccess, RoomPresence],
})
export class RoomsModule {}
