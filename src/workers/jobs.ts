/**
 * Long work started by one request and followed by the next ones: a job with an id, its progress, and
 * its file kept in memory for a while once made. Jobs live in this process only: a deployment of several
 * Cairn processes behind one address needs sticky sessions (a person's requests reach the process that
 * started their job), or the person sees "not found" for it. A job belongs to the person who started it:
 * anyone else, an administrator included, is told it does not exist.
 */
import { randomUUID } from 'node:crypto';
import { AppError, Conflict, NotFound } from '../errors.js';

/** How long a finished job's file waits to be downloaded. */
export const JOB_KEPT_MS = 10 * 60 * 1000;
/** Finished jobs kept at most, the oldest let go first: each holds a file in memory. */
export const MAX_KEPT_JOBS = 50;

export interface JobFile {
  name: string;
  type: string;
  bytes: Buffer;
}

export interface JobProgress {
  /** Steps done, of total; the step under way is `done + 1`. */
  done: number;
  total: number;
  /** What is being done now, in words ("Drawing figure C.7"). */
  step: string;
}

export interface Job {
  id: string;
  kind: string;
  owner: string;
  /** What the job is about (the programme and evaluation, say), checked on each request for it. */
  scope: string;
  status: 'running' | 'done' | 'failed';
  progress: JobProgress;
  file: JobFile | null;
  problem: string | null;
  finishedAt: number | null;
}

/** Thrown into a job's work when the server is closing: the job stops where it is. */
export class JobStopped extends Error {}

export interface JobWork {
  progress: (p: JobProgress) => void;
  /** Aborted when the server closes; work checks it between steps. */
  signal: AbortSignal;
}

export class JobStore {
  private jobs = new Map<string, Job>();
  private running = new Set<Promise<void>>();
  private stopping = new AbortController();

  constructor(private readonly onFault: (err: unknown) => void) {}

  /**
   * Starts `work` in the background and returns the job at once. One job of a kind runs per person at a
   * time: a second answers 409 naming the first, so a double click does not draw the report twice.
   */
  start(
    input: { kind: string; owner: string; scope: string; total: number; step: string; busy: string },
    work: (job: JobWork) => Promise<JobFile>,
  ): Job {
    this.forgetOld();
    const already = [...this.jobs.values()].find((j) => j.owner === input.owner && j.kind === input.kind && j.status === 'running');
    if (already) throw new Conflict(input.busy);
    const job: Job = {
      id: randomUUID(),
      kind: input.kind,
      owner: input.owner,
      scope: input.scope,
      status: 'running',
      progress: { done: 0, total: input.total, step: input.step },
      file: null,
      problem: null,
      finishedAt: null,
    };
    this.jobs.set(job.id, job);
    const signal = this.stopping.signal;
    const run = (async () => {
      try {
        job.file = await work({
          signal,
          progress: (p) => {
            if (signal.aborted) throw new JobStopped();
            job.progress = p;
          },
        });
        job.status = 'done';
      } catch (err) {
        job.status = 'failed';
        if (err instanceof AppError) job.problem = err.message;
        else {
          job.problem = 'Cairn could not finish this. Try again; if it fails again, tell the person who runs Cairn.';
          if (!(err instanceof JobStopped) && !signal.aborted) this.onFault(err);
        }
      } finally {
        job.finishedAt = Date.now();
      }
    })();
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    return job;
  }

  /** The caller's own job of this kind and scope, or 404 in the same words as for one that never was. */
  get(id: string, owner: string, kind: string, scope: string): Job {
    this.forgetOld();
    const job = this.jobs.get(id);
    if (!job || job.owner !== owner || job.kind !== kind || job.scope !== scope) throw new NotFound('That report');
    return job;
  }

  /** Stops running jobs between their steps and waits for them (the server is closing). */
  async close(): Promise<void> {
    this.stopping.abort();
    await Promise.allSettled([...this.running]);
  }

  private forgetOld() {
    const now = Date.now();
    const finished = [...this.jobs.values()].filter((j) => j.finishedAt !== null).sort((a, b) => a.finishedAt! - b.finishedAt!);
    finished.forEach((j, i) => {
      if (now - j.finishedAt! > JOB_KEPT_MS || finished.length - i > MAX_KEPT_JOBS) this.jobs.delete(j.id);
    });
  }
}
