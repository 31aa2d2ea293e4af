import { ApiProperty } from '@nestjs/swagger';

import type { Member } from '../../contract/rooms.js';

export class MemberResponse implements Member {
  @ApiProperty({ example: 7 })
  id: number;

  @ApiProperty({ example: 'ana' })
  username: string;

  @ApiProperty({ example: 'Ana' })
  displayName: string;

  @ApiProperty({ description: 'Has a socket open in this room' })
  online: boolean;

  @ApiProperty({ format: 'date-time' })
  joinedAt: string;
}
