import { randomUUID } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { announceChange } from '../../../db/changes.js';
import { CopySpool, copyCell, copyRows } from '../../../db/copy.js';
import type { Db, Queryable } from '../../../db/database.js';
import { Conflict, Invalid, conflictFromDb } from '../../../errors.js';
import { type Actor, diffRecords, recordAudit } from '../../audit/audit.js';
import { partnerships } from '../../partnerships/schema.js';
import { type ProgrammeContext, requireManager } from '../../programmes/context.js';
import { type Figure, entryOf, figuresOfReturns } from '../returns/figures.js';
import { type ReturnStatus, indicators, monitoringReturns, reportingPeriods } from '../schema.js';
import { describeValue } from '../returns/values.js';
import {
  type ColumnProblem,
  HeaderProblems,
  type Known,
  type PlannedReturn,
  type PlannedValue,
  type RowError,
  ReturnsPlanner,
  layoutOf,
} from './plan.js';
import { type ReturnsSource, estimateRows, readReturnsFile } from './read.js';

export interface ReturnsImportInput {
  source: ReturnsSource;
  /** The reporting period's label; a period with no such label is created by the import. */
  period: string;
}

/** Called as the import goes: `phase` says whether rows are being read or returns written. */
export type ImportProgress = (phase: 'read' | 'write', done: number, total: number | null) => void;

export interface ReturnsImportResult {
  period: { id: string | null; label: string; created: boolean; startsOn: string | null; endsOn: string | null; dueOn: string | null };
  rows: number;
  returns: {
    row: number;
    partnership: string;
    replaces: ReturnStatus | null;
    reported: number;
    notReported: number;
    comparabilityNote: string;
  }[];
}

const todayIso = () => new Date().toISOString().slice(0, 10);

async function loadKnown(db: Queryable, programmeId: string, periodLabel: string) {
  const defs = await db
    .select({ id: indicators.id, key: indicators.key, label: indicators.label, unit: indicators.unit, required: indicators.required })
    .from(indicators)
    .where(eq(indicators.programmeId, programmeId))
    .orderBy(asc(indicators.position), asc(indicators.key));
  const ps = await db
    .select({ id: partnerships.id, name: partnerships.name })
    .from(partnerships)
    .where(eq(partnerships.programmeId, programmeId));
  const [period] = await db
    .select()
    .from(reportingPeriods)
    .where(and(eq(reportingPeriods.programmeId, programmeId), sql`lower(${reportingPeriods.label}) = lower(${periodLabel})`));
  const existing = period
    ? await db
        .select({ id: monitoringReturns.id, partnershipId: monitoringReturns.partnershipId, status: monitoringReturns.status })
        .from(monitoringReturns)
        .where(eq(monitoringReturns.periodId, period.id))
    : [];
  const known: Known = {
    indicators: defs,
    partnerships: ps,
    returns: new Map(existing.map((r) => [r.partnershipId, { id: r.id, status: r.status }])),
  };
  return { known, period: period ?? null };
}

const rowPath = (e: RowError) => (e.column === 'row' ? ['rows', e.row] : ['rows', e.row, e.column]);

const headerMessage = (known: Known, unknown: string[]) =>
  `The first row must name the columns: partnership, then indicator keys of this programme (${known.indicators.map((i) => i.key).join(', ') || 'none defined yet'}), and optionally note.` +
  (unknown.length ? ` Unknown: ${unknown.map((u) => `“${u}”`).join(', ')}.` : '');

/** What the import keeps of each good row: enough to preview it and to report what was done. */
export interface ImportedRow {
  row: number;
  partnershipId: string;
  partnershipName: string;
  existing: PlannedReturn['existing'];
  reported: number;
  notReported: number;
  comparabilityNote: string;
}

function summaryOf(p: PlannedReturn): ImportedRow {
  let notReported = 0;
  for (const v of p.values) if (v.notReported) notReported++;
  return {
    row: p.row,
    partnershipId: p.partnershipId,
    partnershipName: p.partnershipName,
    existing: p.existing,
    reported: p.values.length - notReported,
    notReported,
    comparabilityNote: p.comparabilityNote,
  };
}

/**
 * Streams the file through the planner, handing each good row to `onPlanned` and yielding after each
 * row whether the file is good so far, so a caller can write rows as they come and stop writing at the
 * first problem. Every problem in the columns and the rows is gathered; at the end they are thrown
 * together (columns at `['columns', heading]`, cells at `['rows', n, heading]`).
 */
async function* planStreamed(
  known: Known,
  source: ReturnsSource,
  onPlanned: (p: PlannedReturn) => void,
  onRow?: (row: number) => void,
): AsyncGenerator<boolean> {
  let planner: ReturnsPlanner | null = null;
  let columnProblems: ColumnProblem[] = [];
  let planned = 0;
  for await (const line of readReturnsFile(source)) {
    if (!planner) {
      // Wholly empty lines above the header are passed over, as a spreadsheet program shows them.
      if (line.cells.every((c) => c.trim() === '')) continue;
      try {
        const { layout, problems } = layoutOf(line.cells, known.indicators);
        planner = new ReturnsPlanner(layout, known, (p) => {
          planned++;
          onPlanned(p);
        });
        columnProblems = problems;
      } catch (err) {
        if (!(err instanceof HeaderProblems)) throw err;
        throw new Invalid(
          headerMessage(known, err.unknown),
          err.problems.map((p) => ({ path: ['columns', p.column], message: p.message })),
        );
      }
      continue;
    }
    planner.add(line.row, line.cells);
    onRow?.(line.row);
    yield columnProblems.length === 0 && planner.errors.length === 0;
  }
  if (!planner) throw new Invalid('The file has no rows. The first row should name the columns: partnership, then the indicator keys.');
  if (columnProblems.length || planner.errors.length) {
    const bad = new Set(planner.errors.map((e) => e.row)).size;
    const problems = (k: number) => `${k} problem${k === 1 ? '' : 's'}`;
    const parts = [
      columnProblems.length ? `${problems(columnProblems.length)} in the column headings` : '',
      planner.errors.length ? `${problems(planner.errors.length)} in ${bad} row${bad === 1 ? '' : 's'}` : '',
    ].filter(Boolean);
    throw new Invalid(`Nothing was imported: ${parts.join(' and ')}. Fix them and import the file again.`, [
      ...columnProblems.map((p) => ({ path: ['columns', p.column], message: p.message })),
      ...planner.errors.map((e) => ({ path: rowPath(e), message: e.message })),
    ]);
  }
  if (planned === 0) throw new Invalid('The file has a header row but no partnerships under it.');
}

function resultOf(
  label: string,
  period: typeof reportingPeriods.$inferSelect | null,
  created: boolean,
  rows: ImportedRow[],
): ReturnsImportResult {
  return {
    period: {
      id: period?.id ?? null,
      label: period?.label ?? label,
      created,
      startsOn: period?.startsOn ?? null,
      endsOn: period?.endsOn ?? null,
      dueOn: period?.dueOn ?? null,
    },
    rows: rows.length,
    returns: rows.map((p) => ({
      row: p.row,
      partnership: p.partnershipName,
      replaces: p.existing?.status ?? null,
      reported: p.reported,
      notReported: p.notReported,
      comparabilityNote: p.comparabilityNote,
    })),
  };
}

const cleanLabel = (label: string) => {
  const l = label.trim().replace(/\s+/g, ' ');
  if (!l)
    throw new Invalid('Name the reporting period the returns are for', [
      { path: ['period'], message: 'Give the reporting period’s label' },
    ]);
  if (l.length > 120)
    throw new Invalid('The reporting period’s label is too long', [{ path: ['period'], message: 'At most 120 characters' }]);
  return l;
};

/** What importing the file would do, writing nothing. Any bad row answers 422 listing every problem. */
export async function previewReturnsImport(db: Db, ctx: ProgrammeContext, input: ReturnsImportInput, onProgress?: ImportProgress) {
  requireManager(ctx);
  const label = cleanLabel(input.period);
  const { known, period } = await loadKnown(db, ctx.programme.id, label);
  const rows: ImportedRow[] = [];
  const onRow = (row: number) => (row % 1000 === 0 ? onProgress?.('read', row, null) : undefined);
  for await (const _good of planStreamed(known, input.source, (p) => rows.push(summaryOf(p)), onRow)) {
    /* every row checked */
  }
  return resultOf(label, period, false, rows);
}

/**
 * Imports every row as a SUBMITTED return (the figures came from the partnership, by whatever route;
 * a manager still reviews and accepts them), or nothing at all if any row, cell or column is wrong.
 * A return already there for the partnership and period is replaced and submitted, unless accepted.
 *
 * One streamed pass, inside one transaction: each row is checked as it is read and, while every row
 * so far is good, COPYed in at once, so reading and writing overlap. At the first problem writing
 * stops, the checks go on to the end so every problem is reported, and the transaction is rolled back
 * (decision 010).
 */
export async function importReturns(db: Db, ctx: ProgrammeContext, actor: Actor, input: ReturnsImportInput, onProgress?: ImportProgress) {
  requireManager(ctx);
  const label = cleanLabel(input.period);
  const programmeId = ctx.programme.id;
  try {
    return await db.transaction(async (tx) => {
      const { known, period: found } = await loadKnown(tx, programmeId, label);
      let period = found;
      if (!period) {
        // The file says nothing about dates: the period starts, ends and is due today until a manager
        // sets them. Added first, since the returns name it; a bad row rolls it back with the rest.
        const today = todayIso();
        const [added] = await tx
          .insert(reportingPeriods)
          .values({ programmeId, label, startsOn: today, endsOn: today, dueOn: today })
          .returning();
        period = added!;
        await recordAudit(tx, actor, {
          programmeId,
          entityType: 'reporting_period',
          entityId: period.id,
          action: 'create',
          summary: `Added reporting period ${label} (created by a returns import; its dates are the import date until set)`,
          after: { label, startsOn: today, endsOn: today, dueOn: today },
        });
      }
      const rows = await writeReturns(tx, actor, { programmeId, period, known, source: input.source, onProgress });
      return resultOf(label, period, !found, rows);
    });
  } catch (err) {
    conflictFromDb(err, {
      reporting_periods_label_key: { path: 'period', message: 'A reporting period with this label was added meanwhile; import again' },
      monitoring_returns_partnership_period_key: {
        path: 'rows',
        message: 'A return for one of these partnerships was started meanwhile; import again',
      },
    });
  }
}

interface WriteJob {
  programmeId: string;
  period: typeof reportingPeriods.$inferSelect;
  known: Known;
  source: ReturnsSource;
  onProgress?: ImportProgress | undefined;
}

const RETURN_COLUMNS = [
  'id',
  'programme_id',
  'partnership_id',
  'period_id',
  'status',
  'comparability_note',
  'submitted_at',
  'submitted_by',
  'created_at',
  'updated_at',
  'figure_indicators',
  'figure_values',
  'figure_texts',
  'figure_not_reported',
];
const STAGING = 'cairn_import_returns';

/** A text array element as an array literal wants it: quoted, with backslashes and quotes escaped; or NULL. */
const arrayText = (t: string | null) => (t === null ? 'NULL' : `"${t.replace(/[\\"]/g, '\\$&')}"`);

/** What a return there already holds, for its audit event and for the figures the file leaves alone. */
interface Before {
  status: ReturnStatus;
  comparabilityNote: string;
  figures: Map<string, Figure>;
}

async function returnsBefore(tx: Queryable, periodId: string): Promise<Map<string, Before>> {
  const [found, figures] = await Promise.all([
    tx
      .select({ id: monitoringReturns.id, status: monitoringReturns.status, note: monitoringReturns.comparabilityNote })
      .from(monitoringReturns)
      .where(eq(monitoringReturns.periodId, periodId)),
    figuresOfReturns(tx, sql`m.period_id = ${periodId}`),
  ]);
  return new Map(found.map((r) => [r.id, { status: r.status, comparabilityNote: r.note, figures: figures.get(r.id) ?? new Map() }]));
}

/**
 * Checks and writes the file's rows as they stream by. New returns get their ids here, so each row
 * becomes one COPY line: the return and its figures together. A return being replaced keeps its id
 * and the notes on its figures, and any figure the file has no column for; then the lines go through
 * a temporary table and one INSERT … ON CONFLICT. Each return's audit event keeps old → new for every
 * figure, the status and the note, as when a person edits it; one change notice is sent for the whole
 * import. Returns what was imported, a summary per row.
 */
async function writeReturns(tx: Queryable, actor: Actor, job: WriteJob): Promise<ImportedRow[]> {
  const { programmeId, period, known, onProgress } = job;
  const nowIso = new Date().toISOString();
  const replacing = known.returns.size > 0;
  const before = replacing ? await returnsBefore(tx, period.id) : new Map<string, Before>();
  if (replacing) {
    await tx.execute(
      sql.raw(`create temp table ${STAGING} on commit drop as select ${RETURN_COLUMNS.join(', ')} from monitoring_returns with no data`),
    );
  }
  const estimate = estimateRows(job.source);
  const rows: ImportedRow[] = [];
  // Held as bytes until the returns are in: see CopySpool.
  const audit = new CopySpool();
  let pending = '';

  // An audit event's changes for a new return, written straight as JSON: what diffRecords(null, after)
  // gives, without building and comparing two records for each of 20,000 returns.
  const keyJson = new Map(known.indicators.map((i) => [i.id, `${JSON.stringify(i.key)}:[null,`]));
  const auditPrefix = `${copyCell(actor.userId)}\t${copyCell(actor.label)}\t${programmeId}\tmonitoring_return\t`;

  // Every new return names the same indicators in the same order (the file's columns): their
  // array is written out once, not 20,000 times.
  let sameIds: PlannedValue[] = [];
  let sameIdsText = '';
  const idsOf = (values: PlannedValue[]) => {
    if (values.length !== sameIds.length || values.some((v, i) => v.indicatorId !== sameIds[i]!.indicatorId)) {
      sameIds = values;
      sameIdsText = `{${values.map((v) => v.indicatorId).join(',')}}`;
    }
    return sameIdsText;
  };

  const onPlanned = (p: PlannedReturn) => {
    rows.push(summaryOf(p));
    const id = p.existing?.id ?? randomUUID();
    const was = p.existing ? before.get(p.existing.id) : undefined;
    let ids = '';
    let values = '';
    let texts = '';
    let reasons = '';
    let anyText = false;
    let anyNotReported = false;
    const add = (indicatorId: string, value: string | null, textValue: string | null, reason: string | null) => {
      const comma = ids ? ',' : '';
      ids += comma + indicatorId;
      values += comma + (value ?? 'NULL');
      texts += comma + arrayText(textValue);
      reasons += comma + arrayText(reason);
      if (textValue !== null) anyText = true;
      if (reason !== null) anyNotReported = true;
    };
    let changes: string;
    let figures: string;
    if (!was) {
      changes = '{';
      for (const v of p.values) {
        values += (values ? ',' : '') + (v.value ?? 'NULL');
        if (v.textValue !== null) anyText = true;
        if (v.notReported) anyNotReported = true;
        // As describeValue words each figure.
        const said = v.notReported
          ? JSON.stringify(`not reported: ${v.notReportedReason}`)
          : v.value !== null
            ? `"${Number(v.value)}"`
            : JSON.stringify(v.textValue);
        changes += `${keyJson.get(v.indicatorId)}${said}],`;
      }
      changes += `"status":[null,"submitted"],"comparabilityNote":[null,${JSON.stringify(p.comparabilityNote)}]}`;
      figures = idsOf(p.values);
      if (anyText) texts = p.values.map((v) => arrayText(v.textValue)).join(',');
      if (anyNotReported) reasons = p.values.map((v) => arrayText(v.notReported ? v.notReportedReason : null)).join(',');
    } else {
      const oldState: Record<string, unknown> = { status: was.status, comparabilityNote: was.comparabilityNote };
      const newState: Record<string, unknown> = { status: 'submitted', comparabilityNote: p.comparabilityNote };
      for (const v of p.values) {
        add(v.indicatorId, v.value, v.textValue, v.notReported ? v.notReportedReason : null);
        const old = was.figures.get(v.indicatorId);
        oldState[v.key] = describeValue(old ? entryOf(old) : undefined);
        newState[v.key] = v.notReported ? `not reported: ${v.notReportedReason}` : v.value !== null ? String(Number(v.value)) : v.textValue;
      }
      // Figures the file has no column for stay as they were.
      const named = new Set(p.values.map((v) => v.indicatorId));
      for (const [indicatorId, f] of was.figures) {
        if (!named.has(indicatorId) && keyJson.has(indicatorId))
          add(indicatorId, f.value, f.textValue, f.notReported ? f.notReportedReason : null);
      }
      changes = JSON.stringify(diffRecords(oldState, newState));
      figures = `{${ids}}`;
    }
    // No text and nothing not reported, as in most returns: those two arrays go empty (all NULL).
    pending +=
      `${id}\t${programmeId}\t${p.partnershipId}\t${period.id}\tsubmitted\t${copyCell(p.comparabilityNote)}\t${nowIso}\t${copyCell(actor.userId)}\t${nowIso}\t${nowIso}` +
      `\t${figures}\t{${values}}\t${anyText ? copyCell(`{${texts}}`) : '{}'}\t${anyNotReported ? copyCell(`{${reasons}}`) : '{}'}\n`;
    // In three pieces: the summary's ’ makes a string two bytes a character, and a line joined to it
    // would be encoded the slow way whole; apart, only the summary is.
    audit.add(`${auditPrefix}${id}\timport\t`);
    audit.add(copyCell(`Imported ${p.partnershipName}’s return for ${period.label} from a spreadsheet (row ${p.row}) and submitted it`));
    audit.add(`\t${copyCell(changes)}\t${nowIso}\n`);
  };
  const onRow = () => onProgress?.('write', rows.length, Math.max(rows.length, estimate ?? 0) || null);

  async function* lines() {
    for await (const good of planStreamed(known, job.source, onPlanned, onRow)) {
      // While every row so far is good, each goes to COPY as soon as it is checked; after the first
      // problem nothing more is kept, and planStreamed throws every problem at the end.
      if (!good) {
        audit.clear();
        pending = '';
        continue;
      }
      if (pending) {
        yield pending;
        pending = '';
      }
    }
  }
  await copyRows(tx, replacing ? STAGING : 'monitoring_returns', RETURN_COLUMNS, lines());
  // The estimate counted line breaks; now the number of returns is known exactly.
  onProgress?.('write', rows.length, rows.length);
  if (replacing) {
    const cols = RETURN_COLUMNS.join(', ');
    const moved = (await tx.execute(
      sql.raw(`
      insert into monitoring_returns (${cols})
      select ${cols} from ${STAGING}
      on conflict (partnership_id, period_id) do update
         set status = excluded.status, comparability_note = excluded.comparability_note,
             submitted_at = excluded.submitted_at, submitted_by = excluded.submitted_by, updated_at = excluded.updated_at,
             figure_indicators = excluded.figure_indicators, figure_values = excluded.figure_values,
             figure_texts = excluded.figure_texts, figure_not_reported = excluded.figure_not_reported
       where monitoring_returns.status <> 'accepted'
      returning id`),
    )) as unknown as { rows: { id: string }[] };
    if (moved.rows.length !== rows.length) {
      throw new Conflict('A return in this file was accepted a moment ago; nothing was imported. Import again.');
    }
  }
  await copyRows(
    tx,
    'audit_events',
    ['actor_user_id', 'actor_label', 'programme_id', 'entity_type', 'entity_id', 'action', 'summary', 'changes', 'at'],
    audit.contents(),
  );
  await announceChange(tx, programmeId, 'monitoring_return');
  return rows;
}
