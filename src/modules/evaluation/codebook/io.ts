/**
 * The codebook in and out as a REFI-QDA codebook (.qdc) or CSV, over `domain/qdc.ts`. Import is all or
 * nothing: a file the domain refuses, or codes it cannot place in a family, change nothing.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { type Db, type Queryable, rowsOf } from '../../../db/database.js';
import { type FieldError, Invalid, conflictFromDb } from '../../../errors.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { guidKey } from '../domain/qdc.js';
import {
  type CairnCode,
  type CairnCodebook,
  type CairnFamily,
  codebookToCairn,
  codebookToCsv,
  cairnToCodebook,
} from '../domain/qdc-cairn.js';
import { familyGuid, familyMatchKey, placeInFamilies } from '../domain/qdc-families.js';
import { parseCodebook } from '../domain/qdc-read.js';
import { writeCodebook } from '../domain/qdc-write.js';
import { codeFamilies, codeSets, codes, evaluations } from '../schema.js';
import { type CodeNode, getCodebook } from './service.js';
import { type Evaluation, insertEvaluation, requireEvaluator } from '../evaluations/service.js';

type FamilyRow = typeof codeFamilies.$inferSelect;

/** How a family stands in a REFI-QDA file: the top-level code it came from, Cairn's own (undefined), or none (null). */
const topCodeOf = (row: FamilyRow): CairnFamily['topCode'] =>
  !row.qdaTopLevel
    ? null
    : row.qdaGuid === null
      ? undefined
      : { guid: row.qdaGuid, name: row.qdaName ?? row.label, isCodable: row.qdaCodable };

/**
 * The evaluation's codebook in the domain's shape: ids are the codes' guids as they go into a file
 * (as an imported file spelled them), with what the round trip keeps: codable flags, each family's
 * top-level code and where top-level items stood, and the imported sets.
 */
export async function cairnCodebookOf(db: Queryable, ctx: ProgrammeContext, evaluation: Evaluation): Promise<CairnCodebook> {
  const book = await getCodebook(db, ctx, evaluation);
  const [familyRows, extras, sets] = await Promise.all([
    db.select().from(codeFamilies).where(eq(codeFamilies.evaluationId, evaluation.id)),
    db.select({ id: codes.id, qdaGuid: codes.qdaGuid, codable: codes.codable }).from(codes).where(eq(codes.evaluationId, evaluation.id)),
    db.select().from(codeSets).where(eq(codeSets.evaluationId, evaluation.id)).orderBy(asc(codeSets.position), asc(codeSets.guid)),
  ]);
  const rows = new Map(familyRows.map((f) => [f.id, f]));
  const extra = new Map(extras.map((c) => [c.id, { guid: c.qdaGuid ?? c.id, codable: c.codable }]));
  /** Guid as written, for set members: a code's, or the top-level code's of a family that has one in the file. */
  const guidOf = new Map<string, string>([...extra].map(([id, c]) => [id, c.guid]));
  const families = book.map((f): CairnFamily => {
    const row = rows.get(f.id)!;
    const topCode = topCodeOf(row);
    if (topCode !== null) guidOf.set(f.id, topCode?.guid ?? familyGuid(f.key));
    const toCairn = (c: CodeNode, atTop: boolean): CairnCode => ({
      id: extra.get(c.id)?.guid ?? c.id,
      name: c.name,
      description: c.description,
      color: c.colour,
      codable: extra.get(c.id)?.codable ?? true,
      ...(atTop && topCode === null ? { topPosition: c.position } : {}),
      children: c.children.map((child) => toCairn(child, false)),
    });
    return {
      key: f.key,
      label: f.label,
      description: row.description,
      color: row.colour,
      topCode,
      ...(topCode && row.qdaPosition !== null ? { topPosition: row.qdaPosition } : {}),
      codes: f.codes.map((c) => toCairn(c, true)),
    };
  });
  return {
    families,
    sets: sets.map((s) => ({
      guid: s.guid,
      name: s.name,
      description: s.description,
      memberGuids: s.memberIds.flatMap((id) => {
        const g = guidOf.get(id);
        return g === undefined ? [] : [g];
      }),
    })),
  };
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
  /** The file's sets (code groups), kept to be given back on export: new ones, and ones changed. */
  sets: { added: number; updated: number };
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
      sets: { added: 0, updated: 0 },
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

    // Codes already here by guid, so a top-level code of the file that is one goes back to its family.
    const existing = await tx.select().from(codes).where(eq(codes.evaluationId, evaluation.id));
    const keyOfFamily = new Map(families.map((f) => [f.id, f.key]));
    const knownCodes = new Map<string, string>();
    for (const c of existing) {
      knownCodes.set(guidKey(c.id), keyOfFamily.get(c.familyId)!);
      if (c.qdaGuid) knownCodes.set(guidKey(c.qdaGuid), keyOfFamily.get(c.familyId)!);
    }
    const placement = placeInFamilies(parsed, {
      family: result.family?.key,
      families: families.map((f) => ({ key: f.key, label: f.label, guid: f.qdaGuid })),
      knownCodes,
    });
    if (placement.unplaced.length) {
      const errors: FieldError[] = placement.unplaced.map((u) => ({ path: ['codes', u.code.name], message: `${u.where}: ${u.reason}` }));
      throw new Invalid(
        `Nothing was imported: ${errors.length} top-level code${errors.length === 1 ? '' : 's'} could not be placed in a code family. Name the family to put them in with --family, or rename them after a family (e.g. Contexts, Mechanisms).`,
        errors,
      );
    }

    const cairn = codebookToCairn(placement);
    const byId = new Map(existing.map((c) => [c.id, c]));
    const bySpot = new Map(existing.map((c) => [`${c.familyId}|${c.parentId ?? ''}|${c.name.toLowerCase()}`, c]));
    const [{ next } = { next: 0 }] = await rowsOf<{ next: number }>(
      tx,
      sql`select greatest(
        (select coalesce(max(${codes.position}) + 1, 0) from ${codes} where ${codes.evaluationId} = ${evaluation.id}),
        (select coalesce(max(${codeFamilies.qdaPosition}) + 1, 0) from ${codeFamilies} where ${codeFamilies.evaluationId} = ${evaluation.id}))::int as next`,
    );
    // The file's top-level items take the first numbers in file order (their order among themselves
    // on export); codes below them take the numbers after, in file order too.
    const base = next;
    let position = base + parsed.codes.length;
    /** Each guid of the file → the id it is kept under here (a code's, or a family's for its top-level code). */
    const idOfGuid = new Map<string, string>();

    for (const family of cairn.families) {
      const row = families.find((f) => f.key === family.key)!;
      const tally = {
        key: family.key,
        label: family.label,
        placedBy: placement.families.find((p) => p.key === family.key)?.placedBy ?? [],
        added: 0,
        updated: 0,
      };
      await keepFamilyShape(tx, ctx, actor, evaluation.title, row, family, base);
      if (family.topCode) idOfGuid.set(guidKey(family.topCode.guid), row.id);
      const put = async (c: CairnCode, parentId: string | null): Promise<void> => {
        const id = guidKey(c.id);
        const mine = byId.get(id) ?? bySpot.get(`${row.id}|${parentId ?? ''}|${c.name.toLowerCase()}`);
        const codable = c.codable ?? true;
        let codeId: string;
        if (mine) {
          const qdaGuid = c.id.trim() === mine.id ? null : c.id.trim();
          const change = { name: c.name, description: c.description, colour: c.color, parentId, familyId: row.id, codable, qdaGuid };
          const same =
            mine.name === c.name &&
            mine.description === c.description &&
            mine.colour === c.color &&
            mine.parentId === parentId &&
            mine.familyId === row.id &&
            mine.codable === codable &&
            mine.qdaGuid === qdaGuid;
          if (!same) {
            await tx.update(codes).set(change).where(eq(codes.id, mine.id));
            await recordAudit(tx, actor, {
              programmeId: ctx.programme.id,
              entityType: 'evaluation_code',
              entityId: mine.id,
              action: 'update',
              summary: `Updated the code ${c.name} from a codebook import`,
              before: {
                name: mine.name,
                description: mine.description,
                colour: mine.colour,
                parentId: mine.parentId,
                codable: mine.codable,
              },
              after: { name: c.name, description: c.description, colour: c.color, parentId, codable },
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
              ...(taken ? {} : { id, qdaGuid: c.id.trim() === id ? null : c.id.trim() }),
              evaluationId: evaluation.id,
              familyId: row.id,
              parentId,
              name: c.name,
              description: c.description,
              colour: c.color,
              codable,
              position: c.topPosition !== undefined && parentId === null && family.topCode === null ? base + c.topPosition : position++,
            })
            .returning();
          await recordAudit(tx, actor, {
            programmeId: ctx.programme.id,
            entityType: 'evaluation_code',
            entityId: created!.id,
            action: 'create',
            summary: `Added the code ${c.name} (${row.label}) from a codebook import`,
            after: { family: row.key, name: c.name, description: c.description, colour: c.color, parentId, codable },
          });
          tally.added += 1;
          codeId = created!.id;
          byId.set(created!.id, created!);
        }
        idOfGuid.set(id, codeId);
        for (const child of c.children) await put(child, codeId);
      };
      for (const c of family.codes) await put(c, null);
      result.families.push(tally);
    }
    result.sets = await keepSets(tx, ctx, actor, evaluation, cairn.sets ?? [], idOfGuid);
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

/**
 * The family as the file had it: the top-level code that stood for it (guid, name, codable flag,
 * description, colour, and where it stood, kept from the first import that placed it), or none when
 * its codes sat at the file's top level. Audited when it changes.
 */
async function keepFamilyShape(
  tx: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  evaluationTitle: string,
  row: FamilyRow,
  family: CairnFamily,
  base: number,
): Promise<void> {
  const shape =
    family.topCode == null
      ? { qdaTopLevel: false }
      : {
          qdaTopLevel: true,
          qdaGuid: family.topCode.guid,
          qdaName: family.topCode.name,
          qdaCodable: family.topCode.isCodable,
          description: family.description ?? '',
          colour: family.color ?? null,
          qdaPosition: row.qdaPosition ?? base + (family.topPosition ?? 0),
        };
  const changed = Object.entries(shape).some(([k, v]) => row[k as keyof typeof shape] !== v);
  if (!changed) return;
  await tx.update(codeFamilies).set(shape).where(eq(codeFamilies.id, row.id));
  const inFile = (top: CairnFamily['topCode']) =>
    top === null
      ? 'its codes at the top of the file'
      : top === undefined
        ? 'Cairn’s own top-level code'
        : `the top-level code “${top.name}”`;
  await recordAudit(tx, actor, {
    programmeId: ctx.programme.id,
    entityType: 'evaluation',
    entityId: row.evaluationId,
    action: 'update-family',
    summary: `The code family ${row.label} of ${evaluationTitle} now goes into exported codebooks as in the file imported: ${inFile(family.topCode)}`,
    before: { family: row.key, inExports: inFile(topCodeOf(row)), description: row.description, colour: row.colour },
    after: {
      family: row.key,
      inExports: inFile(family.topCode),
      description: family.topCode == null ? row.description : (family.description ?? ''),
      colour: family.topCode == null ? row.colour : (family.color ?? null),
    },
  });
}

/** The file's sets kept as made: matched by guid, members as the ids their codes are kept under. */
async function keepSets(
  tx: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  evaluation: Evaluation,
  sets: NonNullable<CairnCodebook['sets']>,
  idOfGuid: ReadonlyMap<string, string>,
): Promise<CodebookImportResult['sets']> {
  const tally = { added: 0, updated: 0 };
  if (sets.length === 0) return tally;
  const existing = await tx.select().from(codeSets).where(eq(codeSets.evaluationId, evaluation.id));
  const byGuid = new Map(existing.map((s) => [guidKey(s.guid), s]));
  let position = Math.max(-1, ...existing.map((s) => s.position)) + 1;
  for (const s of sets) {
    const memberIds = s.memberGuids.flatMap((g) => {
      const id = idOfGuid.get(guidKey(g));
      return id === undefined ? [] : [id];
    });
    const value = { guid: s.guid.trim(), name: s.name, description: s.description, memberIds };
    const mine = byGuid.get(guidKey(s.guid));
    if (mine) {
      const same =
        mine.guid === value.guid &&
        mine.name === value.name &&
        mine.description === value.description &&
        mine.memberIds.join() === memberIds.join();
      if (same) continue;
      await tx.update(codeSets).set(value).where(eq(codeSets.id, mine.id));
      tally.updated += 1;
    } else {
      await tx.insert(codeSets).values({ ...value, evaluationId: evaluation.id, position: position++ });
      tally.added += 1;
    }
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'evaluation',
      entityId: evaluation.id,
      action: mine ? 'update-set' : 'add-set',
      summary: `${mine ? 'Updated' : 'Kept'} the set of codes ${s.name} (${memberIds.length} code${memberIds.length === 1 ? '' : 's'}) from a codebook import`,
      ...(mine ? { before: { set: mine.name, description: mine.description, codes: mine.memberIds.length } } : {}),
      after: { set: s.name, description: s.description, codes: memberIds.length },
    });
  }
  return tally;
}
