/** The largest single grant Cairn accepts: £10 billion keeps every sum of pence an exact integer. */
export const MAX_GRANT_GBP = 10_000_000_000;

/**
 * Pounds as typed (a JSON number) → whole pence, or null when it is not a sum of money: negative,
 * too large, or finer than a penny. Works on the number's shortest decimal spelling, so 0.29 is
 * 29 pence, not the 28.999… that 0.29 × 100 gives in floating point.
 */
export function poundsToPence(pounds: number): number | null {
  if (!Number.isFinite(pounds) || pounds < 0 || pounds > MAX_GRANT_GBP) return null;
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(String(pounds));
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** Whole pence → pounds; dividing an integer by 100 gives the nearest number to the exact amount. */
export const penceToPounds = (pence: number): number => pence / 100;
