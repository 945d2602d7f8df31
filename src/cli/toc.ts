import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Invalid } from '../errors.js';
import { loadEvaluation } from '../modules/evaluation/evaluations/service.js';
import { openProgramme } from '../modules/programmes/context.js';
import { type MappingRow, addMappingsFromRows } from '../modules/theory-of-change/evidence/mappings.js';
import { VALIDATION_COLUMNS, validateVersion, validationRows } from '../modules/theory-of-change/evidence/validation.js';
import { drawVersion } from '../modules/theory-of-change/exchange/routes.js';
import { connectionsCsv, elementsCsv, exportVersion, importTheory, importTheoryCsv } from '../modules/theory-of-change/exchange/service.js';
import { diffVersions, theoryByName, versionByName } from '../modules/theory-of-change/theories/service.js';
import { csvGrid, normaliseHeader } from '../spreadsheet/read.js';
import { csvOf } from '../spreadsheet/write.js';
import { type DatabaseOptions, cliActor, cliCaller, withDatabase } from './context.js';
import { print, renderRows } from './output.js';

interface Common extends DatabaseOptions {
  programme: string;
  theory?: string;
  version?: string;
}

async function readBytes(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Invalid(code === 'ENOENT' ? `There is no file at ${file}.` : `Cannot read ${file} (${code}).`);
  }
}

const isCsv = (file: string) => /\.(csv|txt)$/i.test(file);
const KIND_WORDS = { kumu: 'the Kumu blueprint', cairn: 'the Cairn file', csv: 'the CSV files' } as const;

/**
 * `cairn toc import <file.json>`: a Kumu blueprint or a Cairn theory-of-change file; or
 * `cairn toc import <elements.csv> <connections.csv>` (told apart by their headings, either order), or
 * one CSV holding both (elements, a blank line, connections: what `cairn toc export --format csv` prints).
 */
export async function tocImport(files: string[], opts: Common & { format: 'table' | 'json' }) {
  const csv = files.filter(isCsv);
  if (csv.length && csv.length !== files.length)
    throw new Invalid('Give either one JSON file (Kumu or Cairn) or the CSV files (elements and connections), not both kinds');
  if (!csv.length && files.length !== 1) throw new Invalid('Give one JSON file: a Kumu blueprint or a Cairn theory-of-change file');
  if (csv.length > 2) throw new Invalid('Give at most two CSV files: the elements and the connections');
  let data: unknown;
  const read = await Promise.all(files.map(async (f) => ({ name: basename(f), bytes: await readBytes(f) })));
  if (!csv.length) {
    try {
      data = JSON.parse(read[0]!.bytes.toString('utf8'));
    } catch (err) {
      throw new Invalid(`${files[0]} is not JSON: ${(err as Error).message}`);
    }
  }
  const done = await withDatabase(opts, 'cairn toc import', async (database) => {
    const ctx = await openProgramme(database.db, cliCaller(), opts.programme);
    const where = { theory: opts.theory, version: opts.version };
    return csv.length
      ? importTheoryCsv(database.db, ctx, cliActor(), read, where)
      : importTheory(database.db, ctx, cliActor(), data, where);
  });
  const versions = done.versions.map((v) => ({ name: v.name, status: v.status, steps: v.model.nodes.length, links: v.model.links.length }));
  if (opts.format === 'json') return print(`${JSON.stringify({ kind: done.kind, theory: done.theory.name, versions }, null, 2)}\n`);
  print(
    `Imported ${KIND_WORDS[done.kind]} into ${done.theory.name}:\n${versions
      .map((v) => `  ${v.name} (${v.status}): ${v.steps} steps, ${v.links} links`)
      .join('\n')}\n`,
  );
}

/** `cairn toc map <mapping.csv>`: columns node,family,code,indicator. */
export async function tocMap(file: string, opts: Common & { evaluation: string; format: 'table' | 'json' }) {
  const grid = csvGrid(await readBytes(file), {
    maxRows: 10_001,
    tooManyRows: () => new Invalid('A mapping file may have at most 10,000 rows'),
  });
  const [header = [], ...body] = grid;
  const names = header.map(normaliseHeader);
  const col = (name: string) => names.indexOf(name);
  if (col('node') < 0) throw new Invalid('The mapping file needs the columns node,family,code,indicator: there is no “node” column');
  if (col('code') < 0 && col('indicator') < 0)
    throw new Invalid('The mapping file needs the columns node,family,code,indicator: there is neither a “code” nor an “indicator” column');
  const cell = (r: string[], name: string) => (col(name) < 0 ? '' : (r[col(name)] ?? ''));
  const rows: MappingRow[] = body.map((r) => ({
    node: cell(r, 'node'),
    family: cell(r, 'family'),
    code: cell(r, 'code'),
    indicator: cell(r, 'indicator'),
  }));
  // Blank lines keep the file's row numbers but map nothing.
  const filled = rows.map((r, i) => ({ r, i })).filter(({ r }) => r.node || r.family || r.code || r.indicator);
  const result = await withDatabase(opts, 'cairn toc map', async (database) => {
    const ctx = await openProgramme(database.db, cliCaller(), opts.programme);
    const theory = await theoryByName(database.db, ctx, opts.theory);
    const version = await versionByName(database.db, theory, opts.version);
    const evaluation = await loadEvaluation(database.db, ctx, opts.evaluation);
    try {
      const done = await addMappingsFromRows(
        database.db,
        ctx,
        cliActor(),
        theory,
        version,
        evaluation,
        filled.map(({ r }) => r),
      );
      return { theory: theory.name, version: version.name, ...done };
    } catch (err) {
      // Row numbers as the file has them, blank lines counted.
      if (err instanceof Invalid && filled.length !== rows.length)
        throw new Invalid(
          err.message.replace(/Row (\d+)/g, (_, n) => `Row ${filled[Number(n) - 2]!.i + 2}`),
          err.errors,
        );
      throw err;
    }
  });
  if (opts.format === 'json') return print(`${JSON.stringify(result, null, 2)}\n`);
  print(
    `Mapped ${result.added} row${result.added === 1 ? '' : 's'} to ${result.version} of ${result.theory}: ${result.mappings.length} mappings in all.\n`,
  );
}

/** `cairn toc validate`: a row per link, columns from,to,respondents_from,respondents_to,respondents_both,lift,status. */
export async function tocValidate(
  opts: Common & { evaluation: string; minBoth?: string; supportLift?: string; contradictLift?: string; format: 'table' | 'csv' | 'json' },
) {
  const num = (v: string | undefined, name: string) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new Invalid(`--${name} must be a number`);
    return n;
  };
  const thresholds = {
    minBoth: num(opts.minBoth, 'min-both'),
    supportLift: num(opts.supportLift, 'support-lift'),
    contradictLift: num(opts.contradictLift, 'contradict-lift'),
  };
  const result = await withDatabase(opts, 'cairn toc validate', async (database) => {
    const ctx = await openProgramme(database.db, cliCaller(), opts.programme);
    const theory = await theoryByName(database.db, ctx, opts.theory);
    const version = await versionByName(database.db, theory, opts.version);
    const evaluation = await loadEvaluation(database.db, ctx, opts.evaluation);
    return validateVersion(database.db, ctx, theory, version, evaluation, { thresholds });
  });
  if (opts.format === 'json') return print(`${JSON.stringify(result, null, 2)}\n`);
  if (opts.format === 'csv') return print(csvOf([VALIDATION_COLUMNS, ...validationRows(result)]));
  const rows = validationRows(result);
  print(
    renderRows(
      rows,
      VALIDATION_COLUMNS.map((header, i) => ({ header, value: (r: string[]) => r[i] })),
      'table',
    ),
  );
  if (result.suggestions.length)
    print(
      `\nSuggested links:\n${result.suggestions.map((s) => `  ${s.fromLabel} → ${s.toLabel} (${s.respondentsBoth} at both, lift ${s.lift})`).join('\n')}\n`,
    );
}

/** `cairn toc export`: json (Cairn), kumu, csv, svg, png. */
export async function tocExport(opts: Common & { evaluation?: string; output?: string; format: 'json' | 'kumu' | 'csv' | 'svg' | 'png' }) {
  const out = await withDatabase(opts, 'cairn toc export', async (database) => {
    const ctx = await openProgramme(database.db, cliCaller(), opts.programme);
    const theory = await theoryByName(database.db, ctx, opts.theory);
    if (opts.format === 'json' && !opts.version)
      return { file: await exportVersion(database.db, ctx, theory, undefined, 'json', async () => Promise.reject()) };
    const version = await versionByName(database.db, theory, opts.version);
    if (opts.format === 'csv') return { csv: { elements: elementsCsv(version.model), connections: connectionsCsv(version.model) } };
    const evaluation = opts.evaluation ? await loadEvaluation(database.db, ctx, opts.evaluation) : null;
    return {
      file: await exportVersion(
        database.db,
        ctx,
        theory,
        version,
        opts.format,
        await drawVersion(database.db, ctx, theory, version, evaluation),
      ),
    };
  });
  if (out.csv) {
    if (opts.output) {
      const stem = opts.output.replace(/\.csv$/i, '');
      await writeFile(`${stem}-elements.csv`, out.csv.elements);
      await writeFile(`${stem}-connections.csv`, out.csv.connections);
      process.stderr.write(`Wrote ${stem}-elements.csv and ${stem}-connections.csv\n`);
    } else print(`${out.csv.elements}\n${out.csv.connections}`);
    return;
  }
  const file = out.file!;
  if (opts.output) {
    await writeFile(opts.output, file.body);
    process.stderr.write(`Wrote ${opts.output}\n`);
  } else process.stdout.write(file.body);
}

/** `cairn toc diff --from <version> --to <version>`. */
export async function tocDiff(opts: Common & { from: string; to: string; format: 'table' | 'csv' | 'json' }) {
  const diff = await withDatabase(opts, 'cairn toc diff', async (database) => {
    const ctx = await openProgramme(database.db, cliCaller(), opts.programme);
    const theory = await theoryByName(database.db, ctx, opts.theory);
    const [a, b] = [await versionByName(database.db, theory, opts.from), await versionByName(database.db, theory, opts.to)];
    return diffVersions(database.db, theory, a.id, b.id);
  });
  if (opts.format === 'json') return print(`${JSON.stringify(diff, null, 2)}\n`);
  print(
    renderRows(
      diff.changes,
      [
        { header: 'change', value: (c) => c.kind },
        { header: 'subject', value: (c) => c.subject },
        { header: 'words', value: (c) => c.words },
      ],
      opts.format,
      `No changes from ${diff.from.name} to ${diff.to.name}`,
    ),
  );
}
