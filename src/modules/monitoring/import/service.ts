import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/database.js';
import { Conflict, Invalid, conflictFromDb } from '../../../http/errors.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
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

/**
 * Streams the file through the planner. Every problem in the columns and the rows is gathered and
 * reported together (columns at `['columns', heading]`, cells at `['rows', n, heading]`).
 */
async function planFile(known: Known, source: ReturnsSource, onProgress?: ImportProgress): Promise<PlannedReturn[]> {
  let planner: ReturnsPlanner | null = null;
  let columnProblems: ColumnProblem[] = [];
  for await (const line of readReturnsFile(source)) {
    if (!planner) {
      // Wholly empty lines above the header are passed over, as a spreadsheet program shows them.
      if (line.cells.every((c) => c.trim() === '')) continue;
      try {
        const { layout, problems } = layoutOf(line.cells, known.indicators);
        planner = new ReturnsPlanner(layout, known);
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
    const rows = new Set(planner.errors.map((e) => e.row)).size;
    const parts = [
      columnProblems.length ? `${columnProblems.length} in the column headings` : '',
      planner.errors.length ? `${planner.errors.length} in ${rows} row${rows === 1 ? '' : 's'}` : '',
    ].filter(Boolean);
    throw new Invalid(
      `Nothing was imported: problems ${parts.join(' and ')}. Fix them and import the file again.`,
      [...columnProblems.map((p) => ({ path: ['columns', p.column], message: p.message })), ...planner.errors.map((e) => ({ path: rowPath(e), message: e.message }))],
    );
  }
  if (planner.planned.length === 0) throw new Invalid('The file has a header row but no partnerships under it.');
  return planner.planned;
}

function resultOf(label: string, period: typeof reportingPeriods.$inferSelect | null, created: boolean, planned: PlannedReturn[]): ReturnsImportResult {
  return {
    period: { id: period?.id ?? null, label: period?.label ?? label, created, startsOn: period?.startsOn ?? null, endsOn: period?.endsOn ?? null, dueOn: period?.dueOn ?? null },
    rows: planned.length,
    returns: planned.map((p) => ({
      row: p.row, partnership: p.partnershipName, replaces: p.existing?.status ?? null,
      reported: p.values.filter((v) => !v.notReported).length, notReported: p.values.filter((v) => v.notReported).length,
      comparabilityNote: p.comparabilityNote,
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
 */
export async function importReturns(db: Db, ctx: ProgrammeContext, actor: Actor, input: ReturnsImportInput, onProgress?: ImportProgress) {
  requireManager(ctx);
  const label = cleanLabel(input.period);
  const programmeId = ctx.programme.id;
  const first = await loadKnown(db, programmeId, label);
  const planned = await planFile(first.known, input.source, onProgress);
  try {
    return await db.transaction(async (tx) => {
      // Read again inside the transaction: a return accepted since the file was read must not be overwritten.
      const { known, period: found } = await loadKnown(tx, programmeId, label);
      const locked: RowError[] = [];
      for (const p of planned) {
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
      await writeReturns(tx, actor, programmeId, period, planned, onProgress);
      return resultOf(label, period, !found, planned);
    });
  } catch (err) {
    conflictFromDb(err, {
      reporting_periods_label_key: { path: 'period', message: 'A reporting period with this label was added meanwhile; import again' },
      monitoring_returns_partnership_period_key: { path: 'rows', message: 'A return for one of these partnerships was started meanwhile; import again' },
    });
  }
}

const CHUNK = 500;

async function writeReturns(
  tx: Queryable, actor: Actor, programmeId: string, period: typeof reportingPeriods.$inferSelect, planned: PlannedReturn[], onProgress?: ImportProgress,
) {
  const now = new Date();
  let done = 0;
  for (let i = 0; i < planned.length; i += CHUNK) {
    const chunk = planned.slice(i, i + CHUNK);
    const replacing = chunk.filter((p) => p.existing).map((p) => p.existing!.id);
    const oldValues = replacing.length
      ? await tx.select().from(returnValues).where(inArray(returnValues.returnId, replacing))
      : [];
    const oldReturns = replacing.length
      ? await tx.select().from(monitoringReturns).where(inArray(monitoringReturns.id, replacing))
      : [];
    const oldValueOf = new Map(oldValues.map((o) => [`${o.returnId}/${o.indicatorId}`, o]));
    const ids = new Map<string, string>();
    const fresh = chunk.filter((p) => !p.existing);
    if (fresh.length) {
      const rows = await tx
        .insert(monitoringReturns)
        .values(fresh.map((p) => ({
          programmeId, partnershipId: p.partnershipId, periodId: period.id, status: 'submitted' as const,
          comparabilityNote: p.comparabilityNote, submittedAt: now, submittedBy: actor.userId,
        })))
        .returning({ id: monitoringReturns.id, partnershipId: monitoringReturns.partnershipId });
      for (const r of rows) ids.set(r.partnershipId, r.id);
    }
    for (const p of chunk.filter((x) => x.existing)) {
      const [moved] = await tx
        .update(monitoringReturns)
        .set({ status: 'submitted', comparabilityNote: p.comparabilityNote, submittedAt: now, submittedBy: actor.userId, updatedAt: now })
        .where(and(eq(monitoringReturns.id, p.existing!.id), sql`${monitoringReturns.status} <> 'accepted'`))
        .returning({ id: monitoringReturns.id });
      if (!moved) throw new Conflict(`${p.partnershipName}’s return was accepted a moment ago; nothing was imported. Import again.`);
      ids.set(p.partnershipId, p.existing!.id);
    }
    // Each imported row says every figure it has columns for: those replace what was there, others stay.
    const allValues = chunk.flatMap((p) => p.values.map((v) => ({
      returnId: ids.get(p.partnershipId)!, indicatorId: v.indicatorId, value: v.value, textValue: v.textValue,
      notReported: v.notReported, notReportedReason: v.notReportedReason, updatedAt: now,
    })));
    for (let j = 0; j < allValues.length; j += 2000) {
      await tx
        .insert(returnValues)
        .values(allValues.slice(j, j + 2000))
        .onConflictDoUpdate({
          target: [returnValues.returnId, returnValues.indicatorId],
          set: {
            value: sql`excluded.value`, textValue: sql`excluded.text_value`, notReported: sql`excluded.not_reported`,
            notReportedReason: sql`excluded.not_reported_reason`, updatedAt: sql`excluded.updated_at`,
          },
        });
    }
    for (const p of chunk) {
      const id = ids.get(p.partnershipId)!;
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      const old = p.existing ? oldReturns.find((r) => r.id === id) : undefined;
      for (const v of p.values) {
        const prev = p.existing ? oldValueOf.get(`${id}/${v.indicatorId}`) : undefined;
        before[v.key] = prev ? describeValue({ ...prev, value: prev.value === null ? null : Number(prev.value) }) : null;
        after[v.key] = describeValue({ ...v, value: v.value === null ? null : Number(v.value) });
      }
      before.status = old?.status ?? null;
      after.status = 'submitted';
      before.comparabilityNote = old?.comparabilityNote ?? null;
      after.comparabilityNote = p.comparabilityNote;
      await recordAudit(tx, actor, {
        programmeId, entityType: 'monitoring_return', entityId: id, action: 'import',
        summary: `Imported ${p.partnershipName}’s return for ${period.label} from a spreadsheet (row ${p.row}) and submitted it`,
        before: p.existing ? before : null, after,
      });
      onProgress?.('write', ++done, planned.length);
    }
  }
}
