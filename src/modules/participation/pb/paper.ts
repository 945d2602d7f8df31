// Paper ballots: each is keyed in by two officers separately; only when both agree (and the ballot keeps
// the round's rules) is it counted. Differences are shown for the officers to settle from the paper.
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/database.js';
import { Invalid } from '../../../errors.js';
import { users } from '../../accounts/schema.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import { type ProgrammeContext, requireManager } from '../../programmes/context.js';
import { ballotProblems, paperDifferences } from '../domain/pb-ballot.js';
import { choicesFor, rulesOf } from './codes.js';
import { loadRound, proposalsOf, requireNotPublished, requireOfficer } from './rounds.js';
import { pbBallots, pbPaperEntries } from './schema.js';

export interface PaperInput {
  paperRef: string;
  locality?: string | null | undefined;
  choices: string[];
}

/** An officer's keying of one paper ballot (their own earlier keying of it is replaced until it counts). */
export async function keyPaper(db: Db, ctx: ProgrammeContext, actor: Actor, slug: string, input: PaperInput) {
  requireOfficer(ctx);
  const round = await loadRound(db, ctx, slug);
  requireNotPublished(round);
  const locality = input.locality ?? null;
  if (round.localities.length && !round.localities.some((l) => l.name === locality))
    throw new Invalid('Choose the locality of this paper ballot', [
      { path: ['locality'], message: 'Choose the locality of this paper ballot' },
    ]);
  const officerId = actor.userId!;
  const [mine] = await db
    .select()
    .from(pbPaperEntries)
    .where(and(eq(pbPaperEntries.roundId, round.id), eq(pbPaperEntries.paperRef, input.paperRef), eq(pbPaperEntries.officerId, officerId)));
  if (mine?.ballotId)
    throw new Invalid('This paper ballot has been counted already', [
      { path: ['paperRef'], message: 'This paper ballot has been counted already' },
    ]);
  await db.transaction(async (tx) => {
    if (mine)
      await tx
        .update(pbPaperEntries)
        .set({ choices: input.choices, locality, enteredAt: new Date() })
        .where(eq(pbPaperEntries.id, mine.id));
    else
      await tx.insert(pbPaperEntries).values({ roundId: round.id, paperRef: input.paperRef, locality, officerId, choices: input.choices });
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'pb_round',
      entityId: round.id,
      action: 'update',
      summary: `Keyed in paper ballot ${input.paperRef} for ${round.name}`,
      after: { paperRef: input.paperRef, paperChoices: input.choices.join(', ') },
    });
  });
  return paperState(db, ctx, slug);
}

type Status = 'waiting' | 'agree' | 'differ' | 'refused' | 'counted';

/** Every paper ballot keyed so far: who keyed it, whether the two keyings agree, what differs. */
export async function paperState(db: Db, ctx: ProgrammeContext, slug: string) {
  const round = await loadRound(db, ctx, slug);
  const [entries, proposals] = await Promise.all([
    db
      .select({ entry: pbPaperEntries, officer: users.name })
      .from(pbPaperEntries)
      .innerJoin(users, eq(users.id, pbPaperEntries.officerId))
      .where(eq(pbPaperEntries.roundId, round.id))
      .orderBy(asc(pbPaperEntries.paperRef), asc(pbPaperEntries.enteredAt)),
    proposalsOf(db, round.id),
  ]);
  const byRef = new Map<string, typeof entries>();
  for (const e of entries) byRef.set(e.entry.paperRef, [...(byRef.get(e.entry.paperRef) ?? []), e]);
  return [...byRef].map(([paperRef, keyed]) => {
    const [a, b] = keyed;
    let status: Status = 'waiting';
    let differences: { onlyFirst: string[]; onlySecond: string[] } | null = null;
    let problems: string[] = [];
    if (keyed.some((k) => k.entry.ballotId)) status = 'counted';
    else if (a && b) {
      differences = paperDifferences(a.entry.choices, b.entry.choices);
      const localityDiffers = a.entry.locality !== b.entry.locality;
      if (differences.onlyFirst.length || differences.onlySecond.length || localityDiffers) status = 'differ';
      else {
        problems = ballotProblems(rulesOf(round, a.entry.locality), choicesFor(proposals, a.entry.locality), a.entry.choices);
        status = problems.length ? 'refused' : 'agree';
      }
    }
    return {
      paperRef,
      status,
      locality: a?.entry.locality ?? null,
      keyings: keyed.map((k) => ({
        officer: k.officer,
        officerId: k.entry.officerId,
        locality: k.entry.locality,
        choices: k.entry.choices,
      })),
      differences,
      problems,
    };
  });
}

/** Counts every paper ballot whose two keyings agree and keep the rules; the others wait, with reasons. */
export async function acceptPaper(db: Db, ctx: ProgrammeContext, actor: Actor, slug: string) {
  requireManager(ctx);
  const round = await loadRound(db, ctx, slug);
  requireNotPublished(round);
  const state = await paperState(db, ctx, slug);
  const ready = state.filter((s) => s.status === 'agree');
  await db.transaction(async (tx) => {
    for (const s of ready) {
      const [ballot] = await tx
        .insert(pbBallots)
        .values({
          roundId: round.id,
          source: 'paper',
          voterRef: `paper-${s.paperRef}`,
          locality: s.locality,
          choices: s.keyings[0]!.choices,
        })
        .returning({ id: pbBallots.id });
      await tx
        .update(pbPaperEntries)
        .set({ ballotId: ballot!.id })
        .where(and(eq(pbPaperEntries.roundId, round.id), eq(pbPaperEntries.paperRef, s.paperRef)));
    }
    if (ready.length)
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'pb_round',
        entityId: round.id,
        action: 'update',
        summary: `Counted ${ready.length} reconciled paper ballots in ${round.name}`,
        after: { paperCounted: ready.map((s) => s.paperRef).join(', ') },
      });
  });
  return {
    counted: ready.length,
    waiting: state.filter((s) => s.status !== 'agree' && s.status !== 'counted').length,
    paper: await paperState(db, ctx, slug),
  };
}
