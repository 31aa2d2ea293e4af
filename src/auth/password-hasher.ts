import { scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

import {
  type Algorithm,
  hash as argon2Hash,
  parseOptions,
  verify as argon2Verify,
} from '@node-rs/argon2';

const scrypt = promisify(scryptCallback) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/** Algorithm.Argon2id: the package's const enum is an empty object at runtime. */
const ARGON2ID = 2 as Algorithm;

/** OWASP's argon2id minimum: 19 MiB, 2 passes, 1 lane (about 18 ms per hash here). */
export const ARGON2 = {
  algorithm: ARGON2ID,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
} as const;

/** The legacy form `scrypt$N$r$p$salt$hash` still verifies, so that it can be replaced. */
const SCRYPT_MAXMEM = 64 * 1024 * 1024;

/** Salted, memory-hard password hashes: argon2id PHC strings (`$argon2id$v=19$m=…`). */
export const passwordHasher = {
  hash(password: string): Promise<string> {
    return argon2Hash(password, ARGON2);
  },

  /** False for a wrong password and for a stored value that is no hash we know. */
  async verify(password: string, stored: string): Promise<boolean> {
    try {
      if (stored.startsWith('$argon2')) return await argon2Verify(stored, password);
      if (stored.startsWith('scrypt$')) return await verifyScrypt(password, stored);
    } catch {
      // A corrupt hash refuses the login rather than failing it with a 500.
    }
    return false;
  },

  /** True when the stored hash is weaker than ARGON2: replace it on the next good login. */
  needsRehash(stored: string): boolean {
    if (!stored.startsWith('$argon2')) return true;
    try {
      const options = parseOptions(stored);
      return (
        options.algorithm !== ARGON2.algorithm ||
        options.memoryCost < ARGON2.memoryCost ||
        options.timeCost < ARGON2.timeCost ||
        options.outputLen < ARGON2.outputLen
      );
    } catch {
      return true;
    }
  },
};

async function verifyScrypt(password: string, stored: string): Promise<boolean> {
  const [, n, r, p, salt, hash] = stored.split('$');
  if (!salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: SCRYPT_MAXMEM,
  });
  return timingSafeEqual(actual, expected);
}
