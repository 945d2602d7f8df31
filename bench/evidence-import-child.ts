/**
 * One evidence import in a process of its own, so its peak memory is the import's and nothing else's.
 * Reads BENCH_DATABASE_URL, BENCH_PROGRAMME, BENCH_FOLDER, BENCH_EVALUATION; tells the parent the time
 * and memory over IPC (or prints them when run by hand).
 */
import { cliActor, cliCaller } from '../src/cli/context.js';
import { openDatabase } from '../src/db/database.js';
import { importEvidence } from '../src/modules/evaluation/evidence-import/import.js';
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
      importEvidence(database.db, ctx, cliActor(), process.env.BENCH_FOLDER!, { evaluation: process.env.BENCH_EVALUATION! }),
    );
    send({
      ok: true,
      ms,
      respondents: result.respondents.created,
      codings: result.codings.added,
      rows: result.codings.rows,
      rssBeforeMb,
      peakRssMb,
    });
  } finally {
    await database.close();
  }
}

main().catch(failed);
