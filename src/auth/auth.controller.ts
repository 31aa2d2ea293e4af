import { Body, Controller, Get, HttpCode, HttpStatus, Ip, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';

import { ErrorResponse } from '../common/error.response.js';
import { UsersService } from '../users/users.service.js';
import { ProfileResponse } from '../users/dto/profile.response.js';
import type { AuthUser } from '../common/auth-user.js';
import { AuthService } from './auth.service.js';
import { CurrentUser } from '../common/current-user.decorator.js';
import { TokensResponse } from './dto/auth.response.js';
import { LoginDto, RefreshDto } from './dto/login.dto.js';
import { Public } from '../common/public.decorator.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Public()
  @Post('login')
  @ApiOperation({ summary: 'Log in, or sign up when the username is new' })
  @ApiOkResponse({ type: TokensResponse, description: 'Logged in' })
  @ApiCreatedResponse({ type: TokensResponse, description: 'New user registered and logged in' })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'Invalid username or password shape' })
  @ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Wrong password' })
  @ApiTooManyRequestsResponse({
    type: ErrorResponse,
    description:
      'Too many wrong passwords for this account from this address (LOGIN_FAILURE_LIMIT per ' +
      'LOGIN_FAILURE_WINDOW), from this address across accounts (LOGIN_ADDRESS_FAILURE_LIMIT), ' +
      'or for this account from elsewhere (a delay doubling per failure, at most a minute), ' +
      'or too many sign-ups from this address (REGISTRATION_RATE); see Retry-After',
  })
  async login(
    @Body() body: LoginDto,
    @Ip() address: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TokensResponse> {
    const { created, tokens } = await this.auth.login(body.username, body.password, address);
    response.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return tokens;
  }

  @Public()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Exchange a refresh token for a new pair (rotation)' })
  @ApiOkResponse({ type: TokensResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiUnauthorizedResponse({
    type: ErrorResponse,
    description: 'Unknown, expired, revoked or reused token (reuse revokes the session)',
  })
  refresh(@Body() body: RefreshDto): Promise<TokensResponse> {
    return this.auth.refresh(body.refreshToken);
  }

  @Public()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: "End the refresh token's session: its access tokens answer 401, its sockets close",
  })
  @ApiNoContentResponse({ description: 'Logged out' })
  @ApiBadRequestResponse({ type: ErrorResponse })
  logout(@Body() body: RefreshDto): Promise<void> {
    return this.auth.logout(body.refreshToken);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The current user' })
  @ApiOkResponse({ type: ProfileResponse })
  @ApiUnauthorizedResponse({
    type: ErrorResponse,
    description: 'Missing, invalid or expired access token, or its session has ended',
  })
  me(@CurrentUser() user: AuthUser): Promise<ProfileResponse> {
    return this.users.getProfile(user.id);
  }
}
