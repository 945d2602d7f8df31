// Participants' feedback on an engagement (issue 17, point 6): three questions answered on a page that
// needs no account (feedback/pages.ts), reached by the engagement's unguessable feedback code. The
// partner sees only the totals, and nothing at all below SMALLEST_GROUP answers.
import { createHash } from 'node:crypto';
import { and, count, eq, gt, lt, ne, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/database.js';
import { NotFound, TooManyRequests } from '../../../errors.js';
import { addressKey } from '../../accounts/sign-in-limits.js';
import { systemActor, recordAudit } from '../../audit/audit.js';
import { programmes } from '../../programmes/schema.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { engagements } from '../register/schema.js';
import { loadEngagement } from '../register/service.js';
import { ANSWERS, type Answer, engagementFeedback } from './schema.js';

/** Fewer answers than this and the partner is told only that there are too few to show. */
export const SMALLEST_GROUP = 5;
/** Answers one address may send in an hour, across every form (a community centre shares one address). */
export const PER_ADDRESS_PER_HOUR = 60;
/** Answers one address may send about one engagement in an hour. */
export const PER_ENGAGEMENT_PER_HOUR = 20;

export const QUESTIONS = [
  { key: 'valued', text: 'Did you feel your input was valued?' },
  { key: 'understood', text: 'Did you understand what the engagement was for?' },
  { key: 'again', text: 'Would you take part again?' },
] as const;
export type QuestionKey = (typeof QUESTIONS)[number]['key'];

export const ANSWER_WORDS: Record<Answer, string> = { yes: 'Yes', partly: 'Partly', no: 'No' };

/** The engagement a feedback code opens, with its programme's name (or null). */
export async function engagementByCode(db: Queryable, code: string) {
  if (!/^[A-Za-z0-9_-]{16}$/.test(code)) return null;
  const [row] = await db
    .select({
      id: engagements.id,
      title: engagements.title,
      locality: engagements.locality,
      programmeId: engagements.programmeId,
      programme: programmes.name,
    })
    .from(engagements)
    .innerJoin(programmes, eq(programmes.id, engagements.programmeId))
    .where(eq(engagements.feedbackCode, code));
  return row ?? null;
}

/** The network address as kept for the rate limit: a hash of its /64 or IPv4 address, cleared after a day. */
const addressHash = (ip: string) =>
  createHash('sha256')
    .update(`cairn-feedback:${addressKey(ip)}`)
    .digest('hex');

/** Records one participant's answers; refuses when the address has sent too many lately. */
export async function giveFeedback(db: Db, code: string, answers: Record<QuestionKey, Answer>, ip: string) {
  const engagement = await engagementByCode(db, code);
  if (!engagement) throw new NotFound('That feedback form');
  const address = addressHash(ip);
  const hourAgo = sql`now() - interval '1 hour'`;
  // Addresses are kept a day at most: long enough to slow a flood, not a record of who answered.
  await db
    .update(engagementFeedback)
    .set({ address: '' })
    .where(and(lt(engagementFeedback.givenAt, sql`now() - interval '1 day'`), ne(engagementFeedback.address, '')));
  const [counts] = await db
    .select({
      all: count(),
      here: sql<number>`count(*) filter (where ${engagementFeedback.engagementId} = ${engagement.id})`.mapWith(Number),
    })
    .from(engagementFeedback)
    .where(and(eq(engagementFeedback.address, address), gt(engagementFeedback.givenAt, hourAgo)));
  if ((counts?.all ?? 0) >= PER_ADDRESS_PER_HOUR || (counts?.here ?? 0) >= PER_ENGAGEMENT_PER_HOUR)
    throw new TooManyRequests('A lot of answers have come from your connection in the last hour. Please try again in an hour.', 3600);
  await db.transaction(async (tx) => {
    await tx.insert(engagementFeedback).values({ engagementId: engagement.id, ...answers, address });
    await recordAudit(tx, systemActor('participant feedback form'), {
      programmeId: engagement.programmeId,
      entityType: 'engagement-feedback',
      entityId: engagement.id,
      action: 'create',
      summary: `A participant gave feedback on the engagement ${engagement.title}`,
    });
  });
  return engagement;
}

/** What participants said about an engagement, in total; nothing but the count band below SMALLEST_GROUP. */
export async function feedbackSummary(db: Queryable, ctx: ProgrammeContext, engagementId: string) {
  await loadEngagement(db, ctx, engagementId);
  const rows = await db
    .select({ valued: engagementFeedback.valued, understood: engagementFeedback.understood, again: engagementFeedback.again })
    .from(engagementFeedback)
    .where(eq(engagementFeedback.engagementId, engagementId));
  const responses = rows.length;
  if (responses < SMALLEST_GROUP) return { responses: null, fewerThan: SMALLEST_GROUP, questions: [] };
  return {
    responses,
    fewerThan: null,
    questions: QUESTIONS.map((q) => ({
      key: q.key,
      question: q.text,
      answers: ANSWERS.map((a) => ({ answer: a, label: ANSWER_WORDS[a], count: rows.filter((r) => r[q.key] === a).length })),
    })),
  };
}
