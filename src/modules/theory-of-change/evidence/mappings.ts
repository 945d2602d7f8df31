/**
 * Evidence mapped to a version's steps: codes of the programme's evaluations (a code stands for itself
 * and its sub-codes) and monitoring indicators. Read through the evaluation and monitoring modules'
 * services (their codebooks, their indicator lists), never their tables. Mappings sit beside a version,
 * so a published version can still be mapped and tested; each change is audited.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/database.js';
import { type FieldError, Invalid } from '../../../errors.js';
import { type RecordVersion, partsOf } from '../../../http/versions.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import { type CodeNode, getCodebook } from '../../evaluation/codebook/service.js';
import { type Evaluation, listEvaluations, loadEvaluation } from '../../evaluation/evaluations/service.js';
import { listIndicators } from '../../monitoring/indicators/service.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { nodeByLabel } from '../domain/model.js';
import { tocMappings, tocVersions } from '../schema.js';
import { requireTheoryEditor } from '../theories/access.js';
import type { Theory, Version } from '../theories/service.js';

export interface CatalogueCode {
  id: string;
  name: string;
  family: string;
  familyLabel: string;
  /** The code and every code under it, ids. */
  withSubCodes: string[];
  /** "Parent › Child" for a sub-code. */
  path: string;
}

export interface Catalogue {
  evaluations: { evaluation: Evaluation; codes: CatalogueCode[] }[];
  indicators: { id: string; key: string; label: string; unit: string }[];
}

/** Every code of every evaluation of the programme, and its indicators: what a step may be mapped to. */
export async function mappingCatalogue(db: Queryable, ctx: ProgrammeContext): Promise<Catalogue> {
  const evaluations = (await listEvaluations(db, ctx, { page: 1, pageSize: 200 })).rows;
  const out: Catalogue['evaluations'] = [];
  for (const view of evaluations) {
    const evaluation = await loadEvaluation(db, ctx, view.slug);
    const codebook = await getCodebook(db, ctx, evaluation);
    const codes: CatalogueCode[] = [];
    const walk = (family: { key: string; label: string }, list: CodeNode[], trail: string[]): string[] => {
      const all: string[] = [];
      for (const c of list) {
        const entry: CatalogueCode = {
          id: c.id,
          name: c.name,
          family: family.key,
          familyLabel: family.label,
          withSubCodes: [],
          path: [...trail, c.name].join(' › '),
        };
        codes.push(entry);
        entry.withSubCodes = [c.id, ...walk(family, c.children, [...trail, c.name])];
        all.push(...entry.withSubCodes);
      }
      return all;
    };
    for (const f of codebook) walk(f, f.codes, []);
    out.push({ evaluation, codes });
  }
  const indicators = (await listIndicators(db, ctx, { page: 1, pageSize: 200 })).rows.map((i) => ({
    id: i.id,
    key: i.key,
    label: i.label,
    unit: i.unit,
  }));
  return { evaluations: out, indicators };
}

export interface MappingView {
  id: string;
  nodeKey: string;
  kind: 'code' | 'indicator';
  evaluation: { id: string; slug: string; title: string } | null;
  code: { id: string; name: string; family: string; familyLabel: string; path: string } | null;
  indicator: { id: string; key: string; label: string } | null;
}

export async function mappingRows(db: Queryable, version: Version) {
  return db.select().from(tocMappings).where(eq(tocMappings.versionId, version.id));
}

export function viewMappings(rows: Awaited<ReturnType<typeof mappingRows>>, cat: Catalogue, version: Version): MappingView[] {
  const codeAt = new Map(cat.evaluations.flatMap((e) => e.codes.map((c) => [c.id, { e: e.evaluation, c }] as const)));
  const indicatorAt = new Map(cat.indicators.map((i) => [i.id, i]));
  const order = new Map(version.model.nodes.map((n, i) => [n.key, i]));
  return rows
    .map((m): MappingView => {
      const hit = m.codeId ? codeAt.get(m.codeId) : undefined;
      const ind = m.indicatorId ? indicatorAt.get(m.indicatorId) : undefined;
      return {
        id: m.id,
        nodeKey: m.nodeKey,
        kind: m.codeId ? 'code' : 'indicator',
        evaluation: hit ? { id: hit.e.id, slug: hit.e.slug, title: hit.e.title } : null,
        code: hit ? { id: hit.c.id, name: hit.c.name, family: hit.c.family, familyLabel: hit.c.familyLabel, path: hit.c.path } : null,
        indicator: ind ? { id: ind.id, key: ind.key, label: ind.label } : null,
      };
    })
    .sort(
      (a, b) =>
        (order.get(a.nodeKey) ?? 1e9) - (order.get(b.nodeKey) ?? 1e9) ||
        (a.code?.path ?? a.indicator?.label ?? '').localeCompare(b.code?.path ?? b.indicator?.label ?? ''),
    );
}

/**
 * The version of a version's mapping list (decision 012): the version's row and every mapping on it, so
 * two people mapping the same draft at once cannot undo each other's work (each saves the whole list).
 */
export const mappingsRecord = (versionId: string): RecordVersion => ({
  key: tocVersions.id,
  id: versionId,
  entityType: 'toc_mappings',
  parts: partsOf(
    sql`select ${tocMappings}.xmin::text || ${tocMappings.id}::text from ${tocMappings} where ${tocMappings.versionId} = ${versionId}`,
  ),
});

export async function listMappings(db: Queryable, ctx: ProgrammeContext, version: Version) {
  return viewMappings(await mappingRows(db, version), await mappingCatalogue(db, ctx), version);
}

export interface MappingInput {
  nodeKey: string;
  codeId?: string | null | undefined;
  indicatorId?: string | null | undefined;
}

const said = (m: MappingView, version: Version) => {
  const step = version.model.nodes.find((n) => n.key === m.nodeKey)?.label ?? m.nodeKey;
  return m.code ? `${step} ← ${m.code.familyLabel}: ${m.code.path} (${m.evaluation?.title})` : `${step} ← indicator ${m.indicator?.label}`;
};

/** Replaces a version's mappings with these, checking each names a step of the version and a code or indicator of the programme. */
export async function setMappings(db: Db, ctx: ProgrammeContext, actor: Actor, theory: Theory, version: Version, items: MappingInput[]) {
  requireTheoryEditor(ctx);
  const cat = await mappingCatalogue(db, ctx);
  const codeAt = new Map(cat.evaluations.flatMap((e) => e.codes.map((c) => [c.id, e.evaluation] as const)));
  const indicatorIds = new Set(cat.indicators.map((i) => i.id));
  const keys = new Set(version.model.nodes.map((n) => n.key));
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  const values: (typeof tocMappings.$inferInsert)[] = [];
  items.forEach((m, i) => {
    if (!keys.has(m.nodeKey)) errors.push({ path: ['mappings', i, 'nodeKey'], message: `Choose a step of ${version.name}` });
    if (!!m.codeId === !!m.indicatorId) errors.push({ path: ['mappings', i], message: 'Map a step to one code or one indicator' });
    else if (m.codeId && !codeAt.has(m.codeId))
      errors.push({ path: ['mappings', i, 'codeId'], message: 'Choose a code of one of the programme’s evaluations' });
    else if (m.indicatorId && !indicatorIds.has(m.indicatorId))
      errors.push({ path: ['mappings', i, 'indicatorId'], message: 'Choose one of the programme’s indicators' });
    const k = `${m.nodeKey}|${m.codeId ?? ''}|${m.indicatorId ?? ''}`;
    if (seen.has(k)) return;
    seen.add(k);
    values.push({
      versionId: version.id,
      nodeKey: m.nodeKey,
      codeId: m.codeId ?? null,
      evaluationId: m.codeId ? (codeAt.get(m.codeId)?.id ?? null) : null,
      indicatorId: m.indicatorId ?? null,
    });
  });
  if (errors.length) throw new Invalid(`${errors.map((e) => e.message).join('. ')}.`, errors);
  const before = viewMappings(await mappingRows(db, version), cat, version).map((m) => said(m, version));
  return db.transaction(async (tx) => {
    await tx.delete(tocMappings).where(eq(tocMappings.versionId, version.id));
    if (values.length) await tx.insert(tocMappings).values(values);
    const now = viewMappings(await mappingRows(tx, version), cat, version);
    const after = now.map((m) => said(m, version));
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'toc_mappings',
      entityId: version.id,
      action: 'update',
      summary: `Mapped evidence to ${version.name} of ${theory.name}: ${now.length} mapping${now.length === 1 ? '' : 's'}`,
      before: { mappings: before },
      after: { mappings: after },
    });
    return now;
  });
}

export interface MappingRow {
  node: string;
  family: string;
  code: string;
  indicator: string;
}

/**
 * Rows of a mapping file (`node,family,code,indicator`), each naming a step by its label and either a
 * code of `evaluation` (by family key or label, and code name) or an indicator by key: the mappings they
 * add, or every row's problem at once (row numbers as in the file, the header being row 1).
 */
export function mappingsFromRows(rows: MappingRow[], version: Version, cat: Catalogue, evaluation: Evaluation): MappingInput[] {
  const errors: FieldError[] = [];
  const codes = cat.evaluations.find((e) => e.evaluation.id === evaluation.id)?.codes ?? [];
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
  const out: MappingInput[] = [];
  rows.forEach((r, i) => {
    const row = i + 2;
    const node = nodeByLabel(version.model, r.node);
    if (!node) errors.push({ path: ['rows', row, 'node'], message: `Row ${row}: no step called “${r.node.trim()}” in ${version.name}` });
    const hasCode = r.code.trim() !== '';
    const hasIndicator = r.indicator.trim() !== '';
    if (hasCode === hasIndicator) {
      errors.push({ path: ['rows', row], message: `Row ${row}: give a family and code, or an indicator, not both or neither` });
      return;
    }
    if (hasIndicator) {
      const ind = cat.indicators.find((x) => norm(x.key) === norm(r.indicator));
      if (!ind) errors.push({ path: ['rows', row, 'indicator'], message: `Row ${row}: no indicator with the key “${r.indicator.trim()}”` });
      else if (node) out.push({ nodeKey: node.key, indicatorId: ind.id });
      return;
    }
    const inFamily = codes.filter((c) => norm(c.family) === norm(r.family) || norm(c.familyLabel) === norm(r.family));
    if (!inFamily.length) {
      errors.push({ path: ['rows', row, 'family'], message: `Row ${row}: ${evaluation.title} has no code family “${r.family.trim()}”` });
      return;
    }
    const code = inFamily.find((c) => norm(c.name) === norm(r.code) || norm(c.path) === norm(r.code));
    if (!code)
      errors.push({
        path: ['rows', row, 'code'],
        message: `Row ${row}: no code “${r.code.trim()}” in the family ${inFamily[0]!.familyLabel}`,
      });
    else if (node) out.push({ nodeKey: node.key, codeId: code.id });
  });
  if (errors.length) throw new Invalid(`${errors.map((e) => e.message).join('. ')}.`, errors);
  return out;
}

/** The mapping file's rows added to the version's mappings (those already there stay): all or nothing. */
export async function addMappingsFromRows(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  theory: Theory,
  version: Version,
  evaluation: Evaluation,
  rows: MappingRow[],
) {
  requireTheoryEditor(ctx);
  const cat = await mappingCatalogue(db, ctx);
  const added = mappingsFromRows(rows, version, cat, evaluation);
  const kept = (await mappingRows(db, version)).map((m) => ({ nodeKey: m.nodeKey, codeId: m.codeId, indicatorId: m.indicatorId }));
  return { added: added.length, mappings: await setMappings(db, ctx, actor, theory, version, [...kept, ...added]) };
}
