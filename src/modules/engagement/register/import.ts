// Engagements from a CSV file (issue 17, point 8): columns exactly
// title,topics,locality,start,end,lead_partner,level, topics separated by ";". Every row is checked first;
// any wrong row writes nothing, and every wrong row is named.
import type { Db } from '../../../db/database.js';
import { type FieldError, Invalid } from '../../../errors.js';
import { realDate } from '../../../shared/date-parts.js';
import { refuseControlCellsInGrid } from '../../../spreadsheet/control-cells.js';
import { csvGrid, normaliseHeader } from '../../../spreadsheet/read.js';
import type { Actor } from '../../audit/audit.js';
import { type ProgrammeContext, requireManager } from '../../programmes/context.js';
import { overlapClusters } from '../domain/overlaps.js';
import { engagementsForOverlap } from '../overlaps/service.js';
import { LEVELS, type Level } from './schema.js';
import { type EngagementInput, checkedEngagement, insertEngagements, overlapWindow } from './service.js';

export const IMPORT_COLUMNS = ['title', 'topics', 'locality', 'start', 'end', 'lead_partner', 'level'] as const;
const MAX_ROWS = 50_000;

/** A date cell as people write it: 2026-03-02, or 2/3/2026 (day first, as in the UK). */
function dateCell(v: string): string | null {
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v);
  if (m) return realDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
  if (m) return realDate(Number(m[3]), Number(m[2]), Number(m[1]));
  return null;
}

/** The rows of the file as engagements, or an Invalid naming every wrong cell (rows numbered as a spreadsheet shows them). */
export function planEngagementImport(bytes: Uint8Array): EngagementInput[] {
  const grid = csvGrid(bytes, {
    maxRows: MAX_ROWS + 1,
    tooManyRows: () => new Invalid(`The file has more than ${MAX_ROWS.toLocaleString('en-GB')} engagements. Split it into smaller files.`),
  });
  const headerIndex = grid.findIndex((r) => r.some((c) => c !== ''));
  if (headerIndex < 0) throw new Invalid('The file is empty. It needs a heading row: title,topics,locality,start,end,lead_partner,level');
  const header = grid[headerIndex]!.map(normaliseHeader);
  const missing = IMPORT_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length)
    throw new Invalid(
      `The file has no ${missing.join(', ')} column${missing.length === 1 ? '' : 's'}. Its heading row must be: ${IMPORT_COLUMNS.join(',')}`,
    );
  const unknown = header.filter((h) => h !== '' && !(IMPORT_COLUMNS as readonly string[]).includes(h));
  if (unknown.length)
    throw new Invalid(`The file has columns Cairn does not know: ${unknown.join(', ')}. Its columns are ${IMPORT_COLUMNS.join(',')}`);
  refuseControlCellsInGrid(grid, headerIndex);
  const at = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof IMPORT_COLUMNS)[number], number>;
  const errors: FieldError[] = [];
  const out: EngagementInput[] = [];
  grid.forEach((cells, i) => {
    if (i <= headerIndex || cells.every((c) => c === '')) return;
    const row = i + 1;
    const cell = (c: (typeof IMPORT_COLUMNS)[number]) => (cells[at[c]] ?? '').trim();
    const problem = (column: string, message: string) => errors.push({ path: ['rows', row, column], message });
    const title = cell('title');
    const topics = cell('topics')
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);
    const locality = cell('locality');
    const leadPartner = cell('lead_partner');
    const level = cell('level').toLowerCase();
    const start = dateCell(cell('start'));
    const end = dateCell(cell('end'));
    if (!title) problem('title', 'Enter the engagement’s title');
    else if (title.length > 200) problem('title', 'The title must be 200 characters or fewer');
    if (topics.length === 0) problem('topics', 'Enter at least one topic (separate several with ;)');
    else if (topics.some((t) => t.length > 100)) problem('topics', 'Each topic must be 100 characters or fewer');
    if (!locality) problem('locality', 'Enter the locality');
    if (!leadPartner) problem('lead_partner', 'Enter the lead partner');
    if (!start) problem('start', cell('start') ? `“${cell('start')}” is not a date: write it as 2026-03-02` : 'Enter the start date');
    if (!end) problem('end', cell('end') ? `“${cell('end')}” is not a date: write it as 2026-03-02` : 'Enter the end date');
    if (start && end && end < start) problem('end', 'The end date must be on or after the start date');
    if (!(LEVELS as readonly string[]).includes(level))
      problem('level', `The level must be one of ${LEVELS.join(', ')}${cell('level') ? `, not “${cell('level')}”` : ''}`);
    out.push({ title, topics, locality, startsOn: start ?? '', endsOn: end ?? '', leadPartner, level: level as Level });
  });
  if (errors.length) {
    const rows = new Set(errors.map((e) => e.path[1])).size;
    throw new Invalid(`Nothing was imported: ${rows} row${rows === 1 ? ' has' : 's have'} problems.`, errors);
  }
  if (out.length === 0) throw new Invalid('The file has a heading row but no engagements.');
  return out;
}

/** Imports every engagement of the file, or none; says how many flagged clusters the programme now has. */
export async function importEngagements(db: Db, ctx: ProgrammeContext, actor: Actor, bytes: Uint8Array) {
  requireManager(ctx);
  const planned = planEngagementImport(bytes);
  const values: Awaited<ReturnType<typeof checkedEngagement>>[] = [];
  for (const input of planned) values.push(await checkedEngagement(db, ctx, input));
  const ids = await db.transaction((tx) => insertEngagements(tx, ctx, actor, values));
  const [windowDays, list] = await Promise.all([overlapWindow(db, ctx.programme.id), engagementsForOverlap(db, ctx.programme.id)]);
  const imported = new Set(ids);
  const clusters = overlapClusters(list, windowDays).filter((c) => c.engagements.some((e) => imported.has(e.id)));
  return { imported: ids.length, clusters: clusters.map((c) => ({ number: c.number, message: c.message })) };
}
