import { and, asc, count, desc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/database.js';
import { type FieldError, Invalid, NotFound } from '../../errors.js';
import type { ListQuery } from '../../http/route-kit.js';
import { type Actor, recordAudit } from '../audit/audit.js';
import { organisations } from '../organisations/schema.js';
import { partnerships } from '../partnerships/schema.js';
import { type ProgrammeContext, pageWindow, requireManager } from '../programmes/context.js';
import { phases } from '../programmes/schema.js';
import { penceToPounds, poundsToPence } from './money.js';
import { grants } from './schema.js';

export interface GrantInput {
  title: string;
  recipientOrganisationId: string;
  partnershipId?: string | null | undefined;
  phaseId?: string | null | undefined;
  amountGbp: number;
  awardedOn?: string | null | undefined;
  startsOn?: string | null | undefined;
  endsOn?: string | null | undefined;
}

export interface GrantListQuery extends ListQuery {
  phaseId?: string | undefined;
  partnershipId?: string | undefined;
}

type Grant = typeof grants.$inferSelect;

/** What the audit log keeps: the grant's own fields, references as ids. */
const auditView = (g: Grant) => ({
  title: g.title,
  recipientOrganisationId: g.recipientOrganisationId,
  partnershipId: g.partnershipId,
  phaseId: g.phaseId,
  amountGbp: penceToPounds(g.amountPence),
  awardedOn: g.awardedOn,
  startsOn: g.startsOn,
  endsOn: g.endsOn,
});

const contains = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Partnership members see only grants made for their own partnerships. */
function visibleGrants(ctx: ProgrammeContext) {
  if (ctx.access.scope === 'programme') return undefined;
  return inArray(grants.partnershipId, ctx.access.partnershipIds);
}

/** Grants with the names of what they point at, ready to present. */
function grantRows(db: Queryable) {
  return db
    .select({
      grant: grants,
      recipient: { id: organisations.id, name: organisations.name },
      partnershipName: partnerships.name,
      phaseNumber: phases.number,
      phaseName: phases.name,
    })
    .from(grants)
    .innerJoin(organisations, eq(organisations.id, grants.recipientOrganisationId))
    .leftJoin(partnerships, eq(partnerships.id, grants.partnershipId))
    .leftJoin(phases, eq(phases.id, grants.phaseId));
}

type GrantRow = Awaited<ReturnType<ReturnType<typeof grantRows>['where']>>[number];

const present = ({ grant: g, recipient, partnershipName, phaseNumber, phaseName }: GrantRow) => ({
  id: g.id,
  title: g.title,
  recipient,
  partnership: g.partnershipId && partnershipName !== null ? { id: g.partnershipId, name: partnershipName } : null,
  phase: g.phaseId && phaseNumber !== null && phaseName !== null ? { id: g.phaseId, number: phaseNumber, name: phaseName } : null,
  amountGbp: penceToPounds(g.amountPence),
  awardedOn: g.awardedOn,
  startsOn: g.startsOn,
  endsOn: g.endsOn,
  createdAt: g.createdAt.toISOString(),
});

export async function listGrants(db: Db, ctx: ProgrammeContext, q: GrantListQuery) {
  const where = and(
    eq(grants.programmeId, ctx.programme.id),
    visibleGrants(ctx),
    q.q ? or(ilike(grants.title, contains(q.q)), ilike(organisations.name, contains(q.q))) : undefined,
    q.phaseId ? eq(grants.phaseId, q.phaseId) : undefined,
    q.partnershipId ? eq(grants.partnershipId, q.partnershipId) : undefined,
  );
  const { limit, offset } = pageWindow(q);
  const [rows, [totals]] = await Promise.all([
    grantRows(db).where(where).orderBy(desc(grants.awardedOn), asc(grants.title), asc(grants.id)).limit(limit).offset(offset),
    db
      .select({ n: count(), pence: sql<string>`coalesce(sum(${grants.amountPence}), 0)::text` })
      .from(grants)
      .innerJoin(organisations, eq(organisations.id, grants.recipientOrganisationId))
      .where(where),
  ]);
  return { rows: rows.map(present), total: Number(totals?.n ?? 0), totalAmountGbp: penceToPounds(Number(totals?.pence ?? 0)) };
}

async function loadGrant(db: Queryable, ctx: ProgrammeContext, grantId: string) {
  const [row] = await grantRows(db).where(and(eq(grants.id, grantId), eq(grants.programmeId, ctx.programme.id), visibleGrants(ctx)));
  if (!row) throw new NotFound('That grant');
  return row;
}

export async function getGrant(db: Db, ctx: ProgrammeContext, grantId: string) {
  return present(await loadGrant(db, ctx, grantId));
}

/**
 * Checks a grant as it will be stored: every reference is to a record of this programme (a record of
 * another programme reads as missing), the amount is whole pence and the dates run forwards.
 */
async function checked(db: Queryable, ctx: ProgrammeContext, g: Omit<GrantInput, 'amountGbp'> & { amountPence: number | null }) {
  const errors: FieldError[] = [];
  const inProgramme = async (table: typeof organisations | typeof partnerships | typeof phases, id: string) =>
    (
      await db
        .select({ id: table.id })
        .from(table)
        .where(and(eq(table.id, id), eq(table.programmeId, ctx.programme.id)))
    ).length > 0;
  if (!(await inProgramme(organisations, g.recipientOrganisationId))) {
    errors.push({ path: ['recipientOrganisationId'], message: 'That organisation is not in this programme' });
  }
  if (g.partnershipId && !(await inProgramme(partnerships, g.partnershipId))) {
    errors.push({ path: ['partnershipId'], message: 'That partnership is not in this programme' });
  }
  if (g.phaseId && !(await inProgramme(phases, g.phaseId))) {
    errors.push({ path: ['phaseId'], message: 'That phase is not in this programme' });
  }
  if (g.amountPence === null) errors.push({ path: ['amountGbp'], message: 'Amount must be pounds with at most 2 decimal places' });
  if (g.startsOn && g.endsOn && g.endsOn < g.startsOn) {
    errors.push({ path: ['endsOn'], message: 'The end date must be on or after the start date' });
  }
  if (errors.length) throw new Invalid(errors[0]!.message, errors);
  return {
    title: g.title,
    recipientOrganisationId: g.recipientOrganisationId,
    partnershipId: g.partnershipId ?? null,
    phaseId: g.phaseId ?? null,
    amountPence: g.amountPence!,
    awardedOn: g.awardedOn ?? null,
    startsOn: g.startsOn ?? null,
    endsOn: g.endsOn ?? null,
  };
}

const money = (pence: number) => `£${penceToPounds(pence).toLocaleString('en-GB', { minimumFractionDigits: 2 })}`;

export async function createGrant(db: Db, ctx: ProgrammeContext, actor: Actor, input: GrantInput) {
  requireManager(ctx);
  const values = await checked(db, ctx, { ...input, amountPence: poundsToPence(input.amountGbp) });
  const id = await db.transaction(async (tx) => {
    const [g] = await tx
      .insert(grants)
      .values({ ...values, programmeId: ctx.programme.id })
      .returning();
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'grant',
      entityId: g!.id,
      action: 'create',
      summary: `Recorded grant ${g!.title} (${money(g!.amountPence)})`,
      after: auditView(g!),
    });
    return g!.id;
  });
  return getGrant(db, ctx, id);
}

export async function updateGrant(db: Db, ctx: ProgrammeContext, actor: Actor, grantId: string, input: Partial<GrantInput>) {
  requireManager(ctx);
  const { grant: before } = await loadGrant(db, ctx, grantId);
  const given = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<GrantInput>;
  const { amountGbp, ...rest } = given;
  // Check the grant as it will be, so moving only the start date cannot put it after the end.
  const values = await checked(db, ctx, {
    ...before,
    ...rest,
    amountPence: amountGbp === undefined ? before.amountPence : poundsToPence(amountGbp),
  });
  await db.transaction(async (tx) => {
    const [g] = await tx.update(grants).set(values).where(eq(grants.id, before.id)).returning();
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'grant',
      entityId: g!.id,
      action: 'update',
      summary: `Updated grant ${g!.title}`,
      before: auditView(before),
      after: auditView(g!),
    });
  });
  return getGrant(db, ctx, before.id);
}
