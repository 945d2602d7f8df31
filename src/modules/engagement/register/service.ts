import { randomBytes } from 'node:crypto';
import { and, asc, eq, gte, ilike, inArray, lte, or, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/database.js';
import type { RecordVersion } from '../../../http/versions.js';
import { type FieldError, Invalid, NotFound } from '../../../errors.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import { penceToPounds, poundsToPence } from '../../grants/money.js';
import { partnerships } from '../../partnerships/schema.js';
import { type ProgrammeContext, requireManager } from '../../programmes/context.js';
import { DEFAULT_WINDOW_DAYS } from '../domain/overlaps.js';
import { canWriteEngagement, requireWrite, visibleEngagements } from './access.js';
import { type Level, engagementSettings, engagementTopics, engagements } from './schema.js';
import { cleanLocality, cleanTopics, localitySlug, topicKeySql } from './topics.js';

export interface EngagementInput {
  title: string;
  topics: string[];
  locality: string;
  startsOn: string;
  endsOn: string;
  targetGroups?: string[] | undefined;
  methods?: string[] | undefined;
  level: Level;
  leadPartner: string;
  partnershipId?: string | null | undefined;
  costGbp?: number | null | undefined;
  reach?: number | null | undefined;
  published?: boolean | undefined;
}

/** An engagement's record version: its row, and its topics (kept in their own table). */
export const engagementVersion = (id: string): RecordVersion => ({
  key: engagements.id,
  id,
  entityType: 'engagement',
  parts: sql`(select coalesce(string_agg(label, '|' order by position), '') from engagement_topics where engagement_id = ${id})`,
});

export interface EngagementQuery {
  locality?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
}

type Engagement = typeof engagements.$inferSelect;

const auditView = (e: Engagement, topics: string[]) => ({
  title: e.title,
  topics,
  locality: e.locality,
  startsOn: e.startsOn,
  endsOn: e.endsOn,
  targetGroups: e.targetGroups,
  methods: e.methods,
  level: e.level,
  leadPartner: e.leadPartner,
  partnershipId: e.partnershipId,
  costGbp: e.costPence === null ? null : penceToPounds(e.costPence),
  reach: e.reach,
  published: e.published,
});

/** The programme's overlap window in days (28 unless the programme set its own). */
export async function overlapWindow(db: Queryable, programmeId: string): Promise<number> {
  const [row] = await db
    .select({ days: engagementSettings.overlapWindowDays })
    .from(engagementSettings)
    .where(eq(engagementSettings.programmeId, programmeId));
  return row?.days ?? DEFAULT_WINDOW_DAYS;
}

export async function setOverlapWindow(db: Db, ctx: ProgrammeContext, actor: Actor, days: number) {
  requireManager(ctx);
  const before = await overlapWindow(db, ctx.programme.id);
  await db.transaction(async (tx) => {
    await tx
      .insert(engagementSettings)
      .values({ programmeId: ctx.programme.id, overlapWindowDays: days })
      .onConflictDoUpdate({ target: engagementSettings.programmeId, set: { overlapWindowDays: days } });
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'engagement-settings',
      entityId: ctx.programme.id,
      action: 'update',
      summary: `Set the overlap window for engagements to ${days} days`,
      before: { overlapWindowDays: before },
      after: { overlapWindowDays: days },
    });
  });
  return { overlapWindowDays: days };
}

async function topicsOf(db: Queryable, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await db
    .select({ id: engagementTopics.engagementId, label: engagementTopics.label })
    .from(engagementTopics)
    .where(inArray(engagementTopics.engagementId, ids))
    .orderBy(asc(engagementTopics.engagementId), asc(engagementTopics.position));
  for (const r of rows) out.get(r.id)?.push(r.label);
  return out;
}

function engagementRows(db: Queryable) {
  return db
    .select({ e: engagements, partnershipName: partnerships.name })
    .from(engagements)
    .leftJoin(partnerships, eq(partnerships.id, engagements.partnershipId));
}

type Row = { e: Engagement; partnershipName: string | null };

function present(ctx: ProgrammeContext, { e, partnershipName }: Row, topics: string[]) {
  return {
    id: e.id,
    title: e.title,
    topics,
    locality: e.locality,
    localitySlug: localitySlug(e.locality),
    startsOn: e.startsOn,
    endsOn: e.endsOn,
    targetGroups: e.targetGroups,
    methods: e.methods,
    level: e.level,
    leadPartner: e.leadPartner,
    partnership: e.partnershipId && partnershipName !== null ? { id: e.partnershipId, name: partnershipName } : null,
    costGbp: e.costPence === null ? null : penceToPounds(e.costPence),
    reach: e.reach,
    published: e.published,
    feedbackPath: `/feedback/${e.feedbackCode}`,
    canChange: canWriteEngagement(ctx, e.partnershipId),
    createdAt: e.createdAt.toISOString(),
  };
}
export type EngagementView = ReturnType<typeof present>;

const contains = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The engagements the caller may see, by start date (a locality's, or those touching a date range). */
export async function listEngagements(db: Queryable, ctx: ProgrammeContext, q: EngagementQuery = {}): Promise<EngagementView[]> {
  const rows = await engagementRows(db)
    .where(
      and(
        eq(engagements.programmeId, ctx.programme.id),
        visibleEngagements(ctx),
        q.locality ? sql`lower(${engagements.locality}) = lower(${cleanLocality(q.locality)})` : undefined,
        q.from ? gte(engagements.endsOn, q.from) : undefined,
        q.to ? lte(engagements.startsOn, q.to) : undefined,
        q.q ? or(ilike(engagements.title, contains(q.q)), ilike(engagements.leadPartner, contains(q.q))) : undefined,
      ),
    )
    .orderBy(asc(engagements.startsOn), asc(engagements.title), asc(engagements.id))
    .limit(5000);
  const topics = await topicsOf(
    db,
    rows.map((r) => r.e.id),
  );
  return rows.map((r) => present(ctx, r, topics.get(r.e.id) ?? []));
}

/** An engagement the caller may see (or NotFound, the same for "not yours"). */
export async function loadEngagement(db: Queryable, ctx: ProgrammeContext, id: string): Promise<Row> {
  const [row] = await engagementRows(db).where(
    and(eq(engagements.id, id), eq(engagements.programmeId, ctx.programme.id), visibleEngagements(ctx)),
  );
  if (!row) throw new NotFound('That engagement');
  return row;
}

export async function getEngagement(db: Queryable, ctx: ProgrammeContext, id: string): Promise<EngagementView> {
  const row = await loadEngagement(db, ctx, id);
  return present(ctx, row, (await topicsOf(db, [id])).get(id) ?? []);
}

type Checked = Omit<typeof engagements.$inferInsert, 'programmeId' | 'feedbackCode'> & { topics: string[] };

/** The engagement as it will be stored, or every problem with it at once. */
async function checked(db: Queryable, ctx: ProgrammeContext, input: EngagementInput): Promise<Checked> {
  const errors: FieldError[] = [];
  const topics = cleanTopics(input.topics);
  if (topics.length === 0) errors.push({ path: ['topics'], message: 'Enter at least one topic, such as housing or parks' });
  if (topics.length > 20) errors.push({ path: ['topics'], message: 'Give at most 20 topics' });
  if (input.endsOn < input.startsOn) errors.push({ path: ['endsOn'], message: 'The end date must be on or after the start date' });
  const partnershipId = input.partnershipId ?? null;
  if (partnershipId) {
    const [p] = await db
      .select({ id: partnerships.id })
      .from(partnerships)
      .where(and(eq(partnerships.id, partnershipId), eq(partnerships.programmeId, ctx.programme.id)));
    if (!p) errors.push({ path: ['partnershipId'], message: 'That partnership is not in this programme' });
  }
  const costPence = input.costGbp === undefined || input.costGbp === null ? null : poundsToPence(input.costGbp);
  if (input.costGbp !== undefined && input.costGbp !== null && costPence === null)
    errors.push({ path: ['costGbp'], message: 'Cost must be pounds with at most 2 decimal places' });
  if (errors.length) throw new Invalid(errors[0]!.message, errors);
  return {
    title: input.title.trim(),
    topics,
    locality: cleanLocality(input.locality),
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    targetGroups: cleanTopics(input.targetGroups ?? []),
    methods: cleanTopics(input.methods ?? []),
    level: input.level,
    leadPartner: input.leadPartner.trim().replace(/\s+/g, ' '),
    partnershipId,
    costPence,
    reach: input.reach ?? null,
    published: input.published ?? false,
  };
}

/** Writes an engagement's topics, each with its key stemmed by the database. */
async function writeTopics(tx: Queryable, engagementId: string, topics: readonly string[]) {
  await tx.delete(engagementTopics).where(eq(engagementTopics.engagementId, engagementId));
  if (topics.length === 0) return;
  await tx.insert(engagementTopics).values(topics.map((label, position) => ({ engagementId, position, label, key: topicKeySql(label) })));
}

export const newFeedbackCode = () => randomBytes(12).toString('base64url');

/** Records engagements in one transaction (the form records one; an import many). */
export async function insertEngagements(tx: Queryable, ctx: ProgrammeContext, actor: Actor, list: readonly Checked[]): Promise<string[]> {
  const ids: string[] = [];
  for (const { topics, ...values } of list) {
    const [e] = await tx
      .insert(engagements)
      .values({ ...values, programmeId: ctx.programme.id, feedbackCode: newFeedbackCode() })
      .returning();
    await writeTopics(tx, e!.id, topics);
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'engagement',
      entityId: e!.id,
      action: 'create',
      summary: `Recorded the engagement ${e!.title}`,
      after: auditView(e!, topics),
    });
    ids.push(e!.id);
  }
  return ids;
}

export { checked as checkedEngagement };

export async function createEngagement(db: Db, ctx: ProgrammeContext, actor: Actor, input: EngagementInput): Promise<EngagementView> {
  requireWrite(ctx, input.partnershipId ?? null);
  const values = await checked(db, ctx, input);
  const [id] = await db.transaction((tx) => insertEngagements(tx, ctx, actor, [values]));
  return getEngagement(db, ctx, id!);
}

export async function updateEngagement(db: Queryable, ctx: ProgrammeContext, actor: Actor, id: string, input: Partial<EngagementInput>) {
  const before = await loadEngagement(db, ctx, id);
  requireWrite(ctx, before.e.partnershipId);
  const beforeTopics = (await topicsOf(db, [id])).get(id) ?? [];
  const given = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<EngagementInput>;
  if ('partnershipId' in given) requireWrite(ctx, given.partnershipId ?? null);
  const e = before.e;
  const values = await checked(db, ctx, {
    title: e.title,
    topics: beforeTopics,
    locality: e.locality,
    startsOn: e.startsOn,
    endsOn: e.endsOn,
    targetGroups: e.targetGroups,
    methods: e.methods,
    level: e.level,
    leadPartner: e.leadPartner,
    partnershipId: e.partnershipId,
    costGbp: e.costPence === null ? null : penceToPounds(e.costPence),
    reach: e.reach,
    published: e.published,
    ...given,
  });
  const { topics, ...rest } = values;
  const [after] = await db.update(engagements).set(rest).where(eq(engagements.id, id)).returning();
  await writeTopics(db, id, topics);
  await recordAudit(db, actor, {
    programmeId: ctx.programme.id,
    entityType: 'engagement',
    entityId: id,
    action: 'update',
    summary: `Updated the engagement ${after!.title}`,
    before: auditView(e, beforeTopics),
    after: auditView(after!, topics),
  });
  return getEngagement(db, ctx, id);
}

export async function deleteEngagement(db: Db, ctx: ProgrammeContext, actor: Actor, id: string) {
  const before = await loadEngagement(db, ctx, id);
  requireWrite(ctx, before.e.partnershipId);
  const topics = (await topicsOf(db, [id])).get(id) ?? [];
  await db.transaction(async (tx) => {
    await tx.delete(engagements).where(eq(engagements.id, id));
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'engagement',
      entityId: id,
      action: 'delete',
      summary: `Removed the engagement ${before.e.title}`,
      before: auditView(before.e, topics),
    });
  });
}
