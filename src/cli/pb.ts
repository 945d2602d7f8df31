import { readFile, writeFile } from 'node:fs/promises';
import { Invalid } from '../errors.js';
import { recount } from '../modules/participation/pb/count.js';
import { exportPabulib, importPabulib } from '../modules/participation/pb/pabulib-io.js';
import { loadRound, proposalsOf } from '../modules/participation/pb/rounds.js';
import type { PbRule } from '../modules/participation/pb/schema.js';
import { openProgramme } from '../modules/programmes/context.js';
import { type DatabaseOptions, cliActor, cliCaller, withDatabase } from './context.js';
import { print, renderRows } from './output.js';

interface RoundOptions extends DatabaseOptions {
  programme: string;
  round: string;
}

/** `cairn pb import <file.pb>`: a new round from a Pabulib file. */
export async function pbImport(file: string, opts: RoundOptions & { format: 'table' | 'json' }) {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Invalid(code === 'ENOENT' ? `There is no file at ${file}.` : `Cannot read ${file} (${code}).`);
  }
  const result = await withDatabase(opts, 'cairn pb import', async (database) => {
    const ctx = await openProgramme(database.db, cliCaller(), opts.programme);
    return importPabulib(database.db, ctx, cliActor(), opts.round, text);
  });
  if (opts.format === 'json') return print(`${JSON.stringify(result, null, 2)}\n`);
  const rule = result.rule === 'greedy' ? 'greedy' : 'the Method of Equal Shares (add1, then greedy completion)';
  const note =
    result.ruleAsWritten && result.ruleAsWritten.toLowerCase() !== 'greedy' && !result.ruleAsWritten.toLowerCase().startsWith('equalshares')
      ? ` (META's rule "${result.ruleAsWritten}" is not one Cairn counts by)`
      : '';
  print(
    `Imported ${result.name} as the round ${result.round}: ${result.projects} projects, ${result.ballots} ballots; counted by ${rule}${note}.\n`,
  );
}

/** `cairn pb results`: the count from the stored ballots, one row a project in the order listed. */
export async function pbResults(opts: RoundOptions & { rule?: PbRule; format: 'csv' | 'json' | 'table' }) {
  const { count, proposals } = await withDatabase(opts, 'cairn pb results', async (database) => {
    const ctx = await openProgramme(database.db, cliCaller(), opts.programme);
    const round = await loadRound(database.db, ctx, opts.round);
    return { count: await recount(database.db, ctx, opts.round, opts.rule), proposals: await proposalsOf(database.db, round.id) };
  });
  const figures = new Map(count.localities.flatMap((l) => l.projects.map((p) => [p.proposalId, p])));
  const rows = proposals
    .filter((p) => figures.has(p.id))
    .map((p) => ({
      project_id: p.ref,
      name: p.name,
      cost: p.cost,
      votes: figures.get(p.id)!.votes,
      selected: figures.get(p.id)!.selected ? 1 : 0,
    }));
  if (opts.format === 'json') {
    const { localities, published, ...totals } = count;
    return print(`${JSON.stringify({ ...totals, localities: localities.map(({ projects, ...l }) => l), projects: rows }, null, 2)}\n`);
  }
  print(
    renderRows(
      rows,
      [
        { header: 'project_id', value: (r) => r.project_id },
        { header: 'name', value: (r) => r.name },
        { header: 'cost', value: (r) => r.cost },
        { header: 'votes', value: (r) => r.votes },
        { header: 'selected', value: (r) => r.selected },
      ],
      opts.format,
    ),
  );
}

/** `cairn pb export --format pb`: the round as a Pabulib file. */
export async function pbExport(opts: RoundOptions & { locality?: string; format: 'pb'; output?: string }) {
  const text = await withDatabase(opts, 'cairn pb export', async (database) => {
    const ctx = await openProgramme(database.db, cliCaller(), opts.programme);
    return exportPabulib(database.db, ctx, opts.round, opts.locality);
  });
  if (opts.output) {
    await writeFile(opts.output, text);
    process.stderr.write(`Wrote ${opts.output}\n`);
  } else print(text);
}
