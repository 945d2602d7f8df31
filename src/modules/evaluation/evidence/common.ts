/**
 * Evidence behind the codings: transcripts of interviews and workshops, passages of them coded for a
 * respondent, and quotes with how they may be attributed and whether they may be published.
 * Respondent-level, so evaluators and managers only. Each write is one transaction with its audit row.
 *
 * Passages and codings: a passage makes its respondent count as having identified its code, through
 * the `codings` row for (respondent, code, coder). That row's source says why it is there: `tick` when
 * the coder ticked the code (passages or not), `passage` when only passages stand behind it. So
 * - coding a passage adds a `passage` coding unless the coder already has one for that code;
 * - removing a coder's last passage for a respondent and code removes a `passage` coding, never a tick;
 * - un-ticking a code that passages stand behind keeps the coding, as `passage` (service.setCodings);
 * - deleting a transcript removes its passages and, the same way, codings only they stood behind.
 *
 * Withdrawn consent: a withdrawn respondent's quotes and passages stay in the database for audit, but
 * leave every list here (their count is given, so a page can say some are hidden), and no new
 * evidence can be recorded for them.
 */
import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../../../db/database.js';
import { NotFound } from '../../../errors.js';
import { respondents } from '../schema.js';
import { type Evaluation, fail } from '../evaluations/service.js';

/** A respondent of this evaluation, or 404 (another evaluation's answers like a missing one). */
export async function loadRespondent(db: Queryable, e: Evaluation, respondentId: string, path: (string | number)[] | null = null) {
  const [r] = await db
    .select()
    .from(respondents)
    .where(and(eq(respondents.id, respondentId), eq(respondents.evaluationId, e.id)));
  if (!r) {
    if (path) fail([{ path, message: 'That respondent is not in this evaluation' }]);
    throw new NotFound('That respondent');
  }
  return r!;
}

export function refuseWithdrawn(r: { ref: string; consent: string }, path: string) {
  if (r.consent !== 'given') {
    fail([{ path: [path], message: `${r.ref} has withdrawn their consent, so no new evidence can be recorded for them` }]);
  }
}
