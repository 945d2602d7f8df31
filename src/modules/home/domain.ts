/**
 * The home page's rules, as plain functions over plain data: which of a partnership's open returns are
 * work to do, in what order, and whether a person has anything to do at all.
 */

/** One (period, partnership) pair as the completeness rule gives it (../monitoring/completeness/). */
export interface ExpectedPair {
  partnership: { id: string; name: string };
  period: { id: string; label: string; startsOn: string; endsOn: string; dueOn: string };
  status: 'not_started' | 'draft' | 'submitted' | 'returned' | 'accepted';
  returnId: string | null;
  overdue: boolean;
}

export interface ReturnTask {
  partnership: { id: string; name: string };
  period: { id: string; label: string; startsOn: string; endsOn: string; dueOn: string };
  status: 'not_started' | 'draft' | 'returned';
  returnId: string | null;
  overdue: boolean;
}

const isToDo = (s: ExpectedPair['status']): s is ReturnTask['status'] => s === 'not_started' || s === 'draft' || s === 'returned';

/**
 * A member's returns to do, from the pairs the completeness rule expects (or that have a return): those
 * not yet submitted or accepted, for periods that have begun (or that someone has already started);
 * overdue ones first (longest overdue first), then those sent back, then the rest by due date.
 */
export function returnTasks(pairs: ExpectedPair[], today: string): ReturnTask[] {
  const rank = (t: ReturnTask) => (t.overdue ? 0 : t.status === 'returned' ? 1 : 2);
  const tasks: ReturnTask[] = [];
  for (const p of pairs) {
    if (!isToDo(p.status) || (p.period.startsOn > today && p.returnId === null)) continue;
    tasks.push({
      partnership: { id: p.partnership.id, name: p.partnership.name },
      period: { ...p.period },
      status: p.status,
      returnId: p.returnId,
      overdue: p.overdue,
    });
  }
  return tasks.sort(
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
