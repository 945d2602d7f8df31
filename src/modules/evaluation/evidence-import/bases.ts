/**
 * bases.csv (optional): `family,respondent_id`, who was asked each family's question (its base,
 * domain/bases.ts). A family named in the file gets exactly the respondents listed as its base; a
 * family not named keeps what it had (everyone, when no base was ever recorded). The family by key or
 * label, as in codings.csv; a respondent of respondents.csv or already in the evaluation. Written after
 * the respondents, in the import's transaction, so a problem rolls everything back.
 */
import { sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../../db/database.js';
import type { Actor } from '../../audit/audit.js';
import { familyMatchKey } from '../domain/qdc-families.js';
import type { Evaluation } from '../evaluations/service.js';
import { writeBase } from '../respondents/bases.js';
import { respondents } from '../schema.js';
import { EVIDENCE_FILES, type Problems, type Sheet, at } from './files.js';

interface Family {
  id: string;
  key: string;
  label: string;
}

export interface BasesRead {
  /** Each family's base as read: family id → the references listed (and the row each was first on). */
  byFamily: Map<string, Map<string, number>>;
}

/** Reads bases.csv, checking each row's cells and family; respondents are checked once written (`writeBases`). */
export async function readBases(
  sheet: Sheet | null,
  families: readonly Family[],
  rowErrors: Problems,
  dbErrors: Problems,
): Promise<BasesRead> {
  const byFamily = new Map<string, Map<string, number>>();
  if (!sheet) return { byFamily };
  const familyOf = new Map<string, Family>();
  for (const f of families) {
    familyOf.set(familyMatchKey(f.key), f);
    familyOf.set(familyMatchKey(f.label), f);
  }
  const [iFamily, iRef] = EVIDENCE_FILES['bases.csv'].map((h) => sheet.column(h)) as [number, number];
  for await (const { row, cells } of sheet.rows()) {
    const family = cells[iFamily]?.trim() ?? '';
    const ref = cells[iRef]?.trim() ?? '';
    if (!family) rowErrors.push(at('bases.csv', row, 'family', 'this cell is empty'));
    if (!ref) rowErrors.push(at('bases.csv', row, 'respondent_id', 'this cell is empty'));
    if (!family || !ref) continue;
    const f = familyOf.get(familyMatchKey(family));
    if (!f) {
      dbErrors.push(at('bases.csv', row, 'family', `no code family ${family} (the families are ${families.map((x) => x.key).join(', ')})`));
      continue;
    }
    let refs = byFamily.get(f.id);
    if (!refs) byFamily.set(f.id, (refs = new Map()));
    if (!refs.has(ref)) refs.set(ref, row);
  }
  return { byFamily };
}

/**
 * Writes each family's base once the respondents are in: every reference must now be a respondent of
 * the evaluation, else the problem is named by row. Answers what was recorded, for the import's result.
 */
export async function writeBases(
  tx: Queryable,
  actor: Actor,
  e: Evaluation,
  read: BasesRead,
  families: readonly Family[],
  dbErrors: Problems,
): Promise<{ family: string; respondents: number }[]> {
  const written: { family: string; respondents: number }[] = [];
  const plans: { familyId: string; ids: string[] }[] = [];
  for (const [familyId, refs] of read.byFamily) {
    const found = await rowsOf<{ id: string; ref: string }>(
      tx,
      sql`select r.id, r.ref from ${respondents} r
           join jsonb_array_elements_text(${JSON.stringify([...refs.keys()])}::jsonb) x(ref) on x.ref = r.ref
          where r.evaluation_id = ${e.id}::uuid`,
    );
    const known = new Set(found.map((r) => r.ref));
    for (const [ref, row] of refs)
      if (!known.has(ref)) dbErrors.push(at('bases.csv', row, 'respondent_id', `${ref} is not in respondents.csv or the evaluation`));
    plans.push({ familyId, ids: found.map((r) => r.id) });
  }
  if (dbErrors.length) return written;
  for (const { familyId, ids } of plans) {
    await writeBase(tx, actor, e, familyId, ids);
    written.push({ family: families.find((f) => f.id === familyId)!.key, respondents: ids.length });
  }
  return written;
}
