/**
 * `cairn evidence import <folder>`: projects.csv, respondents.csv and codings.csv into one evaluation,
 * all or nothing, at the size of a national programme (a million respondents, twelve million codings).
 *
 * The files are streamed, never held whole (decision 011). Inside one transaction:
 * 1. projects.csv (small) is read and its places, terms and projects found or created;
 * 2. respondents.csv is read to check it, numbering each respondent in file order; codings.csv is
 *    read once, every row checked — every problem named `<file> row <n>, <column>: …` at path
 *    `[file, row, column]` — and kept as a (respondent number, code) pair; any problem rolls
 *    everything back, the evaluation included;
 * 3. the codes are created, and respondents.csv read again to COPY each new respondent with the
 *    numbers of the codes they identified in their own row: ids made here (in file order, so their
 *    indexes grow at the end), then their consent records, and the cross-tab counts of their codes,
 *    which this import tallies itself (decision 009). Respondents already in the evaluation are
 *    updated in one statement, gaining the file's codes through the ordinary triggers.
 * A dry run does the whole import and rolls it back, so it reports exactly what the import would do.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { and, asc, eq, sql } from 'drizzle-orm';
import { announceChange } from '../../../db/changes.js';
import { copyCell, copyLine, copyRows } from '../../../db/copy.js';
import { type Db, type Queryable, rowsOf } from '../../../db/database.js';
import { type FieldError, Invalid } from '../../../http/errors.js';
import { type Actor, diffRecords, recordAudit } from '../../audit/audit.js';
import { auditEvents } from '../../audit/schema.js';
import { todayIso } from '../../partnerships/membership.js';
import { places } from '../../places/schema.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { type Vocabulary, vocabularyTerms } from '../../programmes/schema.js';
import { projectTerms, projects } from '../../projects/schema.js';
import { familyMatchKey } from '../domain/qdc.js';
import { uuidArray } from '../respondents/codings.js';
import { codeFamilies, codes, evaluations, respondents } from '../schema.js';
import { type CsvBatch, type CsvRecord, checkedCsvBatches, checkedCsvRecords, recordsOf } from './csv.js';
import { insertEvaluation, requireEvaluator } from '../evaluations/service.js';

export const EVIDENCE_FILES = {
  'projects.csv': ['project', 'place', 'themes', 'coproduction_model'],
  'respondents.csv': ['respondent_id', 'project', 'participant_type', 'consent'],
  'codings.csv': ['respondent_id', 'family', 'code'],
} as const;
type FileName = keyof typeof EVIDENCE_FILES;

/**
 * Progress: codings.csv read and checked (`total` an estimate from the bytes read until the end),
 * then respondents written with their codes.
 */
export type EvidenceProgress = (stage: 'codings' | 'respondents', done: number, total: number) => void;

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
  /** The file's size in bytes. */
  size: number;
  rows: () => AsyncGenerator<CsvRecord>;
  /** The rows in batches, for the large files; `onRead` hears the bytes read. */
  batches: (onRead?: (bytes: number) => void) => AsyncGenerator<CsvBatch>;
}

async function openSheet(folder: string, file: FileName, required: boolean): Promise<Sheet | null> {
  const path = join(folder, file);
  let size = 0;
  try {
    size = (await stat(path)).size;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !required) return null;
    if (code === 'ENOENT')
      throw new Invalid(
        `The folder has no ${file}. It needs ${Object.keys(EVIDENCE_FILES).join(', ')} (projects.csv may be left out when every project is already in Cairn).`,
        [{ path: [file], message: 'missing' }],
      );
    throw new Invalid(`Cannot read ${path} (${code}).`);
  }
  let headings: string[] | null = null;
  for await (const { cells } of checkedCsvRecords(path, file)) {
    headings = cells.map((h) => h.trim().toLowerCase());
    break;
  }
  if (!headings)
    throw new Invalid(`${file} is empty: it needs the heading row ${EVIDENCE_FILES[file].join(',')}.`, [
      { path: [file], message: 'empty' },
    ]);
  const at = new Map<string, number>();
  headings.forEach((h, i) => {
    if (!at.has(h)) at.set(h, i);
  });
  const sheet: Sheet = {
    file,
    headings,
    column: (h) => at.get(h) ?? -1,
    size,
    async *batches(onRead) {
      let first = true;
      for await (const batch of checkedCsvBatches(path, file, onRead)) {
        // The heading row is the first record of the first batch.
        yield first ? { length: batch.length - 1, rows: batch.rows.slice(1), start: batch.start.slice(1), cells: batch.cells } : batch;
        first = false;
      }
    },
    async *rows() {
      for await (const batch of sheet.batches()) yield* recordsOf(batch);
    },
  };
  return sheet;
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
      errors.push({
        path: [sheet.file, 'columns', h],
        message: `${sheet.file}: unknown column ${h} (the columns are ${wanted.join(',')})`,
      });
    }
  }
  for (const w of wanted)
    if (!seen.has(w)) errors.push({ path: [sheet.file, 'columns', w], message: `${sheet.file}: the column ${w} is missing` });
}

/** One record's cells (a small array: respondents.csv has a few columns). */
const cellsOf = (batch: CsvBatch, r: number) => batch.cells.slice(batch.start[r], batch.start[r + 1]);

const at = (file: FileName, row: number, column: string, message: string): FieldError => ({
  path: [file, row, column],
  message: `${file} row ${row}, ${column}: ${message}`,
});

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
    const [t] = await tx
      .insert(vocabularyTerms)
      .values({ programmeId, vocabulary, label, position: position++ })
      .returning({ id: vocabularyTerms.id, label: vocabularyTerms.label });
    found.set(norm(label), t!);
    created.push(`${vocabulary.replace('_', ' ')}: ${label}`);
  }
  return found;
}

interface ProjectRow {
  row: number;
  name: string;
  place: string;
  themes: string[];
  model: string;
}

const chunks = <T>(list: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

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
    const themes = [
      ...new Set(
        (cells[iThemes!] ?? '')
          .split(';')
          .map((t) => t.trim())
          .filter(Boolean),
      ),
    ];
    rows.push({ row, name, place: cells[iPlace!] ?? '', themes, model: cells[iModel!] ?? '' });
  }
  return rows;
}

export async function importEvidence(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  folder: string,
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
        places: { created: [] },
        terms: { created: [] },
        projects: { matched: 0, created: [] },
        respondents: { created: 0, updated: 0, withdrawn: 0 },
        codes: { created: [] },
        codings: { rows: 0, added: 0 },
      };

      // The evaluation, created with the standard families when missing.
      let [evaluation] = await tx
        .select()
        .from(evaluations)
        .where(and(eq(evaluations.programmeId, programmeId), eq(evaluations.slug, options.evaluation)));
      if (!evaluation) {
        if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(options.evaluation) || options.evaluation.length > 60) {
          throw new Invalid('The evaluation’s slug may use lower-case letters, digits and single hyphens only, e.g. pcf-review', [
            { path: ['evaluation'], message: 'bad slug' },
          ]);
        }
        evaluation = await insertEvaluation(tx, ctx, actor, { slug: options.evaluation, title: options.title ?? options.evaluation });
        result.evaluation.created = true;
      }
      result.evaluation.title = evaluation.title;
      const evaluationId = evaluation.id;

      // Families by key or label, matched loosely ("Short-term outcomes" finds short_term_outcome).
      const families = await tx
        .select()
        .from(codeFamilies)
        .where(eq(codeFamilies.evaluationId, evaluationId))
        .orderBy(asc(codeFamilies.position));
      const familyOf = new Map<string, (typeof families)[number]>();
      for (const f of families) {
        familyOf.set(familyMatchKey(f.key), f);
        familyOf.set(familyMatchKey(f.label), f);
      }

      // Projects: matched by name in the programme, else created from projects.csv.
      const existingProjects = await tx
        .select({ id: projects.id, name: projects.name })
        .from(projects)
        .where(eq(projects.programmeId, programmeId));
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
        await recordAudit(tx, actor, {
          programmeId,
          entityType: 'place',
          entityId: p!.id,
          action: 'create',
          summary: `Added the place ${name} (evidence import)`,
          after: { name },
        });
      }
      const themes = await findOrCreateTerms(
        tx,
        programmeId,
        'theme',
        projectRows.flatMap((p) => p.themes),
        result.terms.created,
      );
      const models = await findOrCreateTerms(
        tx,
        programmeId,
        'coproduction_model',
        projectRows.map((p) => p.model),
        result.terms.created,
      );
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
        await tx.insert(projects).values(
          batch.map(({ id, row: p }) => ({
            id,
            programmeId,
            name: p.name,
            coproductionModelId: p.model ? models.get(norm(p.model))!.id : null,
          })),
        );
        const tags = batch.flatMap(({ id, row: p }) => p.themes.map((t) => ({ projectId: id, termId: themes.get(norm(t))!.id })));
        if (tags.length) await tx.insert(projectTerms).values(tags);
        await tx.insert(auditEvents).values(
          batch.map(({ id, row: p }) => ({
            actorUserId: actor.userId,
            actorLabel: actor.label,
            programmeId,
            entityType: 'project',
            entityId: id,
            action: 'create',
            summary: `Added the project ${p.name} (evidence import)`,
            changes: diffRecords(null, { name: p.name, themes: p.themes, coproductionModel: p.model || null }),
          })),
        );
      }
      if (freshProjects.length) await announceChange(tx, programmeId, 'project');
      const placeOfProjectId = new Map<string, string>();
      for (const [name, placeId] of placeOfProject) placeOfProjectId.set(projectByName.get(name)!, placeId);

      // ---- respondents.csv, read once to check it: a number per respondent, in file order ----
      const existingPeople = await tx
        .select({ id: respondents.id, ref: respondents.ref, consent: respondents.consent })
        .from(respondents)
        .where(eq(respondents.evaluationId, evaluationId));
      const personByRef = new Map(existingPeople.map((p) => [p.ref, p]));
      const [iRef, iProject, iType, iConsent] = EVIDENCE_FILES['respondents.csv'].map((h) => people.column(h)) as [
        number,
        number,
        number,
        number,
      ];
      const attributeColumns = people.headings
        .map((h, i) => ({ h, i }))
        .filter(({ h }) => h !== '' && !(EVIDENCE_FILES['respondents.csv'] as readonly string[]).includes(h));
      /** Each respondent in the file by reference: their number (0, 1, … in file order). */
      const numberOfRef = new Map<string, number>();
      /** The row each numbered respondent is on, for messages. */
      const rowOfNumber: number[] = [];
      const typeLabels = new Set<string>();
      /** Each project cell's text to its project id (or null when there is none such): asked a million times. */
      const projectOfText = new Map<string, string | null>();
      const projectIdOf = (text: string) => {
        let id = projectOfText.get(text);
        if (id === undefined) projectOfText.set(text, (id = projectByName.get(norm(text)) ?? null));
        return id;
      };
      for await (const batch of people.batches()) {
        for (let r = 0; r < batch.length; r++) {
          const row = batch.rows[r]!;
          const cells = cellsOf(batch, r);
          const ref = cells[iRef] ?? '';
          if (!ref) rowErrors.push(at('respondents.csv', row, 'respondent_id', 'enter the respondent’s pseudonymous id'));
          else if (ref.length > REF_MAX) rowErrors.push(at('respondents.csv', row, 'respondent_id', `keep it to ${REF_MAX} characters`));
          else if (numberOfRef.has(ref))
            rowErrors.push(at('respondents.csv', row, 'respondent_id', `${ref} is already on row ${rowOfNumber[numberOfRef.get(ref)!]}`));
          else {
            numberOfRef.set(ref, rowOfNumber.length);
            rowOfNumber.push(row);
          }
          const consent = (cells[iConsent] ?? '').toLowerCase();
          if (consent !== 'given' && consent !== 'withdrawn')
            rowErrors.push(at('respondents.csv', row, 'consent', `must be given or withdrawn, not “${cells[iConsent] ?? ''}”`));
          else if (consent === 'withdrawn') result.respondents.withdrawn += 1;
          const project = cells[iProject] ?? '';
          if (project && !projectIdOf(project))
            dbErrors.push(at('respondents.csv', row, 'project', `no project called ${project} in projects.csv or in the programme`));
          const type = cells[iType] ?? '';
          if (type) typeLabels.add(type);
        }
      }
      const inFile = rowOfNumber.length;

      // ---- codings.csv, read once: checked, and kept as (respondent number, code number) pairs ----
      // Codes: by name within the family (any depth when only one code has it), else a new top-level code.
      const allCodes = await tx
        .select({ id: codes.id, name: codes.name, familyId: codes.familyId, parentId: codes.parentId, number: codes.number })
        .from(codes)
        .where(eq(codes.evaluationId, evaluationId));
      const codesByName = new Map<string, typeof allCodes>();
      for (const c of allCodes) {
        const k = `${c.familyId}|${norm(c.name)}`;
        codesByName.set(k, [...(codesByName.get(k) ?? []), c]);
      }
      /** The codes the file names, in the order first named: `<family id>|<code name>`, first row, name as written. */
      const named: { key: string; row: number; familyId: string; name: string }[] = [];
      const namedIndex = new Map<string, number>();
      /** What a (family, code) pair of cells names: an index into `named`, or -1 for no such family; cached, as the same text repeats millions of times. */
      const indexOfCells = new Map<string, Map<string, number>>();
      /** Respondents already in the evaluation whom codings.csv names but respondents.csv does not: numbered after the file's. */
      const extraPeople: string[] = [];
      let pairPerson = new Int32Array(1 << 20);
      let pairCode = new Int32Array(1 << 20);
      let pairs = 0;
      const codingsSize = Math.max(1, coded.size);
      let bytesRead = 0;
      const [iCRef, iFamily, iCode] = EVIDENCE_FILES['codings.csv'].map((h) => coded.column(h)) as [number, number, number];
      for await (const batch of coded.batches((n) => {
        bytesRead += n;
      })) {
        const { cells: all, start: begin } = batch;
        let lastRef = '';
        let lastPerson: number | undefined;
        for (let r = 0; r < batch.length; r++) {
          result.codings.rows += 1;
          const row = batch.rows[r]!;
          const from = begin[r]!;
          const width = begin[r + 1]! - from;
          const ref = iCRef < width ? all[from + iCRef]! : '';
          const family = iFamily < width ? all[from + iFamily]! : '';
          const code = iCode < width ? all[from + iCode]! : '';
          if (!ref || !family || !code) {
            if (!ref) rowErrors.push(at('codings.csv', row, 'respondent_id', 'this cell is empty'));
            if (!family) rowErrors.push(at('codings.csv', row, 'family', 'this cell is empty'));
            if (!code) rowErrors.push(at('codings.csv', row, 'code', 'this cell is empty'));
            continue;
          }
          // Codings usually come a respondent at a time: the same reference as the row before needs no look-up.
          let person = ref === lastRef ? lastPerson : numberOfRef.get(ref);
          lastRef = ref;
          lastPerson = person;
          if (person === undefined && personByRef.has(ref)) {
            person = inFile + extraPeople.length;
            numberOfRef.set(ref, person);
            extraPeople.push(ref);
            lastPerson = person;
          }
          if (person === undefined)
            dbErrors.push(at('codings.csv', row, 'respondent_id', `${ref} is not in respondents.csv or the evaluation`));
          let ofFamily = indexOfCells.get(family);
          if (!ofFamily) indexOfCells.set(family, (ofFamily = new Map()));
          let index = ofFamily.get(code);
          if (index === undefined) {
            const f = familyOf.get(familyMatchKey(family));
            if (!f) index = -1;
            else {
              const key = `${f.id}|${norm(code)}`;
              index = namedIndex.get(key);
              if (index === undefined) {
                namedIndex.set(key, (index = named.length));
                named.push({ key, row, familyId: f.id, name: code });
              }
            }
            ofFamily.set(code, index);
          }
          if (index < 0) {
            dbErrors.push(
              at('codings.csv', row, 'family', `no code family ${family} (the families are ${families.map((f) => f.key).join(', ')})`),
            );
            continue;
          }
          if (person === undefined || dbErrors.length) continue;
          if (pairs === pairPerson.length) {
            const grow = (old: Int32Array) => {
              const next = new Int32Array(old.length * 2);
              next.set(old);
              return next;
            };
            pairPerson = grow(pairPerson);
            pairCode = grow(pairCode);
          }
          pairPerson[pairs] = person;
          pairCode[pairs] = index;
          pairs++;
        }
        options.onProgress?.(
          'codings',
          result.codings.rows,
          Math.max(result.codings.rows, Math.round((result.codings.rows * codingsSize) / Math.max(1, bytesRead))),
        );
      }
      options.onProgress?.('codings', result.codings.rows, result.codings.rows);
      failWith(rowErrors);

      const codeOf: { id: string; number: number }[] = [];
      const toCreate: number[] = [];
      named.forEach((first, index) => {
        const hits = codesByName.get(first.key) ?? [];
        const top = hits.filter((h) => h.parentId === null);
        if (hits.length === 1) codeOf[index] = hits[0]!;
        else if (top.length === 1) codeOf[index] = top[0]!;
        else if (hits.length > 1) {
          const family = families.find((f) => f.id === first.familyId)!;
          dbErrors.push(
            at(
              'codings.csv',
              first.row,
              'code',
              `${first.name} names ${hits.length} codes in ${family.label}: rename one in the codebook first`,
            ),
          );
        } else toCreate.push(index);
      });
      failWith(dbErrors);

      // ---- the writes ----
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
        result.codes.created.push(`${family.key}: ${c.name}`);
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
      const types = await findOrCreateTerms(tx, programmeId, 'participant_type', [...typeLabels], result.terms.created);

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
          options.onProgress?.('respondents', person, inFile);
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

      await recordAudit(tx, actor, {
        programmeId,
        entityType: 'evaluation',
        entityId: evaluationId,
        action: 'import',
        summary: `Imported evidence into ${evaluation.title}: ${result.respondents.created} respondents added, ${result.respondents.updated} updated, ${result.codings.added} codings added`,
        after: {
          respondents: result.respondents,
          codings: result.codings,
          codesCreated: result.codes.created.length,
          projectsCreated: result.projects.created,
        },
      });
      if (dryRun) throw new DryRunDone(result);
      return result;
    });
  } catch (err) {
    if (err instanceof DryRunDone) return err.result;
    throw err;
  }
}
