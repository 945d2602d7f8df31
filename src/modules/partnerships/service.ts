import { and, asc, count, eq, ilike, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, Queryable } from '../../db/database.js';
import { Conflict, type FieldError, Invalid, NotFound, conflictFromDb } from '../../errors.js';
import type { ListQuery } from '../../http/route-kit.js';
import { type Actor, recordAudit } from '../audit/audit.js';
import { organisations } from '../organisations/schema.js';
import { places } from '../places/schema.js';
import { type ProgrammeContext, pageWindow, requireManager } from '../programmes/context.js';
import { phases } from '../programmes/schema.js';
import { projects } from '../projects/schema.js';
import { type Spell, growthInYear, isMemberOn, spellDateErrors, spellsOverlap, todayIso } from './membership.js';
import { partnershipOrganisations, partnerships, phaseProgressions } from './schema.js';

/** The role the partnership's lead organisation holds; set it through the partnership's lead, not by hand. */
export const LEAD_ROLE = 'lead';

export interface PartnershipInput {
  name: string;
  placeId?: string | null | undefined;
  leadOrganisationId?: string | null | undefined;
  description?: string | undefined;
  /** When a newly named lead joined; today when not given. */
  leadJoinedOn?: string | undefined;
  /** The first day the partnership is in the programme; today when not given. */
  inProgrammeFrom?: string | undefined;
  /** Its last day in the programme, when it has left; null or absent while it is still in. */
  inProgrammeUntil?: string | null | undefined;
}

/** "In the programme until" cannot come before "from". */
export function inProgrammeErrors(p: { inProgrammeFrom: string; inProgrammeUntil: string | null }): FieldError[] {
  return p.inProgrammeUntil !== null && p.inProgrammeUntil < p.inProgrammeFrom
    ? [{ path: ['inProgrammeUntil'], message: 'The last day in the programme must be on or after the first day' }]
    : [];
}

export interface MemberInput {
  organisationId: string;
  role?: string | undefined;
  joinedOn?: string | null | undefined;
  leftOn?: string | null | undefined;
}

export type MemberChange = Partial<Omit<MemberInput, 'organisationId'>>;

const nameConflict = { partnerships_name_key: { path: 'name', message: 'This programme already has a partnership with that name' } };

/** Escapes LIKE wildcards so a search for "50%" means the text "50%". */
export const containing = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The partnership ids a caller is limited to, or null when they see the whole programme. */
export const limitedTo = (ctx: ProgrammeContext) => (ctx.access.scope === 'partnership' ? ctx.access.partnershipIds : null);

const lead = alias(organisations, 'lead_organisation');

// A spell counts today when it has begun and not yet ended: the same rule as isMemberOn.
const currentMembers = (today: string) => sql<number>`(
  select count(distinct po.organisation_id)::int from ${partnershipOrganisations} po
  where po.partnership_id = ${partnerships.id}
    and (po.joined_on is null or po.joined_on <= ${today})
    and (po.left_on is null or po.left_on > ${today}))`;

const idName = (id: string | null, name: string | null) => (id && name !== null ? { id, name } : null);

export async function listPartnerships(db: Queryable, ctx: ProgrammeContext, q: ListQuery & { placeId?: string | undefined }) {
  const mine = limitedTo(ctx);
  const where = and(
    eq(partnerships.programmeId, ctx.programme.id),
    mine ? inArray(partnerships.id, mine) : undefined,
    q.q ? ilike(partnerships.name, containing(q.q)) : undefined,
    q.placeId ? eq(partnerships.placeId, q.placeId) : undefined,
  );
  const { limit, offset } = pageWindow(q);
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: partnerships.id,
        name: partnerships.name,
        placeId: places.id,
        placeName: places.name,
        leadId: lead.id,
        leadName: lead.name,
        memberCount: currentMembers(todayIso()),
      })
      .from(partnerships)
      .leftJoin(places, eq(places.id, partnerships.placeId))
      .leftJoin(lead, eq(lead.id, partnerships.leadOrganisationId))
      .where(where)
      .orderBy(asc(partnerships.name), asc(partnerships.id))
      .limit(limit)
      .offset(offset),
    db.select({ n: count() }).from(partnerships).where(where),
  ]);
  return {
    rows: rows.map((r) => ({
      id: r.id,
      name: r.name,
      place: idName(r.placeId, r.placeName),
      leadOrganisation: idName(r.leadId, r.leadName),
      memberCount: Number(r.memberCount),
    })),
    total: Number(total?.n ?? 0),
  };
}

/** A partnership the caller may see, or 404 — the same answer for "missing" and "not yours". */
export async function loadPartnership(db: Queryable, ctx: ProgrammeContext, partnershipId: string) {
  const mine = limitedTo(ctx);
  if (mine && !mine.includes(partnershipId)) throw new NotFound('That partnership');
  const [p] = await db
    .select()
    .from(partnerships)
    .where(and(eq(partnerships.id, partnershipId), eq(partnerships.programmeId, ctx.programme.id)));
  if (!p) throw new NotFound('That partnership');
  return p;
}

async function membersOf(db: Queryable, partnershipId: string) {
  return db
    .select({
      id: partnershipOrganisations.id,
      organisationId: partnershipOrganisations.organisationId,
      organisationName: organisations.name,
      role: partnershipOrganisations.role,
      joinedOn: partnershipOrganisations.joinedOn,
      leftOn: partnershipOrganisations.leftOn,
      // Each membership is its own record with its own version (decision 012).
      version: sql<string>`${partnershipOrganisations}.xmin::text`,
    })
    .from(partnershipOrganisations)
    .innerJoin(organisations, eq(organisations.id, partnershipOrganisations.organisationId))
    .where(eq(partnershipOrganisations.partnershipId, partnershipId))
    .orderBy(sql`${partnershipOrganisations.joinedOn} asc nulls first`, asc(organisations.name), asc(partnershipOrganisations.id));
}

export async function getPartnership(db: Db, ctx: ProgrammeContext, partnershipId: string) {
  const p = await loadPartnership(db, ctx, partnershipId);
  const [names, members, projectRows, progressions] = await Promise.all([
    namesOf(db, p),
    membersOf(db, p.id),
    db.select({ id: projects.id, name: projects.name }).from(projects).where(eq(projects.partnershipId, p.id)).orderBy(asc(projects.name)),
    db
      .select({
        phaseNumber: phases.number,
        phaseName: phases.name,
        progressed: phaseProgressions.progressed,
        reason: phaseProgressions.reason,
      })
      .from(phaseProgressions)
      .innerJoin(phases, eq(phases.id, phaseProgressions.phaseId))
      .where(eq(phaseProgressions.partnershipId, p.id))
      .orderBy(asc(phases.number)),
  ]);
  const today = todayIso();
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    place: names.place,
    leadOrganisation: names.lead,
    memberCount: new Set(members.filter((m) => isMemberOn(m, today)).map((m) => m.organisationId)).size,
    members,
    projects: projectRows,
    progressions,
    inProgrammeFrom: p.inProgrammeFrom,
    inProgrammeUntil: p.inProgrammeUntil,
    createdAt: p.createdAt.toISOString(),
  };
}

async function namesOf(db: Queryable, p: { placeId: string | null; leadOrganisationId: string | null }) {
  const [place] = p.placeId ? await db.select({ id: places.id, name: places.name }).from(places).where(eq(places.id, p.placeId)) : [];
  const [org] = p.leadOrganisationId
    ? await db
        .select({ id: organisations.id, name: organisations.name })
        .from(organisations)
        .where(eq(organisations.id, p.leadOrganisationId))
    : [];
  return { place: place ?? null, lead: org ?? null };
}

/** What the audit log keeps of a partnership: names people recognise rather than ids. */
async function auditView(db: Queryable, p: typeof partnerships.$inferSelect) {
  const names = await namesOf(db, p);
  return {
    name: p.name,
    description: p.description,
    place: names.place?.name ?? null,
    leadOrganisation: names.lead?.name ?? null,
    inProgrammeFrom: p.inProgrammeFrom,
    inProgrammeUntil: p.inProgrammeUntil,
  };
}

/** Place and organisations must be this programme's own; each wrong one is named by its field. */
async function checkReferences(
  db: Queryable,
  ctx: ProgrammeContext,
  refs: { placeId?: string | null | undefined; organisations?: { path: (string | number)[]; id: string | null | undefined }[] },
  otherErrors: FieldError[] = [],
) {
  const errors: FieldError[] = [...otherErrors];
  if (refs.placeId) {
    const [hit] = await db
      .select({ id: places.id })
      .from(places)
      .where(and(eq(places.id, refs.placeId), eq(places.programmeId, ctx.programme.id)));
    if (!hit) errors.push({ path: ['placeId'], message: 'That place is not in this programme' });
  }
  for (const ref of refs.organisations ?? []) {
    if (!ref.id) continue;
    const [hit] = await db
      .select({ id: organisations.id })
      .from(organisations)
      .where(and(eq(organisations.id, ref.id), eq(organisations.programmeId, ctx.programme.id)));
    if (!hit) errors.push({ path: ref.path, message: 'That organisation is not in this programme' });
  }
  if (errors.length) throw new Invalid(`${errors.map((e) => e.message).join('. ')}.`, errors);
}

export async function createPartnership(db: Db, ctx: ProgrammeContext, actor: Actor, input: PartnershipInput) {
  requireManager(ctx);
  const inProgramme = { inProgrammeFrom: input.inProgrammeFrom ?? todayIso(), inProgrammeUntil: input.inProgrammeUntil ?? null };
  await checkReferences(
    db,
    ctx,
    { placeId: input.placeId, organisations: [{ path: ['leadOrganisationId'], id: input.leadOrganisationId }] },
    inProgrammeErrors(inProgramme),
  );
  try {
    return await db.transaction(async (tx) => {
      const [p] = await tx
        .insert(partnerships)
        .values({
          programmeId: ctx.programme.id,
          name: input.name,
          placeId: input.placeId ?? null,
          leadOrganisationId: input.leadOrganisationId ?? null,
          description: input.description ?? '',
          ...inProgramme,
        })
        .returning();
      if (p!.leadOrganisationId) {
        await tx.insert(partnershipOrganisations).values({
          partnershipId: p!.id,
          organisationId: p!.leadOrganisationId,
          role: LEAD_ROLE,
          joinedOn: input.leadJoinedOn ?? todayIso(),
        });
      }
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'partnership',
        entityId: p!.id,
        action: 'create',
        summary: `Created partnership ${p!.name}`,
        after: await auditView(tx, p!),
      });
      return p!.id;
    });
  } catch (err) {
    conflictFromDb(err, nameConflict);
  }
}

export async function updatePartnership(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  partnershipId: string,
  input: Partial<PartnershipInput>,
) {
  requireManager(ctx);
  const before = await loadPartnership(db, ctx, partnershipId);
  await checkReferences(
    db,
    ctx,
    { placeId: input.placeId, organisations: [{ path: ['leadOrganisationId'], id: input.leadOrganisationId }] },
    inProgrammeErrors({
      inProgrammeFrom: input.inProgrammeFrom ?? before.inProgrammeFrom,
      inProgrammeUntil: input.inProgrammeUntil === undefined ? before.inProgrammeUntil : input.inProgrammeUntil,
    }),
  );
  const { leadJoinedOn, ...changes } = input;
  const newLead = input.leadOrganisationId === undefined ? before.leadOrganisationId : input.leadOrganisationId;
  try {
    return await db.transaction(async (tx) => {
      const [p] = await tx.update(partnerships).set(changes).where(eq(partnerships.id, partnershipId)).returning();
      if (newLead !== before.leadOrganisationId) await moveLead(tx, partnershipId, before.leadOrganisationId, newLead, leadJoinedOn);
      const [was, now] = [await auditView(tx, before), await auditView(tx, p!)];
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'partnership',
        entityId: p!.id,
        action: 'update',
        summary:
          newLead !== before.leadOrganisationId
            ? `Changed the lead of ${p!.name} from ${was.leadOrganisation ?? 'none'} to ${now.leadOrganisation ?? 'none'}`
            : `Updated partnership ${p!.name}`,
        before: was,
        after: now,
      });
      return p!.id;
    });
  } catch (err) {
    conflictFromDb(err, nameConflict);
  }
}

/**
 * The old lead stays a member (its role becomes plain "member"); the new lead's current spell takes
 * the lead role, or it joins today (or on `joinedOn`) when it is not a member now.
 */
async function moveLead(
  tx: Queryable,
  partnershipId: string,
  oldLead: string | null,
  newLead: string | null,
  joinedOn: string | undefined,
) {
  if (oldLead) {
    await tx
      .update(partnershipOrganisations)
      .set({ role: 'member' })
      .where(
        and(
          eq(partnershipOrganisations.partnershipId, partnershipId),
          eq(partnershipOrganisations.organisationId, oldLead),
          eq(partnershipOrganisations.role, LEAD_ROLE),
        ),
      );
  }
  if (!newLead) return;
  const today = todayIso();
  const spells = await tx
    .select()
    .from(partnershipOrganisations)
    .where(and(eq(partnershipOrganisations.partnershipId, partnershipId), eq(partnershipOrganisations.organisationId, newLead)));
  const current = spells.find((s) => isMemberOn(s, today)) ?? spells.find((s) => s.leftOn === null);
  if (current) {
    await tx.update(partnershipOrganisations).set({ role: LEAD_ROLE }).where(eq(partnershipOrganisations.id, current.id));
  } else {
    await tx
      .insert(partnershipOrganisations)
      .values({ partnershipId, organisationId: newLead, role: LEAD_ROLE, joinedOn: joinedOn ?? today });
  }
}

// ---- members ------------------------------------------------------------------------------------

const leadRoleError = {
  path: ['role'],
  message: 'To make an organisation the lead, change the partnership’s lead organisation',
};

async function otherSpells(db: Queryable, partnershipId: string, organisationId: string, exceptId?: string) {
  const rows = await db
    .select()
    .from(partnershipOrganisations)
    .where(and(eq(partnershipOrganisations.partnershipId, partnershipId), eq(partnershipOrganisations.organisationId, organisationId)));
  return rows.filter((r) => r.id !== exceptId);
}

function refuseOverlap(spell: Pick<Spell, 'joinedOn' | 'leftOn'>, others: Pick<Spell, 'joinedOn' | 'leftOn'>[]) {
  if (others.some((o) => spellsOverlap(spell, o))) {
    const message = 'That organisation is already a member of this partnership over some of those dates';
    throw new Conflict(message, [{ path: ['organisationId'], message }]);
  }
}

const memberView = (m: typeof partnershipOrganisations.$inferSelect, organisationName: string) => ({
  id: m.id,
  organisationId: m.organisationId,
  organisationName,
  role: m.role,
  joinedOn: m.joinedOn,
  leftOn: m.leftOn,
});

async function organisationName(db: Queryable, id: string) {
  const [o] = await db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, id));
  return o?.name ?? '';
}

export async function addMember(db: Db, ctx: ProgrammeContext, actor: Actor, partnershipId: string, input: MemberInput) {
  requireManager(ctx);
  const p = await loadPartnership(db, ctx, partnershipId);
  const role = input.role ?? 'member';
  const spell = { joinedOn: input.joinedOn ?? null, leftOn: input.leftOn ?? null };
  const errors = [...(role === LEAD_ROLE ? [leadRoleError] : []), ...spellDateErrors(spell)];
  if (errors.length) throw new Invalid(`${errors.map((e) => e.message).join('. ')}.`, errors);
  await checkReferences(db, ctx, { organisations: [{ path: ['organisationId'], id: input.organisationId }] });
  return db.transaction(async (tx) => {
    refuseOverlap(spell, await otherSpells(tx, p.id, input.organisationId));
    const [m] = await tx
      .insert(partnershipOrganisations)
      .values({ partnershipId: p.id, organisationId: input.organisationId, role, ...spell })
      .returning();
    const view = memberView(m!, await organisationName(tx, m!.organisationId));
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'partnership',
      entityId: p.id,
      action: 'member-add',
      summary: `Added ${view.organisationName} to ${p.name} as ${role}`,
      after: { organisation: view.organisationName, role: view.role, joinedOn: view.joinedOn, leftOn: view.leftOn },
    });
    return view;
  });
}

export async function updateMember(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  partnershipId: string,
  memberId: string,
  input: MemberChange,
) {
  requireManager(ctx);
  const p = await loadPartnership(db, ctx, partnershipId);
  const [before] = await db
    .select()
    .from(partnershipOrganisations)
    .where(and(eq(partnershipOrganisations.id, memberId), eq(partnershipOrganisations.partnershipId, p.id)));
  if (!before) throw new NotFound('That member');
  const errors: FieldError[] = [];
  if (input.role !== undefined && input.role !== before.role && (input.role === LEAD_ROLE || before.role === LEAD_ROLE)) {
    errors.push(leadRoleError);
  }
  const spell = {
    joinedOn: input.joinedOn === undefined ? before.joinedOn : input.joinedOn,
    leftOn: input.leftOn === undefined ? before.leftOn : input.leftOn,
  };
  errors.push(...spellDateErrors(spell));
  if (errors.length) throw new Invalid(`${errors.map((e) => e.message).join('. ')}.`, errors);
  return db.transaction(async (tx) => {
    refuseOverlap(spell, await otherSpells(tx, p.id, before.organisationId, before.id));
    const [m] = await tx
      .update(partnershipOrganisations)
      .set({ role: input.role ?? before.role, ...spell })
      .where(eq(partnershipOrganisations.id, before.id))
      .returning();
    const view = memberView(m!, await organisationName(tx, m!.organisationId));
    const plain = (x: typeof before) => ({ organisation: view.organisationName, role: x.role, joinedOn: x.joinedOn, leftOn: x.leftOn });
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'partnership',
      entityId: p.id,
      action: 'member-update',
      summary: `Changed ${view.organisationName}’s membership of ${p.name}`,
      before: plain(before),
      after: plain(m!),
    });
    return view;
  });
}

// ---- membership growth --------------------------------------------------------------------------

/** Each visible partnership's membership over one calendar year, and how many grew. */
export async function membershipGrowth(db: Queryable, ctx: ProgrammeContext, year: number) {
  const mine = limitedTo(ctx);
  const list = await db
    .select({ id: partnerships.id, name: partnerships.name })
    .from(partnerships)
    .where(and(eq(partnerships.programmeId, ctx.programme.id), mine ? inArray(partnerships.id, mine) : undefined))
    .orderBy(asc(partnerships.name), asc(partnerships.id));
  const spells = list.length
    ? await db
        .select({
          partnershipId: partnershipOrganisations.partnershipId,
          organisationId: partnershipOrganisations.organisationId,
          joinedOn: partnershipOrganisations.joinedOn,
          leftOn: partnershipOrganisations.leftOn,
        })
        .from(partnershipOrganisations)
        .where(
          inArray(
            partnershipOrganisations.partnershipId,
            list.map((p) => p.id),
          ),
        )
    : [];
  const data = list.map((p) => ({
    partnershipId: p.id,
    name: p.name,
    ...growthInYear(
      spells.filter((s) => s.partnershipId === p.id),
      year,
    ),
  }));
  return { data, summary: { grew: data.filter((d) => d.grew).length, of: data.length } };
}
