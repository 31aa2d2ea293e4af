import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';

import { MAX_SEQ } from '../../messages/dto/send-message.dto.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateRoomDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 64,
    example: 'backend',
    description: 'Unique case-insensitively',
  })
  @Transform(trim)
  @IsString()
  @Length(1, 64)
  name: string;

  @ApiPropertyOptional({ maxLength: 500, example: 'Servers, databases and the like' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class MarkReadDto {
  @ApiProperty({
    example: 42,
    maximum: MAX_SEQ,
    description: 'The seq read up to; moves forward only',
  })
  @IsInt()
  @Min(0)
  @Max(MAX_SEQ)
  seq: number;
}
