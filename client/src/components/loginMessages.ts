import { ApiError } from '../api/http';

const USERNAME = /^[A-Za-z0-9_.-]{3,32}$/;

/** Client-side checks mirror the contract, so most mistakes need no round trip. */
export function validateCredentials(username: string, password: string): string | null {
  if (!USERNAME.test(username)) {
    return 'Username must be 3 to 32 characters: letters, digits, "_", "." or "-".';
  }
  if (password.length < 8 || password.length > 128) {
    return 'Password must be 8 to 128 characters.';
  }
  return null;
}

export function loginErrorText(error: unknown, username: string): string {
  if (!(error instanceof ApiError)) {
    return error instanceof Error ? error.message : 'Something went wrong. Please try again.';
  }
  switch (error.status) {
    case 401:
      return `Wrong password for “${username}”. New here? That name is taken: pick another.`;
    case 400:
      return `Please check your input: ${error.message}`;
    case 429: {
      const wait = error.retryAfterSeconds;
      const when = wait
        ? `in ${wait < 90 ? `${wait} seconds` : `${Math.ceil(wait / 60)} minutes`}`
        : 'later';
      return `Too many failed attempts. Try again ${when}.`;
    }
    default:
      return `The server could not log you in (${error.status}). Please try again.`;
  }
}
