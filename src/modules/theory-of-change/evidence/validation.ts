/**
 * Testing a version against one evaluation: per step, the respondents (consent given) who identified any
 * code mapped to it, sub-codes included; per link, respondents at its start, at its end, at both, the
 * lift and its class (domain/validation.ts), with the evaluator's thresholds for this theory and
 * evaluation (or the documented defaults). Disclosure control as the cross-tab: a count of 1 to the
 * evaluation's disclosure threshold − 1 is hidden in every answer and file, the lift with it; the class
 * is worked out on the true counts. Links the evidence shows but the model lacks are suggested;
 * accepting one makes a new draft. The drill from a link to the respondents and publishable quotes
 * behind it is for managers and evaluators.
 */
import { and, eq } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/database.js';
import { Invalid } from '../../../errors.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import { respondentSetsFor, respondentsWithBoth } from '../../evaluation/analysis/respondent-sets.js';
import type { Evaluation } from '../../evaluation/evaluations/service.js';
import { listPeriods } from '../../monitoring/periods/service.js';
import { portfolioFor } from '../../monitoring/portfolio/service.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { keyFrom } from '../domain/model.js';
import {
  DEFAULT_THRESHOLDS,
  type LinkClass,
  type Thresholds,
  publishableCounts,
  suggestLinks,
  thresholdProblems,
  VALIDATION_COLUMNS,
  unionBits,
  validateTheory,
  validationRow,
} from '../domain/validation.js';
import { tocThresholds } from '../schema.js';
import { requireTheoryEditor } from '../theories/access.js';
import { type Theory, type Version, createDraft } from '../theories/service.js';
import { type Catalogue, mappingCatalogue, mappingRows } from './mappings.js';

// ---- thresholds ---------------------------------------------------------------------------------

export async function thresholdsFor(db: Queryable, theory: Theory, evaluation: Evaluation): Promise<Thresholds & { saved: boolean }> {
  const [row] = await db
    .select()
    .from(tocThresholds)
    .where(and(eq(tocThresholds.theoryId, theory.id), eq(tocThresholds.evaluationId, evaluation.id)));
  return row
    ? { minBoth: row.minBoth, supportLift: row.supportLift, contradictLift: row.contradictLift, saved: true }
    : { ...DEFAULT_THRESHOLDS, saved: false };
}

export function checkThresholds(t: Thresholds) {
  const problems = thresholdProblems(t);
  if (problems.length)
    throw new Invalid(
      `${problems.map((p) => p.message).join('. ')}.`,
      problems.map((p) => ({ path: [p.path], message: p.message })),
    );
}

export async function setThresholds(db: Db, ctx: ProgrammeContext, actor: Actor, theory: Theory, evaluation: Evaluation, t: Thresholds) {
  requireTheoryEditor(ctx);
  checkThresholds(t);
  const before = await thresholdsFor(db, theory, evaluation);
  return db.transaction(async (tx) => {
    await tx
      .insert(tocThresholds)
      .values({ theoryId: theory.id, evaluationId: evaluation.id, ...t })
      .onConflictDoUpdate({ target: [tocThresholds.theoryId, tocThresholds.evaluationId], set: { ...t } });
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'toc_thresholds',
      entityId: theory.id,
      action: 'update',
      summary: `Set the thresholds for testing ${theory.name} against ${evaluation.title}`,
      before: {
        evaluationId: evaluation.id,
        minBoth: before.minBoth,
        supportLift: before.supportLift,
        contradictLift: before.contradictLift,
      },
      after: { evaluationId: evaluation.id, minBoth: t.minBoth, supportLift: t.supportLift, contradictLift: t.contradictLift },
    });
    return { ...t, saved: true };
  });
}

// ---- step sets ----------------------------------------------------------------------------------

/** Per step, the codes of this evaluation mapped to it with every sub-code (ids). */
export function stepCodes(rows: Awaited<ReturnType<typeof mappingRows>>, cat: Catalogue, evaluation: Evaluation): Map<string, string[]> {
  const codes = new Map((cat.evaluations.find((e) => e.evaluation.id === evaluation.id)?.codes ?? []).map((c) => [c.id, c.withSubCodes]));
  const out = new Map<string, string[]>();
  for (const m of rows) {
    if (!m.codeId || m.evaluationId !== evaluation.id) continue;
    const ids = codes.get(m.codeId) ?? [m.codeId];
    out.set(m.nodeKey, [...new Set([...(out.get(m.nodeKey) ?? []), ...ids])]);
  }
  return out;
}

async function stepSets(db: Db, ctx: ProgrammeContext, version: Version, evaluation: Evaluation) {
  const [rows, cat] = await Promise.all([mappingRows(db, version), mappingCatalogue(db, ctx)]);
  const codesOf = stepCodes(rows, cat, evaluation);
  const all = [...new Set([...codesOf.values()].flat())];
  const { total, words, sets } = await respondentSetsFor(db, ctx, evaluation, all);
  const steps = new Map<string, Uint32Array>();
  for (const [key, ids] of codesOf)
    steps.set(
      key,
      unionBits(
        ids.map((id) => sets.get(id)!),
        words,
      ),
    );
  return { steps, total, rows, cat, codesOf };
}

// ---- validation ---------------------------------------------------------------------------------

export interface ValidationOptions {
  thresholds?: Partial<Thresholds> | undefined;
}

export async function validateVersion(
  db: Db,
  ctx: ProgrammeContext,
  theory: Theory,
  version: Version,
  evaluation: Evaluation,
  options: ValidationOptions = {},
) {
  const saved = await thresholdsFor(db, theory, evaluation);
  const thresholds: Thresholds = {
    minBoth: options.thresholds?.minBoth ?? saved.minBoth,
    supportLift: options.thresholds?.supportLift ?? saved.supportLift,
    contradictLift: options.thresholds?.contradictLift ?? saved.contradictLift,
  };
  checkThresholds(thresholds);
  const { steps, total } = await stepSets(db, ctx, version, evaluation);
  const model = version.model;
  const found = validateTheory(model, steps, total, thresholds);
  const small = evaluation.disclosureThreshold;
  const hide = (n: number | null) => (n !== null && n > 0 && n < small ? null : n);
  const label = new Map(model.nodes.map((n) => [n.key, n.label]));
  const links = found.links.map((l) => {
    const shown = l.counts
      ? publishableCounts(l.counts, l.lift, small)
      : { respondentsFrom: null, respondentsTo: null, respondentsBoth: null, lift: null, suppressed: false };
    return {
      key: l.key,
      from: l.from,
      to: l.to,
      fromLabel: label.get(l.from) ?? l.from,
      toLabel: label.get(l.to) ?? l.to,
      respondentsFrom: shown.respondentsFrom,
      respondentsTo: shown.respondentsTo,
      respondentsBoth: shown.respondentsBoth,
      lift: shown.lift === null ? null : Math.round(shown.lift * 1000) / 1000,
      suppressed: shown.suppressed,
      status: l.status as LinkClass,
      // The reason quotes counts: a suppressed link's reason is said without them.
      reason: shown.suppressed ? `Counts under ${small} are hidden to protect respondents` : l.reason,
    };
  });
  const suggestions = suggestLinks(model, steps, total, thresholds).flatMap((s) => {
    const shown = publishableCounts(s.counts, s.lift, small);
    if (shown.suppressed) return [];
    return [
      {
        from: s.from,
        to: s.to,
        fromLabel: label.get(s.from) ?? s.from,
        toLabel: label.get(s.to) ?? s.to,
        respondentsBoth: shown.respondentsBoth,
        lift: shown.lift === null ? null : Math.round(shown.lift * 1000) / 1000,
      },
    ];
  });
  return {
    theory: { id: theory.id, name: theory.name },
    version: { id: version.id, name: version.name, status: version.status },
    evaluation: { slug: evaluation.slug, title: evaluation.title },
    total: hide(found.total),
    disclosureThreshold: small,
    thresholds: { ...thresholds, saved: saved.saved },
    nodes: found.nodes.map((n) => ({
      key: n.key,
      label: label.get(n.key) ?? n.key,
      mapped: n.respondents !== null,
      respondents: hide(n.respondents),
    })),
    links,
    suggestions,
    flags: links
      .filter((l) => l.status === 'contradicted' || l.status === 'weak')
      .map((l) => ({ key: l.key, status: l.status, words: `${l.fromLabel} → ${l.toLabel}: ${l.reason}` })),
  };
}

export type Validation = Awaited<ReturnType<typeof validateVersion>>;

/** Validation CSV: `from,to,respondents_from,respondents_to,respondents_both,lift,status`, a row per link, step labels. */
export function validationRows(v: Validation): string[][] {
  return v.links.map(validationRow);
}
export { VALIDATION_COLUMNS };

// ---- evidence on steps --------------------------------------------------------------------------

/** Each step's mapped evidence: respondents per evaluation (small counts hidden) and the latest total of each mapped indicator with its period. */
export async function stepEvidence(db: Db, ctx: ProgrammeContext, version: Version) {
  const [rows, cat] = await Promise.all([mappingRows(db, version), mappingCatalogue(db, ctx)]);
  const respondents: { nodeKey: string; evaluation: { slug: string; title: string }; respondents: number | null }[] = [];
  for (const { evaluation } of cat.evaluations) {
    const codesOf = stepCodes(rows, cat, evaluation);
    if (!codesOf.size) continue;
    const all = [...new Set([...codesOf.values()].flat())];
    const { words, sets } = await respondentSetsFor(db, ctx, evaluation, all);
    for (const [nodeKey, ids] of codesOf) {
      let n = 0;
      const bits = unionBits(
        ids.map((id) => sets.get(id)!),
        words,
      );
      for (let w = 0; w < bits.length; w++) {
        let x = bits[w]!;
        while (x) {
          x &= x - 1;
          n++;
        }
      }
      respondents.push({
        nodeKey,
        evaluation: { slug: evaluation.slug, title: evaluation.title },
        respondents: n > 0 && n < evaluation.disclosureThreshold ? null : n,
      });
    }
  }
  const wanted = new Set(rows.flatMap((m) => (m.indicatorId ? [m.indicatorId] : [])));
  const latest = new Map<string, { value: number | null; basis: string; period: { id: string; label: string } }>();
  if (wanted.size) {
    const periods = (await listPeriods(db, ctx, { page: 1, pageSize: 12 })).rows;
    for (const p of periods) {
      if ([...wanted].every((id) => latest.has(id))) break;
      const answer = await portfolioFor(db, ctx, p.id);
      for (const id of wanted) {
        const total = answer.table.totals[id];
        if (!latest.has(id) && total && total.value !== null)
          latest.set(id, { value: total.value, basis: total.basis, period: { id: p.id, label: p.label } });
      }
    }
  }
  const indicators = rows.flatMap((m) => {
    if (!m.indicatorId) return [];
    const def = cat.indicators.find((i) => i.id === m.indicatorId);
    const l = latest.get(m.indicatorId);
    return [
      {
        nodeKey: m.nodeKey,
        indicator: { id: m.indicatorId, key: def?.key ?? '', label: def?.label ?? '', unit: def?.unit ?? '' },
        total: l?.value ?? null,
        basis: l?.basis ?? null,
        period: l?.period ?? null,
      },
    ];
  });
  return { respondents, indicators };
}

// ---- drill and suggestions ----------------------------------------------------------------------

/** The respondents at both ends of a link and their publishable quotes (managers and evaluators). */
export async function linkRespondents(db: Db, ctx: ProgrammeContext, version: Version, evaluation: Evaluation, linkKey: string) {
  const link = version.model.links.find((l) => l.key === linkKey);
  if (!link) throw new Invalid(`${version.name} has no such link`, [{ path: ['linkKey'], message: 'Choose a link of this version' }]);
  const [rows, cat] = await Promise.all([mappingRows(db, version), mappingCatalogue(db, ctx)]);
  const codesOf = stepCodes(rows, cat, evaluation);
  const label = (k: string) => version.model.nodes.find((n) => n.key === k)?.label ?? k;
  const found = await respondentsWithBoth(db, ctx, evaluation, codesOf.get(link.from) ?? [], codesOf.get(link.to) ?? []);
  return { link: { key: link.key, fromLabel: label(link.from), toLabel: label(link.to) }, ...found };
}

/** Accepting a suggested link: a new draft of the version with the link added, its rationale saying why. */
export async function acceptSuggestion(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  theory: Theory,
  version: Version,
  input: { from: string; to: string; rationale?: string | undefined },
) {
  requireTheoryEditor(ctx);
  const model = structuredClone(version.model);
  const has = (k: string) => model.nodes.some((n) => n.key === k);
  if (!has(input.from) || !has(input.to))
    throw new Invalid('Choose two steps of this version', [
      { path: [has(input.from) ? 'to' : 'from'], message: 'Choose a step of this version' },
    ]);
  const key = keyFrom(`${input.from}-${input.to}`, new Set(model.links.map((l) => l.key)));
  model.links.push({
    key,
    from: input.from,
    to: input.to,
    rationale: input.rationale?.trim() || 'Suggested by the evidence: respondents at one step often were at the other too',
    interventions: [],
    assumptions: [],
  });
  return createDraft(db, ctx, actor, theory, { fromVersionId: version.id, model });
}
