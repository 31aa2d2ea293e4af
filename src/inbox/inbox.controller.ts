import { Body, Controller, Get, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
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
import { CreateDirectRoomDto } from '../rooms/dto/direct-room.dto.js';
import { ListRoomsQueryDto } from '../rooms/dto/list-rooms.dto.js';
import { UpdateRoomDto } from '../rooms/dto/update-room.dto.js';
import type { RoomCursor } from '../rooms/room-views.js';
import { ReadPositionResponse, RoomResponse } from './dto/room.response.js';
import { InboxService } from './inbox.service.js';

const INVISIBLE =
  'Unknown room, or a private or direct room you are not a member of (the same answer)';

/**
 * The routes that answer rooms as the caller sees them, with their last message, unread
 * and mention counts (under /api/rooms, and /api/dms).
 */
@ApiTags('rooms')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Missing, invalid or expired token' })
@Controller()
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  @Get('rooms')
  @ApiOperation({
    summary: 'Rooms ordered by name, as the caller sees them, a page at a time',
    description:
      "Public rooms, and your own private and direct rooms (never anyone else's): the named " +
      'rooms by name, then your direct rooms (no name) by id. At most `limit` rooms (default ' +
      'and maximum 500). When there are more, the `Link` header gives the next page ' +
      '(`rel="next"`, with `after` set to the last name, or `afterDirect` to the last direct ' +
      "room's id once the named rooms are done).",
  })
  @ApiOkResponse({ type: [RoomResponse] })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A query parameter is invalid' })
  async list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListRoomsQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Room[]> {
    const { rooms, next } = await this.inbox.list(user, query);
    if (next !== null) response.setHeader('Link', nextPageLink(request, next));
    return rooms;
  }

  @Post('rooms')
  @ApiOperation({ summary: 'Create a room; the creator joins it as its owner' })
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

  @Get('rooms/:id')
  @ApiOkResponse({ type: RoomResponse })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'The id is not a positive integer' })
  @ApiForbiddenResponse({
    type: ErrorResponse,
    description: 'Banned from the room (a public room too)',
  })
  @ApiNotFoundResponse({ type: ErrorResponse, description: INVISIBLE })
  get(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number): Promise<Room> {
    return this.inbox.get(user, id);
  }

  @Patch('rooms/:id')
  @ApiOperation({
    summary: "Change the room's name or description; owner or moderator",
    description:
      "The name's rules are those of creation (409 when taken or look-alike). Not a direct " +
      "room (400). Members' sockets get `room.updated`.",
  })
  @ApiOkResponse({ type: RoomResponse })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description: 'A field is invalid (the message names it), or the room is a direct room',
  })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Not the owner or a moderator' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: INVISIBLE })
  @ApiConflictResponse({ type: ErrorResponse, description: 'The name is taken, or looks like one' })
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: number,
    @Body() body: UpdateRoomDto,
  ): Promise<Room> {
    return this.inbox.update(user, id, body);
  }

  @Put('rooms/:id/members/me')
  @ApiOperation({
    summary: 'Join the room (idempotent)',
    description:
      'A public room only: a private or direct room is joined by being added (404 for a ' +
      'non-member, as for an unknown room).',
  })
  @ApiOkResponse({ type: RoomResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Banned from the room' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: INVISIBLE })
  join(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number): Promise<Room> {
    return this.inbox.join(user, id);
  }

  @Put('rooms/:id/read')
  @ApiOperation({ summary: 'Move the read position forward (never back)' })
  @ApiOkResponse({ type: ReadPositionResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Not a member of the room' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: INVISIBLE })
  markRead(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: number,
    @Body() body: MarkReadDto,
  ): Promise<ReadPosition> {
    return this.inbox.markRead(user, id, body.seq);
  }

  @Post('dms')
  @ApiOperation({
    summary: 'Open the direct room of you and `userIds`',
    description:
      'The existing direct room with exactly these people and you (200), else a new one ' +
      "(201): no name, every member a plain `member`, and the others' sockets get " +
      '`membership` `added`. Its members never change (400 to add or remove anyone).',
  })
  @ApiOkResponse({ type: RoomResponse, description: 'The direct room existed' })
  @ApiCreatedResponse({ type: RoomResponse, description: 'A new direct room' })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description: 'userIds is invalid: 1 to 8 distinct ids of others, not yours',
  })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'An unknown user' })
  async openDirect(
    @CurrentUser() user: AuthUser,
    @Body() body: CreateDirectRoomDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Room> {
    const { room, created } = await this.inbox.openDirect(user, body.userIds);
    response.status(created ? 201 : 200);
    return room;
  }
}

/** `</api/rooms?…&after=NAME>; rel="next"` (or `afterDirect=ID`), keeping the other parameters. */
function nextPageLink(request: Request, next: RoomCursor): string {
  const url = new URL(request.originalUrl, 'http://localhost');
  url.searchParams.delete('after');
  url.searchParams.delete('afterDirect');
  if ('after' in next) url.searchParams.set('after', next.after);
  else url.searchParams.set('afterDirect', String(next.afterDirect));
  return `<${url.pathname}${url.search}>; rel="next"`;
}
