import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirBusy } from './lock.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];
const newDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'cairn-lock-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Opens the data folder from another process, as a second `cairn serve` would, and reports what it heard. */
function openFromAnotherProcess(dir: string, how: 'open the database' | 'take the lock only') {
  // Taking the lock alone spares a 9 s initdb of a new embedded database when only the lock is in question.
  const attempt =
    how === 'open the database'
      ? `const d = await openDatabase({ dataDir: ${JSON.stringify(dir)}, holder: 'second' }); await d.close();`
      : `acquireDataDirLock(${JSON.stringify(dir)}, 'second').release();`;
  const script = `
    import { openDatabase } from './src/db/database.ts';
    import { acquireDataDirLock } from './src/db/lock.ts';
    try { ${attempt} console.log('OPENED'); }
    catch (err) { console.log(err.constructor.name + '\\t' + err.message); }`;
  const res = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return res.stdout.trim();
}

/** A process id that certainly belonged to a process that has ended. */
function deadPid(): number {
  const res = spawnSync(process.execPath, ['-e', ''], { timeout: 10_000 });
  return res.pid!;
}

describe('data-folder lock', () => {
  it('refuses a second process with one line naming the holder, and lets it in once released', () => {
    const dir = newDir();
    const lock = acquireDataDirLock(dir, 'cairn serve');
    const [name, message, ...more] = openFromAnotherProcess(dir, 'open the database').split('\t');
    expect(name).toBe('DataDirBusy');
    expect(more).toEqual([]);
    expect(message).not.toContain('\n');
    expect(message).toBe(
      `The data folder ${dir} is in use by cairn serve (process ${process.pid}). Stop it first, or do this through the running server (web UI or /api/v1).`,
    );
    lock.release();
    expect(existsSync(join(dir, 'cairn.lock'))).toBe(false);
    expect(openFromAnotherProcess(dir, 'take the lock only')).toBe('OPENED');
  }, 60_000);

  it('refuses a second opener inside the same process too', () => {
    const dir = newDir();
    const lock = acquireDataDirLock(dir, 'first');
    expect(() => acquireDataDirLock(dir, 'second')).toThrow(DataDirBusy);
    lock.release();
  });

  it('takes over a lock left by a process that has died', () => {
    const dir = newDir();
    const pid = deadPid();
    writeFileSync(join(dir, 'cairn.lock'), JSON.stringify({ pid, holder: 'crashed cairn', since: '2024-01-01T00:00:00.000Z' }));
    const lock = acquireDataDirLock(dir, 'restarted');
    const now = JSON.parse(readFileSync(join(dir, 'cairn.lock'), 'utf8'));
    expect(now).toMatchObject({ pid: process.pid, holder: 'restarted' });
    lock.release();
  });

  it('takes over a lock file left half-written by a crash', () => {
    const dir = newDir();
    writeFileSync(join(dir, 'cairn.lock'), '{"pid": 12');
    const lock = acquireDataDirLock(dir, 'restarted');
    expect(JSON.parse(readFileSync(join(dir, 'cairn.lock'), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });
});
