import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, ilike, inArray, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/database.js';
import { Invalid, NotFound, conflictFromDb } from '../../errors.js';
import type { ListQuery } from '../../http/route-kit.js';
import { announceChange } from '../../db/changes.js';
import { type Actor, diffRecords, recordAudit } from '../audit/audit.js';
import { auditEvents } from '../audit/schema.js';
import { partnerships } from '../partnerships/schema.js';
import { type ProgrammeContext, pageWindow, requireManager } from '../programmes/context.js';
import { type DeprivationIndex, type Nation, checkPlaceFacts } from './facts.js';
import { places } from './schema.js';

export interface PlaceInput {
  name: string;
  nation?: Nation | null | undefined;
  region?: string | undefined;
  localAuthority?: string | undefined;
  areaCode?: string | null | undefined;
  deprivationIndex?: DeprivationIndex | null | undefined;
  deprivationDecile?: number | null | undefined;
}

export interface PlaceListQuery extends ListQuery {
  nation?: Nation | undefined;
  region?: string | undefined;
}

type Place = typeof places.$inferSelect;

export const presentPlace = (p: Place) => ({
  id: p.id,
  name: p.name,
  nation: p.nation,
  region: p.region,
  localAuthority: p.localAuthority,
  areaCode: p.areaCode,
  deprivationIndex: p.deprivationIndex,
  deprivationDecile: p.deprivationDecile,
  createdAt: p.createdAt.toISOString(),
});

const nameConflict = { places_name_key: { path: 'name', message: 'This programme already has a place with that name' } };

/** `%` and `_` typed into a search box mean themselves. */
const contains = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Partnership members see only the places of their own partnerships. */
function visiblePlaces(db: Queryable, ctx: ProgrammeContext) {
  if (ctx.access.scope === 'programme') return undefined;
  return inArray(
    places.id,
    db.select({ id: partnerships.placeId }).from(partnerships).where(inArray(partnerships.id, ctx.access.partnershipIds)),
  );
}

export async function listPlaces(db: Db, ctx: ProgrammeContext, q: PlaceListQuery) {
  const where = and(
    eq(places.programmeId, ctx.programme.id),
    visiblePlaces(db, ctx),
    q.q ? ilike(places.name, contains(q.q)) : undefined,
    q.nation ? eq(places.nation, q.nation) : undefined,
    q.region ? sql`lower(${places.region}) = lower(${q.region})` : undefined,
  );
  const { limit, offset } = pageWindow(q);
  const [rows, [total]] = await Promise.all([
    db.select().from(places).where(where).orderBy(asc(places.name)).limit(limit).offset(offset),
    db.select({ n: count() }).from(places).where(where),
  ]);
  return { rows: rows.map(presentPlace), total: Number(total?.n ?? 0) };
}

async function loadPlace(db: Queryable, ctx: ProgrammeContext, placeId: string): Promise<Place> {
  const [p] = await db
    .select()
    .from(places)
    .where(and(eq(places.id, placeId), eq(places.programmeId, ctx.programme.id), visiblePlaces(db, ctx)));
  if (!p) throw new NotFound('That place');
  return p;
}

/** A place with the partnerships working there (only the caller's own, for a partnership member). */
export async function getPlace(db: Db, ctx: ProgrammeContext, placeId: string) {
  const place = await loadPlace(db, ctx, placeId);
  const mine = ctx.access.scope === 'partnership' ? ctx.access.partnershipIds : null;
  const here = await db
    .select({ id: partnerships.id, name: partnerships.name })
    .from(partnerships)
    .where(and(eq(partnerships.placeId, place.id), mine ? inArray(partnerships.id, mine) : undefined))
    .orderBy(asc(partnerships.name));
  return { ...presentPlace(place), partnerships: here };
}

function checked(values: Omit<PlaceInput, 'name'> & { name: string }) {
  const { facts, errors } = checkPlaceFacts({
    nation: values.nation ?? null,
    areaCode: values.areaCode ?? null,
    deprivationIndex: values.deprivationIndex ?? null,
    deprivationDecile: values.deprivationDecile ?? null,
  });
  if (errors.length) throw new Invalid(errors[0]!.message, errors);
  return { ...facts, name: values.name, region: values.region ?? '', localAuthority: values.localAuthority ?? '' };
}

export async function createPlace(db: Db, ctx: ProgrammeContext, actor: Actor, input: PlaceInput) {
  requireManager(ctx);
  const values = checked(input);
  try {
    return await db.transaction(async (tx) => {
      const [p] = await tx
        .insert(places)
        .values({ programmeId: ctx.programme.id, ...values })
        .returning();
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'place',
        entityId: p!.id,
        action: 'create',
        summary: `Added place ${p!.name}`,
        after: presentPlace(p!),
      });
      return presentPlace(p!);
    });
  } catch (err) {
    conflictFromDb(err, nameConflict);
  }
}

export async function updatePlace(db: Db, ctx: ProgrammeContext, actor: Actor, placeId: string, input: Partial<PlaceInput>) {
  requireManager(ctx);
  const before = await loadPlace(db, ctx, placeId);
  const given = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<PlaceInput>;
  // Check the place as it will be, so changing the nation alone cannot leave a mismatched area code.
  const values = checked({ ...before, ...given });
  try {
    return await db.transaction(async (tx) => {
      const [p] = await tx.update(places).set(values).where(eq(places.id, before.id)).returning();
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'place',
        entityId: p!.id,
        action: 'update',
        summary: `Updated place ${p!.name}`,
        before: presentPlace(before),
        after: presentPlace(p!),
      });
      return presentPlace(p!);
    });
  } catch (err) {
    conflictFromDb(err, nameConflict);
  }
}

/**
 * For imports: the programme's places by name, any missing ones created. Names are matched by `key`
 * (the importer's loose match, e.g. trimmed and any case). One query reads the places there, one
 * statement adds the new ones and one their audit rows ("Added the place … (<source>)"), however many
 * there are. Answers every place's id by key, and the names created, in the order first given.
 */
export async function ensurePlacesNamed(
  tx: Queryable,
  ctx: ProgrammeContext,
  actor: Actor,
  names: string[],
  options: { key: (name: string) => string; source: string },
): Promise<{ idByKey: Map<string, string>; created: string[] }> {
  const programmeId = ctx.programme.id;
  const { key } = options;
  const existing = await tx.select({ id: places.id, name: places.name }).from(places).where(eq(places.programmeId, programmeId));
  const idByKey = new Map(existing.map((p) => [key(p.name), p.id]));
  const fresh: { id: string; name: string }[] = [];
  for (const name of names) {
    if (!name || idByKey.has(key(name))) continue;
    const id = randomUUID();
    idByKey.set(key(name), id);
    fresh.push({ id, name });
  }
  if (fresh.length) {
    await tx.insert(places).values(fresh.map((p) => ({ id: p.id, programmeId, name: p.name })));
    await tx.insert(auditEvents).values(
      fresh.map((p) => ({
        actorUserId: actor.userId,
        actorLabel: actor.label,
        programmeId,
        entityType: 'place',
        entityId: p.id,
        action: 'create',
        summary: `Added the place ${p.name} (${options.source})`,
        changes: diffRecords(null, { name: p.name }),
      })),
    );
    await announceChange(tx, programmeId, 'place');
  }
  return { idByKey, created: fresh.map((p) => p.name) };
}
