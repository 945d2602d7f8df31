/**
 * Self-assessment against the seven National Standards for Community Engagement (Scotland, 2015;
 * issue 17, point 6). Each engagement is rated on each standard, each cycle, on a four-point scale with
 * its evidence; the portfolio reads the latest cycle of each engagement and shows, per partner and
 * standard, how many engagements were rated and how many met the standard well (strength) or not yet
 * (gap).
 */

export const NATIONAL_STANDARDS = ['Inclusion', 'Support', 'Planning', 'Working Together', 'Methods', 'Communication', 'Impact'] as const;
export type NationalStandard = (typeof NATIONAL_STANDARDS)[number];

/** The scale, lowest first; "largely" and "fully" count as strengths, "not yet" and "partly" as gaps. */
export const RATINGS = ['not yet', 'partly', 'largely', 'fully'] as const;
export type Rating = (typeof RATINGS)[number];
const STRONG: readonly Rating[] = ['largely', 'fully'];

export interface StandardRating {
  engagement: string;
  partner: string;
  standard: NationalStandard;
  rating: Rating;
  /** 1, 2, …: ratings of a later cycle replace an engagement's earlier ones. */
  cycle: number;
}

export interface PortfolioCell {
  partner: string;
  standard: NationalStandard;
  rated: number;
  strengths: number;
  gaps: number;
  /** Engagements rated at each level, lowest first. */
  byRating: Record<Rating, number>;
}

/** Per partner (alphabetical) and standard (in the Standards' order), over each engagement's latest cycle. */
export function standardsPortfolio(ratings: readonly StandardRating[]): PortfolioCell[] {
  const latestCycle = new Map<string, number>();
  for (const r of ratings) latestCycle.set(r.engagement, Math.max(latestCycle.get(r.engagement) ?? 0, r.cycle));
  const current = ratings.filter((r) => r.cycle === latestCycle.get(r.engagement));
  const partners = [...new Set(current.map((r) => r.partner.trim()))].sort((a, b) => a.localeCompare(b, 'en-GB'));
  const cells: PortfolioCell[] = [];
  for (const partner of partners)
    for (const standard of NATIONAL_STANDARDS) {
      const mine = current.filter((r) => r.partner.trim() === partner && r.standard === standard);
      const byRating = Object.fromEntries(RATINGS.map((level) => [level, mine.filter((r) => r.rating === level).length])) as Record<
        Rating,
        number
      >;
      const strengths = mine.filter((r) => STRONG.includes(r.rating)).length;
      cells.push({ partner, standard, rated: mine.length, strengths, gaps: mine.length - strengths, byRating });
    }
  return cells;
}
