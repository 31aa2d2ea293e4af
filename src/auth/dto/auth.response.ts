import { ApiProperty } from '@nestjs/swagger';

import { UserSummary } from '../../users/dto/profile.response.js';

export class TokensResponse {
  @ApiProperty({ description: 'JWT (HS256) with sub = user id; send as Authorization: Bearer' })
  accessToken: string;

  @ApiProperty({ description: 'Opaque and single-use: exchange it at /api/auth/refresh' })
  refreshToken: string;

  @ApiProperty({ example: 900, description: 'Seconds until the access token expires' })
  expiresIn: number;

  @ApiProperty({ type: UserSummary })
  user: UserSummary;
}
