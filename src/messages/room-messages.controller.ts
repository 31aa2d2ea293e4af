import { Body, Controller, Get, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Response } from 'express';

import type { AuthUser } from '../common/auth-user.js';
import { AppError } from '../common/app-error.js';
import { CurrentUser } from '../common/current-user.decorator.js';
import { ErrorResponse } from '../common/error.response.js';
import { IdPipe } from '../common/id.pipe.js';
import type { Message, MessagePage, MessagesAround } from '../contract/messages.js';
import {
  MessagePageResponse,
  MessageResponse,
  MessagesAroundResponse,
} from './dto/message.response.js';
import { HistoryQueryDto, SendMessageDto } from './dto/send-message.dto.js';
import { MessagesService } from './messages.service.js';

@ApiTags('messages')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Missing, invalid or expired token' })
@ApiExtraModels(MessagePageResponse, MessagesAroundResponse)
@Controller('rooms/:id')
export class RoomMessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Get('messages')
  @ApiOperation({
    summary: 'A page of history',
    description:
      'Ascending by seq. Without cursors the newest `limit`; `before` pages backwards, `after` ' +
      'forwards. With `around` (alone), a page centred on that seq, answered with ' +
      '`hasMoreBefore` and `hasMoreAfter` instead of `hasMore`.',
  })
  @ApiOkResponse({
    schema: {
      oneOf: [
        { $ref: getSchemaPath(MessagePageResponse) },
        { $ref: getSchemaPath(MessagesAroundResponse) },
      ],
    },
  })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description: 'A cursor or the limit is invalid, or around is combined with before/after',
  })
  @ApiNotFoundResponse({ type: ErrorResponse })
  history(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) roomId: number,
    @Query() query: HistoryQueryDto,
  ): Promise<MessagePage | MessagesAround> {
    if (query.around === undefined) return this.messages.history(user, roomId, query);
    if (query.before !== undefined || query.after !== undefined) {
      throw new AppError('invalid', 'around cannot be combined with before or after');
    }
    return this.messages.around(user, roomId, query.around, query.limit);
  }

  @Post('messages')
  @ApiOperation({ summary: 'Send a message; it is also broadcast to the room' })
  @ApiCreatedResponse({ type: MessageResponse, description: 'Stored and broadcast' })
  @ApiOkResponse({
    type: MessageResponse,
    description: 'This clientId was sent before: the original',
  })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description: 'A field is invalid (the message names it), or replyToId is not in this room',
  })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Not a member of the room' })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiTooManyRequestsResponse({
    type: ErrorResponse,
    description: 'Past MESSAGE_RATE (per user, shared with the sockets); see Retry-After',
  })
  async send(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) roomId: number,
    @Body() body: SendMessageDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Message> {
    const { message, created } = await this.messages.post(user, roomId, body);
    response.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return message;
  }

  @Get('pins')
  @ApiOperation({ summary: 'The pinned messages, newest pin first' })
  @ApiOkResponse({ type: [MessageResponse] })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  pins(@CurrentUser() user: AuthUser, @Param('id', IdPipe) roomId: number): Promise<Message[]> {
    return this.messages.pins(user, roomId);
  }
}
