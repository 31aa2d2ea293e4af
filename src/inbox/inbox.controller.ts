import { Body, Controller, Get, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';

import type { AuthUser } from '../common/auth-user.js';
import { CurrentUser } from '../common/current-user.decorator.js';
import { ErrorResponse } from '../common/error.response.js';
import { IdPipe } from '../common/id.pipe.js';
import type { ReadPosition, Room } from '../contract/rooms.js';
import { CreateRoomDto, MarkReadDto } from '../rooms/dto/create-room.dto.js';
import { ListRoomsQueryDto } from '../rooms/dto/list-rooms.dto.js';
import { ReadPositionResponse, RoomResponse } from './dto/room.response.js';
import { InboxService } from './inbox.service.js';

/** The routes that answer rooms as the caller sees them, with their last message and unread count. */
@ApiTags('rooms')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Missing, invalid or expired token' })
@Controller('rooms')
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  @ApiOperation({
    summary: 'Rooms ordered by name, as the caller sees them, a page at a time',
    description:
      'At most `limit` rooms (default and maximum 500). When there are more, the `Link` ' +
      'header gives the next page (`rel="next"`, with `after` set to the last name).',
  })
  @ApiOkResponse({ type: [RoomResponse] })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A query parameter is invalid' })
  async list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListRoomsQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Room[]> {
    const { rooms, nextAfter } = await this.inbox.list(user, query);
    if (nextAfter !== null) response.setHeader('Link', nextPageLink(request, nextAfter));
    return rooms;
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
    description: 'A room with that name (in any case), or one that looks like it, exists',
  })
  @ApiTooManyRequestsResponse({
    type: ErrorResponse,
    description: 'Too many new rooms (ROOM_CREATION_RATE); see Retry-After',
  })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateRoomDto): Promise<Room> {
    return this.inbox.create(user, body);
  }

  @Get(':id')
  @ApiOkResponse({ type: RoomResponse })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'The id is not a positive integer' })
  @ApiNotFoundResponse({ type: ErrorResponse })
  get(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number): Promise<Room> {
    return this.inbox.get(user, id);
  }

  @Put(':id/members/me')
  @ApiOperation({ summary: 'Join the room (idempotent)' })
  @ApiOkResponse({ type: RoomResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  join(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number): Promise<Room> {
    return this.inbox.join(user, id);
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
  ): Promise<ReadPosition> {
    return this.inbox.markRead(user, id, body.seq);
  }
}

/** `</api/rooms?…&after=NAME>; rel="next"`, keeping the caller's other parameters. */
function nextPageLink(request: Request, after: string): string {
  const url = new URL(request.originalUrl, 'http://localhost');
  url.searchParams.set('after', after);
  return `<${url.pathname}${url.search}>; rel="next"`;
}
