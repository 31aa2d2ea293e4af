import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

import { MAX_INT32 } from '../../common/int32.js';

export const ROOM_PAGE_MAX = 500;

const BOOLEAN: Record<string, boolean> = { true: true, false: false };

/**
 * `GET /api/rooms`: a bounded page, optionally only joined (or not joined) rooms. Named rooms
 * (public, and the caller's private ones) come first by name, then the caller's direct rooms
 * (no name) by id: `after` is the cursor among the first, `afterDirect` among the others.
 */
export class ListRoomsQueryDto {
  @ApiPropertyOptional({
    description: 'true: only rooms you are a member of; false: only the others; absent: all',
  })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? (BOOLEAN[value] ?? value) : value))
  @IsBoolean()
  joined?: boolean;

  @ApiPropertyOptional({
    maxLength: 64,
    description:
      'Only rooms whose name sorts after this one (case-insensitively), then the direct rooms: ' +
      'the cursor among named rooms',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  after?: string;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: MAX_INT32,
    description:
      'Only direct rooms with a greater id (no named room): the cursor once the named rooms ' +
      'are done; it takes precedence over `after`',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_INT32)
  afterDirect?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: ROOM_PAGE_MAX, default: ROOM_PAGE_MAX })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(ROOM_PAGE_MAX)
  limit?: number;
}
