import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { announceChange } from '../../../db/changes.js';
import { copyCell, copyLine, copyRows } from '../../../db/copy.js';
import type { Db, Queryable } from '../../../db/database.js';
import { Conflict, Invalid, conflictFromDb } from '../../../http/errors.js';
import { type Actor, diffRecords, recordAudit } from '../../audit/audit.js';
import { partnerships } from '../../partnerships/schema.js';
import { type ProgrammeContext, requireManager } from '../../programmes/context.js';
import { type ReturnStatus, indicators, monitoringReturns, reportingPeriods, returnValues } from '../schema.js';
import { describeValue } from '../values.js';
import { type ColumnProblem, HeaderProblems, type Known, type PlannedReturn, type RowError, ReturnsPlanner, layoutOf } from './plan.js';
import { type ReadMeter, type ReturnsSource, readReturnsFile } from './read.js';

export interface ReturnsImportInput {
  source: ReturnsSource;
  /** The reporting period's label; a period with no such label is created by the import. */
  period: string;
}

/**
 * How far an import or a check has got, for a progress bar: rows read, and bytes of the file read out
 * of its size (an .xlsx is read at once, so it jumps to the end). `saving` comes once, after the last
 * row, while the checked returns are written.
 */
export interface ImportProgressEvent {
  stage: 'reading' | 'saving';
  rows: number;
  bytes: number;
  totalBytes: number | null;
}
export type ImportProgress = (event: ImportProgressEvent) => void;

export interface ReturnsImportResult {
  period: { id: string | null; label: string; created: boolean; startsOn: string | null; endsOn: string | null; dueOn: string | null };
  rows: number;
  returns: { row: number; partnership: string; replaces: ReturnStatus | null; reported: number; notReported: number; comparabilityNote: string }[];
}

const todayIso = () => new Date().toISOString().slice(0, 10);

async function loadKnown(db: Queryable, programmeId: string, periodLabel: string) {
  const defs = await db
    .select({ id: indicators.id, key: indicators.key, label: indicators.label, unit: indicators.unit, required: indicators.required })
    .from(indicators)
    .where(eq(indicators.programmeId, programmeId))
    .orderBy(asc(indicators.position), asc(indicators.key));
  const ps = await db.select({ id: partnerships.id, name: partnerships.name }).from(partnerships).where(eq(partnerships.programmeId, programmeId));
  const [period] = await db
    .select()
    .from(reportingPeriods)
    .where(and(eq(reportingPeriods.programmeId, programmeId), sql`lower(${reportingPeriods.label}) = lower(${periodLabel})`));
  const existing = period
    ? await db.select({ id: monitoringReturns.id, partnershipId: monitoringReturns.partnershipId, status: monitoringReturns.status })
      .from(monitoringReturns).where(eq(monitoringReturns.periodId, period.id))
    : [];
  const known: Known = { indicators: defs, partnerships: ps, returns: new Map(existing.map((r) => [r.partnershipId, { id: r.id, status: r.status }])) };
  return { known, period: period ?? null };
}

const rowPath = (e: RowError) => (e.column === 'row' ? ['rows', e.row] : ['rows', e.row, e.column]);

function reject(errors: RowError[]): never {
  const rows = new Set(errors.map((e) => e.row)).size;
  throw new Invalid(
    `Nothing was imported: ${errors.length} problem${errors.length === 1 ? '' : 's'} in ${rows} row${rows === 1 ? '' : 's'}. Fix them and import the file again.`,
    errors.map((e) => ({ path: rowPath(e), message: e.message })),
  );
}

const headerMessage = (known: Known, unknown: string[]) =>
  `The first row must name the columns: partnership, then indicator keys of this programme (${known.indicators.map((i) => i.key).join(', ') || 'none defined yet'}), and optionally note.` +
  (unknown.length ? ` Unknown: ${unknown.map((u) => `“${u}”`).join(', ')}.` : '');

/** What pass one keeps of each good row: enough to preview it and to check pass two read the same file. */
export interface ImportedRow {
  row: number;
  partnershipId: string;
  partnershipName: string;
  existing: PlannedReturn['existing'];
  reported: number;
  notReported: number;
  comparabilityNote: string;
}

const summaryOf = (p: PlannedReturn): ImportedRow => ({
  row: p.row, partnershipId: p.partnershipId, partnershipName: p.partnershipName, existing: p.existing,
  reported: p.values.filter((v) => !v.notReported).length, notReported: p.values.filter((v) => v.notReported).length,
  comparabilityNote: p.comparabilityNote,
});

/** What a check of the whole file found: a summary of each good row, and every problem. */
interface FileCheck {
  rows: ImportedRow[];
  /** True once any column or row is wrong: the rest is still read, to report every problem at once. */
  failed: boolean;
}

/**
 * Streams the file through the planner and yields each good row as it is read, so a caller can write
 * it while the rest is still being read; a file of 400,000 figures is checked in little memory. Every
 * problem in the columns and the rows is gathered and, after the last row, thrown together (columns
 * at `['columns', heading]`, cells at `['rows', n, heading]`).
 */
async function* checkedRows(known: Known, source: ReturnsSource, check: FileCheck, onProgress?: ImportProgress): AsyncGenerator<PlannedReturn> {
  let planner: ReturnsPlanner | null = null;
  let columnProblems: ColumnProblem[] = [];
  const good: PlannedReturn[] = [];
  const meter: ReadMeter = { bytes: 0, totalBytes: null };
  let rowsRead = 0;
  for await (const line of readReturnsFile(source, meter)) {
    if (!planner) {
      // Wholly empty lines above the header are passed over, as a spreadsheet program shows them.
      if (line.cells.every((c) => c.trim() === '')) continue;
      try {
        const { layout, problems } = layoutOf(line.cells, known.indicators);
        planner = new ReturnsPlanner(layout, known, (p) => {
          check.rows.push(summaryOf(p));
          good.push(p);
        });
        columnProblems = problems;
        check.failed = problems.length > 0;
      } catch (err) {
        if (!(err instanceof HeaderProblems)) throw err;
        throw new Invalid(headerMessage(known, err.unknown), err.problems.map((p) => ({ path: ['columns', p.column], message: p.message })));
      }
      continue;
    }
    planner.add(line.row, line.cells);
    rowsRead = line.row;
    if (planner.errors.length) check.failed = true;
    // The planner hands over each good row as it is read: at most one waits here.
    while (good.length) yield good.shift()!;
    if (line.row % 20 === 0) onProgress?.({ stage: 'reading', rows: line.row, bytes: meter.bytes, totalBytes: meter.totalBytes });
  }
  onProgress?.({ stage: 'reading', rows: rowsRead, bytes: meter.bytes, totalBytes: meter.totalBytes });
  if (!planner) throw new Invalid('The file has no rows. The first row should name the columns: partnership, then the indicator keys.');
  if (columnProblems.length || planner.errors.length) {
    const bad = new Set(planner.errors.map((e) => e.row)).size;
    const problems = (k: number) => `${k} problem${k === 1 ? '' : 's'}`;
    const parts = [
      columnProblems.length ? `${problems(columnProblems.length)} in the column headings` : '',
      planner.errors.length ? `${problems(planner.errors.length)} in ${bad} row${bad === 1 ? '' : 's'}` : '',
    ].filter(Boolean);
    throw new Invalid(
      `Nothing was imported: ${parts.join(' and ')}. Fix them and import the file again.`,
      [...columnProblems.map((p) => ({ path: ['columns', p.column], message: p.message })), ...planner.errors.map((e) => ({ path: rowPath(e), message: e.message }))],
    );
  }
  if (check.rows.length === 0) throw new Invalid('The file has a header row but no partnerships under it.');
}

/** Checks the whole file, writing nothing: the summaries of its rows, or Invalid with every problem. */
async function planFile(known: Known, source: ReturnsSource, onProgress?: ImportProgress): Promise<ImportedRow[]> {
  const check: FileCheck = { rows: [], failed: false };
  for await (const _ of checkedRows(known, source, check, onProgress)) {
    // Only the summaries are kept.
  }
  return check.rows;
}

function resultOf(label: string, period: typeof reportingPeriods.$inferSelect | null, created: boolean, rows: ImportedRow[]): ReturnsImportResult {
  return {
    period: { id: period?.id ?? null, label: period?.label ?? label, created, startsOn: period?.startsOn ?? null, endsOn: period?.endsOn ?? null, dueOn: period?.dueOn ?? null },
    rows: rows.length,
    returns: rows.map((p) => ({
      row: p.row, partnership: p.partnershipName, replaces: p.existing?.status ?? null,
      reported: p.reported, notReported: p.notReported, comparabilityNote: p.comparabilityNote,
    })),
  };
}

const cleanLabel = (label: string) => {
  const l = label.trim().replace(/\s+/g, ' ');
  if (!l) throw new Invalid('Name the reporting period the returns are for', [{ path: ['period'], message: 'Give the reporting period’s label' }]);
  if (l.length > 120) throw new Invalid('The reporting period’s label is too long', [{ path: ['period'], message: 'At most 120 characters' }]);
  return l;
};

/** What importing the file would do, writing nothing. Any bad row answers 422 listing every problem. */
export async function previewReturnsImport(db: Db, ctx: ProgrammeContext, input: ReturnsImportInput, onProgress?: ImportProgress) {
  requireManager(ctx);
  const label = cleanLabel(input.period);
  const { known, period } = await loadKnown(db, ctx.programme.id, label);
  return resultOf(label, period, false, await planFile(known, input.source, onProgress));
}

/**
 * Imports every row as a SUBMITTED return (the figures came from the partnership, by whatever route;
 * a manager still reviews and accepts them), or nothing at all if any row, cell or column is wrong.
 * A return already there for the partnership and period is replaced and submitted, unless accepted.
 *
 * One streamed pass inside one transaction (see `writeReturns`): the file is never held whole, and
 * PostgreSQL stores each row's figures while Node reads the next. Any problem rolls everything back,
 * a period the import created included.
 */
export async function importReturns(db: Db, ctx: ProgrammeContext, actor: Actor, input: ReturnsImportInput, onProgress?: ImportProgress) {
  requireManager(ctx);
  const label = cleanLabel(input.period);
  const programmeId = ctx.programme.id;
  try {
    return await db.transaction(async (tx) => {
      // Read inside the transaction: what it finds (returns already accepted, say) holds until it commits.
      const { known, period: found } = await loadKnown(tx, programmeId, label);
      let period = found;
      if (!period) {
        // The file says nothing about dates: the period starts, ends and is due today until a manager sets them.
        const today = todayIso();
        const [added] = await tx.insert(reportingPeriods).values({ programmeId, label, startsOn: today, endsOn: today, dueOn: today }).returning();
        period = added!;
        await recordAudit(tx, actor, {
          programmeId, entityType: 'reporting_period', entityId: period.id, action: 'create',
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
      monitoring_returns_partnership_period_key: { path: 'rows', message: 'A return for one of these partnerships was started meanwhile; import again' },
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

type ReturnBefore = { status: ReturnStatus; comparabilityNote: string; figures: Map<string, string | null> };

/** What the period's returns that a file may replace hold now, each figure in words, for their audit events. */
async function returnsBefore(tx: Queryable, known: Known): Promise<Map<string, ReturnBefore>> {
  const before = new Map<string, ReturnBefore>();
  const ids = [...known.returns.values()].filter((r) => r.status !== 'accepted').map((r) => r.id);
  if (!ids.length) return before;
  const old = await tx.select({ id: monitoringReturns.id, status: monitoringReturns.status, note: monitoringReturns.comparabilityNote })
    .from(monitoringReturns).where(inArray(monitoringReturns.id, ids));
  for (const o of old) before.set(o.id, { status: o.status, comparabilityNote: o.note, figures: new Map() });
  const oldValues = await tx.select().from(returnValues).where(inArray(returnValues.returnId, ids));
  for (const v of oldValues) {
    before.get(v.returnId)?.figures.set(v.indicatorId, describeValue({ ...v, value: v.value === null ? null : Number(v.value) }));
  }
  return before;
}

const VALUE_COLUMNS = ['return_id', 'indicator_id', 'value', 'text_value', 'not_reported', 'not_reported_reason', 'updated_at'];
const RETURN_COLUMNS = ['id', 'programme_id', 'partnership_id', 'period_id', 'status', 'comparability_note', 'submitted_at', 'submitted_by', 'created_at', 'updated_at'];
const AUDIT_COLUMNS = ['actor_user_id', 'actor_label', 'programme_id', 'entity_type', 'entity_id', 'action', 'summary', 'changes', 'at'];
const STAGING = 'cairn_import_values';
/** Rows per batch written while the next is read: big enough that statements are few, small enough to overlap. */
const BATCH_ROWS = 1000;

/** One batch of checked rows, as COPY text: new returns, every figure, and an audit event per return. */
interface Batch {
  freshReturns: string[];
  replaced: { id: string; note: string }[];
  figures: string[];
  audit: string[];
}
const emptyBatch = (): Batch => ({ freshReturns: [], replaced: [], figures: [], audit: [] });

/**
 * Reads, checks and writes the file in one pass, in batches of rows: while PostgreSQL writes one batch
 * (new returns by COPY, then their figures by COPY, checked once per batch by return_values' statement
 * trigger, decision 008, then their audit events), Node reads and checks the next. Once any row is
 * wrong nothing more is written, but reading goes on so that every problem is reported together; the
 * transaction then rolls back, taking the batches already written with it.
 *
 * Replaced returns keep their ids and their reviewers' notes on each figure: their figures go through
 * a temporary table and INSERT … ON CONFLICT. Each return's audit event keeps old → new for every
 * figure, the status and the note, as when a person edits it; one change notice covers the import.
 */
async function writeReturns(tx: Queryable, actor: Actor, job: WriteJob): Promise<ImportedRow[]> {
  const { programmeId, period, known, onProgress } = job;
  const nowIso = new Date().toISOString();
  const before = await returnsBefore(tx, known);
  if (before.size) {
    await tx.execute(sql.raw(`create temp table ${STAGING} (return_id uuid, indicator_id uuid, value numeric, text_value text, not_reported boolean, not_reported_reason text, updated_at timestamptz) on commit drop`));
  }

  async function writeBatch(b: Batch) {
    await copyRows(tx, 'monitoring_returns', RETURN_COLUMNS, b.freshReturns);
    if (b.replaced.length) {
      const moved = (await tx.execute(sql`
        update monitoring_returns m
           set status = 'submitted', comparability_note = u.note, submitted_at = ${nowIso}, submitted_by = ${actor.userId}, updated_at = ${nowIso}
          from jsonb_to_recordset(${JSON.stringify(b.replaced)}::jsonb) as u(id uuid, note text)
         where m.id = u.id and m.status <> 'accepted'
     returning m.id`)) as unknown as { rows: { id: string }[] };
      if (moved.rows.length !== b.replaced.length) {
        throw new Conflict('A return in this file was accepted a moment ago; nothing was imported. Import again.');
      }
      await copyRows(tx, STAGING, VALUE_COLUMNS, b.figures);
      // Each imported row says every figure it has columns for: those replace what was there, others stay.
      await tx.execute(sql.raw(`
        insert into return_values (${VALUE_COLUMNS.join(', ')})
        select ${VALUE_COLUMNS.join(', ')} from ${STAGING}
        on conflict (return_id, indicator_id) do update
           set value = excluded.value, text_value = excluded.text_value, not_reported = excluded.not_reported,
               not_reported_reason = excluded.not_reported_reason, updated_at = excluded.updated_at`));
      await tx.execute(sql.raw(`truncate ${STAGING}`));
    } else {
      await copyRows(tx, 'return_values', VALUE_COLUMNS, b.figures);
    }
    await copyRows(tx, 'audit_events', AUDIT_COLUMNS, b.audit);
  }

  // One batch at a time on the transaction's connection; the next is gathered meanwhile.
  let writing: Promise<void> = Promise.resolve();
  let failure: unknown = null;
  const send = async (b: Batch) => {
    await writing;
    if (failure) throw failure;
    writing = writeBatch(b).catch((err: unknown) => {
      failure = err;
    });
  };

  const check: FileCheck = { rows: [], failed: false };
  let batch = emptyBatch();
  for await (const p of checkedRows(known, job.source, check, onProgress)) {
    if (check.failed) continue;
    const was = p.existing ? before.get(p.existing.id) : undefined;
    const id = p.existing?.id ?? randomUUID();
    if (p.existing) batch.replaced.push({ id, note: p.comparabilityNote });
    else batch.freshReturns.push(copyLine([id, programmeId, p.partnershipId, period.id, 'submitted', p.comparabilityNote, nowIso, actor.userId, nowIso, nowIso]));
    const oldState: Record<string, unknown> = {};
    const newState: Record<string, unknown> = {};
    // A row's figures go to COPY as one chunk. Ids, numbers and flags need no escaping; the two
    // texts go through copyCell.
    let lines = '';
    for (const v of p.values) {
      lines += `${id}\t${v.indicatorId}\t${v.value ?? '\\N'}\t${copyCell(v.textValue)}\t${v.notReported ? 't' : 'f'}\t${copyCell(v.notReportedReason)}\t${nowIso}\n`;
      oldState[v.key] = was?.figures.get(v.indicatorId) ?? null;
      // As describeValue words it, without building an entry per figure.
      newState[v.key] = v.notReported ? `not reported: ${v.notReportedReason}` : v.value !== null ? String(Number(v.value)) : v.textValue;
    }
    batch.figures.push(lines);
    oldState.status = was?.status ?? null;
    newState.status = 'submitted';
    oldState.comparabilityNote = was?.comparabilityNote ?? null;
    newState.comparabilityNote = p.comparabilityNote;
    batch.audit.push(copyLine([
      actor.userId, actor.label, programmeId, 'monitoring_return', id, 'import',
      `Imported ${p.partnershipName}’s return for ${period.label} from a spreadsheet (row ${p.row}) and submitted it`,
      JSON.stringify(diffRecords(was ? oldState : null, newState)), nowIso,
    ]));
    if (batch.audit.length >= BATCH_ROWS) {
      await send(batch);
      batch = emptyBatch();
    }
  }
  // checkedRows has thrown by now if any column or row was wrong; the transaction then rolls back.
  onProgress?.({ stage: 'saving', rows: check.rows.length, bytes: 0, totalBytes: null });
  if (batch.audit.length) await send(batch);
  await writing;
  if (failure) throw failure;
  await announceChange(tx, programmeId, 'monitoring_return');
  return check.rows;
}
