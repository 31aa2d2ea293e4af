import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

import type { AuthUser } from '../common/auth-user.js';
import { CurrentUser } from '../common/current-user.decorator.js';
import { ErrorResponse } from '../common/error.response.js';
import type { NotificationPage } from '../contract/notifications.js';
import {
  MarkNotificationsReadDto,
  NotificationPageResponse,
  NotificationsQueryDto,
  UnreadNotificationsResponse,
} from './dto/notifications.dto.js';
import { NotificationsService } from './notifications.service.js';

@ApiTags('notifications')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Missing, invalid or expired token' })
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({
    summary: 'Your notifications, newest first',
    description:
      'Made once per message and person, for a mention of you, `@room`/`@all` in a room you ' +
      'are in, a reply to your message and every message in your direct rooms; never for ' +
      'your own messages nor in a room whose level is `none`; gone with their message. ' +
      "Moving a room's read position to a notification's `seq` or past it reads it.",
  })
  @ApiOkResponse({ type: NotificationPageResponse })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A query parameter is invalid' })
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: NotificationsQueryDto,
  ): Promise<NotificationPage> {
    return this.notifications.list(user, query);
  }

  @Put('read')
  @ApiOperation({ summary: 'Mark notifications read: `{ ids }` or `{ all: true }`' })
  @ApiOkResponse({ type: UnreadNotificationsResponse })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'Neither valid `ids` nor `all`' })
  async markRead(
    @CurrentUser() user: AuthUser,
    @Body() body: MarkNotificationsReadDto,
  ): Promise<{ unreadCount: number }> {
    return { unreadCount: await this.notifications.markRead(user, body) };
  }
}
