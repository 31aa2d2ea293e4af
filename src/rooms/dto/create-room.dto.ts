import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';

import { IsDisplayText, normalizeDisplayText } from '../../common/display-text.js';
import { MAX_INT32 } from '../../common/int32.js';

export class CreateRoomDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 64,
    example: 'backend',
    description:
      'Stored in Unicode NFKC form, trimmed. Unique case-insensitively and by look: a name ' +
      'that could be mistaken for an existing one (UTS #39 confusables, e.g. a Cyrillic е ' +
      'for a Latin e) answers 409. Control, invisible and bidirectional characters answer 400.',
  })
  @Transform(normalizeDisplayText)
  @IsString()
  @Length(1, 64)
  @IsDisplayText()
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
    maximum: MAX_INT32,
    description: 'The seq read up to; moves forward only',
  })
  @IsInt()
  @Min(0)
  @Max(MAX_INT32)
  seq: number;
}
