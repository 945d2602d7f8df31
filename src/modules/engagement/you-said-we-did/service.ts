// "You said, we did" (issue 17, point 7): per engagement, what people said, what was done, each
// commitment's status and progress; and the public page per locality, which shows only published
// engagements and their published entries (never who recorded them, nor any contact details).
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/database.js';
import { NotFound } from '../../../errors.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { programmes } from '../../programmes/schema.js';
import { requireWrite } from '../register/access.js';
import { engagementTopics, engagements } from '../register/schema.js';
import { loadEngagement } from '../register/service.js';
import { localitySlug } from '../register/topics.js';
import { type CommitmentStatus, youSaidWeDid } from './schema.js';

export interface EntryInput {
  said: string;
  did?: string | undefined;
  status?: CommitmentStatus | undefined;
  progress?: number | undefined;
  published?: boolean | undefined;
}

type Entry = typeof youSaidWeDid.$inferSelect;
const auditView = (e: Entry) => ({ said: e.said, did: e.did, status: e.status, progress: e.progress, published: e.published });
const present = (e: Entry) => ({ ...auditView(e), id: e.id, updatedOn: e.updatedAt.toISOString().slice(0, 10) });

export async function listEntries(db: Queryable, ctx: ProgrammeContext, engagementId: string) {
  await loadEngagement(db, ctx, engagementId);
  const rows = await db
    .select()
    .from(youSaidWeDid)
    .where(eq(youSaidWeDid.engagementId, engagementId))
    .orderBy(asc(youSaidWeDid.updatedAt), asc(youSaidWeDid.id));
  return rows.map(present);
}

export async function addEntry(db: Db, ctx: ProgrammeContext, actor: Actor, engagementId: string, input: EntryInput) {
  const { e } = await loadEngagement(db, ctx, engagementId);
  requireWrite(ctx, e.partnershipId);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(youSaidWeDid)
      .values({
        engagementId,
        said: input.said.trim(),
        did: input.did?.trim() ?? '',
        status: input.status ?? 'planned',
        progress: input.progress ?? 0,
        published: input.published ?? false,
      })
      .returning();
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'you-said-we-did',
      entityId: row!.id,
      action: 'create',
      summary: `Added “you said, we did” to the engagement ${e.title}`,
      after: auditView(row!),
    });
    return present(row!);
  });
}

async function loadEntry(db: Queryable, ctx: ProgrammeContext, engagementId: string, entryId: string) {
  const { e } = await loadEngagement(db, ctx, engagementId);
  const [row] = await db
    .select()
    .from(youSaidWeDid)
    .where(and(eq(youSaidWeDid.id, entryId), eq(youSaidWeDid.engagementId, engagementId)));
  if (!row) throw new NotFound('That “you said, we did” entry');
  return { e, row };
}

export async function updateEntry(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  engagementId: string,
  entryId: string,
  input: Partial<EntryInput>,
) {
  const { e, row: before } = await loadEntry(db, ctx, engagementId, entryId);
  requireWrite(ctx, e.partnershipId);
  const given = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<EntryInput>;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(youSaidWeDid)
      .set({
        ...given,
        said: given.said?.trim() ?? before.said,
        did: given.did?.trim() ?? before.did,
        updatedAt: new Date(),
      })
      .where(eq(youSaidWeDid.id, entryId))
      .returning();
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'you-said-we-did',
      entityId: entryId,
      action: 'update',
      summary: `Updated “you said, we did” on the engagement ${e.title}`,
      before: auditView(before),
      after: auditView(row!),
    });
    return present(row!);
  });
}

export async function removeEntry(db: Db, ctx: ProgrammeContext, actor: Actor, engagementId: string, entryId: string) {
  const { e, row } = await loadEntry(db, ctx, engagementId, entryId);
  requireWrite(ctx, e.partnershipId);
  await db.transaction(async (tx) => {
    await tx.delete(youSaidWeDid).where(eq(youSaidWeDid.id, entryId));
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'you-said-we-did',
      entityId: entryId,
      action: 'delete',
      summary: `Removed “you said, we did” from the engagement ${e.title}`,
      before: auditView(row),
    });
  });
}

// ---- the public pages: published only

async function publishedOf(db: Queryable, programmeSlug: string) {
  const [programme] = await db
    .select({ id: programmes.id, name: programmes.name })
    .from(programmes)
    .where(eq(programmes.slug, programmeSlug));
  if (!programme) return null;
  const rows = await db
    .select({
      id: engagements.id,
      title: engagements.title,
      locality: engagements.locality,
      startsOn: engagements.startsOn,
      endsOn: engagements.endsOn,
      level: engagements.level,
      leadPartner: engagements.leadPartner,
    })
    .from(engagements)
    .where(and(eq(engagements.programmeId, programme.id), eq(engagements.published, true)))
    .orderBy(asc(engagements.startsOn), asc(engagements.title));
  return { programme, rows };
}

/** The localities of a programme with at least one published engagement, by name. */
export async function publicLocalities(db: Queryable, programmeSlug: string) {
  const found = await publishedOf(db, programmeSlug);
  if (!found) return null;
  const byslug = new Map<string, { name: string; slug: string; engagements: number }>();
  for (const r of found.rows) {
    const slug = localitySlug(r.locality);
    const had = byslug.get(slug);
    if (had) had.engagements++;
    else byslug.set(slug, { name: r.locality, slug, engagements: 1 });
  }
  return { programme: found.programme.name, localities: [...byslug.values()].sort((a, b) => a.name.localeCompare(b.name, 'en-GB')) };
}

/** A locality's public page: its published engagements, each with its topics and published entries. */
export async function publicLocality(db: Queryable, programmeSlug: string, slug: string) {
  const found = await publishedOf(db, programmeSlug);
  if (!found) return null;
  const rows = found.rows.filter((r) => localitySlug(r.locality) === slug);
  if (rows.length === 0) return null;
  const ids = rows.map((r) => r.id);
  const [topics, entries] = await Promise.all([
    db
      .select({ id: engagementTopics.engagementId, label: engagementTopics.label })
      .from(engagementTopics)
      .where(inArray(engagementTopics.engagementId, ids))
      .orderBy(asc(engagementTopics.position)),
    db
      .select({
        engagementId: youSaidWeDid.engagementId,
        said: youSaidWeDid.said,
        did: youSaidWeDid.did,
        status: youSaidWeDid.status,
        progress: youSaidWeDid.progress,
      })
      .from(youSaidWeDid)
      .where(and(inArray(youSaidWeDid.engagementId, ids), eq(youSaidWeDid.published, true)))
      .orderBy(asc(youSaidWeDid.updatedAt), asc(youSaidWeDid.id)),
  ]);
  return {
    programme: found.programme.name,
    locality: rows[0]!.locality,
    engagements: rows.map((r) => ({
      ...r,
      topics: topics.filter((t) => t.id === r.id).map((t) => t.label),
      entries: entries.filter((x) => x.engagementId === r.id),
    })),
  };
}
