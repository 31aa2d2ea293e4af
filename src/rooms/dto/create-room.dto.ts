import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

import { IsDisplayText, normalizeDisplayText } from '../../common/display-text.js';
import { MAX_INT32 } from '../../common/int32.js';
import type { CreateRoom } from '../../contract/rooms.js';
import { ROOM_DESCRIPTION_MAX, ROOM_NAME_MAX } from '../../contract/rooms.js';

export class CreateRoomDto implements CreateRoom {
  @ApiProperty({
    minLength: 1,
    maxLength: ROOM_NAME_MAX,
    example: 'backend',
    description:
      'Stored in Unicode NFKC form, trimmed. Unique case-insensitively and by look: a name ' +
      'that could be mistaken for an existing one (UTS #39 confusables, e.g. a Cyrillic е ' +
      'for a Latin e) answers 409, among public and private rooms alike. Control, invisible ' +
      'and bidirectional characters answer 400.',
  })
  @Transform(normalizeDisplayText)
  @IsString()
  @Length(1, ROOM_NAME_MAX)
  @IsDisplayText()
  name: string;

  @ApiPropertyOptional({
    maxLength: ROOM_DESCRIPTION_MAX,
    example: 'Servers, databases and the like',
  })
  @IsOptional()
  @IsString()
  @MaxLength(ROOM_DESCRIPTION_MAX)
  description?: string;

  @ApiPropertyOptional({
    default: false,
    description:
      'A private room is invisible to non-members (404 as for an unknown room, never listed); ' +
      'only its owner and moderators add people to it',
  })
  @IsOptional()
  @IsBoolean()
  private?: boolean;
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
