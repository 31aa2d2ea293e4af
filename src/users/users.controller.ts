import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

import { CurrentUser } from '../common/current-user.decorator.js';
import type { AuthUser } from '../common/auth-user.js';
import { ErrorResponse } from '../common/error.response.js';
import { IdPipe } from '../common/id.pipe.js';
import { ProfileResponse } from './dto/profile.response.js';
import { UpdateProfileDto } from './dto/update-profile.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Missing, invalid or expired token' })
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get(':id/profile')
  @ApiOkResponse({ type: ProfileResponse })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'The id is not a positive integer' })
  @ApiNotFoundResponse({ type: ErrorResponse })
  getProfile(@Param('id', IdPipe) id: number): Promise<ProfileResponse> {
    return this.users.getProfile(id);
  }

  @Put(':id/profile')
  @ApiOkResponse({ type: ProfileResponse })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description: 'A field is invalid; the message names it',
  })
  @ApiForbiddenResponse({
    type: ErrorResponse,
    description: 'Only the user may edit their profile',
  })
  @ApiNotFoundResponse({ type: ErrorResponse })
  updateProfile(
    @CurrentUser() caller: AuthUser,
    @Param('id', IdPipe) id: number,
    @Body() changes: UpdateProfileDto,
  ): Promise<ProfileResponse> {
    return this.users.updateProfile(caller.id, id, changes);
  }
}
