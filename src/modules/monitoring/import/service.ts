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
import { type ReturnsSource, readReturnsFile } from './read.js';

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

/**
 * Streams the file through the planner, keeping only a summary of each good row, so a file of 400,000
 * figures is checked in little memory. Every problem in the columns and the rows is gathered and
 * reported together (columns at `['columns', heading]`, cells at `['rows', n, heading]`).
 */
async function planFile(known: Known, source: ReturnsSource, onProgress?: ImportProgress): Promise<ImportedRow[]> {
  let planner: ReturnsPlanner | null = null;
  let columnProblems: ColumnProblem[] = [];
  const rows: ImportedRow[] = [];
  for await (const line of readReturnsFile(source)) {
    if (!planner) {
      // Wholly empty lines above the header are passed over, as a spreadsheet program shows them.
      if (line.cells.every((c) => c.trim() === '')) continue;
      try {
        const { layout, problems } = layoutOf(line.cells, known.indicators);
        planner = new ReturnsPlanner(layout, known, (p) => rows.push(summaryOf(p)));
        columnProblems = problems;
      } catch (err) {
        if (!(err instanceof HeaderProblems)) throw err;
        throw new Invalid(headerMessage(known, err.unknown), err.problems.map((p) => ({ path: ['columns', p.column], message: p.message })));
      }
      continue;
    }
    planner.add(line.row, line.cells);
    if (line.row % 1000 === 0) onProgress?.('read', line.row, null);
  }
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
  if (rows.length === 0) throw new Invalid('The file has a header row but no partnerships under it.');
  return rows;
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
 * Two passes over the file, both streamed: the first checks every row and keeps a summary of each;
 * only if all are good does the second, inside one transaction, read the file again and COPY the
 * figures and the audit trail in (see `writeReturns`).
 */
export async function importReturns(db: Db, ctx: ProgrammeContext, actor: Actor, input: ReturnsImportInput, onProgress?: ImportProgress) {
  requireManager(ctx);
  const label = cleanLabel(input.period);
  const programmeId = ctx.programme.id;
  const first = await loadKnown(db, programmeId, label);
  const rows = await planFile(first.known, input.source, onProgress);
  try {
    return await db.transaction(async (tx) => {
      // Read again inside the transaction: a return accepted since the file was read must not be overwritten.
      const { known, period: found } = await loadKnown(tx, programmeId, label);
      const locked: RowError[] = [];
      for (const p of rows) {
        p.existing = known.returns.get(p.partnershipId) ?? null;
        if (p.existing?.status === 'accepted') locked.push({ row: p.row, column: 'partnership', message: `${p.partnershipName}’s return for this period was accepted meanwhile and is locked` });
      }
      if (locked.length) reject(locked);
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
      await writeReturns(tx, actor, { programmeId, period, known, rows, source: input.source, onProgress });
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
  rows: ImportedRow[];
  source: ReturnsSource;
  onProgress?: ImportProgress | undefined;
}

const VALUE_COLUMNS = ['return_id', 'indicator_id', 'value', 'text_value', 'not_reported', 'not_reported_reason', 'updated_at'];
const STAGING = 'cairn_import_values';

/**
 * Writes the checked rows. New returns get their ids here, so their rows, their figures and their audit
 * events can all go in by COPY, the way PostgreSQL takes many rows fastest. A return being replaced
 * keeps its id and its reviewers' notes on each figure: its figures go through a temporary table and
 * one INSERT … ON CONFLICT. Each return's audit event keeps old → new for every figure, the status
 * and the note, as when a person edits it; one change notice is sent for the whole import.
 */
async function writeReturns(tx: Queryable, actor: Actor, job: WriteJob) {
  const { programmeId, period, known, rows, onProgress } = job;
  const now = new Date();
  const nowIso = now.toISOString();
  const idOf = new Map<string, string>();
  for (const r of rows) idOf.set(r.partnershipId, r.existing?.id ?? randomUUID());
  const fresh = rows.filter((r) => !r.existing);
  const replaced = rows.filter((r) => r.existing);

  await copyRows(tx, 'monitoring_returns',
    ['id', 'programme_id', 'partnership_id', 'period_id', 'status', 'comparability_note', 'submitted_at', 'submitted_by', 'created_at', 'updated_at'],
    fresh.map((r) => copyLine([idOf.get(r.partnershipId), programmeId, r.partnershipId, period.id, 'submitted', r.comparabilityNote, nowIso, actor.userId, nowIso, nowIso])));

  // What a replaced return held, for its audit event: its status and note, and each figure as words.
  const before = new Map<string, { status: ReturnStatus; comparabilityNote: string; figures: Map<string, string | null> }>();
  if (replaced.length) {
    const ids = replaced.map((r) => r.existing!.id);
    const old = await tx.select({ id: monitoringReturns.id, status: monitoringReturns.status, note: monitoringReturns.comparabilityNote })
      .from(monitoringReturns).where(inArray(monitoringReturns.id, ids));
    for (const o of old) before.set(o.id, { status: o.status, comparabilityNote: o.note, figures: new Map() });
    const oldValues = await tx.select().from(returnValues).where(inArray(returnValues.returnId, ids));
    for (const v of oldValues) {
      before.get(v.returnId)?.figures.set(v.indicatorId, describeValue({ ...v, value: v.value === null ? null : Number(v.value) }));
    }
    const moved = (await tx.execute(sql`
      update monitoring_returns m
         set status = 'submitted', comparability_note = u.note, submitted_at = ${nowIso}, submitted_by = ${actor.userId}, updated_at = ${nowIso}
        from jsonb_to_recordset(${JSON.stringify(replaced.map((r) => ({ id: r.existing!.id, note: r.comparabilityNote })))}::jsonb) as u(id uuid, note text)
       where m.id = u.id and m.status <> 'accepted'
   returning m.id`)) as unknown as { rows: { id: string }[] };
    if (moved.rows.length !== replaced.length) {
      throw new Conflict('A return in this file was accepted a moment ago; nothing was imported. Import again.');
    }
    await tx.execute(sql.raw(`create temp table ${STAGING} (return_id uuid, indicator_id uuid, value numeric, text_value text, not_reported boolean, not_reported_reason text, updated_at timestamptz) on commit drop`));
  }

  // Pass two: the same file, planned again row by row; its figures stream into COPY as they are read.
  const audit: string[] = [];
  let next = 0;
  const pending: string[] = [];
  const onPlanned = (p: PlannedReturn) => {
    const expected = rows[next++];
    // A file on disk can be changed between the passes: import only what was checked.
    if (!expected || expected.row !== p.row || expected.partnershipId !== p.partnershipId) {
      throw new Conflict('The file changed while it was being imported; nothing was imported. Import it again.');
    }
    const id = idOf.get(p.partnershipId)!;
    const was = before.get(id);
    const oldState: Record<string, unknown> = {};
    const newState: Record<string, unknown> = {};
    // A row's figures go to COPY as one chunk: one hand-over per row, not per figure. Ids, numbers
    // and flags need no escaping; the two texts go through copyCell.
    let lines = '';
    for (const v of p.values) {
      lines += `${id}\t${v.indicatorId}\t${v.value ?? '\\N'}\t${copyCell(v.textValue)}\t${v.notReported ? 't' : 'f'}\t${copyCell(v.notReportedReason)}\t${nowIso}\n`;
      oldState[v.key] = was?.figures.get(v.indicatorId) ?? null;
      // As describeValue words it, without building an entry per figure.
      newState[v.key] = v.notReported ? `not reported: ${v.notReportedReason}` : v.value !== null ? String(Number(v.value)) : v.textValue;
    }
    pending.push(lines);
    oldState.status = was?.status ?? null;
    newState.status = 'submitted';
    oldState.comparabilityNote = was?.comparabilityNote ?? null;
    newState.comparabilityNote = p.comparabilityNote;
    audit.push(copyLine([
      actor.userId, actor.label, programmeId, 'monitoring_return', id, 'import',
      `Imported ${p.partnershipName}’s return for ${period.label} from a spreadsheet (row ${p.row}) and submitted it`,
      JSON.stringify(diffRecords(was ? oldState : null, newState)), nowIso,
    ]));
    onProgress?.('write', next, rows.length);
  };
  const known2: Known = { ...known, returns: new Map(rows.filter((r) => r.existing).map((r) => [r.partnershipId, r.existing!])) };
  async function* figures() {
    let planner: ReturnsPlanner | null = null;
    for await (const line of readReturnsFile(job.source)) {
      if (!planner) {
        if (line.cells.every((c) => c.trim() === '')) continue;
        planner = new ReturnsPlanner(layoutOf(line.cells, known.indicators).layout, known2, onPlanned);
        continue;
      }
      planner.add(line.row, line.cells);
      if (planner.errors.length) throw new Conflict('The file changed while it was being imported; nothing was imported. Import it again.');
      // At most one row's chunk waits here: the planner hands over each row as it is read.
      while (pending.length) yield pending.shift()!;
    }
  }
  await copyRows(tx, replaced.length ? STAGING : 'return_values', VALUE_COLUMNS, figures());
  if (next !== rows.length) throw new Conflict('The file changed while it was being imported; nothing was imported. Import it again.');
  if (replaced.length) {
    // Each imported row says every figure it has columns for: those replace what was there, others stay.
    await tx.execute(sql.raw(`
      insert into return_values (${VALUE_COLUMNS.join(', ')})
      select ${VALUE_COLUMNS.join(', ')} from ${STAGING}
      on conflict (return_id, indicator_id) do update
         set value = excluded.value, text_value = excluded.text_value, not_reported = excluded.not_reported,
             not_reported_reason = excluded.not_reported_reason, updated_at = excluded.updated_at`));
  }
  await copyRows(tx, 'audit_events',
    ['actor_user_id', 'actor_label', 'programme_id', 'entity_type', 'entity_id', 'action', 'summary', 'changes', 'at'], audit);
  await announceChange(tx, programmeId, 'monitoring_return');
}
