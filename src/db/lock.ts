import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface DataDirLock {
  release(): void;
}

/** Raised when another live process holds the data folder; the message is one line a person can act on. */
export class DataDirBusy extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
    readonly holder: string,
  ) {
    super(
      `The data folder ${dir} is in use by ${holder} (process ${pid}). ` +
        `Stop it first, or do this through the running server (web UI or /api/v1).`,
    );
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM means the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * An exclusive lock file beside the database files. Created with O_EXCL so two starts cannot both
 * win; a lock left by a process that has died is taken over, since a crash must not lock people out.
 */
export function acquireDataDirLock(dir: string, holder: string): DataDirLock {
  const path = join(dir, 'cairn.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, holder, since: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          const now = JSON.parse(readFileSync(path, 'utf8')) as { pid: number };
          if (now.pid === process.pid) unlinkSync(path);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return { release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let owner: { pid: number; holder: string } | undefined;
      try {
        owner = JSON.parse(readFileSync(path, 'utf8')) as { pid: number; holder: string };
      } catch {
        owner = undefined; // half-written by a process that died mid-write
      }
      if (owner && owner.pid !== process.pid && alive(owner.pid)) throw new DataDirBusy(dir, owner.pid, owner.holder);
      if (owner && owner.pid === process.pid) throw new DataDirBusy(dir, owner.pid, 'this process');
      try {
        unlinkSync(path);
      } catch {
        /* raced with another taker; the retry decides */
      }
    }
  }
  throw new Error(`Could not lock the data folder ${dir}.`);
}
