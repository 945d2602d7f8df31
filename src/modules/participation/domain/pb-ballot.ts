/**
 * A participatory budgeting ballot checked against the round's rules, every problem in plain words:
 * approval ballots choose between a least and a most number of projects; knapsack ballots choose
 * projects whose costs add up to no more than the budget (and, when the round asks, at least a share
 * of it). Projects are the ones the voter may choose (their locality's eligible proposals).
 */
export interface BallotRules {
  kind: 'approval' | 'knapsack';
  minProjects: number;
  maxProjects: number | null;
  /** Knapsack: the least share of the budget to spend, in per cent (0: none). */
  minSpendPercent: number;
  budget: number;
}

export interface BallotProject {
  ref: string;
  cost: number;
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
const money = (n: number) => `£${n.toLocaleString('en-GB')}`;

/** The problems with a ballot (empty when it may be counted). */
export function ballotProblems(rules: BallotRules, projects: readonly BallotProject[], choices: readonly string[]): string[] {
  const problems: string[] = [];
  const byRef = new Map(projects.map((p) => [p.ref, p]));
  const seen = new Set<string>();
  for (const c of choices) {
    if (!byRef.has(c)) problems.push(`Project ${c} is not one you can vote for in this round`);
    else if (seen.has(c)) problems.push(`Project ${c} is chosen twice`);
    seen.add(c);
  }
  if (problems.length) return problems;
  const n = choices.length;
  if (n === 0) return ['Choose at least one project'];
  if (n < rules.minProjects) problems.push(`Choose at least ${plural(rules.minProjects, 'project')}: you chose ${n}`);
  if (rules.maxProjects !== null && n > rules.maxProjects)
    problems.push(`Choose no more than ${plural(rules.maxProjects, 'project')}: you chose ${n}`);
  if (rules.kind === 'knapsack') {
    const spent = choices.reduce((s, c) => s + byRef.get(c)!.cost, 0);
    if (spent > rules.budget)
      problems.push(`The projects you chose cost ${money(spent)}, more than the ${money(rules.budget)} there is to spend`);
    const least = Math.ceil((rules.budget * rules.minSpendPercent) / 100);
    if (rules.minSpendPercent > 0 && spent < least)
      problems.push(
        `Choose projects that cost at least ${money(least)} in all (${rules.minSpendPercent}% of the budget): yours cost ${money(spent)}`,
      );
  }
  return problems;
}

/** What the ballot page tells a voter before they choose. */
export function ballotInstructions(rules: BallotRules): string {
  const most = rules.maxProjects === null ? '' : ` and no more than ${plural(rules.maxProjects, 'project')}`;
  const base = `Choose at least ${plural(Math.max(1, rules.minProjects), 'project')}${most}.`;
  if (rules.kind === 'approval') return base;
  const least = rules.minSpendPercent > 0 ? `, and at least ${money(Math.ceil((rules.budget * rules.minSpendPercent) / 100))}` : '';
  return `${base} The projects you choose must cost no more than ${money(rules.budget)} in all${least}.`;
}

/**
 * Two officers' keying of one paper ballot compared: the projects only one of them keyed. Empty when
 * they agree.
 */
export function paperDifferences(first: readonly string[], second: readonly string[]): { onlyFirst: string[]; onlySecond: string[] } {
  const a = new Set(first);
  const b = new Set(second);
  return { onlyFirst: [...a].filter((x) => !b.has(x)), onlySecond: [...b].filter((x) => !a.has(x)) };
}

/** The round's share of the council's budget, in per cent to 2 decimals, beside the 1% aim. */
export function shareOfCouncilBudget(roundBudget: number, councilBudget: number | null): { percent: number; meetsAim: boolean } | null {
  if (!councilBudget || councilBudget <= 0) return null;
  const percent = Math.round((roundBudget / councilBudget) * 10000) / 100;
  return { percent, meetsAim: percent >= 1 };
}

/** Codes for voting: an alphabet with nothing to confuse (no 0/O, 1/I/L), in two groups of five. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CODE_LENGTH = 10;

/** A code as typed (any case, spaces or dashes) to its stored form, or null when it cannot be one. */
export function normaliseCode(typed: string): string | null {
  const s = typed.toUpperCase().replace(/[\s-]/g, '');
  if (s.length !== CODE_LENGTH) return null;
  for (const c of s) if (!CODE_ALPHABET.includes(c)) return null;
  return s;
}

/** A code from random bytes (one byte a character, rejection-sampled so every character is as likely). */
export function codeFromBytes(next: () => number): string {
  let out = '';
  const limit = 256 - (256 % CODE_ALPHABET.length);
  while (out.length < CODE_LENGTH) {
    const b = next();
    if (b < limit) out += CODE_ALPHABET[b % CODE_ALPHABET.length];
  }
  return out;
}

/** A code as printed: two groups of five. */
export const printedCode = (code: string) => `${code.slice(0, 5)}-${code.slice(5)}`;
