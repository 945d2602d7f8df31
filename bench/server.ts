/**
 * One server under load, in its own process so the load generator does not share its event loop.
 * BENCH_MODE=bare: a bare Fastify route. BENCH_MODE=cairn: Cairn over BENCH_DATA_DIR (PGlite) or
 * BENCH_DATABASE_URL (PostgreSQL), migrated and seeded first. Tells the parent its port over IPC.
 */
import Fastify from 'fastify';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { buildApp } from '../src/http/app.js';
import { loadDemo } from '../src/modules/demo/load.js';
import { seedBench } from './seed.js';

// Run by hand (no IPC channel), it prints the same message so it can be profiled on its own.
const send = (msg: unknown) => (process.send ? process.send(msg) : console.log(JSON.stringify(msg)));

async function main() {
  if (process.env.BENCH_MODE === 'bare') {
    const app = Fastify({ logger: false });
    app.get('/bare', async () => ({ hello: 'world' }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    process.on('SIGTERM', () => process.exit(0));
    send({ ready: true, port: (app.server.address() as { port: number }).port });
    return;
  }
  const started = Date.now();
  const database = await openDatabase({
    dataDir: process.env.BENCH_DATA_DIR,
    databaseUrl: process.env.BENCH_DATABASE_URL,
    holder: 'cairn bench',
  });
  await migrate(database);
  // BENCH_SEED=demo: the demo data instead (bench/report.ts draws the demo's PCF figures C.1–C.19).
  const login =
    process.env.BENCH_SEED === 'demo'
      ? await loadDemo(database.db).then(async () => ({
          email: 'admin@cairn-demo.example',
          password: (await import('../src/modules/demo/accounts.js')).DEMO_PASSWORD,
        }))
      : await seedBench(database, Number(process.env.BENCH_PARTNERSHIPS ?? 240));
  const app = await buildApp({ database, config: loadConfig({}, { loginAttemptsPer15Min: 1000 }) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  // The databases are scratch ones; requests cut off when the load stops may still be running, so
  // closing the pool under them would only print errors. Exit, and let the parent throw the data away.
  process.on('SIGTERM', () => process.exit(0));
  send({ ready: true, port: (app.server.address() as { port: number }).port, login, setupMs: Date.now() - started });
}

main().catch((err: Error) => {
  send({ ready: false, error: err.stack ?? err.message });
  process.exit(1);
});
