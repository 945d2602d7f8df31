import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/database.js';
import { Forbidden, Invalid, NotFound } from '../../../errors.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import { organisations } from '../../organisations/schema.js';
import { partnerships } from '../../partnerships/schema.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { canChangeBrokerage, canSeeBrokerage } from '../access.js';
import { CASE_STATUS_WORDS, type CaseStatus, type Party, caseDateProblems, stepDateProblem } from './domain.js';
import { brokerageAgreements, brokerageCases, brokerageSteps } from './schema.js';

type Case = typeof brokerageCases.$inferSelect;

/**
 * The partnerships whose cases the caller may see: every partnership for managers and administrators,
 * the assigned ones for a facilitator, none for anyone else. The list query is limited to these, so a
 * case outside them is never loaded, counted or named.
 */
function seenPartnerships(ctx: ProgrammeContext, assigned: readonly string[]): string[] | 'all' {
  if (ctx.access.canManage) return 'all';
  return assigned.filter((id) => canSeeBrokerage(ctx.access, id, assigned));
}

export async function listCases(
  db: Queryable,
  ctx: ProgrammeContext,
  assigned: readonly string[],
  q: { partnershipId?: string | undefined; status?: CaseStatus | undefined },
) {
  const seen = seenPartnerships(ctx, assigned);
  const create = seen === 'all' || seen.length > 0;
  if (seen !== 'all' && seen.length === 0) return { rows: [], create };
  const rows = await db
    .select({ c: brokerageCases, partnershipName: partnerships.name })
    .from(brokerageCases)
    .innerJoin(partnerships, eq(partnerships.id, brokerageCases.partnershipId))
    .where(
      and(
        eq(brokerageCases.programmeId, ctx.programme.id),
        seen === 'all' ? undefined : inArray(brokerageCases.partnershipId, seen),
        q.partnershipId ? eq(brokerageCases.partnershipId, q.partnershipId) : undefined,
        q.status ? eq(brokerageCases.status, q.status) : undefined,
      ),
    )
    .orderBy(desc(brokerageCases.openedOn), asc(brokerageCases.title));
  return {
    rows: rows.map(({ c, partnershipName }) => ({
      id: c.id,
      title: c.title,
      partnership: { id: c.partnershipId, name: partnershipName },
      status: c.status,
      openedOn: c.openedOn,
      closedOn: c.closedOn,
      parties: c.parties.map((p) => p.name),
    })),
    create,
  };
}

/** A case the caller may see, or 404 — the same answer for "missing" and "not yours". */
async function loadCase(db: Queryable, ctx: ProgrammeContext, assigned: readonly string[], caseId: string): Promise<Case> {
  const [c] = await db
    .select()
    .from(brokerageCases)
    .where(and(eq(brokerageCases.id, caseId), eq(brokerageCases.programmeId, ctx.programme.id)));
  if (!c || !canSeeBrokerage(ctx.access, c.partnershipId, assigned)) throw new NotFound('That brokerage case');
  return c;
}

export async function getCase(db: Queryable, ctx: ProgrammeContext, assigned: readonly string[], caseId: string) {
  const c = await loadCase(db, ctx, assigned, caseId);
  const [[p], steps, agreements] = await Promise.all([
    db.select({ name: partnerships.name }).from(partnerships).where(eq(partnerships.id, c.partnershipId)),
    db.select().from(brokerageSteps).where(eq(brokerageSteps.caseId, c.id)).orderBy(asc(brokerageSteps.on), asc(brokerageSteps.createdAt)),
    db
      .select()
      .from(brokerageAgreements)
      .where(eq(brokerageAgreements.caseId, c.id))
      .orderBy(asc(brokerageAgreements.agreedOn), asc(brokerageAgreements.createdAt)),
  ]);
  return {
    data: {
      id: c.id,
      title: c.title,
      partnership: { id: c.partnershipId, name: p?.name ?? '' },
      trigger: c.trigger,
      parties: c.parties,
      status: c.status,
      openedOn: c.openedOn,
      closedOn: c.closedOn,
      outcome: c.outcome,
      steps: steps.map((s) => ({ id: s.id, on: s.on, kind: s.kind, summary: s.summary })),
      agreements: agreements.map((a) => ({ id: a.id, title: a.title, agreedOn: a.agreedOn, summary: a.summary })),
    },
    abilities: { update: canChangeBrokerage(ctx.access, c.partnershipId, assigned) },
  };
}

const auditView = (c: Pick<Case, 'title' | 'trigger' | 'status' | 'openedOn' | 'closedOn' | 'outcome' | 'parties'>) => ({
  title: c.title,
  trigger: c.trigger,
  status: c.status,
  openedOn: c.openedOn,
  closedOn: c.closedOn,
  outcome: c.outcome,
  parties: c.parties.map((p) => p.name).join(', '),
});

/** Parties named from the registry must be this programme's organisations. */
async function checkParties(db: Queryable, ctx: ProgrammeContext, parties: readonly Party[]) {
  const ids = parties.map((p) => p.organisationId).filter((id): id is string => id !== null);
  if (!ids.length) return;
  const found = new Set(
    (
      await db
        .select({ id: organisations.id })
        .from(organisations)
        .where(and(inArray(organisations.id, ids), eq(organisations.programmeId, ctx.programme.id)))
    ).map((r) => r.id),
  );
  const errors = parties.flatMap((p, i) =>
    p.organisationId && !found.has(p.organisationId)
      ? [{ path: ['parties', i, 'organisationId'], message: 'That organisation is not in this programme' }]
      : [],
  );
  if (errors.length) throw new Invalid(`${errors[0]!.message}.`, errors);
}

export interface CaseInput {
  partnershipId: string;
  title: string;
  trigger?: string | undefined;
  parties: Party[];
  status?: CaseStatus | undefined;
  openedOn: string;
  closedOn?: string | null | undefined;
  outcome?: string | undefined;
}

export async function createCase(db: Db, ctx: ProgrammeContext, actor: Actor, assigned: readonly string[], input: CaseInput) {
  const [p] = await db
    .select({ id: partnerships.id })
    .from(partnerships)
    .where(and(eq(partnerships.id, input.partnershipId), eq(partnerships.programmeId, ctx.programme.id)));
  if (!p)
    throw new Invalid('That partnership is not in this programme.', [
      { path: ['partnershipId'], message: 'That partnership is not in this programme' },
    ]);
  if (!canChangeBrokerage(ctx.access, input.partnershipId, assigned))
    throw new Forbidden('Only programme managers and the facilitators assigned to the partnership can open a brokerage case.');
  const row = {
    title: input.title,
    trigger: input.trigger ?? '',
    parties: input.parties,
    status: input.status ?? 'open',
    openedOn: input.openedOn,
    closedOn: input.closedOn ?? null,
    outcome: input.outcome ?? '',
  } as const;
  const dates = caseDateProblems(row);
  if (dates.length) throw new Invalid(`${dates[0]!.message}.`, dates);
  await checkParties(db, ctx, input.parties);
  return db.transaction(async (tx) => {
    const [c] = await tx
      .insert(brokerageCases)
      .values({ programmeId: ctx.programme.id, partnershipId: input.partnershipId, ...row, parties: [...row.parties] })
      .returning();
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'brokerage_case',
      entityId: c!.id,
      action: 'create',
      summary: `Opened the brokerage case “${c!.title}”`,
      after: auditView(c!),
    });
    return c!.id;
  });
}

export type CaseChange = Partial<Omit<CaseInput, 'partnershipId'>>;

/** Changes a case (its status, outcome, parties…); runs inside guardWrite's transaction. */
export async function updateCase(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  assigned: readonly string[],
  caseId: string,
  change: CaseChange,
) {
  const before = await loadCase(db, ctx, assigned, caseId);
  const after = { ...before, ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) } as Case;
  const dates = caseDateProblems(after);
  if (dates.length) throw new Invalid(`${dates[0]!.message}.`, dates);
  if (change.parties) await checkParties(db, ctx, change.parties);
  await db
    .update(brokerageCases)
    .set({
      title: after.title,
      trigger: after.trigger,
      parties: after.parties,
      status: after.status,
      openedOn: after.openedOn,
      closedOn: after.closedOn,
      outcome: after.outcome,
    })
    .where(eq(brokerageCases.id, caseId));
  const statusWords = before.status !== after.status ? ` (now ${CASE_STATUS_WORDS[after.status].toLowerCase()})` : '';
  await recordAudit(db, actor, {
    programmeId: ctx.programme.id,
    entityType: 'brokerage_case',
    entityId: caseId,
    action: 'update',
    summary: `Changed the brokerage case “${after.title}”${statusWords}`,
    before: auditView(before),
    after: auditView(after),
  });
  return caseId;
}

export async function addStep(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  assigned: readonly string[],
  caseId: string,
  input: { on: string; kind: string; summary: string },
) {
  const c = await loadCase(db, ctx, assigned, caseId);
  const wrong = stepDateProblem(c, input.on);
  if (wrong) throw new Invalid(`${wrong}.`, [{ path: ['on'], message: wrong }]);
  await db.transaction(async (tx) => {
    await tx.insert(brokerageSteps).values({ caseId, ...input });
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'brokerage_case',
      entityId: caseId,
      action: 'add-step',
      summary: `Recorded a step in “${c.title}”: ${input.kind} on ${input.on}`,
      after: { stepOn: input.on, stepKind: input.kind, stepSummary: input.summary },
    });
  });
}

export async function addAgreement(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  assigned: readonly string[],
  caseId: string,
  input: { title: string; agreedOn: string; summary?: string | undefined },
) {
  const c = await loadCase(db, ctx, assigned, caseId);
  if (input.agreedOn < c.openedOn)
    throw new Invalid('The agreement cannot come before the case opened.', [
      { path: ['agreedOn'], message: 'The agreement cannot come before the case opened' },
    ]);
  await db.transaction(async (tx) => {
    await tx.insert(brokerageAgreements).values({ caseId, title: input.title, agreedOn: input.agreedOn, summary: input.summary ?? '' });
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'brokerage_case',
      entityId: caseId,
      action: 'add-agreement',
      summary: `Recorded an agreement in “${c.title}”: ${input.title}`,
      after: { agreement: input.title, agreedOn: input.agreedOn },
    });
  });
}
