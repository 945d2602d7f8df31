/**
 * A code family's base: who was asked its question. The PCF review asked about self-identified
 * outcomes (figures C.1–C.3) of 19 Partners, 34 Community Anchors and 56 Community Members, and about
 * contexts, mechanisms and outcomes (C.4–C.19) of 16, 39 and 65. A respondent outside a family's base
 * was not asked, so they are in none of its counts: not in a group's N, and not "did not mention".
 *
 * `null` is "everyone was asked" (no base recorded); a set of respondent ids (as the analysis names
 * them) is the base. Withdrawn consent and filters apply on top (`inAnalysis`).
 */
export type Base = ReadonlySet<string> | null;

/** The respondents in the base, in the order given; everyone when there is no base. */
export function inBase<R extends { id: string }>(respondents: readonly R[], base: Base | undefined): R[] {
  if (!base) return [...respondents];
  return respondents.filter((r) => base.has(r.id));
}

/** Whether the respondent was asked: always, when there is no base. */
export function wasAsked(base: Base | undefined, respondentId: string): boolean {
  return !base || base.has(respondentId);
}

export interface BaseSummary {
  /** True when everyone in the evaluation was asked (no base recorded). */
  everyone: boolean;
  /** Respondents asked, consent given or not. */
  asked: number;
  /** Of them, those with consent given: who the family's figures can count. */
  counted: number;
  /** Respondents in the evaluation who were not asked. */
  notAsked: number;
}

/**
 * What a base comes to, for the screens: how many were asked, how many of them can be counted (consent
 * given), and how many were not asked. Unknown ids in the base are ignored.
 */
export function summariseBase(respondents: readonly { id: string; consent: string }[], base: Base): BaseSummary {
  const asked = inBase(respondents, base);
  return {
    everyone: base === null,
    asked: asked.length,
    counted: asked.filter((r) => r.consent === 'given').length,
    notAsked: respondents.length - asked.length,
  };
}
