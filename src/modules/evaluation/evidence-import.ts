/**
 * `cairn evidence import <folder>`: projects.csv, respondents.csv and codings.csv into one evaluation,
 * all or nothing, at the size of a national programme (a million respondents, twelve million codings).
 *
 * The files are streamed, never held whole (decision 008's pattern). Inside one transaction:
 * 1. projects.csv (small) is read and its places, terms and projects found or created;
 * 2. respondents.csv and codings.csv are read once to check every row — every problem named
 *    `<file> row <n>, <column>: …` at path `[file, row, column]` — keeping only a number per
 *    respondent and the distinct codes; any problem rolls everything back, the evaluation included;
 * 3. the codes are created, then both files are read again and written by COPY: new respondents get
 *    ids made here (in file order, so their indexes grow at the end), their consent records, and
 *    their codings, which this import counts itself for the cross-tab (decision 009) instead of
 *    leaving twelve million rows to the counting trigger. Respondents already in the evaluation are
 *    updated in one statement, and their codings go in through the ordinary triggers.
 * A dry run does the whole import and rolls it back, so it reports exactly what the import would do.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { and, asc, eq, sql } from 'drizzle-orm';
import { announceChange } from '../../db/changes.js';
import { copyCell, copyLine, copyRows } from '../../db/copy.js';
import type { Db, Queryable } from '../../db/database.js';
import { type FieldError, Invalid } from '../../http/errors.js';
import { type Actor, diffRecords, recordAudit } from '../audit/audit.js';
import { auditEvents } from '../audit/schema.js';
import { todayIso } from '../partnerships/membership.js';
import { places } from '../places/schema.js';
import type { ProgrammeContext } from '../programmes/context.js';
import { type Vocabulary, vocabularyTerms } from '../programmes/schema.js';
import { projectTerms, projects } from '../projects/schema.js';
import { familyMatchKey } from './domain/qdc.js';
import { codeFamilies, codes, codings, evaluations, respondents } from './schema.js';
import { csvRecords } from './evidence-csv.js';
import { insertEvaluation, requireEvaluator } from './service.js';

export const EVIDENCE_FILES = {
  'projects.csv': ['project', 'place', 'themes', 'coproduction_model'],
  'respondents.csv': ['respondent_id', 'project', 'participant_type', 'consent'],
  'codings.csv': ['respondent_id', 'family', 'code'],
} as const;
type FileName = keyof typeof EVIDENCE_FILES;

export type EvidenceProgress = (stage: 'codings', done: number, total: number) => void;

export interface EvidenceImportResult {
  dryRun: boolean;
  evaluation: { slug: string; title: string; created: boolean };
  places: { created: string[] };
  terms: { created: string[] };
  projects: { matched: number; created: string[] };
  respondents: { created: number; updated: number; withdrawn: number };
  codes: { created: string[] };
  codings: { rows: number; added: number };
}

/** Thrown inside the transaction to undo a dry run after it has done (and counted) everything. */
class DryRunDone extends Error {
  constructor(readonly result: EvidenceImportResult) {
    super('dry run');
  }
}

const MAX_LISTED = 200;
const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
const REF_MAX = 60;

// ---- reading a file as a stream -----------------------------------------------------------------

/** A file's heading row, and a way to read its rows (again) from the top: cells by column position. */
interface Sheet {
  file: FileName;
  headings: string[];
  column: (heading: string) => number;
  rows: () => AsyncGenerator<{ row: number; cells: string[] }>;
}

async function openSheet(folder: string, file: FileName, required: boolean): Promise<Sheet | null> {
  const path = join(folder, file);
  try {
    await stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !required) return null;
    if (code === 'ENOENT') throw new Invalid(`The folder has no ${file}. It needs ${Object.keys(EVIDENCE_FILES).join(', ')} (projects.csv may be left out when every project is already in Cairn).`, [{ path: [file], message: 'missing' }]);
    throw new Invalid(`Cannot read ${path} (${code}).`);
  }
  let headings: string[] | null = null;
  for await (const { cells } of csvRecords(path, file)) {
    headings = cells.map((h) => h.trim().toLowerCase());
    break;
  }
  if (!headings) throw new Invalid(`${file} is empty: it needs the heading row ${EVIDENCE_FILES[file].join(',')}.`, [{ path: [file], message: 'empty' }]);
  const at = new Map<string, number>();
  headings.forEach((h, i) => {
    if (!at.has(h)) at.set(h, i);
  });
  return {
    file,
    headings,
    column: (h) => at.get(h) ?? -1,
    async *rows() {
      let first = true;
      for await (const line of csvRecords(path, file)) {
        if (first) {
          first = false;
          continue;
        }
        yield line;
      }
    },
  };
}

/** Required headings present, none twice; respondents.csv may carry more columns, read as attributes. */
function checkHeadings(sheet: Sheet, errors: FieldError[]) {
  const wanted: readonly string[] = EVIDENCE_FILES[sheet.file];
  const seen = new Set<string>();
  for (const h of sheet.headings) {
    if (seen.has(h)) errors.push({ path: [sheet.file, 'columns', h], message: `${sheet.file}: the column ${h} appears twice` });
    seen.add(h);
    if (h === '') errors.push({ path: [sheet.file, 'columns'], message: `${sheet.file}: a column has no heading` });
    else if (!wanted.includes(h) && sheet.file !== 'respondents.csv') {
      errors.push({ path: [sheet.file, 'columns', h], message: `${sheet.file}: unknown column ${h} (the columns are ${wanted.join(',')})` });
    }
  }
  for (const w of wanted) if (!seen.has(w)) errors.push({ path: [sheet.file, 'columns', w], message: `${sheet.file}: the column ${w} is missing` });
}

const at = (file: FileName, row: number, column: string, message: string): FieldError => ({ path: [file, row, column], message: `${file} row ${row}, ${column}: ${message}` });

/** Problems are gathered up to a point: a file wrong on every row need not fill memory with them. */
const KEPT_ERRORS = 10_000;
class Problems {
  list: FieldError[] = [];
  count = 0;
  push(e: FieldError) {
    this.count++;
    if (this.list.length < KEPT_ERRORS) this.list.push(e);
  }
  get length() {
    return this.count;
  }
}

function failWith(errors: Problems | FieldError[]) {
  const list = errors instanceof Problems ? errors.list : errors;
  const n = errors.length;
  if (!n) return;
  const listed = list.slice(0, MAX_LISTED);
  if (n > MAX_LISTED) listed.push({ path: ['more'], message: `…and ${n - MAX_LISTED} more problems` });
  throw new Invalid(`Nothing was imported: ${n} problem${n === 1 ? '' : 's'} in the folder. The first: ${list[0]!.message}`, listed);
}

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

async function findOrCreateTerms(tx: Queryable, programmeId: string, vocabulary: Vocabulary, labels: string[], created: string[]) {
  const found = new Map<string, { id: string; label: string }>();
  const existing = await tx
    .select({ id: vocabularyTerms.id, label: vocabularyTerms.label })
    .from(vocabularyTerms)
    .where(and(eq(vocabularyTerms.programmeId, programmeId), eq(vocabularyTerms.vocabulary, vocabulary)))
    .orderBy(asc(vocabularyTerms.position));
  for (const t of existing) found.set(norm(t.label), t);
  let position = existing.length;
  for (const label of labels) {
    if (!label || found.has(norm(label))) continue;
    const [t] = await tx.insert(vocabularyTerms).values({ programmeId, vocabulary, label, position: position++ }).returning({ id: vocabularyTerms.id, label: vocabularyTerms.label });
    found.set(norm(label), t!);
    created.push(`${vocabulary.replace('_', ' ')}: ${label}`);
  }
  return found;
}

interface ProjectRow { row: number; name: string; place: string; themes: string[]; model: string }

const chunks = <T>(list: T[], size: number): T[][] => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

/** Reads projects.csv (a few hundred rows at most) and checks it. */
async function readProjects(sheet: Sheet | null, errors: Problems): Promise<ProjectRow[]> {
  const rows: ProjectRow[] = [];
  if (!sheet) return rows;
  const [iName, iPlace, iThemes, iModel] = EVIDENCE_FILES['projects.csv'].map((h) => sheet.column(h));
  const names = new Map<string, number>();
  for await (const { row, cells } of sheet.rows()) {
    const name = cells[iName!] ?? '';
    if (!name) errors.push(at('projects.csv', row, 'project', 'enter the project’s name'));
    else if (names.has(norm(name))) errors.push(at('projects.csv', row, 'project', `${name} is already on row ${names.get(norm(name))}`));
    else names.set(norm(name), row);
    const themes = [...new Set((cells[iThemes!] ?? '').split(';').map((t) => t.trim()).filter(Boolean))];
    rows.push({ row, name, place: cells[iPlace!] ?? '', themes, model: cells[iModel!] ?? '' });
  }
  return rows;
}

export async function importEvidence(
  db: Db, ctx: ProgrammeContext, actor: Actor, folder: string,
  options: { evaluation: string; title?: string | undefined; dryRun?: boolean | undefined; onProgress?: EvidenceProgress | undefined },
): Promise<EvidenceImportResult> {
  requireEvaluator(ctx);
  const [projectSheet, peopleSheet, codedSheet] = await Promise.all([
    openSheet(folder, 'projects.csv', false),
    openSheet(folder, 'respondents.csv', true),
    openSheet(folder, 'codings.csv', true),
  ]);
  const people = peopleSheet!;
  const coded = codedSheet!;
  const headingErrors: FieldError[] = [];
  for (const s of [projectSheet, people, coded]) if (s) checkHeadings(s, headingErrors);
  failWith(headingErrors);
  // Problems in the rows themselves are reported before any the database finds (as a person fixes them).
  const rowErrors = new Problems();
  const dbErrors = new Problems();
  const projectRows = await readProjects(projectSheet, rowErrors);
  const programmeId = ctx.programme.id;
  const dryRun = options.dryRun ?? false;

  try {
    return await db.transaction(async (tx) => {
      const result: EvidenceImportResult = {
        dryRun,
        evaluation: { slug: options.evaluation, title: '', created: false },
        places: { created: [] }, terms: { created: [] }, projects: { matched: 0, created: [] },
        respondents: { created: 0, updated: 0, withdrawn: 0 }, codes: { created: [] }, codings: { rows: 0, added: 0 },
      };

      // The evaluation, created with the standard families when missing.
      let [evaluation] = await tx.select().from(evaluations).where(and(eq(evaluations.programmeId, programmeId), eq(evaluations.slug, options.evaluation)));
      if (!evaluation) {
        if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(options.evaluation) || options.evaluation.length > 60) {
          throw new Invalid('The evaluation’s slug may use lower-case letters, digits and single hyphens only, e.g. pcf-review', [{ path: ['evaluation'], message: 'bad slug' }]);
        }
        evaluation = await insertEvaluation(tx, ctx, actor, { slug: options.evaluation, title: options.title ?? options.evaluation });
        result.evaluation.created = true;
      }
      result.evaluation.title = evaluation.title;
      const evaluationId = evaluation.id;

      // Families by key or label, matched loosely ("Short-term outcomes" finds short_term_outcome).
      const families = await tx.select().from(codeFamilies).where(eq(codeFamilies.evaluationId, evaluationId)).orderBy(asc(codeFamilies.position));
      const familyOf = new Map<string, (typeof families)[number]>();
      for (const f of families) {
        familyOf.set(familyMatchKey(f.key), f);
        familyOf.set(familyMatchKey(f.label), f);
      }

      // Projects: matched by name in the programme, else created from projects.csv.
      const existingProjects = await tx.select({ id: projects.id, name: projects.name }).from(projects).where(eq(projects.programmeId, programmeId));
      const projectByName = new Map(existingProjects.map((p) => [norm(p.name), p.id]));
      const placeOfProject = new Map<string, string>();
      const placeNames = [...new Set(projectRows.map((p) => p.place).filter(Boolean))];
      const existingPlaces = await tx.select({ id: places.id, name: places.name }).from(places).where(eq(places.programmeId, programmeId));
      const placeByName = new Map(existingPlaces.map((p) => [norm(p.name), p.id]));
      for (const name of placeNames) {
        if (placeByName.has(norm(name))) continue;
        const [p] = await tx.insert(places).values({ programmeId, name }).returning();
        placeByName.set(norm(name), p!.id);
        result.places.created.push(name);
        await recordAudit(tx, actor, { programmeId, entityType: 'place', entityId: p!.id, action: 'create', summary: `Added the place ${name} (evidence import)`, after: { name } });
      }
      const themes = await findOrCreateTerms(tx, programmeId, 'theme', projectRows.flatMap((p) => p.themes), result.terms.created);
      const models = await findOrCreateTerms(tx, programmeId, 'coproduction_model', projectRows.map((p) => p.model), result.terms.created);
      // New projects in a few multi-row statements, each with its audit row: a national folder may hold
      // ten thousand, and four round trips each would take longer than the codings.
      const freshProjects: { id: string; row: ProjectRow }[] = [];
      for (const p of projectRows) {
        if (!p.name) continue;
        if (p.place) placeOfProject.set(norm(p.name), placeByName.get(norm(p.place))!);
        if (projectByName.has(norm(p.name))) {
          // The registry's project stands as it is: its themes and model are the programme's record.
          result.projects.matched += 1;
          continue;
        }
        const id = randomUUID();
        projectByName.set(norm(p.name), id);
        freshProjects.push({ id, row: p });
        result.projects.created.push(p.name);
      }
      for (const batch of chunks(freshProjects, 1000)) {
        await tx.insert(projects).values(batch.map(({ id, row: p }) => ({ id, programmeId, name: p.name, coproductionModelId: p.model ? models.get(norm(p.model))!.id : null })));
        const tags = batch.flatMap(({ id, row: p }) => p.themes.map((t) => ({ projectId: id, termId: themes.get(norm(t))!.id })));
        if (tags.length) await tx.insert(projectTerms).values(tags);
        await tx.insert(auditEvents).values(batch.map(({ id, row: p }) => ({
          actorUserId: actor.userId, actorLabel: actor.label, programmeId, entityType: 'project', entityId: id, action: 'create',
          summary: `Added the project ${p.name} (evidence import)`,
          changes: diffRecords(null, { name: p.name, themes: p.themes, coproductionModel: p.model || null }),
        })));
      }
      if (freshProjects.length) await announceChange(tx, programmeId, 'project');

      // ---- pass 1: check every respondent and coding, keeping a number per respondent ----
      const existingPeople = await tx.select({ id: respondents.id, ref: respondents.ref, consent: respondents.consent }).from(respondents).where(eq(respondents.evaluationId, evaluationId));
      const personByRef = new Map(existingPeople.map((p) => [p.ref, p]));
      const rCol = (h: string) => people.column(h);
      const [iRef, iProject, iType, iConsent] = EVIDENCE_FILES['respondents.csv'].map(rCol) as [number, number, number, number];
      const attributeColumns = people.headings
        .map((h, i) => ({ h, i }))
        .filter(({ h }) => h !== '' && !(EVIDENCE_FILES['respondents.csv'] as readonly string[]).includes(h));
      /** Each respondent in the file by reference: the row they are on. */
      const rowOfRef = new Map<string, number>();
      const typeLabels = new Set<string>();
      for await (const { row, cells } of people.rows()) {
        const ref = cells[iRef] ?? '';
        if (!ref) rowErrors.push(at('respondents.csv', row, 'respondent_id', 'enter the respondent’s pseudonymous id'));
        else if (ref.length > REF_MAX) rowErrors.push(at('respondents.csv', row, 'respondent_id', `keep it to ${REF_MAX} characters`));
        else if (rowOfRef.has(ref)) rowErrors.push(at('respondents.csv', row, 'respondent_id', `${ref} is already on row ${rowOfRef.get(ref)}`));
        else rowOfRef.set(ref, row);
        const consent = (cells[iConsent] ?? '').toLowerCase();
        if (consent !== 'given' && consent !== 'withdrawn') rowErrors.push(at('respondents.csv', row, 'consent', `must be given or withdrawn, not “${cells[iConsent] ?? ''}”`));
        else if (consent === 'withdrawn') result.respondents.withdrawn += 1;
        const project = cells[iProject] ?? '';
        if (project && !projectByName.has(norm(project))) dbErrors.push(at('respondents.csv', row, 'project', `no project called ${project} in projects.csv or in the programme`));
        const type = cells[iType] ?? '';
        if (type) typeLabels.add(type);
      }

      // Codes: by name within the family (any depth when only one code has it), else a new top-level code.
      const allCodes = await tx.select({ id: codes.id, name: codes.name, familyId: codes.familyId, parentId: codes.parentId }).from(codes).where(eq(codes.evaluationId, evaluationId));
      const codesByName = new Map<string, typeof allCodes>();
      for (const c of allCodes) {
        const k = `${c.familyId}|${norm(c.name)}`;
        codesByName.set(k, [...(codesByName.get(k) ?? []), c]);
      }
      /** What a (family, code) pair of cells names: a key `<family id>|<code name>`, cached as the same text repeats millions of times. */
      const keyOfCells = new Map<string, string | null>();
      const keyOf = (family: string, code: string) => {
        const cellsKey = `${family}\u0000${code}`;
        let k = keyOfCells.get(cellsKey);
        if (k === undefined) {
          const f = familyOf.get(familyMatchKey(family));
          k = f ? `${f.id}|${norm(code)}` : null;
          keyOfCells.set(cellsKey, k);
        }
        return k;
      };
      const firstRowOf = new Map<string, { row: number; familyId: string; name: string }>();
      const [iCRef, iFamily, iCode] = EVIDENCE_FILES['codings.csv'].map((h) => coded.column(h)) as [number, number, number];
      for await (const { row, cells } of coded.rows()) {
        result.codings.rows += 1;
        const ref = cells[iCRef] ?? '';
        const family = cells[iFamily] ?? '';
        const code = cells[iCode] ?? '';
        if (!ref) rowErrors.push(at('codings.csv', row, 'respondent_id', 'this cell is empty'));
        if (!family) rowErrors.push(at('codings.csv', row, 'family', 'this cell is empty'));
        if (!code) rowErrors.push(at('codings.csv', row, 'code', 'this cell is empty'));
        if (!ref || !family || !code) continue;
        if (!rowOfRef.has(ref) && !personByRef.has(ref)) dbErrors.push(at('codings.csv', row, 'respondent_id', `${ref} is not in respondents.csv or the evaluation`));
        const k = keyOf(family, code);
        if (k === null) dbErrors.push(at('codings.csv', row, 'family', `no code family ${family} (the families are ${families.map((f) => f.key).join(', ')})`));
        else if (!firstRowOf.has(k)) firstRowOf.set(k, { row, familyId: k.slice(0, k.indexOf('|')), name: code });
      }
      failWith(rowErrors);

      const codeIdOf = new Map<string, string>();
      const toCreate = new Map<string, { familyId: string; name: string }>();
      for (const [k, first] of firstRowOf) {
        const hits = codesByName.get(k) ?? [];
        const top = hits.filter((h) => h.parentId === null);
        if (hits.length === 1) codeIdOf.set(k, hits[0]!.id);
        else if (top.length === 1) codeIdOf.set(k, top[0]!.id);
        else if (hits.length > 1) {
          const family = families.find((f) => f.id === first.familyId)!;
          dbErrors.push(at('codings.csv', first.row, 'code', `${first.name} names ${hits.length} codes in ${family.label}: rename one in the codebook first`));
        } else toCreate.set(k, { familyId: first.familyId, name: first.name });
      }
      failWith(dbErrors);

      // ---- the writes ----
      const [{ next } = { next: 0 }] = await tx.select({ next: sql<number>`coalesce(max(${codes.position}) + 1, 0)::int` }).from(codes).where(eq(codes.evaluationId, evaluationId));
      let position = next;
      for (const [k, c] of toCreate) {
        const [row] = await tx.insert(codes).values({ evaluationId, familyId: c.familyId, name: c.name, position: position++ }).returning();
        codeIdOf.set(k, row!.id);
        const family = families.find((f) => f.id === c.familyId)!;
        result.codes.created.push(`${family.key}: ${c.name}`);
        await recordAudit(tx, actor, {
          programmeId, entityType: 'evaluation_code', entityId: row!.id, action: 'create', summary: `Added the code ${c.name} (${family.label}) from an evidence import`,
          after: { family: family.key, name: c.name },
        });
      }
      const codeList = [...codeIdOf.values()];
      const codeIndex = new Map(codeList.map((id, i) => [id, i] as const));
      const types = await findOrCreateTerms(tx, programmeId, 'participant_type', [...typeLabels], result.terms.created);

      // Pass 2, respondents: new ones by COPY with ids made from their row; those already in the
      // evaluation through a temporary table and one UPDATE (the counting triggers see it whole).
      const idOfRow = respondentIds();
      const nowIso = new Date().toISOString();
      /** Per row of a new respondent: their cross-tab cell, or -1 when they are not counted (consent withdrawn). */
      const cellOfRow: number[] = [];
      const cells: { participantType: string | null; projectId: string | null; placeId: string | null }[] = [];
      const cellIndex = new Map<string, number>();
      const updates: string[] = [];
      let firstRow = Infinity;
      let lastRow = -1;
      async function* freshRespondents() {
        for await (const { row, cells: c } of people.rows()) {
          const ref = c[iRef] ?? '';
          const typeText = c[iType] ?? '';
          const participantType = typeText ? types.get(norm(typeText))!.label : null;
          const project = c[iProject] ?? '';
          const projectId = project ? projectByName.get(norm(project))! : null;
          const placeId = project ? (placeOfProject.get(norm(project)) ?? null) : null;
          const attributes: Record<string, string> = {};
          for (const { h, i } of attributeColumns) if (c[i]) attributes[h] = c[i]!;
          const consent = (c[iConsent] ?? '').toLowerCase();
          const values = [participantType, projectId, placeId, JSON.stringify(attributes), consent];
          if (personByRef.has(ref)) {
            updates.push(copyLine([personByRef.get(ref)!.id, ...values]));
            continue;
          }
          const key = `${participantType ?? ''}\u0000${projectId ?? ''}\u0000${placeId ?? ''}`;
          let cell = cellIndex.get(key);
          if (cell === undefined) {
            cellIndex.set(key, (cell = cells.length));
            cells.push({ participantType, projectId, placeId });
          }
          cellOfRow[row] = consent === 'given' ? cell : -1;
          firstRow = Math.min(firstRow, row);
          lastRow = Math.max(lastRow, row);
          result.respondents.created += 1;
          yield `${idOfRow(row)}\t${evaluationId}\t${copyCell(ref)}\t${values.map(copyCell).join('\t')}\t${nowIso}\n`;
        }
      }
      await copyRows(tx, 'respondents', ['id', 'evaluation_id', 'ref', 'participant_type', 'project_id', 'place_id', 'attributes', 'consent', 'created_at'], freshRespondents());
      const today = todayIso();
      const scope = 'Recorded in an evidence import';
      if (result.respondents.created) {
        await tx.execute(sql`
          insert into consent_records (respondent_id, status, "on", scope, recorded_by)
          select id, consent, ${today}, ${scope}, ${actor.userId} from respondents
           where evaluation_id = ${evaluationId} and id between ${idOfRow(firstRow)}::uuid and ${idOfRow(lastRow)}::uuid`);
      }
      if (updates.length) {
        await tx.execute(sql`create temporary table cairn_import_respondents (id uuid, participant_type text, project_id uuid, place_id uuid, attributes jsonb, consent text) on commit drop`);
        await copyRows(tx, 'cairn_import_respondents', ['id', 'participant_type', 'project_id', 'place_id', 'attributes', 'consent'], updates);
        // A consent that changes gets its record; then every respondent in the file takes the file's values.
        await tx.execute(sql`
          insert into consent_records (respondent_id, status, "on", scope, recorded_by)
          select u.id, u.consent, ${today}, ${scope}, ${actor.userId} from cairn_import_respondents u join respondents r on r.id = u.id where r.consent <> u.consent`);
        await tx.execute(sql`
          update respondents r set participant_type = u.participant_type, project_id = u.project_id, place_id = u.place_id, attributes = u.attributes, consent = u.consent
            from cairn_import_respondents u where r.id = u.id`);
        result.respondents.updated = updates.length;
        updates.length = 0;
      }

      // Pass 2, codings. A repeat of a respondent and code counts once: a bit per (new respondent, code).
      const k = Math.max(1, codeList.length);
      const seen = new Uint8Array(Math.ceil(((lastRow + 1) * k) / 8));
      const counted = new Map<number, number>();
      const existingPairs = new Map<string, { respondentId: string; codeId: string }>();
      let done = 0;
      async function* freshCodings() {
        for await (const { cells: c } of coded.rows()) {
          done += 1;
          if (done % 100_000 === 0) options.onProgress?.('codings', done, result.codings.rows);
          const ref = c[iCRef]!;
          const codeId = codeIdOf.get(keyOf(c[iFamily]!, c[iCode]!)!)!;
          const row = rowOfRef.get(ref);
          if (row === undefined || personByRef.has(ref)) {
            const respondentId = personByRef.get(ref)!.id;
            existingPairs.set(`${respondentId}|${codeId}`, { respondentId, codeId });
            continue;
          }
          const code = codeIndex.get(codeId)!;
          const bit = row * k + code;
          if (seen[bit >>> 3]! & (1 << (bit & 7))) continue;
          seen[bit >>> 3]! |= 1 << (bit & 7);
          const cell = cellOfRow[row]!;
          if (cell >= 0) counted.set(cell * k + code, (counted.get(cell * k + code) ?? 0) + 1);
          result.codings.added += 1;
          yield `${idOfRow(row)}\t${codeId}\t\\N\timport\t${nowIso}\n`;
        }
      }
      // These codings are counted here (decision 009): the counting trigger is told so for this COPY only.
      await tx.execute(sql`select set_config('cairn.codings_counted', 'by-import', true)`);
      await copyRows(tx, 'codings', ['respondent_id', 'code_id', 'coder_id', 'source', 'created_at'], freshCodings());
      await tx.execute(sql`select set_config('cairn.codings_counted', '', true)`);
      options.onProgress?.('codings', done, result.codings.rows);
      if (counted.size) {
        await tx.execute(sql`create temporary table cairn_import_counts (code_id uuid, participant_type text, project_id uuid, place_id uuid, n int) on commit drop`);
        await copyRows(tx, 'cairn_import_counts', ['code_id', 'participant_type', 'project_id', 'place_id', 'n'], (function* () {
          for (const [at, n] of counted) {
            const cell = cells[Math.floor(at / k)]!;
            yield copyLine([codeList[at % k], cell.participantType, cell.projectId, cell.placeId, n]);
          }
        })());
        await tx.execute(sql`
          insert into crosstab_code_counts as c (code_id, participant_type, project_id, place_id, phase_id, n)
          select code_id, participant_type, project_id, place_id, null, n from cairn_import_counts
          on conflict on constraint crosstab_code_counts_key do update set n = c.n + excluded.n`);
      }
      // Codings of respondents already in the evaluation: ordinary inserts, counted by the trigger.
      for (const batch of chunks([...existingPairs.values()], 5000)) {
        const added = await tx.insert(codings).values(batch.map((p) => ({ ...p, coderId: null, source: 'import' as const }))).onConflictDoNothing().returning({ r: codings.respondentId });
        result.codings.added += added.length;
      }

      await recordAudit(tx, actor, {
        programmeId, entityType: 'evaluation', entityId: evaluationId, action: 'import',
        summary: `Imported evidence into ${evaluation.title}: ${result.respondents.created} respondents added, ${result.respondents.updated} updated, ${result.codings.added} codings added`,
        after: { respondents: result.respondents, codings: result.codings, codesCreated: result.codes.created.length, projectsCreated: result.projects.created },
      });
      if (dryRun) throw new DryRunDone(result);
      return result;
    });
  } catch (err) {
    if (err instanceof DryRunDone) return err.result;
    throw err;
  }
}
