import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import { Invalid } from '../errors.js';
import type { FigureProgress } from '../modules/evaluation/figures/service.js';
import { loadEvaluation } from '../modules/evaluation/evaluations/service.js';
import { openProgramme } from '../modules/programmes/context.js';
import { type DatabaseOptions, cliActor, cliCaller, withDatabase } from './context.js';
import type { FigureFormat } from './define.js';
import { print } from './output.js';

interface FiguresOptions extends DatabaseOptions {
  programme: string;
  evaluation: string;
  out: string;
  format: FigureFormat;
  includeSmallGroups?: boolean;
}

/**
 * A bar on a terminal, a line per figure otherwise; both on stderr. A figure skipped (no codes in its
 * family) gets a line of its own either way (on a terminal once the bar is done, so the bar does not
 * draw over it), so nobody wonders where C.1 went.
 */
function progressReporter(): { onProgress: FigureProgress; stop: () => void } {
  const tty = Boolean(process.stderr.isTTY);
  let bar: SingleBar | null = null;
  const later: string[] = [];
  const onProgress: FigureProgress = ({ done, total, caption, skipped }) => {
    const skippedLine = skipped ? `Skipped ${caption}: ${skipped}.\n` : '';
    if (!tty) {
      process.stderr.write(skippedLine || `Drew ${caption} (${done} of ${total})\n`);
      return;
    }
    if (skippedLine) later.push(skippedLine);
    if (!bar) {
      bar = new SingleBar({ format: 'Drawing [{bar}] {value}/{total} figures  {caption}', hideCursor: true, clearOnComplete: true });
      bar.start(total, 0, { caption: '' });
    }
    bar.update(done, { caption });
  };
  const stop = () => {
    bar?.stop();
    bar = null;
    for (const line of later.splice(0)) process.stderr.write(line);
  };
  return { onProgress, stop };
}

/** `cairn analyse figures`: the review's figures C.1–C.19 for an evaluation, as files or one Word report. */
export async function analyseFigures(opts: FiguresOptions) {
  const out = resolve(opts.out);
  const existing = statSync(out, { throwIfNoEntry: false });
  if (existing && !existing.isDirectory()) throw new Invalid(`--out must be a folder, and ${out} is a file.`);
  // Loaded here, not with the other commands: vega and docx take a while to load, and only this command draws.
  const { figureSet, figuresDocx, figuresDocxName, pngOf } = await import('../modules/evaluation/figures/service.js');
  const { figureFileName } = await import('../modules/evaluation/domain/figures.js');
  const progress = progressReporter();
  const set = await withDatabase(opts, 'cairn analyse figures', async (database) => {
    const ctx = await openProgramme(database.db, cliCaller(), opts.programme);
    try {
      const evaluation = await loadEvaluation(database.db, ctx, opts.evaluation);
      return await figureSet(database.db, ctx, cliActor(), evaluation, {
        includeSmallGroups: Boolean(opts.includeSmallGroups),
        onProgress: progress.onProgress,
      });
    } finally {
      progress.stop();
    }
  });
  try {
    mkdirSync(out, { recursive: true });
    if (opts.format === 'docx') {
      const file = join(out, figuresDocxName(set));
      writeFileSync(file, await figuresDocx(set));
      print(`Wrote ${set.drawn.length} figure${set.drawn.length === 1 ? '' : 's'} of “${set.evaluation.title}” to ${file}\n`);
    } else {
      const format = opts.format;
      for (const { definition, svg } of set.drawn) {
        writeFileSync(join(out, figureFileName(definition.id, format)), format === 'svg' ? svg : await pngOf(svg));
      }
      print(
        `Wrote ${set.drawn.length} figure${set.drawn.length === 1 ? '' : 's'} of “${set.evaluation.title}” to ${out} (${set.drawn.map((d) => figureFileName(d.definition.id, format)).join(', ') || 'none'})\n`,
      );
    }
  } catch (err) {
    if (err instanceof Invalid) throw err;
    throw new Invalid(
      `Could not write to ${out}: ${(err as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : (err as Error).message}.`,
    );
  }
  // Fewer respondents than the threshold: their number is suppressed here as in the figures.
  const counted =
    set.counted === null
      ? `Counted fewer than ${set.evaluation.disclosureThreshold} respondents with consent given (their number is suppressed).`
      : `Counted the ${set.counted} respondent${set.counted === 1 ? '' : 's'} with consent given.`;
  print(`${counted}${set.skipped.length ? ` Not drawn: ${set.skipped.map((s) => s.definition.id).join(', ')} (see above).` : ''}\n`);
}
