import type { AppErrorCode } from '../common/app-error.js';
import type { ErrorCode } from './frames.js';

/** WebSocket close codes of the contract (API.md, "Real time"). */
export const CloseCode = {
  goingAway: 1001,
  policy: 1008,
  tooBig: 1009,
  unauthorized: 4401,
  forbidden: 4403,
  notFound: 4404,
} as const;

/**
 * The one place where domain errors meet the socket: as the HTTP status refusing an
 * upgrade, as the close code of an open socket, and as the code of an `error` frame.
 */
export function socketErrorFor(code: AppErrorCode): {
  status: number;
  closeCode: number;
  frameCode: ErrorCode;
} {
  switch (code) {
    case 'unauthorized':
      return { status: 401, closeCode: CloseCode.unauthorized, frameCode: 'forbidden' };
    case 'forbidden':
      return { status: 403, closeCode: CloseCode.forbidden, frameCode: 'forbidden' };
    case 'not_found':
      return { status: 404, closeCode: CloseCode.notFound, frameCode: 'forbidden' };
    case 'invalid':
      return { status: 400, closeCode: CloseCode.policy, frameCode: 'invalid' };
    case 'conflict':
      return { status: 409, closeCode: CloseCode.policy, frameCode: 'invalid' };
    case 'rate_limited':
      return { status: 429, closeCode: CloseCode.policy, frameCode: 'rate_limited' };
    default:
      return assertNever(code);
  }
}

function assertNever(code: never): never {
  throw new Error(`Unmapped error code ${String(code)}`);
}
