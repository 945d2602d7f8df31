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
import { and, asc, eq } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/database.js';
import { type FieldError, Invalid } from '../../../errors.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import { ensurePlacesNamed } from '../../places/service.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { ensureTermsLabelled } from '../../programmes/service.js';
import { ensureProjectsNamed } from '../../projects/service.js';
import { type Evaluation, insertEvaluation, requireEvaluator } from '../evaluations/service.js';
import { codeFamilies, evaluations, respondents } from '../schema.js';
import { checkCodingsFile, checkRespondentsFile, matchCodes } from './check.js';
import {
  type EvidenceImportResult,
  type EvidenceProgress,
  Problems,
  checkHeadings,
  failWith,
  norm,
  openSheet,
  readProjects,
} from './files.js';
import { createCodes, writeRespondents } from './write.js';
import { readBases, writeBases } from './bases.js';

export { EVIDENCE_FILES, type EvidenceImportResult, type EvidenceProgress } from './files.js';

/** Thrown inside the transaction to undo a dry run after it has done (and counted) everything. */
class DryRunDone extends Error {
  constructor(readonly result: EvidenceImportResult) {
    super('dry run');
  }
}

export async function importEvidence(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  folder: string,
  options: { evaluation: string; title?: string | undefined; dryRun?: boolean | undefined; onProgress?: EvidenceProgress | undefined },
): Promise<EvidenceImportResult> {
  requireEvaluator(ctx);
  const [projectSheet, peopleSheet, codedSheet, basesSheet] = await Promise.all([
    openSheet(folder, 'projects.csv', false),
    openSheet(folder, 'respondents.csv', true),
    openSheet(folder, 'codings.csv', true),
    openSheet(folder, 'bases.csv', false),
  ]);
  const people = peopleSheet!;
  const coded = codedSheet!;
  const headingErrors: FieldError[] = [];
  for (const s of [projectSheet, people, coded, basesSheet]) if (s) checkHeadings(s, headingErrors);
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
        bases: [],
      };

      // The evaluation, created with the standard families when missing.
      const evaluation = await evaluationFor(tx, ctx, actor, options, result);
      const evaluationId = evaluation.id;
      const families = await tx
        .select()
        .from(codeFamilies)
        .where(eq(codeFamilies.evaluationId, evaluationId))
        .orderBy(asc(codeFamilies.position));

      // projects.csv's places, terms and projects: found by name, else created by their own modules.
      const placeOf = await ensurePlacesNamed(
        tx,
        ctx,
        actor,
        projectRows.map((p) => p.place),
        { key: norm, source: 'evidence import' },
      );
      result.places.created = placeOf.created;
      const themes = await ensureTermsLabelled(
        tx,
        programmeId,
        'theme',
        projectRows.flatMap((p) => p.themes),
        norm,
      );
      const models = await ensureTermsLabelled(
        tx,
        programmeId,
        'coproduction_model',
        projectRows.map((p) => p.model),
        norm,
      );
      result.terms.created.push(...themes.created.map((t) => `theme: ${t}`), ...models.created.map((t) => `coproduction model: ${t}`));
      const projectsFound = await ensureProjectsNamed(
        tx,
        ctx,
        actor,
        projectRows.map((p) => ({
          name: p.name,
          themes: p.themes,
          themeIds: p.themes.map((t) => themes.byKey.get(norm(t))!.id),
          coproductionModel: p.model || null,
          coproductionModelId: p.model ? models.byKey.get(norm(p.model))!.id : null,
        })),
        { key: norm, source: 'evidence import' },
      );
      result.projects.matched = projectsFound.matched;
      result.projects.created = projectsFound.created;
      const projectByName = projectsFound.idByKey;
      const placeOfProjectId = new Map<string, string>();
      for (const p of projectRows)
        if (p.name && p.place) placeOfProjectId.set(projectByName.get(norm(p.name))!, placeOf.idByKey.get(norm(p.place))!);

      // ---- check: respondents.csv read once, then codings.csv, then the codes they name ----
      const existingPeople = await tx
        .select({ id: respondents.id, ref: respondents.ref, consent: respondents.consent })
        .from(respondents)
        .where(eq(respondents.evaluationId, evaluationId));
      const personByRef = new Map(existingPeople.map((p) => [p.ref, p]));
      /** Each project cell's text to its project id (or null when there is none such): asked a million times. */
      const projectOfText = new Map<string, string | null>();
      const projectIdOf = (text: string) => {
        let id = projectOfText.get(text);
        if (id === undefined) projectOfText.set(text, (id = projectByName.get(norm(text)) ?? null));
        return id;
      };
      const checkedPeople = await checkRespondentsFile(people, projectIdOf, rowErrors, dbErrors);
      result.respondents.withdrawn = checkedPeople.withdrawn;
      const checkedCodings = await checkCodingsFile(
        coded,
        { respondents: checkedPeople, personByRef, families, onProgress: options.onProgress },
        rowErrors,
        dbErrors,
      );
      result.codings.rows = checkedCodings.rows;
      const basesRead = await readBases(basesSheet, families, rowErrors, dbErrors);
      failWith(rowErrors);
      const found = await matchCodes(tx, evaluationId, checkedCodings.named, families, dbErrors);
      failWith(dbErrors);

      // ---- write ----
      await createCodes(tx, ctx, actor, evaluationId, { named: checkedCodings.named, ...found }, families, result.codes.created);
      const types = await ensureTermsLabelled(tx, programmeId, 'participant_type', [...checkedPeople.typeLabels], norm);
      result.terms.created.push(...types.created.map((t) => `participant type: ${t}`));
      await writeRespondents(
        tx,
        actor,
        {
          evaluationId,
          people,
          respondents: checkedPeople,
          codings: checkedCodings,
          codeOf: found.codeOf,
          personByRef,
          types: types.byKey,
          projectIdOf,
          placeOfProjectId,
          onProgress: options.onProgress,
        },
        result,
      );
      result.bases = await writeBases(tx, actor, evaluation, basesRead, families, dbErrors);
      failWith(dbErrors);

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
          bases: result.bases,
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

/** The evaluation by slug, created (with the standard families, audited) when the programme has none. */
async function evaluationFor(
  tx: Queryable,
  ctx: ProgrammeContext,
  actor: Actor,
  options: { evaluation: string; title?: string | undefined },
  result: EvidenceImportResult,
): Promise<Evaluation> {
  const programmeId = ctx.programme.id;
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
  return evaluation;
}
