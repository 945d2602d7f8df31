import { and, eq } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/database.js';
import { Invalid, conflictFromDb } from '../../errors.js';
import { type Actor, recordAudit } from '../audit/audit.js';
import { organisations } from '../organisations/schema.js';
import { partnershipOrganisations, partnerships } from '../partnerships/schema.js';
import { places } from '../places/schema.js';
import { type ProgrammeContext, requireManager } from '../programmes/context.js';
import { vocabularyTerms } from '../programmes/schema.js';
import { parseSpreadsheet } from './parse.js';
import { type Existing, type ImportPlan, type RowProblem, planImport } from './plan.js';
import { addMember, insertOrganisation, insertPartnership, insertPlace } from './write.js';

export interface ImportFile {
  bytes: Uint8Array;
  filename?: string | undefined;
}

/** Reports progress while writing: how many of `total` records are done. */
export type Progress = (done: number, total: number) => void;

export async function loadExisting(db: Queryable, programmeId: string): Promise<Existing> {
  // One after another, not Promise.all: inside a transaction every query shares one connection.
  const placeRows = await db
    .select({ id: places.id, name: places.name, region: places.region, nation: places.nation })
    .from(places)
    .where(eq(places.programmeId, programmeId));
  const orgRows = await db
    .select({ id: organisations.id, name: organisations.name, type: organisations.type })
    .from(organisations)
    .where(eq(organisations.programmeId, programmeId));
  const partnershipRows = await db
    .select({
      id: partnerships.id,
      name: partnerships.name,
      placeId: partnerships.placeId,
      leadOrganisationId: partnerships.leadOrganisationId,
      inProgrammeFrom: partnerships.inProgrammeFrom,
    })
    .from(partnerships)
    .where(eq(partnerships.programmeId, programmeId));
  const typeRows = await db
    .select({ label: vocabularyTerms.label })
    .from(vocabularyTerms)
    .where(and(eq(vocabularyTerms.programmeId, programmeId), eq(vocabularyTerms.vocabulary, 'organisation_type')))
    .orderBy(vocabularyTerms.position);
  return { places: placeRows, organisations: orgRows, partnerships: partnershipRows, organisationTypes: typeRows.map((t) => t.label) };
}

const rowPath = (e: RowProblem) => (e.field === 'row' ? ['rows', e.row] : ['rows', e.row, e.field]);

/** Every bad row and field at once, so the person fixes the sheet in one go. */
export function rejectIfErrors(plan: ImportPlan): void {
  if (plan.errors.length === 0) return;
  const rows = new Set(plan.errors.map((e) => e.row)).size;
  throw new Invalid(
    `Nothing was imported: ${plan.errors.length} problem${plan.errors.length === 1 ? '' : 's'} in ${rows} row${rows === 1 ? '' : 's'}. Fix them and import the file again.`,
    plan.errors.map((e) => ({ path: rowPath(e), message: e.message })),
  );
}

export async function planFile(db: Queryable, programmeId: string, file: ImportFile): Promise<ImportPlan> {
  const rows = await parseSpreadsheet(file.bytes, file.filename);
  return planImport(rows, await loadExisting(db, programmeId));
}

/** What would happen, for a manager to check before importing. Bad rows answer 422 with every problem. */
export async function previewImport(db: Db, ctx: ProgrammeContext, file: ImportFile): Promise<ImportPlan> {
  requireManager(ctx);
  const plan = await planFile(db, ctx.programme.id, file);
  rejectIfErrors(plan);
  return plan;
}

/**
 * Imports the sheet: all of it in one transaction, or (on any problem) none of it. The plan is made
 * again inside the transaction so it matches what the database holds at that moment.
 */
export async function runImport(db: Db, ctx: ProgrammeContext, actor: Actor, file: ImportFile, onProgress?: Progress): Promise<ImportPlan> {
  requireManager(ctx);
  const rows = await parseSpreadsheet(file.bytes, file.filename);
  const programmeId = ctx.programme.id;
  try {
    return await db.transaction(async (tx) => {
      const plan = planImport(rows, await loadExisting(tx, programmeId));
      rejectIfErrors(plan);
      await applyPlan(tx, actor, programmeId, plan, onProgress);
      const { creates, matches } = plan;
      await recordAudit(tx, actor, {
        programmeId,
        entityType: 'programme',
        entityId: programmeId,
        action: 'registry-import',
        summary:
          `Imported ${file.filename || 'a spreadsheet'}: ${counted(creates.partnerships.length, 'partnership')}, ` +
          `${counted(creates.places.length, 'place')} and ${counted(creates.organisations.length, 'organisation')} added; ` +
          `${counted(matches.partnerships.length, 'partnership')} already there`,
      });
      return plan;
    });
  } catch (err) {
    // Someone added the same name between the plan and the write: say so plainly.
    conflictFromDb(err, {
      places_name_key: { path: 'place', message: 'A place with one of these names was added meanwhile; import again' },
      organisations_name_key: {
        path: 'lead_organisation',
        message: 'An organisation with one of these names was added meanwhile; import again',
      },
      partnerships_name_key: { path: 'partnership', message: 'A partnership with one of these names was added meanwhile; import again' },
    });
  }
}

async function applyPlan(tx: Queryable, actor: Actor, programmeId: string, plan: ImportPlan, onProgress?: Progress) {
  const { creates, matches } = plan;
  const total = creates.places.length + creates.organisations.length + creates.partnerships.length + matches.partnerships.length;
  let done = 0;
  const tick = () => onProgress?.(++done, total);
  const key = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
  const placeIds = new Map(matches.places.map((p) => [key(p.name), p.id]));
  const orgIds = new Map(matches.organisations.map((o) => [key(o.name), o.id]));
  for (const p of creates.places) {
    placeIds.set(key(p.name), (await insertPlace(tx, actor, programmeId, { name: p.name, region: p.region, nation: p.nation })).id);
    tick();
  }
  for (const o of creates.organisations) {
    orgIds.set(key(o.name), (await insertOrganisation(tx, actor, programmeId, { name: o.name, type: o.type })).id);
    tick();
  }
  for (const p of creates.partnerships) {
    await insertPartnership(tx, actor, programmeId, {
      name: p.name,
      placeId: placeIds.get(key(p.place)) ?? null,
      leadOrganisationId: p.leadOrganisation ? (orgIds.get(key(p.leadOrganisation)) ?? null) : null,
      inProgrammeFrom: p.inProgrammeFrom,
    });
    tick();
  }
  for (const m of matches.partnerships) {
    if (m.setPlace || m.setLeadOrganisation) {
      const set = {
        ...(m.setPlace ? { placeId: placeIds.get(key(m.setPlace))! } : {}),
        ...(m.setLeadOrganisation ? { leadOrganisationId: orgIds.get(key(m.setLeadOrganisation))! } : {}),
      };
      // Only fills what is empty, even if someone set it since the plan was made.
      const [before] = await tx.select().from(partnerships).where(eq(partnerships.id, m.id));
      const fill = {
        ...(set.placeId && !before!.placeId ? { placeId: set.placeId } : {}),
        ...(set.leadOrganisationId && !before!.leadOrganisationId ? { leadOrganisationId: set.leadOrganisationId } : {}),
      };
      if (Object.keys(fill).length) {
        await tx.update(partnerships).set(fill).where(eq(partnerships.id, m.id));
        await recordAudit(tx, actor, {
          programmeId,
          entityType: 'partnership',
          entityId: m.id,
          action: 'update',
          summary: `Filled in ${m.name}’s ${[fill.placeId ? 'place' : '', fill.leadOrganisationId ? 'lead organisation' : ''].filter(Boolean).join(' and ')} from an import`,
          before: { placeId: before!.placeId, leadOrganisationId: before!.leadOrganisationId },
          after: { placeId: fill.placeId ?? before!.placeId, leadOrganisationId: fill.leadOrganisationId ?? before!.leadOrganisationId },
        });
        if (fill.leadOrganisationId) {
          const [already] = await tx
            .select({ id: partnershipOrganisations.id })
            .from(partnershipOrganisations)
            .where(
              and(eq(partnershipOrganisations.partnershipId, m.id), eq(partnershipOrganisations.organisationId, fill.leadOrganisationId)),
            );
          if (!already) await addMember(tx, actor, programmeId, m.id, fill.leadOrganisationId, 'lead', null);
        }
      }
    }
    tick();
  }
}

/** "1 partnership", "3 partnerships": audit lines are read by people. */
export const counted = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
