import { ApiProperty } from '@nestjs/swagger';

import type { Ban, Member, NotifyLevel, Role } from '../../contract/rooms.js';
import type { UserSummary as Summary } from '../../contract/users.js';
import { UserSummary } from '../../users/dto/profile.response.js';
import { NOTIFY_LEVELS } from './member-requests.dto.js';

export const ROLES: Role[] = ['owner', 'moderator', 'member'];

export class MemberResponse implements Member {
  @ApiProperty({ example: 7 })
  id: number;

  @ApiProperty({ example: 'ana' })
  username: string;

  @ApiProperty({ example: 'Ana' })
  displayName: string;

  @ApiProperty({ enum: ROLES, description: 'The creator is the owner' })
  role: Role;

  @ApiProperty({ description: 'Has a socket open in this room' })
  online: boolean;

  @ApiProperty({ format: 'date-time' })
  joinedAt: string;

  static of(user: Summary, role: Role, joinedAt: Date, online: boolean): MemberResponse {
    return { ...UserSummary.of(user), role, online, joinedAt: joinedAt.toISOString() };
  }
}

export class BanResponse implements Ban {
  @ApiProperty({ type: UserSummary })
  user: Summary;

  @ApiProperty({
    type: UserSummary,
    nullable: true,
    description: 'Who banned; null once that account is gone',
  })
  by: Summary | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class NotifyLevelResponse {
  @ApiProperty({ enum: NOTIFY_LEVELS })
  level: NotifyLevel;
}
