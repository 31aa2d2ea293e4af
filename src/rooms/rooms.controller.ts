import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Put,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { ErrorResponse } from '../common/error.response.js';
import { IdPipe } from '../common/id.pipe.js';
import { CreateRoomDto, MarkReadDto } from './dto/create-room.dto.js';
import { MemberResponse, ReadPositionResponse, RoomResponse } from './dto/room.response.js';
import { RoomsService } from './rooms.service.js';

@ApiTags('rooms')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Missing, invalid or expired token' })
@Controller('rooms')
export class RoomsController {
  constructor(private readonly rooms: RoomsService) {}

  @Get()
  @ApiOperation({ summary: 'All rooms, ordered by name, as the caller sees them' })
  @ApiOkResponse({ type: [RoomResponse] })
  list(@CurrentUser() user: AuthUser): Promise<RoomResponse[]> {
    return this.rooms.list(user);
  }

  @Post()
  @ApiOperation({ summary: 'Create a room; the creator joins it' })
  @ApiCreatedResponse({ type: RoomResponse })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description: 'A field is invalid; the message names it',
  })
  @ApiConflictResponse({
    type: ErrorResponse,
    description: 'A room with that name (in any case) exists',
  })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateRoomDto): Promise<RoomResponse> {
    return this.rooms.create(user, body);
  }

  @Get(':id')
  @ApiOkResponse({ type: RoomResponse })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'The id is not a positive integer' })
  @ApiNotFoundResponse({ type: ErrorResponse })
  get(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number): Promise<RoomResponse> {
    return this.rooms.get(user, id);
  }

  @Get(':id/members')
  @ApiOkResponse({ type: [MemberResponse] })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  members(@Param('id', IdPipe) id: number): Promise<MemberResponse[]> {
    return this.rooms.membersOf(id);
  }

  @Put(':id/members/me')
  @ApiOperation({ summary: 'Join the room (idempotent)' })
  @ApiOkResponse({ type: RoomResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  join(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number): Promise<RoomResponse> {
    return this.rooms.join(user, id);
  }

  @Delete(':id/members/me')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Leave the room' })
  @ApiNoContentResponse({ description: 'Left (or was not a member)' })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  leave(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number): Promise<void> {
    return this.rooms.leave(user, id);
  }

  @Put(':id/read')
  @ApiOperation({ summary: 'Move the read position forward (never back)' })
  @ApiOkResponse({ type: ReadPositionResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Not a member of the room' })
  @ApiNotFoundResponse({ type: ErrorResponse })
  markRead(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: number,
    @Body() body: MarkReadDto,
  ): Promise<ReadPositionResponse> {
    return this.rooms.markRead(user, id, body.seq);
  }
}
