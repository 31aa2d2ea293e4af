import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export const MAX_CONTENT_LENGTH = 4000;
export const MAX_CLIENT_ID_LENGTH = 64;
/** The largest seq a cursor may name: seq is a 32-bit integer column. */
export const MAX_SEQ = 2 ** 31 - 1;

export class SendMessageDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_CONTENT_LENGTH, description: 'Plain text; trimmed' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, MAX_CONTENT_LENGTH)
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
  clientId?: string | null;
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
  @Max(MAX_SEQ)
  before?: number;

  @ApiPropertyOptional({
    minimum: 0,
    description: 'Only messages with seq above this (page forwards)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_SEQ)
  after?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}
