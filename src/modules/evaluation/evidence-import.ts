/**
 * `cairn evidence import <folder>`: projects.csv, respondents.csv and codings.csv into one evaluation,
 * all or nothing. Every row is checked first and every problem named by file, row and column; only a
 * clean folder is written, in one transaction with its audit rows. A dry run does the same work in a
 * transaction that is then rolled back, so it reports exactly what the import would do.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/database.js';
import { type FieldError, Invalid } from '../../http/errors.js';
import { type Actor, recordAudit } from '../audit/audit.js';
import { todayIso } from '../partnerships/membership.js';
import { places } from '../places/schema.js';
import type { ProgrammeContext } from '../programmes/context.js';
import { type Vocabulary, vocabularyTerms } from '../programmes/schema.js';
import { projectTerms, projects } from '../projects/schema.js';
import { STANDARD_FAMILIES, familyMatchKey } from './domain/qdc.js';
import { codeFamilies, codes, codings, consentRecords, evaluations, respondents } from './schema.js';
import { insertEvaluation, requireEvaluator } from './service.js';

export const EVIDENCE_FILES = {
  'projects.csv': ['project', 'place', 'themes', 'coproduction_model'],
  'respondents.csv': ['respondent_id', 'project', 'participant_type', 'consent'],
  'codings.csv': ['respondent_id', 'family', 'code'],
} as const;
type FileName = keyof typeof EVIDENCE_FILES;

/** A CSV line as a spreadsheet numbers it (header = row 1), cells by lower-case heading. */
interface Line {
  row: number;
  cells: Record<string, string>;
}
interface Sheet {
  file: FileName;
  headings: string[];
  lines: Line[];
}

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

async function readSheet(folder: string, file: FileName, required: boolean): Promise<Sheet | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(join(folder, file));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !required) return null;
    if (code === 'ENOENT') throw new Invalid(`The folder has no ${file}. It needs ${Object.keys(EVIDENCE_FILES).join(', ')} (projects.csv may be left out when every project is already in Cairn).`, [{ path: [file], message: 'missing' }]);
    throw new Invalid(`Cannot read ${join(folder, file)} (${code}).`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Invalid(`${file} is not saved as UTF-8 text. In your spreadsheet, save it as “CSV UTF-8”, then import it again.`, [{ path: [file], message: 'not UTF-8' }]);
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, skip_empty_lines: true, trim: true, relax_column_count: true }) as never;
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw new Invalid(`${file} is not a well-formed CSV file${line ? ` (near row ${line})` : ''}: save it again from your spreadsheet as CSV.`, [{ path: [file], message: 'malformed' }]);
  }
  const [header, ...rest] = records;
  if (!header) throw new Invalid(`${file} is empty: it needs the heading row ${EVIDENCE_FILES[file].join(',')}.`, [{ path: [file], message: 'empty' }]);
  const headings = header.record.map((h) => h.trim().toLowerCase());
  return {
    file,
    headings,
    lines: rest.map(({ record, info }) => ({ row: info.lines, cells: Object.fromEntries(headings.map((h, i) => [h, (record[i] ?? '').trim()])) })),
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

function failWith(errors: FieldError[]) {
  if (!errors.length) return;
  const listed = errors.slice(0, MAX_LISTED);
  if (errors.length > MAX_LISTED) listed.push({ path: ['more'], message: `…and ${errors.length - MAX_LISTED} more problems` });
  const n = errors.length;
  throw new Invalid(`Nothing was imported: ${n} problem${n === 1 ? '' : 's'} in the folder. The first: ${errors[0]!.message}`, listed);
}

interface ProjectRow { row: number; name: string; place: string; themes: string[]; model: string }
interface RespondentRow { row: number; ref: string; project: string; participantType: string; consent: 'given' | 'withdrawn'; attributes: Record<string, string> }
interface CodingRow { row: number; ref: string; family: string; code: string }

/** Checks that need no database: shapes, required cells, duplicates within the files. */
function checkRows(project: Sheet | null, people: Sheet, coded: Sheet) {
  const errors: FieldError[] = [];
  for (const s of [project, people, coded]) if (s) checkHeadings(s, errors);
  failWith(errors);

  const projectRows: ProjectRow[] = [];
  const projectNames = new Map<string, number>();
  for (const { row, cells } of project?.lines ?? []) {
    const name = cells.project!;
    if (!name) errors.push(at('projects.csv', row, 'project', 'enter the project’s name'));
    else if (projectNames.has(norm(name))) errors.push(at('projects.csv', row, 'project', `${name} is already on row ${projectNames.get(norm(name))}`));
    else projectNames.set(norm(name), row);
    const themes = [...new Set((cells.themes ?? '').split(';').map((t) => t.trim()).filter(Boolean))];
    projectRows.push({ row, name, place: cells.place ?? '', themes, model: cells.coproduction_model ?? '' });
  }

  const attributeColumns = people.headings.filter((h) => h !== '' && !(EVIDENCE_FILES['respondents.csv'] as readonly string[]).includes(h));
  const respondentRows: RespondentRow[] = [];
  const refs = new Map<string, number>();
  for (const { row, cells } of people.lines) {
    const ref = cells.respondent_id!;
    if (!ref) errors.push(at('respondents.csv', row, 'respondent_id', 'enter the respondent’s pseudonymous id'));
    else if (ref.length > REF_MAX) errors.push(at('respondents.csv', row, 'respondent_id', `keep it to ${REF_MAX} characters`));
    else if (refs.has(ref)) errors.push(at('respondents.csv', row, 'respondent_id', `${ref} is already on row ${refs.get(ref)}`));
    else refs.set(ref, row);
    const consent = (cells.consent ?? '').toLowerCase();
    if (consent !== 'given' && consent !== 'withdrawn') errors.push(at('respondents.csv', row, 'consent', `must be given or withdrawn, not “${cells.consent}”`));
    const attributes = Object.fromEntries(attributeColumns.filter((a) => cells[a]).map((a) => [a, cells[a]!]));
    respondentRows.push({ row, ref, project: cells.project ?? '', participantType: cells.participant_type ?? '', consent: consent as 'given', attributes });
  }

  const codingRows: CodingRow[] = [];
  for (const { row, cells } of coded.lines) {
    for (const column of ['respondent_id', 'family', 'code'] as const) if (!cells[column]) errors.push(at('codings.csv', row, column, 'this cell is empty'));
    codingRows.push({ row, ref: cells.respondent_id!, family: cells.family!, code: cells.code! });
  }
  failWith(errors);
  return { projectRows, respondentRows, codingRows };
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

const chunks = <T>(list: T[], size: number): T[][] => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

export async function importEvidence(
  db: Db, ctx: ProgrammeContext, actor: Actor, folder: string,
  options: { evaluation: string; title?: string | undefined; dryRun?: boolean | undefined; onProgress?: EvidenceProgress | undefined },
): Promise<EvidenceImportResult> {
  requireEvaluator(ctx);
  const [projectSheet, peopleSheet, codedSheet] = await Promise.all([
    readSheet(folder, 'projects.csv', false),
    readSheet(folder, 'respondents.csv', true),
    readSheet(folder, 'codings.csv', true),
  ]);
  const { projectRows, respondentRows, codingRows } = checkRows(projectSheet, peopleSheet!, codedSheet!);
  const programmeId = ctx.programme.id;
  const dryRun = options.dryRun ?? false;

  try {
    return await db.transaction(async (tx) => {
      const result: EvidenceImportResult = {
        dryRun,
        evaluation: { slug: options.evaluation, title: '', created: false },
        places: { created: [] }, terms: { created: [] }, projects: { matched: 0, created: [] },
        respondents: { created: 0, updated: 0, withdrawn: 0 }, codes: { created: [] }, codings: { rows: codingRows.length, added: 0 },
      };
      const errors: FieldError[] = [];

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

      // Families by key or label, matched loosely ("Short-term outcomes" finds short_term_outcome).
      const families = await tx.select().from(codeFamilies).where(eq(codeFamilies.evaluationId, evaluation.id)).orderBy(asc(codeFamilies.position));
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
      for (const p of projectRows) {
        if (p.place) placeOfProject.set(norm(p.name), placeByName.get(norm(p.place))!);
        if (projectByName.has(norm(p.name))) {
          // The registry's project stands as it is: its themes and model are the programme's record.
          result.projects.matched += 1;
          continue;
        }
        const [created] = await tx.insert(projects).values({
          programmeId, name: p.name, coproductionModelId: p.model ? models.get(norm(p.model))!.id : null,
        }).returning();
        if (p.themes.length) await tx.insert(projectTerms).values(p.themes.map((t) => ({ projectId: created!.id, termId: themes.get(norm(t))!.id })));
        projectByName.set(norm(p.name), created!.id);
        result.projects.created.push(p.name);
        await recordAudit(tx, actor, {
          programmeId, entityType: 'project', entityId: created!.id, action: 'create', summary: `Added the project ${p.name} (evidence import)`,
          after: { name: p.name, themes: p.themes, coproductionModel: p.model || null },
        });
      }

      // Respondents: the project must be known; participant types join the programme's vocabulary.
      for (const r of respondentRows) {
        if (r.project && !projectByName.has(norm(r.project))) {
          errors.push(at('respondents.csv', r.row, 'project', `no project called ${r.project} in projects.csv or in the programme`));
        }
      }
      const existingPeople = await tx.select().from(respondents).where(eq(respondents.evaluationId, evaluation.id));
      const personByRef = new Map(existingPeople.map((p) => [p.ref, p]));
      const inFile = new Set(respondentRows.map((r) => r.ref));
      for (const c of codingRows) {
        if (!inFile.has(c.ref) && !personByRef.has(c.ref)) errors.push(at('codings.csv', c.row, 'respondent_id', `${c.ref} is not in respondents.csv or the evaluation`));
        if (!familyOf.has(familyMatchKey(c.family))) {
          errors.push(at('codings.csv', c.row, 'family', `no code family ${c.family} (the families are ${families.map((f) => f.key).join(', ')})`));
        }
      }

      // Codes: by name within the family (any depth when only one code has it), else a new top-level code.
      const allCodes = await tx.select({ id: codes.id, name: codes.name, familyId: codes.familyId, parentId: codes.parentId }).from(codes).where(eq(codes.evaluationId, evaluation.id));
      const codesByName = new Map<string, typeof allCodes>();
      for (const c of allCodes) {
        const k = `${c.familyId}|${norm(c.name)}`;
        codesByName.set(k, [...(codesByName.get(k) ?? []), c]);
      }
      const codeIdOf = new Map<string, string>();
      const toCreate = new Map<string, { familyId: string; name: string }>();
      for (const c of codingRows) {
        const family = familyOf.get(familyMatchKey(c.family));
        if (!family) continue;
        const k = `${family.id}|${norm(c.code)}`;
        if (codeIdOf.has(k) || toCreate.has(k)) continue;
        const hits = codesByName.get(k) ?? [];
        const top = hits.filter((h) => h.parentId === null);
        if (hits.length === 1) codeIdOf.set(k, hits[0]!.id);
        else if (top.length === 1) codeIdOf.set(k, top[0]!.id);
        else if (hits.length > 1) errors.push(at('codings.csv', c.row, 'code', `${c.code} names ${hits.length} codes in ${family.label}: rename one in the codebook first`));
        else toCreate.set(k, { familyId: family.id, name: c.code });
      }
      failWith(errors);

      const [{ next } = { next: 0 }] = await tx.select({ next: sql<number>`coalesce(max(${codes.position}) + 1, 0)::int` }).from(codes).where(eq(codes.evaluationId, evaluation.id));
      let position = next;
      for (const [k, c] of toCreate) {
        const [row] = await tx.insert(codes).values({ evaluationId: evaluation.id, familyId: c.familyId, name: c.name, position: position++ }).returning();
        codeIdOf.set(k, row!.id);
        const family = families.find((f) => f.id === c.familyId)!;
        result.codes.created.push(`${family.key}: ${c.name}`);
        await recordAudit(tx, actor, {
          programmeId, entityType: 'evaluation_code', entityId: row!.id, action: 'create', summary: `Added the code ${c.name} (${family.label}) from an evidence import`,
          after: { family: family.key, name: c.name },
        });
      }

      const types = await findOrCreateTerms(tx, programmeId, 'participant_type', respondentRows.map((r) => r.participantType), result.terms.created);
      const today = todayIso();
      const scope = 'Recorded in an evidence import';
      const fresh = respondentRows.filter((r) => !personByRef.has(r.ref));
      for (const batch of chunks(fresh, 1000)) {
        const rows = await tx.insert(respondents).values(batch.map((r) => ({
          evaluationId: evaluation.id, ref: r.ref, participantType: r.participantType ? types.get(norm(r.participantType))!.label : null,
          projectId: r.project ? projectByName.get(norm(r.project))! : null, placeId: r.project ? placeOfProject.get(norm(r.project)) ?? null : null,
          attributes: r.attributes, consent: r.consent,
        }))).returning({ id: respondents.id, ref: respondents.ref, consent: respondents.consent });
        await tx.insert(consentRecords).values(rows.map((p) => ({ respondentId: p.id, status: p.consent, on: today, scope, recordedBy: actor.userId })));
        for (const p of rows) personByRef.set(p.ref, p as never);
      }
      result.respondents.created = fresh.length;
      const freshSet = new Set(fresh);
      for (const r of respondentRows.filter((x) => !freshSet.has(x))) {
        const before = personByRef.get(r.ref)!;
        await tx.update(respondents).set({
          participantType: r.participantType ? types.get(norm(r.participantType))!.label : null,
          projectId: r.project ? projectByName.get(norm(r.project))! : null, placeId: r.project ? placeOfProject.get(norm(r.project)) ?? null : null,
          attributes: r.attributes, consent: r.consent,
        }).where(eq(respondents.id, before.id));
        if (before.consent !== r.consent) {
          await tx.insert(consentRecords).values({ respondentId: before.id, status: r.consent, on: today, scope, recordedBy: actor.userId });
        }
        result.respondents.updated += 1;
      }
      result.respondents.withdrawn = respondentRows.filter((r) => r.consent === 'withdrawn').length;

      // Codings: narrow rows, a repeat of the same respondent and code counts once.
      const pairs = new Map<string, { respondentId: string; codeId: string }>();
      for (const c of codingRows) {
        const family = familyOf.get(familyMatchKey(c.family))!;
        const respondentId = personByRef.get(c.ref)!.id;
        const codeId = codeIdOf.get(`${family.id}|${norm(c.code)}`)!;
        pairs.set(`${respondentId}|${codeId}`, { respondentId, codeId });
      }
      const list = [...pairs.values()];
      let done = 0;
      for (const batch of chunks(list, 5000)) {
        const added = await tx.insert(codings).values(batch.map((p) => ({ ...p, coderId: null, source: 'import' as const }))).onConflictDoNothing().returning({ r: codings.respondentId });
        result.codings.added += added.length;
        done += batch.length;
        options.onProgress?.('codings', done, list.length);
      }

      await recordAudit(tx, actor, {
        programmeId, entityType: 'evaluation', entityId: evaluation.id, action: 'import',
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

