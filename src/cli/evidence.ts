import { type EvidenceImportResult, type EvidenceProgress, importEvidence } from '../modules/evaluation/evidence-import/import.js';
import { openProgramme } from '../modules/programmes/context.js';
import { type DatabaseOptions, cliActor, cliCaller, withDatabase } from './context.js';
import { print } from './output.js';

interface ImportOptions extends DatabaseOptions {
  programme: string;
  evaluation: string;
  title?: string;
  dryRun?: boolean;
  format: 'table' | 'json';
}

/** Below this many rows a stage is over before progress is worth reporting. */
const PROGRESS_FROM = 20_000;

/** A line on stderr at every tenth of each stage of a large import, so stdout stays clean for --format json. */
function progressLine(): EvidenceProgress {
  const lastTenth = { codings: 0, respondents: 0 };
  return (stage, done, total) => {
    if (total < PROGRESS_FROM) return;
    const tenth = Math.floor((done / total) * 10);
    if (tenth > lastTenth[stage]) {
      lastTenth[stage] = tenth;
      const of = (n: number) => n.toLocaleString('en-GB');
      process.stderr.write(
        stage === 'codings'
          ? `Checked ${of(done)} of ${done < total ? 'about ' : ''}${of(total)} codings\n`
          : `Wrote ${of(done)} of ${of(total)} respondents with their codes\n`,
      );
    }
  };
}

const listed = (label: string, items: string[]) => (items.length ? [`${label}: ${items.join(', ')}`] : []);

function report(r: EvidenceImportResult): string {
  const would = r.dryRun ? 'would be ' : '';
  const lines = [
    r.dryRun
      ? 'Checked the folder: nothing was written (--dry-run).'
      : `Imported the evidence into “${r.evaluation.title}” (${r.evaluation.slug}).`,
    ...(r.evaluation.created
      ? [`The evaluation ${r.evaluation.slug} ${would || 'was '}created, with the seven standard code families.`]
      : []),
    `Respondents: ${r.respondents.created} ${would}added, ${r.respondents.updated} ${would}updated; ${r.respondents.withdrawn} with consent withdrawn (left out of every analysis).`,
    `Codings: ${r.codings.rows} rows, ${r.codings.added} ${would}added (a repeat of a respondent and code counts once).`,
    `Projects: ${r.projects.matched} matched by name, ${r.projects.created.length} ${would}created.`,
    ...listed(`Projects ${would || ''}created`, r.projects.created),
    ...listed(`Places ${would || ''}created`, r.places.created),
    ...listed(`Vocabulary terms ${would || ''}added`, r.terms.created),
    ...listed(`Codes ${would || ''}created`, r.codes.created),
    ...listed(
      `Who was asked (bases.csv) ${would || ''}recorded`,
      r.bases.map((b) => `${b.family}: ${b.respondents} respondent${b.respondents === 1 ? '' : 's'}`),
    ),
  ];
  return `${lines.join('\n')}\n`;
}

/** `cairn evidence import <folder>`. */
export async function evidenceImport(folder: string, opts: ImportOptions) {
  const result = await withDatabase(opts, 'cairn evidence import', async (database) => {
    const ctx = await openProgramme(database.db, cliCaller(), opts.programme);
    return importEvidence(database.db, ctx, cliActor(), folder, {
      evaluation: opts.evaluation,
      title: opts.title,
      dryRun: opts.dryRun,
      onProgress: progressLine(),
    });
  });
  print(opts.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : report(result));
}
