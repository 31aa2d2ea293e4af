import type { AppErrorCode } from '../common/app-error.js';
import { CloseCode } from '../contract/frames.js';
import type { ErrorCode } from './frames.js';

export { CloseCode };

/**
 * The one place where domain errors meet the socket: as the HTTP status refusing an
 * upgrade, as the code of an `error` frame, and, when the socket cannot go on (its user or
 * the room of a room socket is gone), as the close code that follows that frame. On the
 * per-user socket a room that is gone or closed to the user is only that frame's refusal.
 */
export function socketErrorFor(
  code: AppErrorCode,
  perUser = false,
): {
  status: number;
  frameCode: ErrorCode;
  closeCode: number | null;
} {
  switch (code) {
    case 'unauthorized':
      return { status: 401, frameCode: 'forbidden', closeCode: CloseCode.unauthorized };
    case 'not_found':
      return perUser
        ? { status: 404, frameCode: 'not_found', closeCode: null }
        : { status: 404, frameCode: 'forbidden', closeCode: CloseCode.notFound };
    case 'forbidden':
      return { status: 403, frameCode: 'forbidden', closeCode: null };
    case 'invalid':
      return { status: 400, frameCode: 'invalid', closeCode: null };
    case 'conflict':
      return { status: 409, frameCode: 'invalid', closeCode: null };
    case 'rate_limited':
      return { status: 429, frameCode: 'rate_limited', closeCode: null };
    default:
      return assertNever(code);
  }
}

function assertNever(code: never): never {
  throw new Error(`Unmapped error code ${String(code)}`);
}
