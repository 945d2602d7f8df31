import type { Db } from '../../../db/database.js';
import { Forbidden, Invalid } from '../../../errors.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { crosstabTallies } from './crosstab-counts.js';
import { crosstabFromTallies } from '../domain/crosstab-tallies.js';
import {
  type BuiltInDimension,
  type Crosstab,
  DIMENSIONS,
  type Dimension,
  crosstab,
  crosstabToCsv,
  matrixToCsv,
  parseDimension,
  respondentMatrix,
} from '../domain/crosstab.js';
import { type ProtectedCrosstab, protectCrosstab } from '../domain/disclosure.js';
import { dimensionWords } from '../domain/figures.js';
import type { RespondentFilters } from '../domain/respondents.js';
import { analysisData, attributeNames, groupOrderFor } from './data.js';
import { familyBaseRefs, familyBasesOf } from '../respondents/bases.js';
import { type Evaluation, canWorkWithRespondents, requireEvaluator } from '../evaluations/service.js';
import { flattenCodes, getCodebook } from '../codebook/service.js';

export interface CrosstabQuery {
  family: string;
  by?: string | undefined;
  phase?: string | undefined;
  place?: string | undefined;
  participantType?: string | undefined;
  /** Show what disclosure control hides, in every format: evaluators and managers only, audited. */
  includeSmallGroups?: boolean | undefined;
}

export interface CrosstabOptions {
  /** What the table is for, in the audit row: "as CSV", "as a chart". */
  use?: string;
  /** False when the caller records one audit row for several tables (the figure set). */
  recordOverride?: boolean;
}

type Revealed = ProtectedCrosstab['revealed'];

/** "Partner (2); hidden with them, so that they could not be worked out: Community Member (6)". */
export function revealedWords(revealed: Revealed): string {
  const list = (gs: Revealed) => gs.map((g) => `${g.group} (${g.nGroup})`).join(', ');
  const small = revealed.filter((g) => g.reason === 'small group');
  const secondary = revealed.filter((g) => g.reason === 'secondary');
  return [list(small), secondary.length ? `hidden with them, so that they could not be worked out: ${list(secondary)}` : '']
    .filter(Boolean)
    .join('; ');
}

/** Every use of the override leaves an audit row naming what it revealed, in its own transaction. */
/** What an export that shows small groups on purpose records (labelled in evaluation/audit-wording.ts). */
export type OverrideRecord = {
  family?: string;
  by?: string | null;
  filters?: RespondentFilters;
  groups?: unknown[];
  figures?: unknown[];
};

export async function recordOverride(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  evaluationId: string,
  summary: string,
  after: OverrideRecord,
) {
  await db.transaction((tx) =>
    recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'evaluation',
      entityId: evaluationId,
      action: 'export-small-groups',
      summary,
      after,
    }),
  );
}

const filtersOf = (q: Pick<CrosstabQuery, 'phase' | 'place' | 'participantType'>): RespondentFilters => ({
  ...(q.phase ? { phase: q.phase } : {}),
  ...(q.place ? { place: q.place } : {}),
  ...(q.participantType ? { participantType: q.participantType } : {}),
});

/**
 * The cross-tab of one family by one dimension, over respondents with consent given, with disclosure
 * control applied (domain/disclosure.ts): every format is written from the table this returns, so none
 * can show what the rule hides. Open to the programme's team (aggregates only). The override
 * (`includeSmallGroups`) is for evaluators and managers only (403 otherwise), and each use that reveals
 * anything is audited here.
 */
export async function crosstabFor(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  evaluation: Evaluation,
  q: CrosstabQuery,
  options: CrosstabOptions = {},
) {
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
  // The family's base: only the respondents asked its question are counted (null: everyone was).
  const base = await familyBaseRefs(db, family.id);
  let table: Crosstab;
  if (base === null && (by === null || !by.startsWith('attribute:'))) {
    // Built-in dimensions: from the counts the database keeps (decision 009), not from every coding.
    const [tallies, groupOrder] = await Promise.all([
      crosstabTallies(db, evaluation.id, codes, by as BuiltInDimension | null, filtersOf(q)),
      groupOrderFor(db, ctx, by),
    ]);
    table = crosstabFromTallies({ ...tallies, groupOrder });
  } else {
    // Attributes are free-form per respondent and not in the counts, and the kept counts know no
    // bases: counted from the respondents (those asked, when the family has a base).
    const [{ respondents, codings }, groupOrder] = await Promise.all([
      analysisData(
        db,
        evaluation.id,
        codes.map((c) => c.id),
      ),
      groupOrderFor(db, ctx, by),
    ]);
    table = crosstab({ respondents, codings, codes, by, filters: filtersOf(q), groupOrder, base });
  }
  const threshold = evaluation.disclosureThreshold;
  const protectedTable = protectCrosstab(table, threshold, { override: Boolean(q.includeSmallGroups) });
  if (protectedTable.revealed.length && options.recordOverride !== false) {
    const words = `the ${family.label} cross-tab${by ? ` by ${dimensionWords(by)}` : ''}${options.use ? ` ${options.use}` : ''}`;
    await recordOverride(
      db,
      ctx,
      actor,
      evaluation.id,
      `Exported ${words} showing groups under ${threshold} respondents: ${revealedWords(protectedTable.revealed)}`,
      {
        family: family.key,
        by,
        filters: filtersOf(q),
        groups: protectedTable.revealed,
      },
    );
  }
  return { evaluation, family: { key: family.key, label: family.label }, table: protectedTable, threshold, everyoneAsked: base === null };
}

export type CrosstabResult = Awaited<ReturnType<typeof crosstabFor>>;

/**
 * The JSON answer: a suppressed group has its size, counts and percents null, `suppressed: true` and a
 * `reason` ('small group' or 'secondary'); `small` flags groups under the threshold.
 */
export function crosstabView(result: CrosstabResult) {
  const { table, threshold } = result;
  return {
    evaluation: { slug: result.evaluation.slug, title: result.evaluation.title },
    family: result.family,
    by: table.by,
    total: table.total,
    everyoneAsked: result.everyoneAsked,
    overlapping: table.overlapping,
    disclosureThreshold: threshold,
    includesSmallGroups: table.override,
    groups: table.groups,
    rows: table.rows,
  };
}

/** The CSV (`group,n_group,code,n_code,percent`): suppressed groups' cells, their size included, blank. */
export function crosstabCsv(result: CrosstabResult) {
  return { csv: crosstabToCsv(result.table.rows), suppressed: result.table.suppressed };
}

/**
 * The respondent × code table (0/1 per code; one family or all of them), for SPSS, R or Excel.
 * Respondent-level data, so no disclosure control can apply within it (every row is one person):
 * evaluators and managers only — exactly those who hold the cross-tab's override — and every export
 * is audited (`export-matrix`). Anyone else gets 403 and learns no count from it.
 */
export async function matrixFor(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  evaluation: Evaluation,
  q: { family?: string | undefined; phase?: string | undefined; place?: string | undefined; participantType?: string | undefined },
) {
  requireEvaluator(ctx);
  const codebook = await getCodebook(db, ctx, evaluation);
  if (q.family && !codebook.some((f) => f.key === q.family)) {
    const message = `There is no code family ${q.family}: use one of ${codebook.map((f) => f.key).join(', ')}`;
    throw new Invalid(message, [{ path: ['family'], message }]);
  }
  const codeList = flattenCodes(codebook, q.family);
  const [{ respondents, codings }, bases] = await Promise.all([
    analysisData(
      db,
      evaluation.id,
      codeList.map((c) => c.id),
    ),
    familyBasesOf(db, evaluation.id),
  ]);
  const familyIdOf = new Map(codebook.map((f) => [f.key, f.id] as const));
  // Family in the label: two families may each have a code called "Trust". A code of a family the
  // respondent was not asked about is blank, not 0.
  const matrix = respondentMatrix(
    respondents,
    codings,
    codeList.map((c) => ({ id: c.id, name: `${c.family}: ${c.name}` })),
    { filters: filtersOf(q), bases: codeList.map((c) => bases.get(familyIdOf.get(c.family)!) ?? null) },
  );
  // Row-level data holds every group, however small: the override's reach, so recorded as its use is.
  await db.transaction((tx) =>
    recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'evaluation',
      entityId: evaluation.id,
      action: 'export-matrix',
      summary: `Exported the respondent × code table of ${evaluation.title}${q.family ? ` (${q.family})` : ''}: ${matrix.rows.length} respondent${matrix.rows.length === 1 ? '' : 's'}`,
      after: { family: q.family ?? null, filters: filtersOf(q), respondents: matrix.rows.length },
    }),
  );
  return { evaluation, matrix, csv: matrixToCsv(matrix) };
}
