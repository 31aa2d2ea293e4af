import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';

import { MAX_INT32 } from '../../common/int32.js';
import type { EditMessage, SendMessage } from '../../contract/messages.js';
import { MAX_ATTACHMENTS } from '../../contract/uploads.js';
import {
  HISTORY_PAGE_DEFAULT,
  HISTORY_PAGE_MAX,
  MAX_CLIENT_ID_LENGTH,
  MAX_CONTENT_LENGTH,
  NO_NUL,
} from '../../contract/messages.js';

export { MAX_CLIENT_ID_LENGTH, MAX_CONTENT_LENGTH };

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class EditMessageDto implements EditMessage {
  @ApiProperty({
    minLength: 1,
    maxLength: MAX_CONTENT_LENGTH,
    description: 'Markdown text; trimmed',
  })
  @Transform(trim)
  @IsString()
  @Length(1, MAX_CONTENT_LENGTH)
  @Matches(NO_NUL, { message: 'content must not contain NUL characters' })
  content: string;
}

export class SendMessageDto implements SendMessage {
  @ApiProperty({
    minLength: 0,
    maxLength: MAX_CONTENT_LENGTH,
    description: 'Markdown text; trimmed. May be empty only with attachmentIds',
  })
  @Transform(trim)
  @IsString()
  @Length(0, MAX_CONTENT_LENGTH)
  @Matches(NO_NUL, { message: 'content must not contain NUL characters' })
  content: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    minLength: 1,
    maxLength: MAX_CLIENT_ID_LENGTH,
    description: 'Idempotency key: the same one again answers the original and stores nothing',
  })
  @IsOptional()
  @IsString()
  @Length(1, MAX_CLIENT_ID_LENGTH)
  @Matches(NO_NUL, { message: 'clientId must not contain NUL characters' })
  clientId?: string | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    description: 'The message of the same room this one answers',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_INT32)
  replyToId?: number | null;

  @ApiPropertyOptional({
    type: [Number],
    minItems: 1,
    maxItems: MAX_ATTACHMENTS,
    uniqueItems: true,
    description: "Ids of the caller's own uploads not yet attached, in the order shown",
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ATTACHMENTS)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(MAX_INT32, { each: true })
  attachmentIds?: number[];
}

export class HistoryQueryDto {
  @ApiPropertyOptional({
    minimum: 0,
    description: 'Only messages with seq below this (page backwards)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_INT32)
  before?: number;

  @ApiPropertyOptional({
    minimum: 0,
    description: 'Only messages with seq above this (page forwards)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_INT32)
  after?: number;

  @ApiPropertyOptional({
    minimum: 0,
    description:
      'A page centred on this seq: the message at or just before it, about half before and ' +
      'the rest after (not with before or after); answered with hasMoreBefore and hasMoreAfter',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_INT32)
  around?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: HISTORY_PAGE_MAX, default: HISTORY_PAGE_DEFAULT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(HISTORY_PAGE_MAX)
  limit?: number;
}
