// Password hashing and tokens for the baselines, doing the same work as Fadmann's login
// (src/auth/password-hasher.ts, src/auth/refresh-tokens.ts): argon2id verify, an HS256 JWT,
// and one hashed refresh token stored per login.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';

/** The same parameters as Fadmann's `ARGON2` in src/auth/password-hasher.ts (argon2id). */
export const ARGON2 = {
  algorithm: 2,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
};

/** @param {string} password */
export function hashPassword(password) {
  return argon2Hash(password, ARGON2);
}

/**
 * @param {string} password
 * @param {string} stored
 */
export async function verifyPassword(password, stored) {
  try {
    return await argon2Verify(stored, password);
  } catch {
    return false;
  }
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

/**
 * @param {object} payload
 * @param {string} secret
 */
export function signJwt(payload, secret) {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const sig = createHmac('sha256', secret).update(`${HEADER}.${body}`).digest('base64url');
  return `${HEADER}.${body}.${sig}`;
}

/**
 * @param {string} token
 * @param {string} secret
 * @returns {{sub: number, username: string, exp: number} | null}
 */
export function verifyJwt(token, secret) {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const sig = createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== sig.length || !timingSafeEqual(given, sig)) return null;
  try {
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString());
    return payload.exp * 1000 > Date.now() ? payload : null;
  } catch {
    return null;
  }
}

/** A new opaque refresh token and the hash that is stored. */
export function newRefreshToken() {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: createHash('sha256').update(token).digest('hex') };
}
