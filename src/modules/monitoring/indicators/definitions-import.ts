/**
 * Indicator definitions from a CSV file (`indicator,definition` and optionally `label,unit,aggregation`):
 * each row creates the indicator with that key or updates it. All rows or none.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/database.js';
import { type FieldError, Invalid } from '../../../errors.js';
import { refuseControlCellsInGrid } from '../../../spreadsheet/control-cells.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import { type ProgrammeContext, requireManager } from '../../programmes/context.js';
import { csvGrid, detectKind, normaliseHeader } from '../../../spreadsheet/read.js';
import { AGGREGATIONS, type Aggregation, UNITS, type Unit, indicators } from '../schema.js';
import { indicatorsWithFigures } from '../returns/figures.js';

export const DEFINITION_COLUMNS = ['indicator', 'definition', 'label', 'unit', 'aggregation'] as const;
type DefColumn = (typeof DEFINITION_COLUMNS)[number];
const MAX_ROWS = 500;
const tooMany = () => new Invalid(`The file has more than ${MAX_ROWS} indicators; Cairn imports up to ${MAX_ROWS} at a time.`);
/** Keys are column headings in returns files, so letters, digits and _ or - only (e.g. public_meetings_consultations). */
export const INDICATOR_KEY = /^[a-z0-9]+(?:[_-][a-z0-9]+)*$/;

export interface DefinitionRow {
  row: number;
  key: string;
  definition: string;
  label?: string | undefined;
  unit?: Unit | undefined;
  aggregation?: Aggregation | undefined;
}

/** "public_meetings_consultations" → "Public meetings consultations", when the file gives no label. */
export const labelFromKey = (key: string) => {
  const words = key.replace(/[_-]+/g, ' ');
  return words[0]!.toUpperCase() + words.slice(1);
};

/** Reads the file and checks every row, listing every problem at once. */
export function parseDefinitions(bytes: Uint8Array): DefinitionRow[] {
  if (detectKind(bytes) !== 'csv')
    throw new Invalid('Indicator definitions are imported from a CSV file. In Excel, choose Save As and pick “CSV UTF-8”.');
  // Filled lines (the heading too) counted as they are read: a huge file stops at row 502, not at its end.
  const grid = csvGrid(bytes, { maxRows: MAX_ROWS + 1, tooManyRows: tooMany });
  const headerAt = grid.findIndex((r) => r.some((c) => c !== ''));
  if (headerAt < 0)
    throw new Invalid(
      'The file is empty. The first row should name the columns: indicator, definition, and optionally label, unit, aggregation.',
    );
  refuseControlCellsInGrid(grid, headerAt);
  const header = grid[headerAt]!.map((h) => normaliseHeader(h));
  const known = new Set<string>(DEFINITION_COLUMNS);
  const headerErrors: FieldError[] = [];
  const seen = new Set<string>();
  header.forEach((h, i) => {
    if (h === '') return;
    if (!known.has(h))
      headerErrors.push({ path: ['columns', grid[headerAt]![i]!], message: `“${grid[headerAt]![i]}” is not a column Cairn knows` });
    else if (seen.has(h)) headerErrors.push({ path: ['columns', h], message: `The column “${h}” appears twice` });
    seen.add(h);
  });
  for (const col of ['indicator', 'definition'] as const) {
    if (!seen.has(col)) headerErrors.push({ path: ['columns', col], message: `The “${col}” column is missing` });
  }
  if (headerErrors.length) {
    throw new Invalid(
      'The first row must name the columns: indicator, definition (required), and optionally label, unit, aggregation.',
      headerErrors,
    );
  }

  const errors: FieldError[] = [];
  const rows: DefinitionRow[] = [];
  const firstRowOf = new Map<string, number>();
  for (let i = headerAt + 1; i < grid.length; i++) {
    const cells = grid[i]!;
    if (cells.every((c) => c === '')) continue;
    const row = i + 1; // as a spreadsheet numbers it, the header being row 1
    const v = Object.fromEntries(DEFINITION_COLUMNS.map((c) => [c, ''])) as Record<DefColumn, string>;
    header.forEach((h, j) => {
      if (known.has(h)) v[h as DefColumn] = cells[j] ?? '';
    });
    const err = (field: DefColumn, message: string) => errors.push({ path: ['rows', row, field], message });
    const key = v.indicator.toLowerCase();
    if (!key) err('indicator', 'Give the indicator’s key, e.g. volunteers');
    else if (!INDICATOR_KEY.test(key) || key.length > 60)
      err('indicator', `“${v.indicator}” is not a key: use lower-case letters, digits and _ (up to 60 characters)`);
    else if (firstRowOf.has(key)) err('indicator', `“${key}” is already defined in row ${firstRowOf.get(key)}`);
    else firstRowOf.set(key, row);
    if (!v.definition) err('definition', 'Give the definition: it is shown wherever the number is entered or read');
    else if (v.definition.length > 4000) err('definition', 'Keep the definition to 4000 characters or fewer');
    if (v.label.length > 200) err('label', 'Keep the label to 200 characters or fewer');
    const unit = v.unit.toLowerCase();
    if (unit && !(UNITS as readonly string[]).includes(unit)) err('unit', `“${v.unit}” is not a unit: use one of ${UNITS.join(', ')}`);
    const aggregation = v.aggregation.toLowerCase();
    if (aggregation && !(AGGREGATIONS as readonly string[]).includes(aggregation)) {
      err('aggregation', `“${v.aggregation}” is not an aggregation: use one of ${AGGREGATIONS.join(', ')}`);
    }
    rows.push({
      row,
      key,
      definition: v.definition,
      label: v.label || undefined,
      unit: (unit || undefined) as Unit | undefined,
      aggregation: (aggregation || undefined) as Aggregation | undefined,
    });
  }
  if (rows.length === 0 && errors.length === 0) throw new Invalid('The file has a header row but no indicators under it.');
  if (rows.length > MAX_ROWS) throw tooMany();
  rejectIfErrors(errors);
  return rows;
}

function rejectIfErrors(errors: FieldError[]) {
  if (!errors.length) return;
  const rows = new Set(errors.map((e) => e.path[1])).size;
  throw new Invalid(
    `Nothing was imported: ${errors.length} problem${errors.length === 1 ? '' : 's'} in ${rows} row${rows === 1 ? '' : 's'}. Fix them and import the file again.`,
    errors,
  );
}

export interface DefinitionsResult {
  rows: number;
  created: string[];
  updated: string[];
  unchanged: string[];
}

type Indicator = typeof indicators.$inferSelect;
const audited = (i: Pick<Indicator, 'key' | 'label' | 'definition' | 'unit' | 'aggregation'>) => ({
  key: i.key,
  label: i.label,
  definition: i.definition,
  unit: i.unit,
  aggregation: i.aggregation,
});

/**
 * Creates the indicators the file names that the programme lacks and updates those it has (by key):
 * definition always, label, unit and aggregation when the file gives them. One transaction, one audit
 * row per indicator changed. A unit cannot change once returns hold figures for the indicator.
 */
export async function importDefinitions(db: Db, ctx: ProgrammeContext, actor: Actor, bytes: Uint8Array): Promise<DefinitionsResult> {
  requireManager(ctx);
  const rows = parseDefinitions(bytes);
  return db.transaction(async (tx) => {
    const existing = await tx.select().from(indicators).where(eq(indicators.programmeId, ctx.programme.id));
    const byKey = new Map(existing.map((i) => [i.key, i]));
    const used = await indicatorsWithFigures(
      tx,
      existing.map((i) => i.id),
    );
    const errors: FieldError[] = [];
    for (const r of rows) {
      const old = byKey.get(r.key);
      if (old && r.unit && r.unit !== old.unit && used.has(old.id)) {
        errors.push({
          path: ['rows', r.row, 'unit'],
          message: `Returns already hold ${old.unit} figures for “${r.key}”, so its unit cannot change to ${r.unit}; add a new indicator instead`,
        });
      }
    }
    rejectIfErrors(errors);

    const result: DefinitionsResult = { rows: rows.length, created: [], updated: [], unchanged: [] };
    let position = Math.max(-1, ...existing.map((i) => i.position)) + 1;
    for (const r of rows) {
      const old = byKey.get(r.key);
      if (!old) {
        const [i] = await tx
          .insert(indicators)
          .values({
            programmeId: ctx.programme.id,
            key: r.key,
            label: r.label ?? labelFromKey(r.key),
            definition: r.definition,
            unit: r.unit ?? 'count',
            aggregation: r.aggregation ?? 'sum',
            position: position++,
          })
          .returning();
        await recordAudit(tx, actor, {
          programmeId: ctx.programme.id,
          entityType: 'indicator',
          entityId: i!.id,
          action: 'create',
          summary: `Imported the indicator ${i!.label}`,
          after: audited(i!),
        });
        result.created.push(r.key);
        continue;
      }
      const next = {
        label: r.label ?? old.label,
        definition: r.definition,
        unit: r.unit ?? old.unit,
        aggregation: r.aggregation ?? old.aggregation,
      };
      if (
        next.label === old.label &&
        next.definition === old.definition &&
        next.unit === old.unit &&
        next.aggregation === old.aggregation
      ) {
        result.unchanged.push(r.key);
        continue;
      }
      const [i] = await tx.update(indicators).set(next).where(eq(indicators.id, old.id)).returning();
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'indicator',
        entityId: old.id,
        action: 'update',
        summary: `Updated the indicator ${i!.label} from an import`,
        before: audited(old),
        after: audited(i!),
      });
      result.updated.push(r.key);
    }
    return result;
  });
}
