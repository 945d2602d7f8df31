/**
 * The codebook in and out as a REFI-QDA codebook (.qdc) or CSV, over `domain/qdc.ts`. Import is all or
 * nothing: a file the domain refuses, or codes it cannot place in a family, change nothing.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/database.js';
import { type FieldError, Invalid, conflictFromDb } from '../../../errors.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { type CairnCode, type CairnCodebook, codebookToCairn, codebookToCsv, cairnToCodebook } from '../domain/qdc-cairn.js';
import { familyMatchKey, placeInFamilies } from '../domain/qdc-families.js';
import { parseCodebook } from '../domain/qdc-read.js';
import { writeCodebook } from '../domain/qdc-write.js';
import { codeFamilies, codes, evaluations } from '../schema.js';
import { type CodeNode, getCodebook } from './service.js';
import { type Evaluation, insertEvaluation, requireEvaluator } from '../evaluations/service.js';

/** The evaluation's codebook in the domain's shape (ids are the codes' guids). */
export async function cairnCodebookOf(db: Queryable, ctx: ProgrammeContext, evaluation: Evaluation): Promise<CairnCodebook> {
  const book = await getCodebook(db, ctx, evaluation);
  const toCairn = (c: CodeNode): CairnCode => ({
    id: c.id,
    name: c.name,
    description: c.description,
    color: c.colour,
    children: c.children.map(toCairn),
  });
  return { families: book.map((f) => ({ key: f.key, label: f.label, codes: f.codes.map(toCairn) })) };
}

export async function exportCodebook(db: Queryable, ctx: ProgrammeContext, evaluation: Evaluation, format: 'qdc' | 'csv'): Promise<string> {
  const cairn = await cairnCodebookOf(db, ctx, evaluation);
  if (format === 'csv') return codebookToCsv(cairn);
  if (!cairn.families.some((f) => f.codes.length))
    throw new Invalid('The codebook has no codes yet: there is nothing a QDA program could open.');
  return writeCodebook(cairnToCodebook(cairn));
}

export interface CodebookImportResult {
  evaluation: { slug: string; created: boolean };
  family: { key: string; created: boolean } | null;
  families: { key: string; label: string; placedBy: string[]; added: number; updated: number }[];
  /** Codes whose guid another evaluation already uses: given a new id here. */
  renumbered: string[];
}

/**
 * Imports a .qdc file into an evaluation (created when missing). Codes keep their nesting and their
 * guids as ids. A code already in the evaluation (same guid, or same name in the same place) is
 * updated rather than added, so importing the same file twice changes nothing the second time.
 */
export async function importCodebook(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  bytes: Uint8Array,
  options: { evaluation: string; family?: string | undefined; title?: string | undefined; dryRun?: boolean | undefined },
): Promise<CodebookImportResult> {
  requireEvaluator(ctx);
  const parsed = parseCodebook(bytes);
  try {
    return await importInto(db, ctx, actor, parsed, options);
  } catch (err) {
    if (err instanceof DryRunDone) return err.result;
    // Two codes of one name under one parent (allowed by some programs) cannot both be kept.
    conflictFromDb(err, {
      codes_name_key: {
        path: 'codes',
        message:
          'The file has two codes with the same name under the same parent code (or one clashing with a code already there): rename one and import again. Nothing was imported.',
      },
    });
  }
}

async function importInto(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  parsed: ReturnType<typeof parseCodebook>,
  options: { evaluation: string; family?: string | undefined; title?: string | undefined; dryRun?: boolean | undefined },
): Promise<CodebookImportResult> {
  return db.transaction(async (tx) => {
    const result: CodebookImportResult = {
      evaluation: { slug: options.evaluation, created: false },
      family: null,
      families: [],
      renumbered: [],
    };
    let [evaluation] = await tx
      .select()
      .from(evaluations)
      .where(and(eq(evaluations.programmeId, ctx.programme.id), eq(evaluations.slug, options.evaluation)));
    if (!evaluation) {
      if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(options.evaluation) || options.evaluation.length > 60) {
        throw new Invalid('The evaluation’s slug may use lower-case letters, digits and single hyphens only, e.g. pcf-review', [
          { path: ['evaluation'], message: 'bad slug' },
        ]);
      }
      evaluation = await insertEvaluation(tx, ctx, actor, { slug: options.evaluation, title: options.title ?? options.evaluation });
      result.evaluation.created = true;
    }
    let families = await tx.select().from(codeFamilies).where(eq(codeFamilies.evaluationId, evaluation.id)).orderBy(codeFamilies.position);

    // A --family that names no family yet becomes a custom one, so the evaluator can bring in any codebook.
    if (options.family) {
      const wanted = familyMatchKey(options.family);
      if (!wanted) throw new Invalid('--family needs letters or digits', [{ path: ['family'], message: 'empty' }]);
      const hit = families.find((f) => familyMatchKey(f.key) === wanted || familyMatchKey(f.label) === wanted);
      if (hit) result.family = { key: hit.key, created: false };
      else {
        const [f] = await tx
          .insert(codeFamilies)
          .values({ evaluationId: evaluation.id, key: wanted, label: options.family.trim(), position: families.length })
          .returning();
        await recordAudit(tx, actor, {
          programmeId: ctx.programme.id,
          entityType: 'evaluation',
          entityId: evaluation.id,
          action: 'add-family',
          summary: `Added the code family ${f!.label} to ${evaluation.title} (codebook import)`,
          after: { family: f!.key, label: f!.label },
        });
        families = [...families, f!];
        result.family = { key: f!.key, created: true };
      }
    }

    const placement = placeInFamilies(parsed, {
      family: result.family?.key,
      families: families.map((f) => ({ key: f.key, label: f.label })),
    });
    if (placement.unplaced.length) {
      const errors: FieldError[] = placement.unplaced.map((u) => ({ path: ['codes', u.code.name], message: `${u.where}: ${u.reason}` }));
      throw new Invalid(
        `Nothing was imported: ${errors.length} top-level code${errors.length === 1 ? '' : 's'} could not be placed in a code family. Name the family to put them in with --family, or rename them after a family (e.g. Contexts, Mechanisms).`,
        errors,
      );
    }

    const cairn = codebookToCairn(placement);
    const existing = await tx.select().from(codes).where(eq(codes.evaluationId, evaluation.id));
    const byId = new Map(existing.map((c) => [c.id, c]));
    const bySpot = new Map(existing.map((c) => [`${c.familyId}|${c.parentId ?? ''}|${c.name.toLowerCase()}`, c]));
    const [{ next } = { next: 0 }] = await tx
      .select({ next: sql<number>`coalesce(max(${codes.position}) + 1, 0)::int` })
      .from(codes)
      .where(eq(codes.evaluationId, evaluation.id));
    let position = next;

    for (const family of cairn.families) {
      const row = families.find((f) => f.key === family.key)!;
      const tally = {
        key: family.key,
        label: family.label,
        placedBy: placement.families.find((p) => p.key === family.key)?.placedBy ?? [],
        added: 0,
        updated: 0,
      };
      const put = async (c: CairnCode, parentId: string | null): Promise<void> => {
        const id = c.id.replace(/[{}]/g, '').toLowerCase();
        const mine = byId.get(id) ?? bySpot.get(`${row.id}|${parentId ?? ''}|${c.name.toLowerCase()}`);
        let codeId: string;
        if (mine) {
          const change = { name: c.name, description: c.description, colour: c.color, parentId, familyId: row.id };
          const same =
            mine.name === c.name &&
            mine.description === c.description &&
            mine.colour === c.color &&
            mine.parentId === parentId &&
            mine.familyId === row.id;
          if (!same) {
            await tx.update(codes).set(change).where(eq(codes.id, mine.id));
            await recordAudit(tx, actor, {
              programmeId: ctx.programme.id,
              entityType: 'evaluation_code',
              entityId: mine.id,
              action: 'update',
              summary: `Updated the code ${c.name} from a codebook import`,
              before: { name: mine.name, description: mine.description, colour: mine.colour, parentId: mine.parentId },
              after: { name: c.name, description: c.description, colour: c.color, parentId },
            });
            tally.updated += 1;
          }
          codeId = mine.id;
        } else {
          // A guid is global; when another evaluation holds it, this copy gets an id of its own.
          const [taken] = await tx.select({ id: codes.id }).from(codes).where(eq(codes.id, id));
          if (taken) result.renumbered.push(c.name);
          const [created] = await tx
            .insert(codes)
            .values({
              ...(taken ? {} : { id }),
              evaluationId: evaluation.id,
              familyId: row.id,
              parentId,
              name: c.name,
              description: c.description,
              colour: c.color,
              position: position++,
            })
            .returning();
          await recordAudit(tx, actor, {
            programmeId: ctx.programme.id,
            entityType: 'evaluation_code',
            entityId: created!.id,
            action: 'create',
            summary: `Added the code ${c.name} (${row.label}) from a codebook import`,
            after: { family: row.key, name: c.name, description: c.description, colour: c.color, parentId },
          });
          tally.added += 1;
          codeId = created!.id;
          byId.set(created!.id, created!);
        }
        for (const child of c.children) await put(child, codeId);
      };
      for (const c of family.codes) await put(c, null);
      result.families.push(tally);
    }
    if (options.dryRun) throw new DryRunDone(result);
    return result;
  });
}

/** Thrown to roll a dry run back once it has done everything a real import would (the preview). */
class DryRunDone extends Error {
  constructor(readonly result: CodebookImportResult) {
    super('dry run');
  }
}
