import { createParamDecorator, ExecutionContext } from '@nestjs/common';

import type { AuthUser } from './auth-user.js';

/** The authenticated caller, as set by JwtAuthGuard. */
export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): AuthUser =>
    context.switchToHttp().getRequest<{ user: AuthUser }>().user,
);
