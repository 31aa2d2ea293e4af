import { ApiProperty } from '@nestjs/swagger';

import type { Message } from '../../contract/messages.js';
import type { ReadPosition, Room } from '../../contract/rooms.js';
import { MessageResponse } from '../../messages/dto/message.response.js';

/** The OpenAPI description of the contract's Room and ReadPosition (src/contract/rooms.ts). */
export class RoomResponse implements Room {
  @ApiProperty({ example: 1 })
  id: number;

  @ApiProperty({ example: 'general' })
  name: string;

  @ApiProperty({ example: 'Anything goes' })
  description: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ example: 12 })
  memberCount: number;

  @ApiProperty({ example: 3, description: 'Members with a socket open in the room' })
  onlineCount: number;

  @ApiProperty({
    type: MessageResponse,
    nullable: true,
    description: 'The newest message that is not deleted',
  })
  lastMessage: Message | null;

  @ApiProperty({
    example: 2,
    description: "Other people's messages after your read position that are not deleted",
  })
  unreadCount: number;

  @ApiProperty({ description: 'Whether you are a member' })
  joined: boolean;
}

export class ReadPositionResponse implements ReadPosition {
  @ApiProperty({ example: 42 })
  lastReadSeq: number;

  @ApiProperty({ example: 0 })
  unreadCount: number;
}
