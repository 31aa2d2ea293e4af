import { hash as argon2Hash } from '@node-rs/argon2';

import { legacyScryptHash } from '../../test/support/legacy-hash.js';
import { ARGON2, passwordHasher } from './password-hasher.js';

describe('passwordHasher', () => {
  const password = 'correct horse battery';

  it('hashes with argon2id at OWASP strength, salted', async () => {
    const [one, two] = await Promise.all([
      passwordHasher.hash(password),
      passwordHasher.hash(password),
    ]);
    expect(one).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[^$]{22}\$[^$]{43}$/);
    expect(one).not.toBe(two);
    expect(one).not.toContain(password);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await passwordHasher.hash(password);
    expect(await passwordHasher.verify(password, stored)).toBe(true);
    expect(await passwordHasher.verify('correct horse battery!', stored)).toBe(false);
    expect(passwordHasher.needsRehash(stored)).toBe(false);
  });

  it('still verifies a legacy scrypt hash, and asks for it to be replaced', async () => {
    const stored = await legacyScryptHash(password);
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await passwordHasher.verify(password, stored)).toBe(true);
    expect(await passwordHasher.verify('wrong password', stored)).toBe(false);
    expect(passwordHasher.needsRehash(stored)).toBe(true);
  });

  it.each([
    ['argon2i', { ...ARGON2, algorithm: 1 as typeof ARGON2.algorithm }],
    ['less memory', { ...ARGON2, memoryCost: 4096 }],
    ['one pass', { ...ARGON2, timeCost: 1 }],
  ])('asks to replace an argon2 hash with %s', async (_, options) => {
    const stored = await argon2Hash(password, options);
    expect(await passwordHasher.verify(password, stored)).toBe(true);
    expect(passwordHasher.needsRehash(stored)).toBe(true);
  });

  it('keeps an argon2id hash with stronger parameters', async () => {
    const stored = await argon2Hash(password, { ...ARGON2, timeCost: 3 });
    expect(passwordHasher.needsRehash(stored)).toBe(false);
  });

  it.each([
    ['an empty value', ''],
    ['an unknown scheme', 'bcrypt$2b$10$abc'],
    ['a corrupt argon2 hash', '$argon2id$v=19$m=19456,t=2,p=1$garbage'],
    ['a truncated scrypt hash', 'scrypt$16384$8$1$'],
    ['scrypt with absurd parameters', 'scrypt$3$8$1$c2FsdA==$aGFzaA=='],
  ])('refuses %s without throwing', async (_, stored) => {
    expect(await passwordHasher.verify(password, stored)).toBe(false);
    expect(passwordHasher.needsRehash(stored)).toBe(true);
  });
});
