import type { AddressInfo } from 'node:net';
import { loadConfig } from '../config.js';
import { type DatabaseLog, openDatabase } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { buildApp } from '../http/app.js';
import { publicBaseUrl } from '../http/public-url.js';
import { prepareData, startupBanner } from './startup.js';

/** `cairn serve`: the web UI and the API, on the database the options name. */
export async function serve(opts: { port?: string; dataDir?: string; databaseUrl?: string; demo: boolean }) {
  const config = loadConfig(process.env, opts.port ? { port: Number(opts.port) } : {});
  // The server keeps running through a database restart; whoever watches its output is told.
  const log: DatabaseLog = {
    info: (message) => process.stdout.write(`${new Date().toISOString()} cairn: ${message}\n`),
    warn: (message) => process.stderr.write(`${new Date().toISOString()} cairn: ${message}\n`),
  };
  const database = await openDatabase({
    log,
    databaseUrl: opts.databaseUrl ?? (opts.dataDir ? undefined : config.databaseUrl),
    dataDir: opts.dataDir ?? config.dataDir,
    holder: 'the Cairn server (npm start)',
  });
  await migrate(database);
  // Demo data goes in before the first request can arrive.
  const data = await prepareData(database, { loadDemo: opts.demo });
  const app = await buildApp({ database, config, serveWeb: true, logger: false, log });
  await app.listen({ port: config.port, host: config.host });
  const port = (app.server.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;
  const banner = await startupBanner(database, data, publicBaseUrl(config, port));
  process.stdout.write(
    `\nCairn is running at ${url}  (database: ${database.engine}, ${database.where})\n${banner}\nPress Ctrl+C to stop.\n`,
  );
  const stop = async () => {
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
