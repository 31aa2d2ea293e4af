import { ApiProperty } from '@nestjs/swagger';

import type { User } from '../user.entity.js';

export class UserSummary {
  @ApiProperty({ example: 7 })
  id: number;

  @ApiProperty({ example: 'ana' })
  username: string;

  @ApiProperty({ example: 'Ana' })
  displayName: string;

  static of(user: Pick<User, 'id' | 'username' | 'displayName'>): UserSummary {
    return { id: user.id, username: user.username, displayName: user.displayName };
  }
}

export class ProfileResponse extends UserSummary {
  @ApiProperty({ example: 'Backend, coffee, bikes.' })
  bio: string;

  @ApiProperty({ type: String, nullable: true, example: 'https://example.com/ana.png' })
  avatarUrl: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastSeenAt: string | null;

  static override of(user: User): ProfileResponse {
    return {
      ...UserSummary.of(user),
      bio: user.bio,
      avatarUrl: user.avatarUrl,
      createdAt: user.createdAt.toISOString(),
      lastSeenAt: user.lastSeenAt?.toISOString() ?? null,
    };
  }
}
