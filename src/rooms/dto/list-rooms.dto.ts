import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const ROOM_PAGE_MAX = 500;

const BOOLEAN: Record<string, boolean> = { true: true, false: false };

/** `GET /api/rooms`: a bounded page, by name, optionally only joined (or not joined) rooms. */
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
    description: 'Only rooms whose name sorts after this one (case-insensitively): the cursor',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  after?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: ROOM_PAGE_MAX, default: ROOM_PAGE_MAX })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(ROOM_PAGE_MAX)
  limit?: number;
}
