import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsInt, Max, Min } from 'class-validator';

import { MAX_INT32 } from '../../common/int32.js';
import type { CreateDirectRoom } from '../../contract/rooms.js';
import { MAX_DIRECT_OTHERS } from '../../contract/rooms.js';

export class CreateDirectRoomDto implements CreateDirectRoom {
  @ApiProperty({
    type: [Number],
    minItems: 1,
    maxItems: MAX_DIRECT_OTHERS,
    uniqueItems: true,
    example: [8, 12],
    description: 'The other people, distinct, without yourself (400)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_DIRECT_OTHERS)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(MAX_INT32, { each: true })
  userIds: number[];
}
