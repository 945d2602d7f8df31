import { and, asc, count, eq, getTableColumns, ilike, inArray, or, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/database.js';
import { type FieldError, Invalid, NotFound, conflictFromDb } from '../../errors.js';
import type { ListQuery } from '../../http/route-kit.js';
import { type Actor, recordAudit } from '../audit/audit.js';
import { partnershipOrganisations, partnerships } from '../partnerships/schema.js';
import { type ProgrammeContext, pageWindow, requireManager } from '../programmes/context.js';
import { vocabularyTerms } from '../programmes/schema.js';
import { readIdentifiers } from './identifiers.js';
import { type OrganisationStatus, currentStatus, needsReason } from './lifecycle.js';
import { type ORGANISATION_SIZES, organisationStatuses, organisations } from './schema.js';

export type OrganisationSize = (typeof ORGANISATION_SIZES)[number];

export interface OrganisationInput {
  name: string;
  type?: string | null | undefined;
  identifiers?: string[] | undefined;
  size?: OrganisationSize | null | undefined;
}

export interface OrganisationListQuery extends ListQuery {
  type?: string | undefined;
  status?: OrganisationStatus | undefined;
}

export interface StatusInput {
  status: OrganisationStatus;
  effectiveOn: string;
  reason?: string | undefined;
}

type Organisation = typeof organisations.$inferSelect;

export const presentOrganisation = (o: Organisation) => ({
  id: o.id,
  name: o.name,
  type: o.type || null,
  identifiers: o.identifiers,
  size: o.size,
  createdAt: o.createdAt.toISOString(),
});

const presentStatus = (s: typeof organisationStatuses.$inferSelect) => ({
  id: s.id,
  status: s.status,
  effectiveOn: s.effectiveOn,
  reason: s.reason,
  recordedAt: s.recordedAt.toISOString(),
});

/** The rule of `currentStatus` (lifecycle.ts) in SQL, so the list can filter and page by it. */
const currentStatusSql = sql<OrganisationStatus>`coalesce((
  select ${organisationStatuses.status} from ${organisationStatuses}
  where ${organisationStatuses.organisationId} = ${organisations.id}
  order by ${organisationStatuses.effectiveOn} desc, ${organisationStatuses.recordedAt} desc
  limit 1), 'active')`;

const nameConflict = { organisations_name_key: { path: 'name', message: 'This programme already has an organisation with that name' } };

const contains = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Partnership members see organisations that are, or were, members or leads of their partnerships. */
function visibleOrganisations(db: Queryable, ctx: ProgrammeContext) {
  if (ctx.access.scope === 'programme') return undefined;
  const mine = ctx.access.partnershipIds;
  return or(
    inArray(
      organisations.id,
      db
        .select({ id: partnershipOrganisations.organisationId })
        .from(partnershipOrganisations)
        .where(inArray(partnershipOrganisations.partnershipId, mine)),
    ),
    inArray(organisations.id, db.select({ id: partnerships.leadOrganisationId }).from(partnerships).where(inArray(partnerships.id, mine))),
  );
}

export async function listOrganisations(db: Db, ctx: ProgrammeContext, q: OrganisationListQuery) {
  const where = and(
    eq(organisations.programmeId, ctx.programme.id),
    visibleOrganisations(db, ctx),
    // Search finds a name, or a charity or company number among the identifiers.
    q.q
      ? or(ilike(organisations.name, contains(q.q)), sql`array_to_string(${organisations.identifiers}, ' ') ilike ${contains(q.q)}`)
      : undefined,
    q.type ? sql`lower(${organisations.type}) = lower(${q.type})` : undefined,
    q.status ? sql`${currentStatusSql} = ${q.status}` : undefined,
  );
  const { limit, offset } = pageWindow(q);
  const [rows, [total]] = await Promise.all([
    db
      .select({ ...getTableColumns(organisations), status: currentStatusSql })
      .from(organisations)
      .where(where)
      .orderBy(asc(organisations.name))
      .limit(limit)
      .offset(offset),
    db.select({ n: count() }).from(organisations).where(where),
  ]);
  return { rows: rows.map((r) => ({ ...presentOrganisation(r), status: r.status })), total: Number(total?.n ?? 0) };
}

async function loadOrganisation(db: Queryable, ctx: ProgrammeContext, organisationId: string): Promise<Organisation> {
  const [o] = await db
    .select()
    .from(organisations)
    .where(and(eq(organisations.id, organisationId), eq(organisations.programmeId, ctx.programme.id), visibleOrganisations(db, ctx)));
  if (!o) throw new NotFound('That organisation');
  return o;
}

async function statusesOf(db: Queryable, organisationId: string) {
  return db
    .select()
    .from(organisationStatuses)
    .where(eq(organisationStatuses.organisationId, organisationId))
    .orderBy(asc(organisationStatuses.effectiveOn), asc(organisationStatuses.recordedAt));
}

/** An organisation with its status timeline and the partnerships it belongs or belonged to. */
export async function getOrganisation(db: Db, ctx: ProgrammeContext, organisationId: string) {
  const org = await loadOrganisation(db, ctx, organisationId);
  const mine = ctx.access.scope === 'partnership' ? ctx.access.partnershipIds : null;
  const [statuses, spells, leads] = await Promise.all([
    statusesOf(db, org.id),
    db
      .select({
        id: partnerships.id,
        name: partnerships.name,
        lead: partnerships.leadOrganisationId,
        role: partnershipOrganisations.role,
        joinedOn: partnershipOrganisations.joinedOn,
        leftOn: partnershipOrganisations.leftOn,
      })
      .from(partnershipOrganisations)
      .innerJoin(partnerships, eq(partnerships.id, partnershipOrganisations.partnershipId))
      .where(and(eq(partnershipOrganisations.organisationId, org.id), mine ? inArray(partnerships.id, mine) : undefined)),
    db
      .select({ id: partnerships.id, name: partnerships.name })
      .from(partnerships)
      .where(and(eq(partnerships.leadOrganisationId, org.id), mine ? inArray(partnerships.id, mine) : undefined)),
  ]);
  const memberships = [
    ...spells.map((s) => ({ id: s.id, name: s.name, role: s.role, joinedOn: s.joinedOn, leftOn: s.leftOn, lead: s.lead === org.id })),
    // A lead with no membership row still belongs to the partnership it leads.
    ...leads
      .filter((l) => !spells.some((s) => s.id === l.id))
      .map((l) => ({ id: l.id, name: l.name, role: 'lead', joinedOn: null, leftOn: null, lead: true })),
  ].sort((a, b) => a.name.localeCompare(b.name) || (a.joinedOn ?? '').localeCompare(b.joinedOn ?? ''));
  return {
    ...presentOrganisation(org),
    status: currentStatus(statuses),
    statuses: statuses.map(presentStatus),
    partnerships: memberships,
  };
}

/** Finds the programme's own spelling of an organisation type; otherwise says which types there are. */
async function resolveType(db: Queryable, ctx: ProgrammeContext, raw: string): Promise<{ label: string } | { message: string }> {
  const terms = await db
    .select({ label: vocabularyTerms.label })
    .from(vocabularyTerms)
    .where(and(eq(vocabularyTerms.programmeId, ctx.programme.id), eq(vocabularyTerms.vocabulary, 'organisation_type')))
    .orderBy(asc(vocabularyTerms.position), asc(vocabularyTerms.label));
  const hit = terms.find((t) => t.label.toLowerCase() === raw.trim().toLowerCase());
  if (hit) return { label: hit.label };
  return {
    message: terms.length
      ? `“${raw}” is not one of this programme’s organisation types: ${terms.map((t) => t.label).join(', ')}`
      : 'This programme has no organisation types yet; a programme manager can add them under Organisation types',
  };
}

/** Checks every field given and reports every problem at once; answers only the fields to write. */
async function checked(db: Queryable, ctx: ProgrammeContext, input: Partial<OrganisationInput>) {
  const values: Partial<typeof organisations.$inferInsert> = {};
  const errors: FieldError[] = [];
  if (input.name !== undefined) values.name = input.name;
  if (input.size !== undefined) values.size = input.size;
  if (input.type !== undefined) {
    if (input.type === null || input.type.trim() === '') values.type = '';
    else {
      const found = await resolveType(db, ctx, input.type);
      if ('label' in found) values.type = found.label;
      else errors.push({ path: ['type'], message: found.message });
    }
  }
  if (input.identifiers !== undefined) {
    const read = readIdentifiers(input.identifiers);
    errors.push(...read.errors.map((e) => ({ path: ['identifiers', e.index], message: e.message })));
    values.identifiers = read.identifiers;
  }
  if (errors.length) throw new Invalid(errors[0]!.message, errors);
  return values;
}

export async function createOrganisation(db: Db, ctx: ProgrammeContext, actor: Actor, input: OrganisationInput) {
  requireManager(ctx);
  const values = await checked(db, ctx, input);
  try {
    return await db.transaction(async (tx) => {
      const [o] = await tx
        .insert(organisations)
        .values({ ...values, name: input.name, programmeId: ctx.programme.id })
        .returning();
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'organisation',
        entityId: o!.id,
        action: 'create',
        summary: `Added organisation ${o!.name}`,
        after: presentOrganisation(o!),
      });
      return { ...presentOrganisation(o!), status: 'active' as const };
    });
  } catch (err) {
    conflictFromDb(err, nameConflict);
  }
}

export async function updateOrganisation(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  organisationId: string,
  input: Partial<OrganisationInput>,
) {
  requireManager(ctx);
  const before = await loadOrganisation(db, ctx, organisationId);
  const values = await checked(db, ctx, input);
  if (Object.keys(values).length === 0) return { ...presentOrganisation(before), status: currentStatus(await statusesOf(db, before.id)) };
  try {
    return await db.transaction(async (tx) => {
      const [o] = await tx.update(organisations).set(values).where(eq(organisations.id, before.id)).returning();
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'organisation',
        entityId: o!.id,
        action: 'update',
        summary: `Updated organisation ${o!.name}`,
        before: presentOrganisation(before),
        after: presentOrganisation(o!),
      });
      return { ...presentOrganisation(o!), status: currentStatus(await statusesOf(tx, o!.id)) };
    });
  } catch (err) {
    conflictFromDb(err, nameConflict);
  }
}

/** Records a change in an organisation's life (struggling, merged, wound up, active again) from a date. */
export async function recordStatus(db: Db, ctx: ProgrammeContext, actor: Actor, organisationId: string, input: StatusInput) {
  requireManager(ctx);
  const org = await loadOrganisation(db, ctx, organisationId);
  const reason = (input.reason ?? '').trim();
  if (needsReason(input.status) && !reason) {
    const message = `Say why the organisation ${input.status === 'merged' ? 'merged (and with whom)' : 'wound up'}`;
    throw new Invalid(message, [{ path: ['reason'], message }]);
  }
  return db.transaction(async (tx) => {
    const was = currentStatus(await statusesOf(tx, org.id));
    const [row] = await tx
      .insert(organisationStatuses)
      .values({ organisationId: org.id, status: input.status, effectiveOn: input.effectiveOn, reason })
      .returning();
    const now = currentStatus(await statusesOf(tx, org.id));
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'organisation',
      entityId: org.id,
      action: 'status',
      summary: `${org.name}: ${input.status.replace('_', ' ')} from ${input.effectiveOn}${reason ? ` (${reason})` : ''}`,
      before: { status: was },
      after: { status: now },
    });
    return { entry: presentStatus(row!), current: now };
  });
}

/**
 * Each of these organisations' lifecycle statuses over time, oldest first (for survival tables across
 * a programme). Organisations not in the caller's programme are left out.
 */
export async function statusHistories(db: Queryable, ctx: ProgrammeContext, organisationIds: string[]) {
  if (organisationIds.length === 0) return [];
  const [orgs, statuses] = await Promise.all([
    db
      .select({ id: organisations.id, name: organisations.name })
      .from(organisations)
      .where(and(eq(organisations.programmeId, ctx.programme.id), inArray(organisations.id, organisationIds))),
    db
      .select()
      .from(organisationStatuses)
      .where(inArray(organisationStatuses.organisationId, organisationIds))
      .orderBy(asc(organisationStatuses.effectiveOn), asc(organisationStatuses.recordedAt)),
  ]);
  return orgs.map((o) => ({
    id: o.id,
    name: o.name,
    statuses: statuses
      .filter((s) => s.organisationId === o.id)
      .map((s) => ({ status: s.status, effectiveOn: s.effectiveOn, reason: s.reason })),
  }));
}
