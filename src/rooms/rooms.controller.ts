import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

import type { AuthUser } from '../common/auth-user.js';
import { CurrentUser } from '../common/current-user.decorator.js';
import { ErrorResponse } from '../common/error.response.js';
import { IdPipe } from '../common/id.pipe.js';
import { NotifyLevelDto } from './dto/member-requests.dto.js';
import { MemberResponse, NotifyLevelResponse } from './dto/member.response.js';
import { RoomsService } from './rooms.service.js';

const INVISIBLE =
  'Unknown room, or a private or direct room you are not a member of (the same answer)';

/** The caller's own membership. The routes that answer whole rooms are the inbox's (src/inbox). */
@ApiTags('rooms')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Missing, invalid or expired token' })
@ApiBadRequestResponse({
  type: ErrorResponse,
  description: 'A field is invalid; the message names it',
})
@ApiNotFoundResponse({ type: ErrorResponse, description: INVISIBLE })
@Controller('rooms')
export class RoomsController {
  constructor(private readonly rooms: RoomsService) {}

  @Get(':id/members')
  @ApiOperation({ summary: 'The members, with their roles, earliest first' })
  @ApiOkResponse({ type: [MemberResponse] })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Banned from the room' })
  members(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: number,
  ): Promise<MemberResponse[]> {
    return this.rooms.membersOf(user, id);
  }

  // Declared before DELETE :id/members/:userId (the moderation controller's), so `me` is this.
  @Delete(':id/members/me')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Leave the room',
    description: 'Nobody leaves a direct room (400); the owner never leaves their room (403).',
  })
  @ApiNoContentResponse({ description: 'Left (or was not a member)' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'The owner, or banned' })
  leave(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number): Promise<void> {
    return this.rooms.leave(user, id);
  }

  @Put(':id/notify')
  @ApiOperation({ summary: 'Set your notification level in the room (members only)' })
  @ApiOkResponse({ type: NotifyLevelResponse })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Not a member, or banned' })
  async notify(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: number,
    @Body() body: NotifyLevelDto,
  ): Promise<NotifyLevelResponse> {
    return { level: await this.rooms.setNotifyLevel(user, id, body.level) };
  }
}
