// One-time voting codes: made by organisers (shown once, kept only as a hash), each votes once — the
// database decides under any number of simultaneous tries — and guessing is slowed per address.
import { randomBytes } from 'node:crypto';
import { and, count, eq, gt, isNull, max, sql } from 'drizzle-orm';
import type { Db } from '../../../db/database.js';
import { Conflict, Invalid } from '../../../errors.js';
import { addressKey } from '../../accounts/sign-in-limits.js';
import { hashToken } from '../../accounts/tokens.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import { type ProgrammeContext, requireManager } from '../../programmes/context.js';
import { type BallotRules, ballotProblems, codeFromBytes, normaliseCode, printedCode } from '../domain/pb-ballot.js';
import { countable } from './count.js';
import { type Proposal, type Round, loadRound, proposalsOf, requireNotPublished } from './rounds.js';
import { pbBallots, pbCodeAttempts, pbCodes } from './schema.js';

/** Wrong codes allowed from one address in the window before it must wait. */
export const CODE_GUESSES_ALLOWED = 20;
export const CODE_WINDOW_MINUTES = 15;

export function makeCode(): string {
  const bytes = randomBytes(64);
  let i = 0;
  return codeFromBytes(() => {
    if (i >= bytes.length) {
      randomBytes(64).copy(bytes);
      i = 0;
    }
    return bytes[i++]!;
  });
}

export const hashCode = (code: string) => hashToken(`pb-code:${code}`);

/** Makes `n` codes for a round (a locality's, when the round has localities); the codes are shown once. */
export async function makeCodes(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  slug: string,
  input: { count: number; locality?: string | null | undefined },
) {
  requireManager(ctx);
  const round = await loadRound(db, ctx, slug);
  requireNotPublished(round);
  if (round.mode === 'panel') throw new Conflict('A resident panel decides this round: it has no vote to make codes for.');
  const locality = input.locality ?? null;
  if (round.localities.length && !round.localities.some((l) => l.name === locality))
    throw new Invalid('Choose the locality these codes are for', [
      { path: ['locality'], message: 'Choose the locality these codes are for' },
    ]);
  if (!round.localities.length && locality)
    throw new Invalid('This round has no localities', [{ path: ['locality'], message: 'This round has no localities: leave it empty' }]);
  const codes = Array.from({ length: input.count }, makeCode);
  const batch = await db.transaction(async (tx) => {
    const [top] = await tx
      .select({ n: max(pbCodes.batch) })
      .from(pbCodes)
      .where(eq(pbCodes.roundId, round.id));
    const batch = (top?.n ?? 0) + 1;
    for (let i = 0; i < codes.length; i += 1000)
      await tx.insert(pbCodes).values(codes.slice(i, i + 1000).map((c) => ({ roundId: round.id, codeHash: hashCode(c), locality, batch })));
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'pb_round',
      entityId: round.id,
      action: 'update',
      summary: `Made ${codes.length} voting codes for ${round.name}${locality ? ` (${locality})` : ''}, batch ${batch}`,
      after: { codesMade: codes.length, codesLocality: locality },
    });
    return batch;
  });
  return { batch, locality, codes: codes.map(printedCode) };
}

export const rulesOf = (round: Round, locality: string | null): BallotRules => ({
  kind: round.ballotKind,
  minProjects: round.minProjects,
  maxProjects: round.maxProjects,
  minSpendPercent: round.minSpendPercent,
  budget: round.localities.find((l) => l.name === locality)?.budget ?? round.budget,
});

/** The proposals a voter of a locality may choose between. */
export const choicesFor = (proposals: readonly Proposal[], locality: string | null) =>
  proposals.filter((p) => p.eligibility === 'eligible' && countable(p) && (locality === null || p.locality === locality));

export type CodeCheck =
  | { ok: true; codeId: string; locality: string | null }
  | { ok: false; reason: 'unknown' | 'used' | 'limited'; message: string };

async function logAttempt(db: Db, roundId: string, address: string, outcome: 'unknown' | 'used' | 'limited', codeId: string | null) {
  await db.insert(pbCodeAttempts).values({ roundId, address, outcome, codeId });
}

/** Whether too many wrong codes came from this address lately. */
async function overLimit(db: Db, address: string): Promise<boolean> {
  const [row] = await db
    .select({ n: count() })
    .from(pbCodeAttempts)
    .where(
      and(
        eq(pbCodeAttempts.address, address),
        eq(pbCodeAttempts.outcome, 'unknown'),
        gt(pbCodeAttempts.attemptedAt, sql`now() - make_interval(mins => ${CODE_WINDOW_MINUTES})`),
      ),
    );
  return Number(row?.n ?? 0) >= CODE_GUESSES_ALLOWED;
}

const LIMITED = `Too many codes that do not work were tried from here. Wait ${CODE_WINDOW_MINUTES} minutes and try again, or ask the organisers for help.`;
const UNKNOWN = 'That code does not work for this vote. Check it against your card: it has 10 letters and numbers.';
const USED = 'That code has already been used to vote. Each code votes once. If you did not vote with it, tell the organisers.';

/** Checks a code a resident typed (not using it): refusals are logged and counted against the address. */
export async function checkCode(db: Db, round: Round, typed: string, ip: string): Promise<CodeCheck> {
  const address = addressKey(ip);
  if (await overLimit(db, address)) {
    await logAttempt(db, round.id, address, 'limited', null);
    return { ok: false, reason: 'limited', message: LIMITED };
  }
  const code = normaliseCode(typed);
  const [row] = code
    ? await db
        .select()
        .from(pbCodes)
        .where(and(eq(pbCodes.codeHash, hashCode(code)), eq(pbCodes.roundId, round.id)))
    : [];
  if (!row) {
    await logAttempt(db, round.id, address, 'unknown', null);
    return { ok: false, reason: 'unknown', message: UNKNOWN };
  }
  if (row.usedAt) {
    await logAttempt(db, round.id, address, 'used', row.id);
    return { ok: false, reason: 'used', message: USED };
  }
  return { ok: true, codeId: row.id, locality: row.locality };
}

export type VoteOutcome = { ok: true } | { ok: false; field: 'code' | 'choices'; messages: string[] };

/**
 * Casts a ballot with a code, once: the code is marked used and the ballot stored in one transaction,
 * and only if the code was still unused at that moment (a second simultaneous try finds it used). A
 * ballot outside the round's rules is refused with the reasons and the code stays unused.
 */
export async function castBallot(db: Db, round: Round, typed: string, choices: string[], ip: string): Promise<VoteOutcome> {
  const check = await checkCode(db, round, typed, ip);
  if (!check.ok) return { ok: false, field: 'code', messages: [check.message] };
  const proposals = choicesFor(await proposalsOf(db, round.id), check.locality);
  const problems = ballotProblems(rulesOf(round, check.locality), proposals, choices);
  if (problems.length) return { ok: false, field: 'choices', messages: problems };
  const cast = await db.transaction(async (tx) => {
    const claimed = await tx
      .update(pbCodes)
      .set({ usedAt: new Date() })
      .where(and(eq(pbCodes.id, check.codeId), isNull(pbCodes.usedAt)))
      .returning({ id: pbCodes.id });
    if (claimed.length === 0) return false;
    await tx
      .insert(pbBallots)
      .values({ roundId: round.id, codeId: check.codeId, source: 'online', voterRef: check.codeId, locality: check.locality, choices });
    return true;
  });
  if (!cast) {
    await logAttempt(db, round.id, addressKey(ip), 'used', check.codeId);
    return { ok: false, field: 'code', messages: [USED] };
  }
  return { ok: true };
}

/** Refused tries, for the organisers: how many of each. */
export async function refusalsOf(db: Db, roundId: string) {
  const rows = await db
    .select({ outcome: pbCodeAttempts.outcome, n: count() })
    .from(pbCodeAttempts)
    .where(eq(pbCodeAttempts.roundId, roundId))
    .groupBy(pbCodeAttempts.outcome);
  const of = (o: string) => Number(rows.find((r) => r.outcome === o)?.n ?? 0);
  return { unknown: of('unknown'), used: of('used'), limited: of('limited') };
}
