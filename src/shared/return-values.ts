/**
 * One figure of a monitoring return, checked the same way by the server (monitoring/returns) and by the
 * return form before it sends anything, so a form reports every problem in one go.
 */
export type Unit = 'count' | 'gbp' | 'percent' | 'hours' | 'text';

/** One figure as a partnership enters it: a number, a text, or not reported with a reason. */
export interface ValueEntry {
  value?: number | null | undefined;
  textValue?: string | null | undefined;
  notReported?: boolean | undefined;
  notReportedReason?: string | undefined;
  comparabilityNote?: string | undefined;
}

export interface ValueProblem {
  field: 'value' | 'textValue' | 'notReportedReason';
  message: string;
}

const decimals = (n: number) => (Number.isInteger(n) ? 0 : (String(n).split('.')[1]?.length ?? 0));

/**
 * What is wrong with one entry for an indicator of this unit, in words for the person typing it.
 * An entry with nothing in it is allowed (a draft is saved as it goes); whether a required indicator
 * was left empty is decided at submission by `missingRequired`.
 */
export function valueProblems(unit: Unit, entry: ValueEntry): ValueProblem[] {
  const problems: ValueProblem[] = [];
  const hasNumber = entry.value !== undefined && entry.value !== null;
  const hasText = entry.textValue !== undefined && entry.textValue !== null && entry.textValue.trim() !== '';
  if (entry.notReported) {
    if (!entry.notReportedReason?.trim()) problems.push({ field: 'notReportedReason', message: 'Say why this was not reported' });
    if (hasNumber) problems.push({ field: 'value', message: 'Leave the number empty when it is marked not reported' });
    if (hasText) problems.push({ field: 'textValue', message: 'Leave the text empty when it is marked not reported' });
    return problems;
  }
  if (unit === 'text') {
    if (hasNumber) problems.push({ field: 'value', message: 'This indicator is answered in words: use the text box' });
    return problems;
  }
  if (hasText) problems.push({ field: 'textValue', message: 'This indicator is a number: leave the text empty' });
  if (!hasNumber) return problems;
  const n = entry.value as number;
  if (!Number.isFinite(n)) problems.push({ field: 'value', message: 'Enter a number' });
  else if (n < 0) problems.push({ field: 'value', message: 'Must be 0 or more' });
  else if (unit === 'percent' && n > 100) problems.push({ field: 'value', message: 'A percentage must be between 0 and 100' });
  else if (unit === 'count' && !Number.isInteger(n)) problems.push({ field: 'value', message: 'A count must be a whole number' });
  else if (unit === 'gbp' && decimals(n) > 2)
    problems.push({ field: 'value', message: 'An amount in pounds has at most 2 decimal places (pence)' });
  return problems;
}

/** Has this figure been answered: a number, some text, or an explicit "not reported"? */
export function isAnswered(entry: ValueEntry | undefined): boolean {
  if (!entry) return false;
  if (entry.notReported) return true;
  if (entry.value !== undefined && entry.value !== null) return true;
  return entry.textValue !== undefined && entry.textValue !== null && entry.textValue.trim() !== '';
}

/** Required indicators still unanswered, in the order the programme lists them. */
export function missingRequired<I extends { id: string; required: boolean }>(indicators: I[], entries: Map<string, ValueEntry>): I[] {
  return indicators.filter((i) => i.required && !isAnswered(entries.get(i.id)));
}

/** How a value reads in the audit trail: "12", "some text", or "not reported: reason". */
export function describeValue(entry: ValueEntry | undefined): string | null {
  if (!entry || !isAnswered(entry)) return null;
  if (entry.notReported) return `not reported: ${entry.notReportedReason ?? ''}`;
  if (entry.value !== undefined && entry.value !== null) return String(entry.value);
  return entry.textValue ?? null;
}
