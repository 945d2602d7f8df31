import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblems, verifyPassword } from './passwords.js';

describe('passwords', () => {
  it('stores argon2id hashes that verify only the right password', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(stored, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(stored, 'Correct horse battery')).toBe(false);
    expect(await verifyPassword('not a hash', 'anything')).toBe(false);
  });

  it('explains in plain words why a password is refused', () => {
    expect(passwordProblems('short', 'a@b.c')).toMatch(/10 characters or more/);
    expect(passwordProblems('aaaaaaaaaaaa', 'a@b.c')).toMatch(/one character repeated/);
    expect(passwordProblems('name@example.org', 'Name@Example.org')).toMatch(/email address/);
    expect(passwordProblems('a long enough passphrase', 'a@b.c')).toBeNull();
  });
});
