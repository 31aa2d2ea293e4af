import { ApiError } from '../../api/http';

/** A refusal said plainly: a 403 is "not allowed", anything else the server's words. */
export function refusalText(error: unknown, fallback: string): string {
  if (error instanceof ApiError && error.status === 403)
    return `Not allowed: ${error.message || 'you may not do that in this room.'}`;
  if (error instanceof ApiError && error.status === 409)
    return error.message || 'That name is taken.';
  return error instanceof Error ? error.message : fallback;
}
