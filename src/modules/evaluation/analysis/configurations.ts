/**
 * Context–mechanism–outcome configurations over an evaluation's respondents (consent given only), and
 * the drill-down from any cell to the respondents behind it. The arithmetic is domain/configurations.ts;
 * this loads the data set-based (analysisData: two queries whatever the size) and applies disclosure
 * control.
 *
 * Disclosure: a configuration is a count of people who said three things, and with filters (one place,
 * one participant type) a small count can point at a person. So for anyone but evaluators and
 * managers, combinations fewer respondents share than the evaluation's disclosure threshold are not
 * sent at all (the minimum support is raised to the threshold); evaluators and managers see them,
 * flagged `small`. The drill-down names respondents, so it is for evaluators and managers only, and
 * it carries only the quotes marked publishable (with their attribution, never a name).
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../db/database.js';
import { Invalid } from '../../../errors.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { type Configuration, type Pair, buildCodeIndex, findConfigurations, respondentsFor } from '../domain/configurations.js';
import type { RespondentFilters } from '../domain/respondents.js';
import { quotes, respondents } from '../schema.js';
import { analysisData } from './data.js';
import { type Evaluation, canWorkWithRespondents, requireEvaluator } from '../evaluations/service.js';
import { flattenCodes, getCodebook } from '../codebook/service.js';

export const OUTCOME_FAMILIES = ['short_term_outcome', 'long_term_outcome'] as const;
export type OutcomeFamily = (typeof OUTCOME_FAMILIES)[number];

export interface ConfigurationFilters {
  phase?: string | undefined;
  place?: string | undefined;
  participantType?: string | undefined;
}

export interface ConfigurationsQuery extends ConfigurationFilters {
  /** Leave out combinations fewer respondents identified together. Default: the disclosure threshold (at least 1). */
  minSupport?: number | undefined;
  /** Outcomes from this family only; both outcome families without it. */
  outcomeFamily?: OutcomeFamily | undefined;
  /** At most this many configurations (and pairs of each kind), best first. Default 200. */
  limit?: number | undefined;
}

const filtersOf = (q: ConfigurationFilters): RespondentFilters => ({
  ...(q.phase ? { phase: q.phase } : {}),
  ...(q.place ? { place: q.place } : {}),
  ...(q.participantType ? { participantType: q.participantType } : {}),
});

interface CodeInfo {
  id: string;
  name: string;
  family: string;
}

/** The context, mechanism and outcome codes in codebook order (an outcome family or both). */
async function cmoCodes(db: Db, ctx: ProgrammeContext, evaluation: Evaluation, outcomeFamily?: OutcomeFamily) {
  const codebook = await getCodebook(db, ctx, evaluation);
  const contexts = flattenCodes(codebook, 'context');
  const mechanisms = flattenCodes(codebook, 'mechanism');
  const outcomes = (outcomeFamily ? [outcomeFamily] : OUTCOME_FAMILIES).flatMap((f) => flattenCodes(codebook, f));
  const byId = new Map<string, CodeInfo>([...contexts, ...mechanisms, ...outcomes].map((c) => [c.id, c]));
  const families = new Map(codebook.map((f) => [f.key, f.label]));
  return { contexts, mechanisms, outcomes, byId, families };
}

export async function configurationsFor(db: Db, ctx: ProgrammeContext, evaluation: Evaluation, q: ConfigurationsQuery) {
  const threshold = evaluation.disclosureThreshold;
  const evaluator = canWorkWithRespondents(ctx);
  const asked = q.minSupport ?? Math.max(1, threshold);
  // Others never receive combinations under the threshold: raised here, before anything is counted.
  const minSupport = evaluator ? asked : Math.max(asked, threshold, 1);
  const limit = q.limit ?? 200;
  const { contexts, mechanisms, outcomes, byId, families } = await cmoCodes(db, ctx, evaluation, q.outcomeFamily);
  const { respondents: people, codings } = await analysisData(db, evaluation.id, [...byId.keys()]);
  const index = buildCodeIndex(people, codings, { filters: filtersOf(q) });
  const found = findConfigurations(index, {
    contexts: contexts.map((c) => c.id),
    mechanisms: mechanisms.map((c) => c.id),
    outcomes: outcomes.map((c) => c.id),
    minSupport,
  });
  const code = (id: string) => {
    const c = byId.get(id)!;
    return { id: c.id, name: c.name, family: c.family };
  };
  const configuration = (c: Configuration) => ({
    context: code(c.context),
    mechanism: code(c.mechanism),
    outcome: code(c.outcome),
    support: c.support,
    share: c.share,
    lift: c.lift,
    small: c.support < threshold,
  });
  const pair = (p: Pair) => ({
    from: code(p.from),
    to: code(p.to),
    support: p.support,
    share: p.share,
    lift: p.lift,
    confidence: p.confidence,
    small: p.support < threshold,
  });
  return {
    evaluation: { slug: evaluation.slug, title: evaluation.title },
    total: found.total,
    minSupport,
    /** The support asked for, when it was raised to the threshold for someone who is not an evaluator. */
    raisedFrom: minSupport !== asked ? asked : null,
    disclosureThreshold: threshold,
    outcomeFamilies: (q.outcomeFamily ? [q.outcomeFamily] : [...OUTCOME_FAMILIES]).map((key) => ({ key, label: families.get(key) ?? key })),
    found: {
      configurations: found.configurations.length,
      contextMechanism: found.contextMechanism.length,
      mechanismOutcome: found.mechanismOutcome.length,
    },
    configurations: found.configurations.slice(0, limit).map(configuration),
    contextMechanism: found.contextMechanism.slice(0, limit).map(pair),
    mechanismOutcome: found.mechanismOutcome.slice(0, limit).map(pair),
    abilities: { respondents: evaluator },
  };
}

export type ConfigurationsResult = Awaited<ReturnType<typeof configurationsFor>>;

/** At most this many respondents are listed behind a cell (in reference order); `found` gives them all. */
export const CELL_LIST_LIMIT = 1000;

export interface CellQuery extends ConfigurationFilters {
  context?: string | undefined;
  mechanism?: string | undefined;
  outcome?: string | undefined;
}

/**
 * The respondents (consent given, filters matched) who identified every code of a cell: a context, a
 * mechanism, an outcome, or any of them together. Evaluators and managers only. Each code must be of
 * its family in this evaluation, or the answer is a 422 naming the field.
 */
export async function cellRespondents(db: Db, ctx: ProgrammeContext, evaluation: Evaluation, q: CellQuery) {
  requireEvaluator(ctx);
  const { byId } = await cmoCodes(db, ctx, evaluation);
  const wanted: Record<'context' | 'mechanism' | 'outcome', readonly string[]> = {
    context: ['context'],
    mechanism: ['mechanism'],
    outcome: OUTCOME_FAMILIES,
  };
  const errors: { path: string[]; message: string }[] = [];
  const cell: { context?: string; mechanism?: string; outcome?: string } = {};
  for (const field of ['context', 'mechanism', 'outcome'] as const) {
    const id = q[field];
    if (id === undefined) continue;
    const c = byId.get(id);
    if (!c || !wanted[field].includes(c.family)) {
      errors.push({
        path: [field],
        message:
          field === 'outcome'
            ? 'That is not a short-term or long-term outcome code of this evaluation'
            : `That is not a ${field} code of this evaluation`,
      });
    } else cell[field] = id;
  }
  if (!q.context && !q.mechanism && !q.outcome)
    errors.push({ path: ['context'], message: 'Choose at least one code: a context, a mechanism or an outcome' });
  if (errors.length) throw new Invalid(`${errors.map((e) => e.message).join('. ')}.`, errors);

  const ids = Object.values(cell);
  const { respondents: people, codings } = await analysisData(db, evaluation.id, ids);
  const index = buildCodeIndex(people, codings, { filters: filtersOf(q) });
  const found = respondentsFor(index, cell);
  // A cell of one common code can hold most of a large evaluation: list the first, say how many.
  const refs = [...found].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).slice(0, CELL_LIST_LIMIT);
  // analysisData speaks in pseudonymous refs; the screens link by id.
  const rows = refs.length
    ? await db
        .select({ id: respondents.id, ref: respondents.ref })
        .from(respondents)
        .where(and(eq(respondents.evaluationId, evaluation.id), inArray(respondents.ref, refs)))
        .orderBy(asc(respondents.ref))
    : [];
  const idOf = new Map(rows.map((r) => [r.ref, r.id]));
  const said = rows.length
    ? await db
        .select({ id: quotes.id, respondentId: quotes.respondentId, text: quotes.text, attribution: quotes.attribution })
        .from(quotes)
        .where(
          and(
            inArray(
              quotes.respondentId,
              rows.map((r) => r.id),
            ),
            eq(quotes.publishable, true),
          ),
        )
        .orderBy(asc(quotes.createdAt))
    : [];
  const quotesOf = new Map<string, { id: string; text: string; attribution: string }[]>();
  for (const q of said) {
    const list = quotesOf.get(q.respondentId) ?? quotesOf.set(q.respondentId, []).get(q.respondentId)!;
    list.push({ id: q.id, text: q.text, attribution: q.attribution });
  }
  const byRef = new Map(people.map((p) => [p.id, p]));
  const list = refs.map((ref) => {
    const p = byRef.get(ref)!;
    const id = idOf.get(ref)!;
    return {
      id,
      ref,
      participantType: p.participantType,
      project: p.project ?? null,
      themes: [...p.themes],
      place: p.place,
      phase: p.phase,
      quotes: quotesOf.get(id) ?? [],
    };
  });
  const code = (id: string | undefined) => (id ? { id, name: byId.get(id)!.name, family: byId.get(id)!.family } : null);
  return {
    evaluation,
    cell: { context: code(cell.context), mechanism: code(cell.mechanism), outcome: code(cell.outcome) },
    total: index.respondentIds.length,
    found: found.length,
    respondents: list,
  };
}
