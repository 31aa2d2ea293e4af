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
import { AddMemberDto, SetRoleDto } from './dto/member-requests.dto.js';
import { BanResponse, MemberResponse } from './dto/member.response.js';
import { RoomModeration } from './room-moderation.service.js';

const RANKS =
  'The owner can never be removed or banned; moderators act on members, not on other ' +
  'moderators (403).';

/** Acting on other people in a room: add, kick, roles, bans. */
@ApiTags('rooms')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Missing, invalid or expired token' })
@ApiBadRequestResponse({
  type: ErrorResponse,
  description: 'A field is invalid (the message names it), or the room is a direct room',
})
@ApiNotFoundResponse({
  type: ErrorResponse,
  description: 'Unknown room or user, or a private or direct room you are not a member of',
})
@Controller('rooms')
export class ModerationController {
  constructor(private readonly moderation: RoomModeration) {}

  @Post(':id/members')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Add someone to the room (idempotent)',
    description:
      'In a public room any member may add people; in a private room the owner or a ' +
      'moderator. A banned user cannot be added (403). Not in a direct room (400).',
  })
  @ApiOkResponse({ type: MemberResponse })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Not allowed, or the user is banned' })
  add(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: number,
    @Body() body: AddMemberDto,
  ): Promise<MemberResponse> {
    return this.moderation.add(user, id, body.userId);
  }

  @Delete(':id/members/:userId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Remove (kick) a member; owner or moderator',
    description: `${RANKS} Their sockets of the room close with 4403. Not in a direct room (400).`,
  })
  @ApiNoContentResponse({ description: 'Removed (or was not a member)' })
  @ApiForbiddenResponse({ type: ErrorResponse })
  kick(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: number,
    @Param('userId', IdPipe) userId: number,
  ): Promise<void> {
    return this.moderation.kick(user, id, userId);
  }

  @Put(':id/members/:userId/role')
  @ApiOperation({
    summary: "Set a member's role; owner only",
    description:
      'To `moderator` or `member`: a room has one owner, its creator, whose role never ' +
      'changes (403); `owner` is not a role to give (400).',
  })
  @ApiOkResponse({ type: MemberResponse })
  @ApiForbiddenResponse({ type: ErrorResponse })
  setRole(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: number,
    @Param('userId', IdPipe) userId: number,
    @Body() body: SetRoleDto,
  ): Promise<MemberResponse> {
    return this.moderation.setRole(user, id, userId, body.role);
  }

  @Get(':id/bans')
  @ApiOperation({ summary: 'The bans, newest first; owner or moderator' })
  @ApiOkResponse({ type: [BanResponse] })
  @ApiForbiddenResponse({ type: ErrorResponse })
  bans(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number): Promise<BanResponse[]> {
    return this.moderation.bansOf(user, id);
  }

  @Put(':id/bans/:userId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Ban someone (also removes them); owner or moderator; idempotent',
    description:
      `${RANKS} A banned user cannot read, join, be added or connect (403 / 4403), in a ` +
      'public room too. Not in a direct room (400).',
  })
  @ApiNoContentResponse({ description: 'Banned' })
  @ApiForbiddenResponse({ type: ErrorResponse })
  ban(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: number,
    @Param('userId', IdPipe) userId: number,
  ): Promise<void> {
    return this.moderation.ban(user, id, userId);
  }

  @Delete(':id/bans/:userId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Lift a ban; owner or moderator; idempotent' })
  @ApiNoContentResponse({ description: 'Not banned (any more)' })
  @ApiForbiddenResponse({ type: ErrorResponse })
  unban(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: number,
    @Param('userId', IdPipe) userId: number,
  ): Promise<void> {
    return this.moderation.unban(user, id, userId);
  }
}
