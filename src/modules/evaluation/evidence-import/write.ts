/**
 * Writing a checked evidence folder (see import.ts for the whole): the new codes, then respondents.csv
 * read again to COPY each new respondent with their code numbers in their row (ids made here, in file
 * order, so their indexes grow at the end), their consent records by COPY, the cross-tab counts the
 * import tallies itself (decision 009), and respondents already in the evaluation updated in one
 * statement from a temporary table, through the ordinary triggers.
 */
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { copyCell, copyLine, copyRows } from '../../../db/copy.js';
import { type Queryable, rowsOf } from '../../../db/database.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import { todayIso } from '../../partnerships/membership.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { uuidArray } from '../respondents/codings.js';
import { codes } from '../schema.js';
import type { CodingsChecked, NamedCode, RespondentsChecked } from './check.js';
import {
  type EvidenceImportResult,
  type EvidenceProgress,
  type Sheet,
  attributeColumnsOf,
  cellsOf,
  norm,
  respondentColumns,
} from './files.js';

/**
 * Ids for new respondents, made here so respondents, consent records and codings can all be COPYed:
 * a time-ordered prefix (as UUID version 7 orders them) and the respondent's position in the file,
 * so within an import they ascend and each is worked out from its position, with nothing stored.
 */
function respondentIds(): (i: number) => string {
  const ms = Date.now().toString(16).padStart(12, '0');
  const r = randomBytes(4).toString('hex');
  const prefix = `${ms.slice(0, 8)}-${ms.slice(8, 12)}-7${r.slice(0, 3)}-8${r.slice(3, 6)}-`;
  return (i) => prefix + i.toString(16).padStart(12, '0');
}

/** The codes the file names that the codebook lacks, added at the top of their families, each audited. */
export async function createCodes(
  tx: Queryable,
  ctx: ProgrammeContext,
  actor: Actor,
  evaluationId: string,
  found: { named: NamedCode[]; toCreate: number[]; codeOf: { id: string; number: number }[] },
  families: { id: string; key: string; label: string }[],
  created: string[],
) {
  const programmeId = ctx.programme.id;
  const { named, toCreate, codeOf } = found;
  const [{ next } = { next: 0 }] = await tx
    .select({ next: sql<number>`coalesce(max(${codes.position}) + 1, 0)::int` })
    .from(codes)
    .where(eq(codes.evaluationId, evaluationId));
  let position = next;
  for (const index of toCreate) {
    const c = named[index]!;
    const [row] = await tx.insert(codes).values({ evaluationId, familyId: c.familyId, name: c.name, position: position++ }).returning();
    codeOf[index] = row!;
    const family = families.find((f) => f.id === c.familyId)!;
    created.push(`${family.key}: ${c.name}`);
    await recordAudit(tx, actor, {
      programmeId,
      entityType: 'evaluation_code',
      entityId: row!.id,
      action: 'create',
      summary: `Added the code ${c.name} (${family.label}) from an evidence import`,
      after: { family: family.key, name: c.name },
    });
  }
  // The codes written into respondents' rows are held as a key would hold them (decision 011).
  if (codeOf.length) await tx.execute(sql`select 1 from ${codes} where id = any(${uuidArray(codeOf.map((c) => c.id))}) for key share`);
}

export interface RespondentsToWrite {
  evaluationId: string;
  people: Sheet;
  respondents: RespondentsChecked;
  codings: CodingsChecked;
  codeOf: { id: string; number: number }[];
  personByRef: Map<string, { id: string }>;
  /** Participant types by matched label. */
  types: Map<string, { label: string }>;
  projectIdOf: (text: string) => string | null;
  placeOfProjectId: Map<string, string>;
  onProgress?: EvidenceProgress | undefined;
}

/** The respondents, their codes, consent records and cross-tab counts; counts what it wrote into `result`. */
export async function writeRespondents(tx: Queryable, actor: Actor, w: RespondentsToWrite, result: EvidenceImportResult) {
  const { evaluationId, people, codeOf, personByRef, types, projectIdOf, placeOfProjectId } = w;
  const { inFile } = w.respondents;
  const { named, extraPeople, pairs } = w.codings;
  let { pairPerson, pairCode } = w.codings;
  // Let the pairs go as soon as they are sorted: at a million respondents they are most of the memory.
  w.codings.pairPerson = w.codings.pairCode = new Int32Array(0);
  const [iRef, iProject, iType, iConsent] = respondentColumns(people);
  const attributeColumns = attributeColumnsOf(people);
  // Each respondent's codes, each once: the pairs sorted by respondent (a counting sort).
  const everyone = inFile + extraPeople.length;
  const start = new Int32Array(everyone + 1);
  for (let i = 0; i < pairs; i++) start[pairPerson[i]! + 1]!++;
  for (let p = 0; p < everyone; p++) start[p + 1]! += start[p]!;
  const fill = start.slice(0, everyone);
  const codeOfPair = new Int32Array(pairs);
  for (let i = 0; i < pairs; i++) codeOfPair[fill[pairPerson[i]!]!++] = pairCode[i]!;
  pairPerson = pairCode = new Int32Array(0);
  const seenBy = new Int32Array(named.length).fill(-1);
  /** How many codes the last `numbersOf` wrote. */
  let written = 0;
  /** The code numbers of respondent `p`, once each, as a COPY array literal; counts each into `perCode`. */
  const numbersOf = (p: number, perCode?: (index: number) => void) => {
    let out = '';
    written = 0;
    for (let i = start[p]!; i < start[p + 1]!; i++) {
      const index = codeOfPair[i]!;
      if (seenBy[index] === p) continue;
      seenBy[index] = p;
      perCode?.(index);
      out += written++ ? `,${codeOf[index]!.number}` : `${codeOf[index]!.number}`;
    }
    return `{${out}}`;
  };

  // New respondents by COPY, with ids made from their number and their codes in their row; those
  // already in the evaluation through a temporary table and one UPDATE (the triggers see it whole).
  const idOf = respondentIds();
  const nowIso = new Date().toISOString();
  /** Respondents with consent given per (participant type, project, place), and per cell and code, for the cross-tab (decision 009). */
  const cells: { participantType: string | null; projectId: string | null; placeId: string | null }[] = [];
  const cellIndex = new Map<string, number>();
  const k = Math.max(1, named.length);
  /** Per cell × code: respondents with consent given who identified it. Grows with the cells. */
  let tally = new Int32Array(k * 1024);
  /** Per respondent in the file: 1 new with consent given, 2 new with it withdrawn, 0 already in the evaluation. */
  const newWith = new Uint8Array(inFile);
  const updates: string[] = [];
  let firstNew = -1;
  let lastNew = -1;
  let person = 0;
  async function* freshRespondents() {
    for await (const batch of people.batches()) {
      let out = '';
      for (let r = 0; r < batch.length; r++) {
        const c = cellsOf(batch, r);
        const p = person++;
        const ref = c[iRef]!;
        const typeText = c[iType] ?? '';
        const participantType = typeText ? types.get(norm(typeText))!.label : null;
        const project = c[iProject] ?? '';
        const projectId = project ? projectIdOf(project) : null;
        const placeId = projectId ? (placeOfProjectId.get(projectId) ?? null) : null;
        let attributes = '{}';
        if (attributeColumns.length) {
          const values: Record<string, string> = {};
          for (const { h, i } of attributeColumns) if (c[i]) values[h] = c[i]!;
          attributes = JSON.stringify(values);
        }
        const consent = (c[iConsent] ?? '').toLowerCase();
        const values = [participantType, projectId, placeId, attributes, consent];
        const existing = personByRef.get(ref);
        if (existing) {
          updates.push(copyLine([existing.id, ...values, true, numbersOf(p)]));
          continue;
        }
        let perCode: ((index: number) => void) | undefined;
        if (consent === 'given') {
          const key = `${participantType ?? ''}\u0000${projectId ?? ''}\u0000${placeId ?? ''}`;
          let cell = cellIndex.get(key);
          if (cell === undefined) {
            cellIndex.set(key, (cell = cells.length));
            cells.push({ participantType, projectId, placeId });
            if (cells.length * k > tally.length) {
              const grown = new Int32Array(tally.length * 2);
              grown.set(tally);
              tally = grown;
            }
          }
          const base = cell * k;
          perCode = (index) => tally[base + index]!++;
        }
        newWith[p] = consent === 'given' ? 1 : 2;
        const numbers = numbersOf(p, perCode);
        result.codings.added += written;
        if (firstNew < 0) firstNew = p;
        lastNew = p;
        result.respondents.created += 1;
        out += `${idOf(p)}\t${evaluationId}\t${copyCell(ref)}\t${values.map(copyCell).join('\t')}\t${nowIso}\t${numbers}\n`;
      }
      w.onProgress?.('respondents', person, inFile);
      if (out) yield out;
    }
  }
  // The import has checked these codes and counts them itself, and makes these respondents' consent
  // records below: the triggers are told so for those two COPYs only.
  await tx.execute(sql`select set_config('cairn.codings_counted', 'by-import', true)`);
  await copyRows(
    tx,
    'respondents',
    [
      'id',
      'evaluation_id',
      'ref',
      'participant_type',
      'project_id',
      'place_id',
      'attributes',
      'consent',
      'created_at',
      'imported_code_numbers',
    ],
    freshRespondents(),
  );
  const today = todayIso();
  const scope = 'Recorded in an evidence import';
  // Their consent records, by COPY, with ids made the same way (so their index grows at the end too).
  if (result.respondents.created) {
    const recordId = respondentIds();
    const tail = `\t${today}\t${copyCell(scope)}\t${copyCell(actor.userId)}\n`;
    await copyRows(
      tx,
      'consent_records',
      ['id', 'respondent_id', 'status', 'on', 'scope', 'recorded_by'],
      (function* () {
        let out = '';
        for (let p = firstNew; p <= lastNew; p++) {
          if (!newWith[p]) continue;
          out += `${recordId(p)}\t${idOf(p)}\t${newWith[p] === 1 ? 'given' : 'withdrawn'}${tail}`;
          if (out.length > 1 << 16) {
            yield out;
            out = '';
          }
        }
        if (out) yield out;
      })(),
    );
  }
  await tx.execute(sql`select set_config('cairn.codings_counted', '', true)`);
  // The cross-tab's counts of the new respondents' codes (decision 009): straight in when none of
  // these codes is counted yet (a first import), else added to what is there.
  const counts = function* () {
    let out = '';
    for (let cell = 0; cell < cells.length; cell++) {
      const c = cells[cell]!;
      const tailOf = `\t${copyCell(c.participantType)}\t${copyCell(c.projectId)}\t${copyCell(c.placeId)}\t\\N\t`;
      for (let index = 0; index < named.length; index++) {
        const n = tally[cell * k + index]!;
        if (!n) continue;
        out += `${codeOf[index]!.id}${tailOf}${n}\n`;
        if (out.length > 1 << 16) {
          yield out;
          out = '';
        }
      }
    }
    if (out) yield out;
  };
  const counted = codeOf.length
    ? (
        await rowsOf<{ hit: boolean }>(
          tx,
          sql`select exists (select 1 from crosstab_code_counts where code_id = any(${uuidArray(codeOf.map((c) => c.id))})) as hit`,
        )
      )[0]!.hit
    : false;
  if (!counted)
    await copyRows(tx, 'crosstab_code_counts', ['code_id', 'participant_type', 'project_id', 'place_id', 'phase_id', 'n'], counts());
  else {
    await tx.execute(
      sql`create temporary table cairn_import_counts (code_id uuid, participant_type text, project_id uuid, place_id uuid, phase_id uuid, n int) on commit drop`,
    );
    await copyRows(tx, 'cairn_import_counts', ['code_id', 'participant_type', 'project_id', 'place_id', 'phase_id', 'n'], counts());
    await tx.execute(sql`
      insert into crosstab_code_counts as c (code_id, participant_type, project_id, place_id, phase_id, n)
      select code_id, participant_type, project_id, place_id, phase_id, n from cairn_import_counts
      on conflict on constraint crosstab_code_counts_key do update set n = c.n + excluded.n`);
  }
  // Respondents already in the evaluation take the file's values (those only codings.csv names keep
  // theirs) and gain its codes; the ordinary triggers check and count them.
  for (const [j, ref] of extraPeople.entries())
    updates.push(copyLine([personByRef.get(ref)!.id, null, null, null, '{}', 'given', false, numbersOf(inFile + j)]));
  if (updates.length) {
    await tx.execute(
      sql`create temporary table cairn_import_respondents (id uuid, participant_type text, project_id uuid, place_id uuid, attributes jsonb, consent text, in_file boolean, numbers integer[]) on commit drop`,
    );
    await copyRows(
      tx,
      'cairn_import_respondents',
      ['id', 'participant_type', 'project_id', 'place_id', 'attributes', 'consent', 'in_file', 'numbers'],
      updates,
    );
    // A consent that changes gets its record; then every respondent in the file takes the file's values.
    await tx.execute(sql`
      insert into consent_records (respondent_id, status, "on", scope, recorded_by)
      select u.id, u.consent, ${today}, ${scope}, ${actor.userId} from cairn_import_respondents u join respondents r on r.id = u.id where u.in_file and r.consent <> u.consent`);
    const [gained] = await rowsOf<{ n: number }>(
      tx,
      sql`
      with before as (select r.id, r.imported_code_numbers as numbers from respondents r join cairn_import_respondents u on u.id = r.id),
      changed as (
        update respondents r
           set participant_type = case when u.in_file then u.participant_type else r.participant_type end,
               project_id = case when u.in_file then u.project_id else r.project_id end,
               place_id = case when u.in_file then u.place_id else r.place_id end,
               attributes = case when u.in_file then u.attributes else r.attributes end,
               consent = case when u.in_file then u.consent else r.consent end,
               imported_code_numbers = r.imported_code_numbers || array(select x from unnest(u.numbers) x where x <> all(r.imported_code_numbers))
          from cairn_import_respondents u where r.id = u.id
        returning r.id, r.imported_code_numbers as numbers)
      select coalesce(sum(cardinality(c.numbers) - cardinality(b.numbers)), 0)::int as n from changed c join before b on b.id = c.id`,
    );
    result.codings.added += Number(gained?.n ?? 0);
    result.respondents.updated = updates.length - extraPeople.length;
    updates.length = 0;
  }
}
