import { hash, verify } from '@node-rs/argon2';
import { isCommonPassword } from './common-passwords.js';

// Argon2id (algorithm 2) with OWASP's minimum memory/time settings: ~25 ms a hash here.
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash of nothing, verified when the email is unknown so both answers take the same time. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword('not a real password, only a timing decoy');
  return decoy;
}

/** Plain-language reasons a chosen password is refused (NCSC: length over complexity). */
export function passwordProblems(password: string, email: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Password must be ${MIN_PASSWORD_LENGTH} characters or more`;
  if (password.length > 200) return 'Password must be 200 characters or fewer';
  if (password.toLowerCase() === email.toLowerCase()) return 'Password must not be your email address';
  if (/^(.)\1+$/.test(password)) return 'Password must not be one character repeated';
  return null;
}

const squash = (s: string) => s.toLowerCase().replace(/\s+/g, '');

/**
 * Every rule for a password someone chooses: the ones above, then not the person's own name or email
 * name, and not one of the commonly used or breached passwords an attacker tries first.
 */
export async function newPasswordProblem(password: string, person: { email: string; name?: string | undefined }): Promise<string | null> {
  const basic = passwordProblems(password, person.email);
  if (basic) return basic;
  const own = [person.name ?? '', person.email.split('@')[0] ?? ''].map(squash).filter((s) => s.length > 0);
  if (own.includes(squash(password))) return 'Password must not be your name or the first part of your email address';
  if (await isCommonPassword(password, MIN_PASSWORD_LENGTH)) {
    return 'Password is one of the passwords most often used or leaked, which attackers try first. Choose another, such as three or four random words';
  }
  return null;
}
