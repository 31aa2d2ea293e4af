import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';

import { MAX_INT32 } from '../../common/int32.js';
import type {
  Notification,
  NotificationKind,
  NotificationPage,
} from '../../contract/notifications.js';
import { NOTIFICATION_PAGE_DEFAULT, NOTIFICATION_PAGE_MAX } from '../../contract/notifications.js';
import { REPLY_EXCERPT_LENGTH } from '../../contract/messages.js';
import { UserSummary } from '../../users/dto/profile.response.js';

/** The OpenAPI description of the contract's notifications (src/contract/notifications.ts). */

export const MAX_READ_IDS = 100;

export class NotificationResponse implements Notification {
  @ApiProperty({ example: 311 })
  id: number;

  @ApiProperty({
    enum: ['direct', 'mention', 'reply', 'room_mention'],
    description:
      'Why it concerns you; a message makes at most one per person, the first that applies in this order',
  })
  kind: NotificationKind;

  @ApiProperty({ example: 4 })
  roomId: number;

  @ApiProperty({ example: 1040 })
  messageId: number;

  @ApiProperty({
    example: 57,
    description: "The message's seq: moving the room's read position to it or past it reads it",
  })
  seq: number;

  @ApiProperty({ type: UserSummary, description: "The message's author" })
  actor: UserSummary;

  @ApiProperty({
    description: `The message's first ${REPLY_EXCERPT_LENGTH} characters, as it is now`,
  })
  excerpt: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  readAt: string | null;
}

export class NotificationPageResponse implements NotificationPage {
  @ApiProperty({ type: [NotificationResponse], description: 'Newest first' })
  notifications: Notification[];

  @ApiProperty({ description: 'More notifications past this page (page on with `before`)' })
  hasMore: boolean;

  @ApiProperty({ example: 3, description: 'All your unread notifications, whatever the page' })
  unreadCount: number;
}

export class NotificationsQueryDto {
  @ApiPropertyOptional({ minimum: 1, description: 'Only notifications with an id below this' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_INT32)
  before?: number;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: NOTIFICATION_PAGE_MAX,
    default: NOTIFICATION_PAGE_DEFAULT,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(NOTIFICATION_PAGE_MAX)
  limit?: number;

  @ApiPropertyOptional({ description: 'Only unread notifications' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

export class MarkNotificationsReadDto {
  @ApiPropertyOptional({
    type: [Number],
    minItems: 1,
    maxItems: MAX_READ_IDS,
    description: 'Your notifications to mark read (others’ ids change nothing); or `all`',
  })
  @ValidateIf((body: MarkNotificationsReadDto) => body.all !== true)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_READ_IDS)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(MAX_INT32, { each: true })
  ids?: number[];

  @ApiPropertyOptional({ enum: [true], description: 'Mark every notification read' })
  @ValidateIf((body: MarkNotificationsReadDto) => body.all !== undefined || body.ids === undefined)
  @Equals(true)
  all?: true;
}

export class UnreadNotificationsResponse {
  @ApiProperty({ example: 0 })
  unreadCount: number;
}
