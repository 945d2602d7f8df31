/**
 * One pool of worker threads for the whole process, for work that would otherwise hold the event loop
 * for seconds: drawing charts (vega, resvg), building Word documents (docx), unpacking and reading
 * spreadsheets and Word uploads. The main thread keeps the database and HTTP; it hands a task plain
 * data and gets plain data back (tasks.ts says what each takes). Threads start on first use and stop
 * when idle, so a CLI command that draws nothing never starts one, nor even loads piscina.
 */
import { availableParallelism } from 'node:os';
import type { Piscina } from 'piscina';
import { AppError, Invalid } from '../errors.js';
import type { TaskInput, TaskName, TaskOutput, TaskResult } from './tasks.js';

/**
 * Threads: one fewer than the cores, at least one and at most two, so the request loop keeps a core
 * to itself on a small server. `CAIRN_WORKER_THREADS` overrides it.
 */
export function poolSize(env: NodeJS.ProcessEnv = process.env): number {
  const set = env.CAIRN_WORKER_THREADS?.trim();
  if (set) {
    const n = Number(set);
    if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`CAIRN_WORKER_THREADS must be a whole number from 1 to 64, not “${set}”.`);
    return n;
  }
  return Math.max(1, Math.min(2, availableParallelism() - 1));
}

let pool: Promise<Piscina> | null = null;

/**
 * Compiled (build/workers/pool.js), the threads run build/workers/worker.js; run from the TypeScript
 * (tests, or `cairn` before a build), they start from worker-from-source.js, which registers tsx.
 */
const entry = new URL(import.meta.url.endsWith('.ts') ? './worker-from-source.js' : './worker.js', import.meta.url).href;

function thePool(): Promise<Piscina> {
  if (!pool) {
    const maxThreads = poolSize();
    pool = import('piscina').then(
      ({ Piscina }) =>
        new Piscina({
          filename: entry,
          minThreads: 0,
          maxThreads,
          // A thread idle this long stops: a server that drew one report does not keep its memory for ever.
          idleTimeout: 30_000,
        }),
    );
  }
  return pool;
}

/**
 * Runs one task on a worker thread. A refusal in plain words (an AppError thrown by the task, say a
 * spreadsheet that unpacks too large) comes back as the same kind of error, so callers handle it as
 * if the work had run here.
 */
export async function runTask<K extends TaskName>(name: K, input: TaskInput<K>): Promise<TaskOutput<K>> {
  const result = (await (await thePool()).run({ name, input })) as TaskResult<TaskOutput<K>>;
  if ('problem' in result) {
    const p = result.problem;
    throw p.status === 422 ? new Invalid(p.message, p.errors) : new AppError(p.status, p.title, p.message, p.errors);
  }
  return result.value;
}

/** Stops the threads (a server closing, a test file ending). The next task starts the pool again. */
export async function closeWorkerPool(): Promise<void> {
  const p = pool;
  pool = null;
  await (await p)?.destroy();
}

/** Bytes back from a thread arrive as a plain Uint8Array: a Buffer over the same memory. */
export const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
