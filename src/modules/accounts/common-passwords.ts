/**
 * Commonly used and breached passwords (NIST SP 800-63B §5.1.1.2: refuse them), from zxcvbn-ts's
 * maintained list of ~49,000. Loaded on first use, not at start-up: `cairn --help` should not pay for it.
 * Only the entries long enough to pass the length rule are kept; shorter ones are refused anyway.
 */
let common: Promise<Set<string>> | undefined;

function load(minLength: number): Promise<Set<string>> {
  common ??= import('@zxcvbn-ts/language-common').then(({ dictionary }) => {
    const words = (dictionary as Record<string, string[]>)['passwords-common'] ?? [];
    if (words.length < 10_000) throw new Error('The list of common passwords did not load: reinstall @zxcvbn-ts/language-common.');
    return new Set(words.filter((w) => w.length >= minLength).map((w) => w.toLowerCase()));
  });
  return common;
}

/** True when the password, in any mix of capitals, is on the list. */
export async function isCommonPassword(password: string, minLength: number): Promise<boolean> {
  return (await load(minLength)).has(password.toLowerCase());
}
