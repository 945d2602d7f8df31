/**
 * `cairn support import`, the writing half: reads the files, checks every row (import-plan.ts), and
 * writes all of it in one transaction — or, when any row is wrong, nothing, with each problem naming
 * its file, row and column. Contacts and credit are added (a second import adds them again); allowances
 * replace a partnership's allowance; events are matched by name (their date, place and cost updated);
 * attendance replaces the head count. A facilitator named in contacts.csv who is not yet a support
 * provider is made one (role facilitator; an email address is kept as such), and covers the
 * partnerships they are logged with.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../db/database.js';
import { Invalid } from '../../../errors.js';
import { normaliseHeader, csvGrid } from '../../../spreadsheet/read.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import { partnerships } from '../../partnerships/schema.js';
import { type ProgrammeContext, requireManager } from '../../programmes/context.js';
import { setAllowance } from '../providers/allowances.js';
import { supportAllowances, supportAssignments, supportProviders } from '../providers/schema.js';
import { IMPORT_FILES, type ImportFile, planImport } from './import-plan.js';
import { supportAttendance, supportContacts, supportCredit, supportEvents } from './schema.js';

const MAX_ROWS = 200_000;

export interface SupportImportResult {
  files: ImportFile[];
  allowances: number;
  contacts: number;
  credit: number;
  events: number;
  attendance: number;
  facilitatorsCreated: string[];
}

/** One file's rows as cells by column, after checking its header names every column it needs. */
export function readImportFile(file: ImportFile, bytes: Uint8Array) {
  const grid = csvGrid(bytes, { maxRows: MAX_ROWS, tooManyRows: () => new Invalid(`${file} has more than ${MAX_ROWS - 1} rows.`) });
  const header = (grid[0] ?? []).map(normaliseHeader);
  const missing = IMPORT_FILES[file].filter((c) => !header.includes(c));
  if (missing.length)
    throw new Invalid(
      `${file} is missing the column${missing.length === 1 ? '' : 's'} ${missing.join(', ')}. Its columns must be ${IMPORT_FILES[file].join(',')}.`,
    );
  return grid
    .slice(1)
    .flatMap((cells, i) =>
      cells.some((c) => c !== '')
        ? [{ row: i + 2, cells: Object.fromEntries(IMPORT_FILES[file].map((c) => [c, cells[header.indexOf(c)] ?? ''])) }]
        : [],
    );
}

const looksLikeEmail = (s: string) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(s);

export async function importSupport(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  given: Partial<Record<ImportFile, Uint8Array>>,
): Promise<SupportImportResult> {
  requireManager(ctx);
  const files = (Object.keys(IMPORT_FILES) as ImportFile[]).filter((f) => given[f]);
  if (files.length === 0) throw new Invalid(`The folder holds none of ${Object.keys(IMPORT_FILES).join(', ')}.`);
  const rows = Object.fromEntries(files.map((f) => [f, readImportFile(f, given[f]!)]));
  const programmeId = ctx.programme.id;
  const [ps, allowances, providers, events] = await Promise.all([
    db.select({ id: partnerships.id, name: partnerships.name }).from(partnerships).where(eq(partnerships.programmeId, programmeId)),
    db.select().from(supportAllowances).where(eq(supportAllowances.programmeId, programmeId)),
    db
      .select()
      .from(supportProviders)
      .where(eq(supportProviders.programmeId, programmeId))
      .orderBy(sql`${supportProviders.role} = 'facilitator' desc`, supportProviders.createdAt),
    db.select({ id: supportEvents.id, name: supportEvents.name }).from(supportEvents).where(eq(supportEvents.programmeId, programmeId)),
  ]);
  const providerByKey = new Map<string, { id: string; name: string }>();
  for (const p of providers) {
    for (const key of [p.name.toLowerCase(), p.email.toLowerCase()]) if (key && !providerByKey.has(key)) providerByKey.set(key, p);
  }
  const { plan, errors } = planImport(rows, {
    partnerships: new Map(ps.map((p) => [p.name.toLowerCase(), p])),
    allowances: new Map(allowances.map((a) => [a.partnershipId, a])),
    providers: providerByKey,
    events: new Set(events.map((e) => e.name.toLowerCase())),
  });
  if (errors.length)
    throw new Invalid(
      `Nothing was imported: ${errors.length} row${errors.length === 1 ? ' has a problem' : 's have problems'}. Correct ${errors.length === 1 ? 'it' : 'them'} and import again.`,
      errors,
    );

  return db.transaction(async (tx) => {
    // New facilitators first, so contacts can name them.
    for (const [key, written] of plan.newFacilitators) {
      const email = looksLikeEmail(written) ? written : '';
      const [p] = await tx.insert(supportProviders).values({ programmeId, role: 'facilitator', name: written, email }).returning();
      providerByKey.set(key, p!);
      await recordAudit(tx, actor, {
        programmeId,
        entityType: 'support-provider',
        entityId: p!.id,
        action: 'create',
        summary: `Added ${p!.name} as a facilitator (support import)`,
        after: { role: p!.role, name: p!.name, email: p!.email },
      });
    }
    for (const a of plan.allowances) await setAllowance(db, ctx, actor, a.partnershipId, a, tx);

    const contactRows = plan.contacts.map((c) => ({
      programmeId,
      partnershipId: c.partnershipId,
      providerId: providerByKey.get(c.facilitator)!.id,
      contactOn: c.contactOn,
      minutes: c.minutes,
      type: c.type,
      notes: c.notes,
      loggedBy: actor.userId,
    }));
    for (let i = 0; i < contactRows.length; i += 2000) await tx.insert(supportContacts).values(contactRows.slice(i, i + 2000));
    // Each facilitator covers the partnerships they are logged with.
    const pairs = [...new Map(contactRows.map((c) => [`${c.providerId}:${c.partnershipId}`, c])).values()];
    if (pairs.length)
      await tx
        .insert(supportAssignments)
        .values(pairs.map((c) => ({ providerId: c.providerId, partnershipId: c.partnershipId })))
        .onConflictDoNothing();
    const creditRows = plan.credit.map((c) => ({ programmeId, kind: 'spend' as const, loggedBy: actor.userId, ...c }));
    for (let i = 0; i < creditRows.length; i += 2000) await tx.insert(supportCredit).values(creditRows.slice(i, i + 2000));

    const eventIds = new Map(events.map((e) => [e.name.toLowerCase(), e.id]));
    for (const e of plan.events) {
      const known = eventIds.get(e.name.toLowerCase());
      const [row] = known
        ? await tx
            .update(supportEvents)
            .set({ heldOn: e.heldOn, place: e.place, costPence: e.costPence })
            .where(eq(supportEvents.id, known))
            .returning()
        : await tx
            .insert(supportEvents)
            .values({ programmeId, name: e.name, heldOn: e.heldOn, place: e.place, costPence: e.costPence })
            .returning();
      eventIds.set(e.name.toLowerCase(), row!.id);
      await recordAudit(tx, actor, {
        programmeId,
        entityType: 'support-event',
        entityId: row!.id,
        action: 'import',
        summary: `Imported the event ${e.name}`,
        after: { name: e.name, heldOn: e.heldOn, place: e.place, cost: e.costPence / 100 },
      });
    }
    for (const a of plan.attendance) {
      const eventId = eventIds.get(a.event)!;
      await tx
        .delete(supportAttendance)
        .where(and(eq(supportAttendance.eventId, eventId), eq(supportAttendance.partnershipId, a.partnershipId)));
      if (a.people > 0) await tx.insert(supportAttendance).values({ eventId, partnershipId: a.partnershipId, people: a.people });
    }

    // One audit row per partnership for what its contacts, credit and attendance brought in.
    const count = new Map<string, { contacts: number; credit: number; attendance: number }>();
    const bump = (id: string, k: 'contacts' | 'credit' | 'attendance') => {
      const c = count.get(id) ?? count.set(id, { contacts: 0, credit: 0, attendance: 0 }).get(id)!;
      c[k]++;
    };
    for (const c of plan.contacts) bump(c.partnershipId, 'contacts');
    for (const c of plan.credit) bump(c.partnershipId, 'credit');
    for (const a of plan.attendance) bump(a.partnershipId, 'attendance');
    const names = count.size
      ? new Map(
          (
            await tx
              .select({ id: partnerships.id, name: partnerships.name })
              .from(partnerships)
              .where(inArray(partnerships.id, [...count.keys()]))
          ).map((p) => [p.id, p.name]),
        )
      : new Map<string, string>();
    for (const [id, c] of count)
      await recordAudit(tx, actor, {
        programmeId,
        entityType: 'partnership-support',
        entityId: id,
        action: 'import',
        summary: `Imported support for ${names.get(id)}: ${c.contacts} contacts, ${c.credit} credit spends, ${c.attendance} attendances`,
        after: { contactsImported: c.contacts, creditImported: c.credit, attendanceImported: c.attendance },
      });
    return {
      files,
      allowances: plan.allowances.length,
      contacts: plan.contacts.length,
      credit: plan.credit.length,
      events: plan.events.length,
      attendance: plan.attendance.length,
      facilitatorsCreated: [...plan.newFacilitators.values()],
    };
  });
}
