import type { Database } from '../db/database.js';
import { DEMO_PASSWORD, type DemoAccount } from '../modules/demo/accounts.js';
import { isEmpty, liveDemoAccounts, loadDemo } from '../modules/demo/load.js';
import { table } from './output.js';

/** What happened to the data on start-up, said once the server is listening. */
export interface StartupData {
  loadedDemo: string[];
  emptyWithoutDemo: boolean;
}

/** Loads the demo data into an empty database (no programmes, no accounts) unless told not to. */
export async function prepareData(database: Database, opts: { loadDemo: boolean }): Promise<StartupData> {
  if (!(await isEmpty(database.db))) return { loadedDemo: [], emptyWithoutDemo: false };
  if (!opts.loadDemo) return { loadedDemo: [], emptyWithoutDemo: true };
  const result = await loadDemo(database.db);
  return { loadedDemo: result.programmes, emptyWithoutDemo: false };
}

export function demoAccountsTable(accounts: DemoAccount[]): string {
  return table(accounts, [
    { header: 'email', value: (a) => a.email },
    { header: 'can', value: (a) => a.can },
  ]);
}

/** Where to sign in and, when demo accounts exist, which; plus what start-up did to the data. */
export async function startupBanner(database: Database, data: StartupData, url: string): Promise<string> {
  const lines: string[] = [];
  if (data.loadedDemo.length) {
    lines.push(
      `The database was empty, so Cairn loaded the demo data: ${data.loadedDemo.join(', ')}. (Start with --no-demo to begin empty.)`,
    );
  }
  if (data.emptyWithoutDemo) {
    lines.push(
      'The database is empty. Create the first administrator with:',
      '  CAIRN_PASSWORD=… npx cairn users create --email you@example.org --name "Your Name" --admin',
      '(stop the server first, or use a second data folder: the command needs the database to itself).',
    );
    return `${lines.join('\n')}\n`;
  }
  const demo = await liveDemoAccounts(database.db);
  lines.push(`Sign in at ${url}`);
  if (demo.length) {
    lines.push(
      `Demo accounts (password ${DEMO_PASSWORD}${data.loadedDemo.length ? '' : ', unless changed'}). They exist only in the demo data:`,
      demoAccountsTable(demo).trimEnd(),
    );
  }
  return `${lines.join('\n')}\n`;
}
