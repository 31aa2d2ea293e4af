import { Body, Controller, Get, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';

import type { AuthUser } from '../common/auth-user.js';
import { CurrentUser } from '../common/current-user.decorator.js';
import { ErrorResponse } from '../common/error.response.js';
import { IdPipe } from '../common/id.pipe.js';
import { MessagePageResponse, MessageResponse } from './dto/message.response.js';
import { HistoryQueryDto, SendMessageDto } from './dto/send-message.dto.js';
import { MessagesService } from './messages.service.js';

@ApiTags('messages')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Missing, invalid or expired token' })
@Controller('rooms/:id/messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Get()
  @ApiOperation({
    summary: 'A page of history',
    description:
      'Ascending by seq. Without cursors the newest `limit`; `before` pages backwards, `after` forwards.',
  })
  @ApiOkResponse({ type: MessagePageResponse })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A cursor or the limit is invalid' })
  @ApiNotFoundResponse({ type: ErrorResponse })
  history(
    @Param('id', IdPipe) roomId: number,
    @Query() query: HistoryQueryDto,
  ): Promise<MessagePageResponse> {
    return this.messages.history(roomId, query);
  }

  @Post()
  @ApiOperation({ summary: 'Send a message; it is also broadcast to the room' })
  @ApiCreatedResponse({ type: MessageResponse, description: 'Stored and broadcast' })
  @ApiOkResponse({
    type: MessageResponse,
    description: 'This clientId was sent before: the original',
  })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description: 'A field is invalid; the message names it',
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
  ): Promise<MessageResponse> {
    const { message, created } = await this.messages.post(user, roomId, body);
    response.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return message;
  }
}
