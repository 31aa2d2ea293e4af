import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Put,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

import type { AuthUser } from '../common/auth-user.js';
import { CurrentUser } from '../common/current-user.decorator.js';
import { ErrorResponse } from '../common/error.response.js';
import { IdPipe } from '../common/id.pipe.js';
import type { Message, PinState, ReactionSummary } from '../contract/messages.js';
import { MessageResponse, PinStateResponse, ReactionResponse } from './dto/message.response.js';
import { EditMessageDto } from './dto/send-message.dto.js';
import { MessagesService } from './messages.service.js';

const EMOJI_PARAM = {
  name: 'emoji',
  description: 'One Unicode emoji, URL-encoded (ZWJ sequences and skin tones included)',
  example: '%F0%9F%91%8D',
};

/** One message: read, edit, delete, react, pin. Each change is a timeline event of its room. */
@ApiTags('messages')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Missing, invalid or expired token' })
@ApiBadRequestResponse({ type: ErrorResponse, description: 'The id is not a positive integer' })
@ApiNotFoundResponse({ type: ErrorResponse, description: 'No such message' })
@Controller('messages/:id')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Get()
  @ApiOperation({ summary: 'One message (a deleted one as its tombstone)' })
  @ApiOkResponse({ type: MessageResponse })
  get(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number): Promise<Message> {
    return this.messages.get(user, id);
  }

  @Patch()
  @ApiOperation({ summary: 'Edit the text (author only); publishes `message.edited`' })
  @ApiOkResponse({ type: MessageResponse })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Not the author' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'The message was deleted' })
  @ApiTooManyRequestsResponse({ type: ErrorResponse, description: 'Past MESSAGE_RATE' })
  edit(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: number,
    @Body() body: EditMessageDto,
  ): Promise<Message> {
    return this.messages.edit(user, id, body.content);
  }

  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Delete (author only); it stays as a tombstone. Publishes `message.deleted` once',
  })
  @ApiNoContentResponse({ description: 'Deleted, now or before' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Not the author' })
  delete(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number): Promise<void> {
    return this.messages.delete(user, id);
  }

  @Put('reactions/:emoji')
  @ApiOperation({ summary: 'React (members only; idempotent); publishes `reaction` on a change' })
  @ApiParam(EMOJI_PARAM)
  @ApiOkResponse({ type: ReactionResponse })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description: 'Not one emoji, or a 21st different emoji on the message',
  })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Not a member of the room' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'The message was deleted' })
  @ApiTooManyRequestsResponse({ type: ErrorResponse, description: 'Too many reactions' })
  react(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: number,
    @Param('emoji') emoji: string,
  ): Promise<ReactionSummary> {
    return this.messages.react(user, id, emoji, true);
  }

  @Delete('reactions/:emoji')
  @ApiOperation({ summary: 'Take a reaction back (idempotent); publishes `reaction` on a change' })
  @ApiParam(EMOJI_PARAM)
  @ApiOkResponse({ type: ReactionResponse })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Not a member of the room' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'The message was deleted' })
  unreact(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: number,
    @Param('emoji') emoji: string,
  ): Promise<ReactionSummary> {
    return this.messages.react(user, id, emoji, false);
  }

  @Put('pin')
  @ApiOperation({ summary: 'Pin (members only); publishes `message.pinned` on a change' })
  @ApiOkResponse({ type: PinStateResponse })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Not a member of the room' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'The message was deleted' })
  pin(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number): Promise<PinState> {
    return this.messages.pin(user, id, true);
  }

  @Delete('pin')
  @ApiOperation({ summary: 'Unpin (members only); publishes `message.pinned` on a change' })
  @ApiOkResponse({ type: PinStateResponse })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Not a member of the room' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'The message was deleted' })
  unpin(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number): Promise<PinState> {
    return this.messages.pin(user, id, false);
  }
}
