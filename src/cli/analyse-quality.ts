import { writeFile } from 'node:fs/promises';
import { agreementFor, usersByEmail } from '../modules/evaluation/quality/agreement.js';
import { type OutcomeFamily, configurationsFor } from '../modules/evaluation/analysis/configurations.js';
import { loadEvaluation } from '../modules/evaluation/evaluations/service.js';
import { openProgramme } from '../modules/programmes/context.js';
import { Invalid } from '../errors.js';
import { type DatabaseOptions, cliCaller, withDatabase } from './context.js';
import { type Format, print, renderRows } from './output.js';

interface Common extends DatabaseOptions {
  programme: string;
  evaluation: string;
  format: Format;
  output?: string;
}
interface ConfigurationOptions extends Common {
  minSupport?: string;
  outcomeFamily?: OutcomeFamily;
  limit?: string;
  phase?: string;
  place?: string;
  participantType?: string;
}
interface AgreementOptions extends Common {
  coderA: string;
  coderB: string;
  family?: string;
}

async function emit(text: string, output: string | undefined) {
  if (output) {
    await writeFile(output, text);
    process.stderr.write(`Wrote ${output}\n`);
  } else print(text);
}

/** A whole number of 1 or more from an option, or a clear error naming the option. */
function count(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new Invalid(`${option} is a whole number of respondents, 1 or more: got “${value}”.`);
  return n;
}

const fixed = (n: number | null, digits: number) => (n === null ? '' : n.toFixed(digits));

/** `cairn analyse configurations` and `cairn analyse agreement`, beside `cairn analyse crosstab`. */
export async function analyseConfigurations(opts: ConfigurationOptions) {
  const minSupport = count(opts.minSupport, '--min-support');
  const limit = count(opts.limit, '--limit');
  await withDatabase(opts, 'cairn analyse configurations', async (database) => {
    const ctx = await openProgramme(database.db, cliCaller(), opts.programme);
    const result = await configurationsFor(database.db, ctx, await loadEvaluation(database.db, ctx, opts.evaluation), {
      minSupport,
      limit,
      outcomeFamily: opts.outcomeFamily,
      phase: opts.phase,
      place: opts.place,
      participantType: opts.participantType,
    });
    if (opts.format === 'json') {
      const { abilities: _a, ...data } = result;
      return emit(`${JSON.stringify(data, null, 2)}\n`, opts.output);
    }
    type Row = (typeof result.configurations)[number];
    const text = renderRows<Row>(
      result.configurations,
      [
        { header: 'context', value: (r) => r.context.name },
        { header: 'mechanism', value: (r) => r.mechanism.name },
        { header: 'outcome', value: (r) => r.outcome.name },
        { header: 'support', value: (r) => r.support },
        { header: 'percent', value: (r) => fixed(r.share * 100, 1) },
        { header: 'lift', value: (r) => fixed(r.lift, 2) },
      ],
      opts.format,
      `No combination is shared by ${result.minSupport} or more of the ${result.total} respondents counted.`,
    );
    process.stderr.write(
      `${result.total} respondents counted (consent given${opts.phase || opts.place || opts.participantType ? ', filters matched' : ''}); combinations shared by ${result.minSupport} or more.\n`,
    );
    if (result.found.configurations > result.configurations.length) {
      process.stderr.write(
        `Showing the first ${result.configurations.length} of ${result.found.configurations}; use --limit or --min-support.\n`,
      );
    }
    const small = result.configurations.filter((c) => c.small).length;
    if (small)
      process.stderr.write(
        `${small} combination(s) are shared by fewer than ${result.disclosureThreshold} respondents (the disclosure threshold): do not publish them.\n`,
      );
    return emit(text, opts.output);
  });
}

export async function analyseAgreement(opts: AgreementOptions) {
  await withDatabase(opts, 'cairn analyse agreement', async (database) => {
    const ctx = await openProgramme(database.db, cliCaller(), opts.programme);
    const who = await usersByEmail(database.db, { coderA: opts.coderA, coderB: opts.coderB });
    const evaluation = await loadEvaluation(database.db, ctx, opts.evaluation, 'evaluator');
    const result = await agreementFor(database.db, ctx, evaluation, { coderA: who.coderA, coderB: who.coderB, family: opts.family });
    const g = result.agreement!;
    if (opts.format === 'json') return emit(`${JSON.stringify(result, null, 2)}\n`, opts.output);
    type Row = {
      family: string;
      code: string;
      both: number | string;
      onlyA: number | string;
      onlyB: number | string;
      neither: number | string;
      observed: number | null;
      expected: number | null;
      kappa: number | null;
      reading: string;
    };
    const rows: Row[] = [
      ...g.perCode.map((p) => ({
        family: p.family,
        code: p.code,
        both: p.both,
        onlyA: p.onlyA,
        onlyB: p.onlyB,
        neither: p.neither,
        observed: p.observed,
        expected: p.expected,
        kappa: p.kappa,
        reading: p.reading.label,
      })),
      {
        family: result.family?.key ?? 'all',
        code: 'Overall (pooled)',
        both: '',
        onlyA: '',
        onlyB: '',
        neither: '',
        observed: g.overall.observed,
        expected: g.overall.expected,
        kappa: g.overall.kappa,
        reading: g.overall.reading.label,
      },
    ];
    const csv = opts.format === 'csv';
    const text = renderRows<Row>(
      rows,
      [
        { header: 'family', value: (r) => r.family },
        { header: 'code', value: (r) => r.code },
        { header: 'both', value: (r) => r.both },
        { header: csv ? 'only_a' : 'only A', value: (r) => r.onlyA },
        { header: csv ? 'only_b' : 'only B', value: (r) => r.onlyB },
        { header: 'neither', value: (r) => r.neither },
        { header: 'observed', value: (r) => fixed(r.observed, csv ? 4 : 2) },
        { header: 'expected', value: (r) => fixed(r.expected, csv ? 4 : 2) },
        { header: 'kappa', value: (r) => fixed(r.kappa, csv ? 4 : 2) },
        { header: 'reading', value: (r) => r.reading },
      ],
      opts.format,
    );
    process.stderr.write(
      `${g.coderA.name} (A) and ${g.coderB.name} (B) both coded ${g.respondents} respondents with consent given; A alone ${g.onlyCodedByA}, B alone ${g.onlyCodedByB}.\n` +
        (g.overall.reason ? `${g.overall.reason}\n` : '') +
        'Readings follow Landis & Koch (1977): slight up to 0.20, fair to 0.40, moderate to 0.60, substantial to 0.80, almost perfect above.\n',
    );
    return emit(text, opts.output);
  });
}
