import { readFile } from 'node:fs/promises';
import { Invalid } from '../errors.js';
import { loadEvaluation } from '../modules/evaluation/evaluations/service.js';
import { getBase, setBase } from '../modules/evaluation/respondents/bases.js';
import { openProgramme } from '../modules/programmes/context.js';
import { type DatabaseOptions, cliActor, cliCaller, withDatabase } from './context.js';
import { print } from './output.js';

interface BaseOptions extends DatabaseOptions {
  programme: string;
  evaluation: string;
  family: string;
  askedOf?: string;
  everyone?: boolean;
  format: 'table' | 'json';
}

/** A file's respondent references: one per line, a CSV's first column, a `respondent_id` heading skipped. */
export function referencesIn(text: string): string[] {
  const refs = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line) => (line.split(',')[0] ?? '').trim().replace(/^"(.*)"$/, '$1'))
    .filter((r) => r !== '');
  return refs[0]?.toLowerCase() === 'respondent_id' ? refs.slice(1) : refs;
}

/** `cairn evidence base`: shows a family's base, or records it from a file (`--asked-of`) or as everyone (`--everyone`). */
export async function evidenceBase(opts: BaseOptions) {
  if (opts.askedOf && opts.everyone) throw new Invalid('Give --asked-of <file> or --everyone, not both.');
  let refs: string[] | null | undefined;
  if (opts.everyone) refs = null;
  else if (opts.askedOf) {
    let text: string;
    try {
      text = await readFile(opts.askedOf, 'utf8');
    } catch (err) {
      throw new Invalid(`Cannot read ${opts.askedOf} (${(err as NodeJS.ErrnoException).code ?? 'unreadable'}).`);
    }
    refs = referencesIn(text);
  }
  const base = await withDatabase(opts, 'cairn evidence base', async (database) => {
    const ctx = await openProgramme(database.db, cliCaller(), opts.programme);
    const e = await loadEvaluation(database.db, ctx, opts.evaluation, 'evaluator');
    return refs === undefined ? getBase(database.db, ctx, e, opts.family) : setBase(database.db, ctx, cliActor(), e, opts.family, refs);
  });
  if (opts.format === 'json') return print(`${JSON.stringify(base, null, 2)}\n`);
  const label = base.family.label;
  const lines = [
    refs === undefined ? `Who was asked about ${label}:` : `Recorded who was asked about ${label}:`,
    base.everyone
      ? `everyone in the evaluation (${base.asked} respondents; ${base.counted} with consent given are counted).`
      : `${base.asked} respondent${base.asked === 1 ? '' : 's'} (${base.counted} with consent given are counted); ${base.notAsked} not asked, and not counted in its figures.`,
  ];
  print(`${lines.join(' ')}\n`);
}
