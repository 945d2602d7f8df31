/**
 * What the worker threads can do (pool.ts runs them). Each task takes and returns plain data (strings,
 * numbers, bytes, plain objects), since that is what crosses between threads. Each loads its library
 * when first asked, so a thread that only draws never loads the spreadsheet reader.
 */
import type { TopLevelSpec } from 'vega-lite';
import { AppError, type FieldError } from '../errors.js';
import type { FigureSet } from '../modules/evaluation/figures/figure-set.js';

export const tasks = {
  /** A vega-lite spec drawn as SVG, with its title and description inside it. */
  svg: async (input: { spec: TopLevelSpec; title: string; description: string; id: string }) =>
    (await import('../charts/draw.js')).vegaSvg(input.spec, input),
  /** An SVG drawn as PNG at twice its size. */
  png: async (input: { svg: string }): Promise<Uint8Array> => (await import('../charts/draw.js')).svgToPng(input.svg),
  /** A theory of change drawn as SVG (ELK's layered layout, by stage, links coloured by class when given). */
  theorySvg: async (input: import('../modules/theory-of-change/exchange/drawing.js').DrawingInput) =>
    (await import('../modules/theory-of-change/exchange/drawing.js')).drawTheory(input),
  /** Figures C.1–C.19 as one Word document. */
  figuresDocx: async (input: { set: FigureSet; date: Date }): Promise<Uint8Array> =>
    (await import('../modules/evaluation/figures/docx.js')).buildFiguresDocx(input.set, input.date),
  /** The first sheet of an .xlsx as rows of cells, unpacked as a stream with a cap and a row limit. */
  xlsxRows: async (input: { bytes: Uint8Array; maxRows: number; maxUnpackedBytes?: number }) =>
    (await import('../spreadsheet/xlsx.js')).readXlsxRows(input.bytes, input),
  /** A registry spreadsheet (CSV or .xlsx) read into rows keyed by column. */
  registrySheet: async (input: { bytes: Uint8Array; filename: string }) =>
    (await import('../modules/registry-import/sheet.js')).parseSpreadsheetHere(input.bytes, input.filename),
  /** Sheets of rows written as one .xlsx file (a download). */
  xlsxFile: async (input: { sheets: import('../spreadsheet/write.js').XlsxSheet[] }): Promise<Uint8Array> =>
    (await import('../spreadsheet/write.js')).xlsxBytes(input.sheets),
  /** An uploaded transcript (text or .docx) as text. */
  transcript: async (input: { bytes: Uint8Array; fileName: string }) =>
    (await import('../modules/evaluation/evidence/transcript-file.js')).readTranscriptFileHere(Buffer.from(input.bytes), input.fileName),
};

export type TaskName = keyof typeof tasks;
export type TaskInput<K extends TaskName> = Parameters<(typeof tasks)[K]>[0];
export type TaskOutput<K extends TaskName> = Awaited<ReturnType<(typeof tasks)[K]>>;
export type TaskResult<T> = { value: T } | { problem: { status: number; title: string; message: string; errors: FieldError[] } };

/**
 * Runs a task in this thread. A refusal in words is returned as data: an Error's class does not survive
 * the trip between threads, and the main thread must tell a bad file (422) from a fault (500).
 */
export async function runHere({ name, input }: { name: TaskName; input: unknown }): Promise<TaskResult<unknown>> {
  const task = tasks[name] as (input: unknown) => Promise<unknown>;
  if (!task) throw new Error(`No worker task named ${name}`);
  try {
    return { value: await task(input) };
  } catch (err) {
    if (err instanceof AppError) return { problem: { status: err.status, title: err.title, message: err.message, errors: err.errors } };
    throw err;
  }
}
