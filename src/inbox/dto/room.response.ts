import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import type { Message } from '../../contract/messages.js';
import type { NotifyLevel, ReadPosition, Role, Room, RoomKind } from '../../contract/rooms.js';
import type { UserSummary as Summary } from '../../contract/users.js';
import { MessageResponse } from '../../messages/dto/message.response.js';
import { NOTIFY_LEVELS } from '../../rooms/dto/member-requests.dto.js';
import { ROLES } from '../../rooms/dto/member.response.js';
import { UserSummary } from '../../users/dto/profile.response.js';

const KINDS: RoomKind[] = ['public', 'private', 'direct'];

/** The OpenAPI description of the contract's Room and ReadPosition (src/contract/rooms.ts). */
export class RoomResponse implements Room {
  @ApiProperty({ example: 1 })
  id: number;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'general',
    description: 'null for a direct room: clients name it after its other members',
  })
  name: string | null;

  @ApiProperty({ example: 'Anything goes' })
  description: string;

  @ApiProperty({
    enum: KINDS,
    description:
      '`public`: anyone may read and join; `private` and `direct`: members only, invisible ' +
      'to others',
  })
  kind: RoomKind;

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

  @ApiProperty({ example: 1, description: 'Your unread notifications in the room' })
  mentionCount: number;

  @ApiProperty({ description: 'Whether you are a member' })
  joined: boolean;

  @ApiProperty({
    enum: ROLES,
    nullable: true,
    description: 'Your role; null when you are not a member',
  })
  role: Role | null;

  @ApiProperty({
    enum: NOTIFY_LEVELS,
    description:
      'Your notification level (PUT /api/rooms/{id}/notify); the default, `mentions` ' +
      '(`all` in direct rooms), when you are not a member or never set it',
  })
  notifyLevel: NotifyLevel;

  @ApiPropertyOptional({
    type: [UserSummary],
    description: 'Direct rooms only: everyone in it, you included',
  })
  members?: Summary[];
}

export class ReadPositionResponse implements ReadPosition {
  @ApiProperty({ example: 42 })
  lastReadSeq: number;

  @ApiProperty({ example: 0 })
  unreadCount: number;
}
