import { ApiProperty } from '@nestjs/swagger';

import { MessageResponse } from '../../messages/dto/message.response.js';

export class RoomResponse {
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

  @ApiProperty({ type: MessageResponse, nullable: true })
  lastMessage: MessageResponse | null;

  @ApiProperty({ example: 2, description: "Other people's messages after your read position" })
  unreadCount: number;

  @ApiProperty({ description: 'Whether you are a member' })
  joined: boolean;
}

export class MemberResponse {
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

export class ReadPositionResponse {
  @ApiProperty({ example: 42 })
  lastReadSeq: number;

  @ApiProperty({ example: 0 })
  unreadCount: number;
}
