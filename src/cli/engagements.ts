import { readFileSync } from 'node:fs';
import { Invalid } from '../errors.js';
import { programmeOverlaps } from '../modules/engagement/overlaps/service.js';
import { importEngagements } from '../modules/engagement/register/import.js';
import { openProgramme } from '../modules/programmes/context.js';
import { type DatabaseOptions, cliActor, cliCaller, withDatabase } from './context.js';
import { type Format, print, renderRows } from './output.js';

interface Options extends DatabaseOptions {
  programme: string;
  format: Format;
}

function readFile(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch {
    throw new Invalid(`Cannot read ${file}: check the file’s name and that it exists.`);
  }
}

/** `cairn engagements import <file.csv> --programme <slug>` */
export async function engagementsImport(file: string, opts: Options) {
  const bytes = readFile(file);
  const result = await withDatabase(opts, 'cairn engagements import', async (database) => {
    const ctx = await openProgramme(database.db, cliCaller(), opts.programme);
    return importEngagements(database.db, ctx, cliActor(), bytes);
  });
  if (opts.format === 'json') return print(`${JSON.stringify(result, null, 2)}\n`);
  const lines = [`Imported ${result.imported} engagement${result.imported === 1 ? '' : 's'}.`];
  if (result.clusters.length) {
    lines.push(`They are in ${result.clusters.length} overlap${result.clusters.length === 1 ? '' : 's'} with other partners:`);
    for (const c of result.clusters) lines.push(`  ${c.number}. ${c.message}`);
  }
  print(`${lines.join('\n')}\n`);
}

interface OverlapRow {
  cluster: number;
  title: string;
  lead_partner: string;
  locality: string;
  start: string;
  end: string;
}

/** `cairn engagements overlaps --programme <slug> --format csv`: a row per engagement in each flagged cluster. */
export async function engagementsOverlaps(opts: Options) {
  const result = await withDatabase(opts, 'cairn engagements overlaps', async (database) => {
    const ctx = await openProgramme(database.db, cliCaller(), opts.programme);
    return programmeOverlaps(database.db, ctx);
  });
  if (opts.format === 'json') return print(`${JSON.stringify(result, null, 2)}\n`);
  const rows: OverlapRow[] = result.clusters.flatMap((c) =>
    c.engagements.map((e) => ({
      cluster: c.number,
      title: e.title,
      lead_partner: e.leadPartner,
      locality: e.locality,
      start: e.start,
      end: e.end,
    })),
  );
  const columns = (['cluster', 'title', 'lead_partner', 'locality', 'start', 'end'] as const).map((k) => ({
    header: k,
    value: (r: OverlapRow) => r[k],
  }));
  if (opts.format === 'csv') return print(renderRows(rows, columns, 'csv'));
  if (result.clusters.length === 0)
    return print(`No overlaps: no two partners plan the same thing in the same place within ${result.windowDays} days.\n`);
  print(result.clusters.map((c) => `${c.number}. ${c.message}`).join('\n') + '\n\n' + renderRows(rows, columns, 'table'));
}
