import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, Max, Min } from 'class-validator';

import { MAX_INT32 } from '../../common/int32.js';
import type { NotifyLevel, Role } from '../../contract/rooms.js';

export const ASSIGNABLE_ROLES = ['moderator', 'member'] as const;
export const NOTIFY_LEVELS: NotifyLevel[] = ['all', 'mentions', 'none'];

export class AddMemberDto {
  @ApiProperty({ example: 12, description: 'The user to add' })
  @IsInt()
  @Min(1)
  @Max(MAX_INT32)
  userId: number;
}

export class SetRoleDto {
  @ApiProperty({
    enum: ASSIGNABLE_ROLES,
    description: 'A room has one owner, its creator: ownership cannot be given (400)',
  })
  @IsIn(ASSIGNABLE_ROLES)
  role: Exclude<Role, 'owner'>;
}

export class NotifyLevelDto {
  @ApiProperty({
    enum: NOTIFY_LEVELS,
    description:
      '`none` mutes the room (no notifications); `all` makes no more notifications but tells ' +
      'clients to alert on every message. Default `mentions`, and `all` in direct rooms',
  })
  @IsIn(NOTIFY_LEVELS)
  level: NotifyLevel;
}
