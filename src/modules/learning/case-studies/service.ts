/**
 * Case studies in the five-question form (issue 17, point 1). Who sees what:
 * - a draft: the programme's managers (and administrators) and the members of the partnership that wrote it;
 * - a published case study: everyone signed in to the programme (its exchange); one published to the
 *   public also has a page anyone may open (public-pages.ts), which never shows the contact.
 * Who writes: managers, and a partnership's members for their own partnership's case studies.
 */
import { and, asc, desc, eq, getTableColumns, inArray, or } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/database.js';
import { type FieldError, Forbidden, Invalid, NotFound } from '../../../errors.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import { organisations } from '../../organisations/schema.js';
import { partnerships } from '../../partnerships/schema.js';
import { places } from '../../places/schema.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { listTerms } from '../../programmes/service.js';
import { ACTION_LEARNING_THEMES, type Audience, type CaseStudyStatus, canonicalStandard, canonicalTheme } from '../domain/vocab.js';
import { caseStudies, learningSets } from '../schema.js';

export interface CaseStudyInput {
  title: string;
  partnershipId: string | null;
  learningSetId?: string | null | undefined;
  themes?: string[] | undefined;
  standards?: string[] | undefined;
  placeId?: string | null | undefined;
  organisationId?: string | null | undefined;
  organisationName?: string | undefined;
  problem?: string | undefined;
  whatWeDid?: string | undefined;
  whatHelped?: string | undefined;
  barriers?: string | undefined;
  learning?: string | undefined;
  contact?: string | undefined;
  status?: CaseStudyStatus | undefined;
  audience?: Audience | undefined;
}

type Row = Omit<typeof caseStudies.$inferSelect, 'search'>;

/** The case studies this caller may read: published ones, and drafts of their own partnership (managers: all). */
export function visibleCaseStudies(ctx: ProgrammeContext) {
  const programme = eq(caseStudies.programmeId, ctx.programme.id);
  if (ctx.access.canManage) return programme;
  const mine = ctx.access.scope === 'partnership' ? ctx.access.partnershipIds : [];
  return and(
    programme,
    mine.length ? or(eq(caseStudies.status, 'published'), inArray(caseStudies.partnershipId, mine)) : eq(caseStudies.status, 'published'),
  );
}

/** May this caller change a case study of this partnership (null: the programme's own)? */
export function canWriteFor(ctx: ProgrammeContext, partnershipId: string | null): boolean {
  if (ctx.access.canManage) return true;
  return ctx.access.scope === 'partnership' && partnershipId !== null && ctx.access.partnershipIds.includes(partnershipId);
}

/** Every column but `search`: the generated tsvector is for the database's matching, never worth sending back. */
const { search: _search, ...studyColumns } = getTableColumns(caseStudies);

export const caseStudyColumns = {
  study: studyColumns,
  partnershipName: partnerships.name,
  placeName: places.name,
  nation: places.nation,
  organisationType: organisations.type,
  setName: learningSets.name,
};

export function caseStudyRows(db: Queryable) {
  return db
    .select(caseStudyColumns)
    .from(caseStudies)
    .leftJoin(partnerships, eq(partnerships.id, caseStudies.partnershipId))
    .leftJoin(places, eq(places.id, caseStudies.placeId))
    .leftJoin(organisations, eq(organisations.id, caseStudies.organisationId))
    .leftJoin(learningSets, eq(learningSets.id, caseStudies.learningSetId));
}

export interface LoadedCaseStudy {
  study: Row;
  partnershipName: string | null;
  placeName: string | null;
  nation: string | null;
  organisationType: string | null;
  setName: string | null;
}

export const presentCaseStudy = (r: LoadedCaseStudy, ctx: ProgrammeContext) => {
  const s = r.study;
  return {
    id: s.id,
    title: s.title,
    partnership: s.partnershipId && r.partnershipName !== null ? { id: s.partnershipId, name: r.partnershipName } : null,
    learningSet: s.learningSetId && r.setName !== null ? { id: s.learningSetId, name: r.setName } : null,
    themes: s.themes,
    standards: s.standards,
    place: s.placeId && r.placeName !== null ? { id: s.placeId, name: r.placeName, nation: r.nation } : null,
    organisation: { id: s.organisationId, name: s.organisationName, type: r.organisationType || null },
    problem: s.problem,
    whatWeDid: s.whatWeDid,
    whatHelped: s.whatHelped,
    barriers: s.barriers,
    learning: s.learning,
    contact: s.contact,
    status: s.status,
    audience: s.audience,
    publishedAt: s.publishedAt?.toISOString() ?? null,
    updatedAt: s.updatedAt.toISOString(),
    abilities: { update: canWriteFor(ctx, s.partnershipId) },
  };
};
export type CaseStudyView = ReturnType<typeof presentCaseStudy>;

/** What the audit log keeps. */
const auditView = (s: Row) => ({
  title: s.title,
  partnershipId: s.partnershipId,
  learningSetId: s.learningSetId,
  themes: s.themes,
  standards: s.standards,
  placeId: s.placeId,
  organisationId: s.organisationId,
  organisationName: s.organisationName,
  problem: s.problem,
  whatWeDid: s.whatWeDid,
  whatHelped: s.whatHelped,
  barriers: s.barriers,
  learning: s.learning,
  contact: s.contact,
  status: s.status,
  audience: s.audience,
});

export async function loadCaseStudy(db: Queryable, ctx: ProgrammeContext, id: string): Promise<LoadedCaseStudy> {
  const [row] = await caseStudyRows(db).where(and(eq(caseStudies.id, id), visibleCaseStudies(ctx)));
  if (!row) throw new NotFound('That case study');
  return row;
}

export async function getCaseStudy(db: Queryable, ctx: ProgrammeContext, id: string) {
  return presentCaseStudy(await loadCaseStudy(db, ctx, id), ctx);
}

/** The themes a case study may carry here: the five action-learning themes and the programme's own. */
export async function programmeThemes(db: Queryable, programmeId: string): Promise<string[]> {
  return (await listTerms(db, programmeId, 'theme')).map((t) => t.label);
}

/** Every problem with a case study as it will be stored, each naming its field. */
async function checked(db: Queryable, ctx: ProgrammeContext, c: CaseStudyInput) {
  const errors: FieldError[] = [];
  const own = await programmeThemes(db, ctx.programme.id);
  const themes: string[] = [];
  for (const [i, t] of (c.themes ?? []).entries()) {
    const theme = canonicalTheme(t, own);
    if (!theme) errors.push({ path: ['themes', i], message: `“${t}” is not one of the action-learning themes or this programme’s themes` });
    else if (!themes.includes(theme)) themes.push(theme);
  }
  const standards: string[] = [];
  for (const [i, s] of (c.standards ?? []).entries()) {
    const standard = canonicalStandard(s);
    if (!standard) errors.push({ path: ['standards', i], message: `“${s}” is not one of the seven National Standards` });
    else if (!standards.includes(standard)) standards.push(standard);
  }
  const inProgramme = async (table: typeof partnerships | typeof places | typeof organisations | typeof learningSets, id: string) =>
    (
      await db
        .select({ id: table.id })
        .from(table)
        .where(and(eq(table.id, id), eq(table.programmeId, ctx.programme.id)))
    ).length > 0;
  if (c.partnershipId && !(await inProgramme(partnerships, c.partnershipId)))
    errors.push({ path: ['partnershipId'], message: 'That partnership is not in this programme' });
  if (c.placeId && !(await inProgramme(places, c.placeId)))
    errors.push({ path: ['placeId'], message: 'That place is not in this programme' });
  if (c.learningSetId && !(await inProgramme(learningSets, c.learningSetId)))
    errors.push({ path: ['learningSetId'], message: 'That action-learning set is not in this programme' });
  let organisationName = c.organisationName?.trim() ?? '';
  if (c.organisationId) {
    const [org] = await db
      .select({ name: organisations.name })
      .from(organisations)
      .where(and(eq(organisations.id, c.organisationId), eq(organisations.programmeId, ctx.programme.id)));
    if (!org) errors.push({ path: ['organisationId'], message: 'That organisation is not in this programme' });
    else organisationName = org.name;
  }
  if ((c.status ?? 'draft') === 'published' && !(c.problem ?? '').trim() && !(c.whatWeDid ?? '').trim())
    errors.push({ path: ['problem'], message: 'Answer at least “What was the problem or issue?” or “What did we do?” before publishing' });
  if (errors.length) throw new Invalid(errors[0]!.message, errors);
  return {
    title: c.title.trim(),
    partnershipId: c.partnershipId ?? null,
    learningSetId: c.learningSetId ?? null,
    themes,
    standards,
    placeId: c.placeId ?? null,
    organisationId: c.organisationId ?? null,
    organisationName,
    problem: c.problem?.trim() ?? '',
    whatWeDid: c.whatWeDid?.trim() ?? '',
    whatHelped: c.whatHelped?.trim() ?? '',
    barriers: c.barriers?.trim() ?? '',
    learning: c.learning?.trim() ?? '',
    contact: c.contact?.trim() ?? '',
    status: c.status ?? 'draft',
    audience: c.audience ?? 'programme',
  };
}

const said = (s: Row) =>
  s.status === 'draft' ? 'as a draft' : s.audience === 'public' ? 'published to the public' : 'published to the programme’s exchange';

export async function createCaseStudy(db: Db, ctx: ProgrammeContext, actor: Actor, input: CaseStudyInput) {
  if (!canWriteFor(ctx, input.partnershipId))
    throw new Forbidden('Only a programme manager, or a member of the partnership it is for, can write this case study.');
  const values = await checked(db, ctx, input);
  const id = await db.transaction(async (tx) => {
    const [s] = await tx
      .insert(caseStudies)
      .values({ ...values, programmeId: ctx.programme.id, publishedAt: values.status === 'published' ? new Date() : null })
      .returning();
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'case_study',
      entityId: s!.id,
      action: 'create',
      summary: `Wrote the case study ${s!.title} ${said(s!)}`,
      after: auditView(s!),
    });
    return s!.id;
  });
  return getCaseStudy(db, ctx, id);
}

/** The programme's team other than its managers reads case studies but never writes them. */
function refuseReaders(ctx: ProgrammeContext) {
  if (ctx.access.scope === 'programme' && !ctx.access.canManage)
    throw new Forbidden('Only a programme manager, or a member of the partnership that wrote it, can change a case study.');
}

export async function updateCaseStudy(db: Db, ctx: ProgrammeContext, actor: Actor, id: string, input: Partial<CaseStudyInput>) {
  refuseReaders(ctx);
  const { study: before } = await loadCaseStudy(db, ctx, id);
  if (!canWriteFor(ctx, before.partnershipId))
    throw new Forbidden('Only a programme manager, or a member of the partnership that wrote it, can change this case study.');
  const given = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<CaseStudyInput>;
  if (given.partnershipId !== undefined && !canWriteFor(ctx, given.partnershipId))
    throw new Forbidden('A case study can only be moved to a partnership you are a member of.');
  const values = await checked(db, ctx, { ...before, ...given });
  const publishedNow = values.status === 'published' && before.status !== 'published';
  await db.transaction(async (tx) => {
    const [s] = await tx
      .update(caseStudies)
      .set({
        ...values,
        updatedAt: new Date(),
        publishedAt: values.status === 'draft' ? null : publishedNow ? new Date() : before.publishedAt,
      })
      .where(eq(caseStudies.id, before.id))
      .returning();
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'case_study',
      entityId: s!.id,
      action: 'update',
      summary:
        before.status !== s!.status || before.audience !== s!.audience
          ? `${s!.status === 'draft' ? 'Took back' : 'Published'} the case study ${s!.title} ${said(s!)}`
          : `Changed the case study ${s!.title}`,
      before: auditView(before),
      after: auditView(s!),
    });
  });
  return getCaseStudy(db, ctx, before.id);
}

export async function deleteCaseStudy(db: Db, ctx: ProgrammeContext, actor: Actor, id: string) {
  refuseReaders(ctx);
  const { study: before } = await loadCaseStudy(db, ctx, id);
  if (!canWriteFor(ctx, before.partnershipId))
    throw new Forbidden('Only a programme manager, or a member of the partnership that wrote it, can remove this case study.');
  await db.transaction(async (tx) => {
    await tx.delete(caseStudies).where(eq(caseStudies.id, before.id));
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'case_study',
      entityId: before.id,
      action: 'delete',
      summary: `Removed the case study ${before.title}`,
      before: auditView(before),
    });
  });
}

/** What the form offers: the themes (action-learning first, then the programme's own). */
export async function themeChoices(db: Queryable, ctx: ProgrammeContext) {
  return { actionLearning: [...ACTION_LEARNING_THEMES], programme: await programmeThemes(db, ctx.programme.id) };
}

/** The case studies the caller may see, newest change first. */
export async function listCaseStudies(
  db: Queryable,
  ctx: ProgrammeContext,
  q: { status?: CaseStudyStatus | undefined; partnershipId?: string | undefined },
) {
  const rows = await caseStudyRows(db)
    .where(
      and(
        visibleCaseStudies(ctx),
        q.status ? eq(caseStudies.status, q.status) : undefined,
        q.partnershipId ? eq(caseStudies.partnershipId, q.partnershipId) : undefined,
      ),
    )
    .orderBy(desc(caseStudies.updatedAt), asc(caseStudies.title));
  return rows.map((r) => presentCaseStudy(r, ctx));
}
