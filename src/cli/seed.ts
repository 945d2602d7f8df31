import { DEMO_PASSWORD } from '../modules/demo/accounts.js';
import { loadDemo } from '../modules/demo/load.js';
import { type DatabaseOptions, withDatabase } from './context.js';
import { type Format, print } from './output.js';
import { demoAccountsTable } from './startup.js';

export async function seedDemo(opts: DatabaseOptions & { format: Format }) {
  const result = await withDatabase(opts, 'cairn seed demo', (database) => loadDemo(database.db));
  if (opts.format !== 'table') {
    print(
      opts.format === 'json'
        ? `${JSON.stringify(result, null, 2)}\n`
        : `programmes_loaded,accounts_created,already_loaded\n${result.programmes.length},${result.accounts.length},${result.alreadyLoaded}\n`,
    );
    return;
  }
  if (result.alreadyLoaded) {
    print('The demo data is already loaded: nothing was added.\n');
    return;
  }
  const lines = [];
  if (result.programmes.length) lines.push(`Loaded the demo programmes: ${result.programmes.join(', ')}.`);
  if (result.accounts.length) {
    lines.push(
      `Created demo accounts (password ${DEMO_PASSWORD}); they exist only in the demo data:`,
      demoAccountsTable(result.accounts).trimEnd(),
    );
  }
  print(`${lines.join('\n')}\n`);
}
