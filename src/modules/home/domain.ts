/**
 * The home page's rules, as plain functions over plain data: which of a partnership's open returns are
 * work to do, in what order, and whether a person has anything to do at all.
 */

export interface OpenReturn {
  partnership: { id: string; name: string };
  period: { id: string; label: string; startsOn: string; endsOn: string; dueOn: string };
  returnId: string | null;
  status: 'not_started' | 'draft' | 'returned';
  reviewComment: string;
}

export interface ReturnTask extends OpenReturn {
  /** The due date has passed (dates as YYYY-MM-DD compare as text). */
  overdue: boolean;
}

/**
 * A member's returns to do: each open return the partnership is expected to send (the completeness
 * rule says which: `expected`), overdue ones first (longest overdue first), then those sent back, then
 * the rest by due date.
 */
export function returnTasks(open: OpenReturn[], expected: (r: OpenReturn) => boolean, today: string): ReturnTask[] {
  const rank = (t: ReturnTask) => (t.overdue ? 0 : t.status === 'returned' ? 1 : 2);
  return open
    .filter(expected)
    .map((r) => ({ ...r, overdue: r.period.dueOn < today }))
    .sort(
      (a, b) =>
        rank(a) - rank(b) ||
        a.period.dueOn.localeCompare(b.period.dueOn) ||
        a.partnership.name.localeCompare(b.partnership.name) ||
        a.period.label.localeCompare(b.period.label),
    );
}

/** The sections of a home page; null where the section does not apply to the person. */
export interface HomeSections {
  returns: unknown[] | null;
  review: { submitted: { total: number }; overdue: unknown[]; imported: unknown[] }[] | null;
  evaluation:
    | {
        evaluations: {
          uncodedRespondents: { total: number };
          uncodedTranscripts: { total: number };
          agreement: { codedByTwoOrMore: number; codedByOthersNotYou: number } | null;
        }[];
      }[]
    | null;
  invitations: { outstanding: unknown[] } | null;
}

/** True when no section that applies holds anything to do: the page then says so, plainly. */
export function nothingToDo(s: HomeSections): boolean {
  const returns = s.returns?.length ?? 0;
  const review = (s.review ?? []).some((p) => p.submitted.total > 0 || p.overdue.length > 0 || p.imported.length > 0);
  const evaluation = (s.evaluation ?? []).some((p) =>
    p.evaluations.some(
      (e) =>
        e.uncodedRespondents.total > 0 ||
        e.uncodedTranscripts.total > 0 ||
        (e.agreement !== null && (e.agreement.codedByTwoOrMore > 0 || e.agreement.codedByOthersNotYou > 0)),
    ),
  );
  const invitations = (s.invitations?.outstanding.length ?? 0) > 0;
  return returns === 0 && !review && !evaluation && !invitations;
}
