import type { Db } from '../../db/database.js';
import { Forbidden, Invalid } from '../../http/errors.js';
import { type Actor, recordAudit } from '../audit/audit.js';
import type { ProgrammeContext } from '../programmes/context.js';
import { crosstabTallies } from './crosstab-counts.js';
import { crosstabFromTallies } from './domain/crosstab-tallies.js';
import {
  type BuiltInDimension, type Crosstab, DIMENSIONS, type Dimension, crosstab, crosstabToCsv, flagSmallGroups, matrixToCsv, parseDimension, respondentMatrix, suppress,
} from './domain/crosstab.js';
import type { RespondentFilters } from './domain/respondents.js';
import {
  analysisData, attributeNames, canWorkWithRespondents, flattenCodes, getCodebook, groupOrderFor, loadEvaluation, requireEvaluator,
} from './service.js';

export interface CrosstabQuery {
  family: string;
  by?: string | undefined;
  phase?: string | undefined;
  place?: string | undefined;
  participantType?: string | undefined;
  /** Show groups under the disclosure threshold in an export: evaluators and managers only, audited. */
  includeSmallGroups?: boolean | undefined;
}

const filtersOf = (q: Pick<CrosstabQuery, 'phase' | 'place' | 'participantType'>): RespondentFilters => ({
  ...(q.phase ? { phase: q.phase } : {}),
  ...(q.place ? { place: q.place } : {}),
  ...(q.participantType ? { participantType: q.participantType } : {}),
});

/**
 * The cross-tab of one family by one dimension, over respondents with consent given. Open to the
 * programme's team (aggregates only); groups under the evaluation's disclosure threshold are flagged.
 */
export async function crosstabFor(db: Db, ctx: ProgrammeContext, slug: string, q: CrosstabQuery) {
  const evaluation = await loadEvaluation(db, ctx, slug);
  if (q.includeSmallGroups && !canWorkWithRespondents(ctx)) {
    throw new Forbidden('Only the programme’s evaluators and managers can show groups smaller than the disclosure threshold.');
  }
  const codebook = await getCodebook(db, ctx, evaluation);
  const family = codebook.find((f) => f.key === q.family);
  if (!family) {
    const message = `There is no code family ${q.family}: use one of ${codebook.map((f) => f.key).join(', ')}`;
    throw new Invalid(message, [{ path: ['family'], message }]);
  }
  let by: Dimension | null;
  // The attribute names (a scan of every respondent) only when the text is no built-in dimension.
  // Read outside the try: a database error is no fault of `by`.
  const text = q.by?.trim() ?? '';
  const plain = text === '' || text.startsWith('attribute:') || (DIMENSIONS as readonly string[]).includes(text);
  const names = plain ? [] : await attributeNames(db, evaluation.id);
  try {
    by = parseDimension(q.by, names);
  } catch (err) {
    const message = (err as Error).message;
    throw new Invalid(message, [{ path: ['by'], message }]);
  }
  const codeList = flattenCodes(codebook, family.key);
  const codes = codeList.map((c) => ({ id: c.id, name: c.name }));
  let table: Crosstab;
  if (by === null || !by.startsWith('attribute:')) {
    // Built-in dimensions: from the counts the database keeps (decision 009), not from every coding.
    const [tallies, groupOrder] = await Promise.all([
      crosstabTallies(db, evaluation.id, codes, by as BuiltInDimension | null, filtersOf(q)),
      groupOrderFor(db, ctx, by),
    ]);
    table = crosstabFromTallies({ ...tallies, groupOrder });
  } else {
    // Attributes are free-form per respondent and not in the counts: counted from the respondents.
    const [{ respondents, codings }, groupOrder] = await Promise.all([analysisData(db, evaluation.id, codes.map((c) => c.id)), groupOrderFor(db, ctx, by)]);
    table = crosstab({ respondents, codings, codes, by, filters: filtersOf(q), groupOrder });
  }
  const threshold = evaluation.disclosureThreshold;
  return { evaluation, family: { key: family.key, label: family.label }, table, threshold };
}

export type CrosstabResult = Awaited<ReturnType<typeof crosstabFor>>;

/** The JSON answer: every row with its small-group flag. */
export function crosstabView(result: CrosstabResult) {
  const { table, threshold } = result;
  return {
    evaluation: { slug: result.evaluation.slug, title: result.evaluation.title },
    family: result.family,
    by: table.by,
    total: table.total,
    overlapping: table.overlapping,
    disclosureThreshold: threshold,
    groups: table.groups.map((g) => ({ ...g, small: g.nGroup < threshold })),
    rows: flagSmallGroups(table.rows, threshold),
  };
}

/**
 * The CSV (`group,n_group,code,n_code,percent`), small groups blanked unless the evaluator chose to
 * show them, which is recorded in the audit trail with the groups it revealed.
 */
export async function crosstabCsv(db: Db, ctx: ProgrammeContext, actor: Actor, result: CrosstabResult, includeSmallGroups: boolean) {
  const out = suppress(result.table.rows, result.threshold, { override: includeSmallGroups });
  if (includeSmallGroups && out.shownDespiteThreshold.length) {
    await db.transaction((tx) =>
      recordAudit(tx, actor, {
        programmeId: ctx.programme.id, entityType: 'evaluation', entityId: result.evaluation.id, action: 'export-small-groups',
        summary: `Exported the ${result.family.label} cross-tab showing groups under ${result.threshold} respondents: ${out.shownDespiteThreshold.map((g) => `${g.group} (${g.nGroup})`).join(', ')}`,
        after: { family: result.family.key, by: result.table.by, groups: out.shownDespiteThreshold },
      }),
    );
  }
  return { csv: crosstabToCsv(out.rows), suppressed: out.suppressed };
}

/**
 * The respondent × code table (0/1 per code; one family or all of them), for SPSS, R or Excel.
 * Respondent-level data: evaluators and managers only.
 */
export async function matrixFor(db: Db, ctx: ProgrammeContext, slug: string, q: { family?: string | undefined; phase?: string | undefined; place?: string | undefined; participantType?: string | undefined }) {
  requireEvaluator(ctx);
  const evaluation = await loadEvaluation(db, ctx, slug);
  const codebook = await getCodebook(db, ctx, evaluation);
  if (q.family && !codebook.some((f) => f.key === q.family)) {
    const message = `There is no code family ${q.family}: use one of ${codebook.map((f) => f.key).join(', ')}`;
    throw new Invalid(message, [{ path: ['family'], message }]);
  }
  const codeList = flattenCodes(codebook, q.family);
  const { respondents, codings } = await analysisData(db, evaluation.id, codeList.map((c) => c.id));
  // Family in the label: two families may each have a code called "Trust".
  const matrix = respondentMatrix(respondents, codings, codeList.map((c) => ({ id: c.id, name: `${c.family}: ${c.name}` })), { filters: filtersOf(q) });
  return { evaluation, matrix, csv: matrixToCsv(matrix) };
}
