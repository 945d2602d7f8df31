/**
 * One returns import in a process of its own, so its peak memory is the import's and nothing else's.
 * Reads BENCH_DATABASE_URL or BENCH_DATA_DIR, BENCH_PROGRAMME, BENCH_FILE, BENCH_PERIOD; tells the
 * parent the time and memory over IPC (or prints them when run by hand).
 */
import { cliActor, cliCaller } from '../src/cli/context.js';
import { openDatabase } from '../src/db/database.js';
import { importReturns } from '../src/modules/monitoring/import/service.js';
import { openProgramme } from '../src/modules/programmes/context.js';
import { failed, measured, send } from './child-process.js';

async function main() {
  const database = await openDatabase({
    databaseUrl: process.env.BENCH_DATABASE_URL,
    dataDir: process.env.BENCH_DATA_DIR,
    holder: 'cairn bench',
  });
  try {
    const ctx = await openProgramme(database.db, cliCaller(), process.env.BENCH_PROGRAMME!);
    const { result, ms, rssBeforeMb, peakRssMb } = await measured(() =>
      importReturns(database.db, ctx, cliActor(), { source: { path: process.env.BENCH_FILE! }, period: process.env.BENCH_PERIOD! }),
    );
    send({ ok: true, ms, rows: result.rows, rssBeforeMb, peakRssMb });
  } finally {
    await database.close();
  }
}

main().catch(failed);
