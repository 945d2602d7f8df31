/**
 * A return's figures, read and written. They live in the return's own row as four parallel arrays
 * (indicator, number, text, not-reported reason), and the few notes on single figures in
 * `figure_notes` (decision 010). Everything else in the module asks here, in terms of one figure.
 */
import { type SQL, and, eq, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../../db/database.js';
import { figureNotes } from '../schema.js';
import type { ValueEntry } from './values.js';

/** One figure: a number (as PostgreSQL's exact decimal text), a text, or not reported with a reason. */
export interface Figure {
  indicatorId: string;
  value: string | null;
  textValue: string | null;
  notReported: boolean;
  notReportedReason: string;
}

/** What a person may add to one figure, whether or not it has been entered yet. */
export interface FigureNote {
  comparabilityNote: string;
  reviewerComment: string;
  followUp: boolean;
}

export type FigureWithNote = Figure & FigureNote;

const NO_NOTE: FigureNote = { comparabilityNote: '', reviewerComment: '', followUp: false };

interface FigureRowOut {
  return_id: string;
  indicator_id: string;
  value: string | number | null;
  text_value: string | null;
  reason: string | null;
}

/** The figures of every return `where` picks (over monitoring_returns as m), by return id, then by indicator id. */
export async function figuresOfReturns(db: Queryable, where: SQL): Promise<Map<string, Map<string, Figure>>> {
  const found = await rowsOf<FigureRowOut>(
    db,
    sql`
    select m.id as return_id, u.indicator_id, u.value::text as value, u.text_value, u.reason
      from monitoring_returns m
     cross join lateral unnest(m.figure_indicators, m.figure_values, m.figure_texts, m.figure_not_reported)
           as u(indicator_id, value, text_value, reason)
     where ${where}`,
  );
  const byReturn = new Map<string, Map<string, Figure>>();
  for (const f of found) {
    let figures = byReturn.get(f.return_id);
    if (!figures) byReturn.set(f.return_id, (figures = new Map()));
    figures.set(f.indicator_id, {
      indicatorId: f.indicator_id,
      value: f.value === null ? null : String(f.value),
      textValue: f.text_value,
      notReported: f.reason !== null,
      notReportedReason: f.reason ?? '',
    });
  }
  return byReturn;
}

/** A return's figures by indicator id. */
export async function figuresOf(db: Queryable, returnId: string): Promise<Map<string, Figure>> {
  return (await figuresOfReturns(db, sql`m.id = ${returnId}`)).get(returnId) ?? new Map();
}

/** A figure as the value checks and the audit trail read it: its number as a number. */
export const entryOf = (f: Figure): ValueEntry => ({
  value: f.value === null ? null : Number(f.value),
  textValue: f.textValue,
  notReported: f.notReported,
  notReportedReason: f.notReportedReason,
});

/** A return's figures with the notes on them, by indicator id: a note on a figure not yet entered appears too. */
export async function figuresWithNotesOf(db: Queryable, returnId: string): Promise<Map<string, FigureWithNote>> {
  const [figures, notes] = await Promise.all([
    figuresOf(db, returnId),
    db.select().from(figureNotes).where(eq(figureNotes.returnId, returnId)),
  ]);
  const all = new Map<string, FigureWithNote>();
  for (const [id, f] of figures) all.set(id, { ...f, ...NO_NOTE });
  for (const n of notes) {
    const f = all.get(n.indicatorId) ?? {
      indicatorId: n.indicatorId,
      value: null,
      textValue: null,
      notReported: false,
      notReportedReason: '',
    };
    all.set(n.indicatorId, { ...f, comparabilityNote: n.comparabilityNote, reviewerComment: n.reviewerComment, followUp: n.followUp });
  }
  return all;
}

/** A figure with nothing in it is no figure: it is left out rather than stored empty. */
const isEmpty = (f: Figure) => !f.notReported && f.value === null && (f.textValue === null || f.textValue === '');

/**
 * Sets a return's whole set of figures (call inside a transaction, after reading them with
 * `figuresOf` if only some change). The trigger on monitoring_returns checks every indicator named
 * is one of the return's programme.
 */
export async function writeFigures(tx: Queryable, returnId: string, figures: Iterable<Figure>): Promise<void> {
  const kept = [...figures]
    .filter((f) => !isEmpty(f))
    .map((f) => ({
      indicator_id: f.indicatorId,
      value: f.notReported ? null : f.value,
      text_value: f.notReported ? null : f.textValue,
      reason: f.notReported ? f.notReportedReason : null,
    }));
  await tx.execute(sql`
    update monitoring_returns m
       set figure_indicators = f.ids, figure_values = f.vals, figure_texts = f.texts, figure_not_reported = f.reasons
      from (select coalesce(array_agg(x.indicator_id order by x.indicator_id), '{}') as ids,
                   coalesce(array_agg(x.value order by x.indicator_id), '{}') as vals,
                   coalesce(array_agg(x.text_value order by x.indicator_id), '{}') as texts,
                   coalesce(array_agg(x.reason order by x.indicator_id), '{}') as reasons
              from jsonb_to_recordset(${JSON.stringify(kept)}::jsonb) as x(indicator_id uuid, value numeric, text_value text, reason text)) f
     where m.id = ${returnId}`);
}

/** Sets part of the note on one figure; a note with nothing left in it is removed. */
export async function writeNote(tx: Queryable, returnId: string, indicatorId: string, note: FigureNote): Promise<void> {
  if (!note.comparabilityNote.trim() && !note.reviewerComment.trim() && !note.followUp) {
    await tx.delete(figureNotes).where(and(eq(figureNotes.returnId, returnId), eq(figureNotes.indicatorId, indicatorId)));
    return;
  }
  const set = { ...note, updatedAt: new Date() };
  await tx
    .insert(figureNotes)
    .values({ returnId, indicatorId, ...set })
    .onConflictDoUpdate({ target: [figureNotes.returnId, figureNotes.indicatorId], set });
}

/** Which of these indicators any return holds a figure for. */
export async function indicatorsWithFigures(db: Queryable, indicatorIds: string[]): Promise<Set<string>> {
  if (indicatorIds.length === 0) return new Set();
  const found = await rowsOf<{ id: string }>(
    db,
    sql`
    select distinct u.id
      from monitoring_returns m cross join lateral unnest(m.figure_indicators) as u(id)
     where m.figure_indicators && ${sql`array[${sql.join(
       indicatorIds.map((id) => sql`${id}::uuid`),
       sql`, `,
     )}]`}
       and u.id in ${sql`(${sql.join(
         indicatorIds.map((id) => sql`${id}::uuid`),
         sql`, `,
       )})`}`,
  );
  return new Set(found.map((r) => r.id));
}
