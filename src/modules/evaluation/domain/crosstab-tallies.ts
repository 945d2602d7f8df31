/**
 * The cross-tab built from tallies the database has already counted (decision 009): respondents per
 * group, and per group and code how many of them identified it. Same table, same order, same
 * rounding as `crosstab`, which counts from respondent-level rows and stays the rule both must meet.
 */
import { type Crosstab, type CrosstabGroup, type CrosstabRow, type Dimension, orderGroups, percentOf } from './crosstab.js';
import { type CodeRef, resolveCodes } from './respondents.js';

export interface Tallies {
  by: Dimension | null;
  /** The family's codes in codebook order; a code nobody in a group identified gets a row with 0. */
  codes: readonly CodeRef[];
  /** Distinct respondents counted (consent given, filters matched). */
  total: number;
  /** Respondents per group. A respondent may be in several (themes); groups of 0 are left out. */
  groups: readonly { group: string; n: number }[];
  /** Respondents per group who identified each code (by code id); codes not listed are ignored. */
  codeCounts: readonly { group: string; codeId: string; n: number }[];
  groupOrder?: readonly string[];
}

export function crosstabFromTallies(input: Tallies): Crosstab {
  const { list: codes, positionOf } = resolveCodes(input.codes);
  const sizes = new Map<string, number>();
  for (const g of input.groups) {
    if (!Number.isSafeInteger(g.n) || g.n < 0) throw new Error(`A group size must be a whole number, 0 or more: ${g.group} has ${g.n}`);
    if (g.n > 0) sizes.set(g.group, (sizes.get(g.group) ?? 0) + g.n);
  }
  const counts = new Map<string, number[]>();
  for (const c of input.codeCounts) {
    const size = sizes.get(c.group);
    const at = positionOf(c.codeId);
    if (size === undefined || at === undefined) continue;
    let row = counts.get(c.group);
    if (!row) counts.set(c.group, (row = new Array<number>(codes.length).fill(0)));
    row[at]! += c.n;
    if (row[at]! > size)
      throw new Error(`More respondents identified ${codes[at]!.code} in ${c.group} than the group has (${row[at]} of ${size})`);
  }
  const groups: CrosstabGroup[] = [];
  const rows: CrosstabRow[] = [];
  let memberships = 0;
  for (const group of orderGroups(sizes.keys(), input.groupOrder)) {
    const nGroup = sizes.get(group)!;
    memberships += nGroup;
    groups.push({ group, nGroup });
    const row = counts.get(group);
    codes.forEach((code, c) => {
      const nCode = row?.[c] ?? 0;
      rows.push({ group, nGroup, code: code.code, codeId: code.codeId, nCode, percent: percentOf(nCode, nGroup) });
    });
  }
  return { by: input.by, groups, rows, total: input.total, overlapping: memberships > input.total };
}
