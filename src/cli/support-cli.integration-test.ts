// One engine: the commands' output over services that run the same SQL on both engines (the import's rules and the summary's definitions are tested on both in src/modules/support).
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliWorkspace, repoRoot } from '../../test/support/cli.js';

// `cairn support import | summary | warnings | survival` as people run them, on a folder of CSV files.
const ws = cliWorkspace('cairn-cli-support-');
const fixture = (name: string) => join(repoRoot, 'test/fixtures/support', name);

beforeAll(async () => {
  expect((await ws.cairn(['programme', 'create', '--slug', 'jrf', '--name', 'Neighbourhood Programme'])).code).toBe(0);
  const registry = await ws.cairn([
    'registry',
    'import',
    join(repoRoot, 'test/fixtures/registry-import/pbsa-partnerships.csv'),
    '--programme',
    'jrf',
  ]);
  expect(registry.code, registry.stderr).toBe(0);
}, 180_000);

describe('cairn support', () => {
  it('imports nothing from a folder with wrong rows, naming each file, row and field', async () => {
    const run = await ws.cairn(['support', 'import', fixture('bad'), '--programme', 'jrf']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'cairn: Nothing was imported: 3 rows have problems. Correct them and import again.\n' +
        '  contacts.csv row 2, hours: Hours cannot be negative (-3)\n' +
        '  contacts.csv row 3, partnership: There is no partnership named “Nowhere Partnership” in this programme\n' +
        '  contacts.csv row 4, date: 2019-01-01 is outside the partnership’s support period, 2023-04-01 to 2024-03-31\n',
    );
    // The folder's good file (allowances.csv) was not kept either.
    const summary = await ws.cairn(['support', 'summary', '--programme', 'jrf', '--format', 'csv']);
    expect(summary.stdout.split('\n')[1]).toBe('Community 360,,0.00,,0.00,0,0.00,');
  }, 180_000);

  it('imports a folder, then prints the summary in exactly the issue’s columns, by its definitions', async () => {
    const run = await ws.cairn(['support', 'import', fixture('good'), '--programme', 'jrf']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('Facilitators added as support providers: Ann Facilitator, Ben Mentor');
    const summary = await ws.cairn(['support', 'summary', '--programme', 'jrf', '--format', 'csv']);
    expect(summary.code).toBe(0);
    const lines = summary.stdout.split('\n');
    expect(lines[0]).toBe('partnership,days_allowed,days_used,credit_allowed,credit_spent,events_attended,cost_total,cost_per_year');
    // Worked by hand, seven hours a day. Community 360: 3.5 h + 7 h = 1.5 days × £350 = £525, + £250 credit,
    // + half of the £900 event (two partnerships came) = £1,225; over 1 April 2023 – 31 March 2026, 1,096 days
    // = 3.0007 years: £408 a year. Grapevine Coventry: 2 h = 2/7 day × £300 = £85.71, + £1,000 + £450
    // = £1,535.71; over 366 days (2024 is a leap year) = 1.0021 years: £1,533 a year.
    expect(lines[1]).toBe('Community 360,24,1.50,7500.00,250.00,1,1225.00,408');
    expect(lines[2]).toBe('Grapevine Coventry,10,0.29,5000.00,1000.00,1,1535.71,1533');
    // A partnership with no allowance: nothing allowed, nothing used, no year to divide by.
    expect(lines[3]).toBe('Hackney Volunteer Centre,,0.00,,0.00,0,0.00,');

    const json = JSON.parse((await ws.cairn(['support', 'summary', '--programme', 'jrf', '--format', 'json'])).stdout);
    // Exact decimals, as written in the CSV (no binary fractions on the way).
    expect(json[0]).toMatchObject({ partnership: 'Community 360', days_used: '1.50', cost_total: '1225.00', cost_per_year: '408' });
  }, 180_000);

  it('warns of partnerships not seen for more than 56 days, and of those on course for fewer than 8 days a year', async () => {
    const run = await ws.cairn(['support', 'warnings', '--programme', 'jrf', '--as-of', '2023-10-31', '--format', 'csv']);
    expect(run.code).toBe(0);
    // 12 June → 31 October is 141 days; 1 July → 31 October 122. 1.5 days in the 214 days so far is
    // 2.6 a year; 2/7 day is 0.5 a year.
    expect(run.stdout).toBe(
      'partnership,warning,detail\n' +
        'Community 360,no recent contact,"No contact for 141 days, since 12 June 2023"\n' +
        'Community 360,below the recommended days,"On course for 2.6 days a year, below the 8 recommended"\n' +
        'Grapevine Coventry,no recent contact,"No contact for 122 days, since 1 July 2023"\n' +
        'Grapevine Coventry,below the recommended days,"On course for 0.5 days a year, below the 8 recommended"\n',
    );
    const bad = await ws.cairn(['support', 'warnings', '--programme', 'jrf', '--as-of', '2023-02-30', '--format', 'csv']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('cairn: --as-of must be a date such as 2026-03-31, not “2023-02-30”.\n');
  }, 180_000);

  it('prints the survival table', async () => {
    const run = await ws.cairn(['support', 'survival', '--programme', 'jrf', '--format', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('organisation,partnership,status,original_form,since,reason');
    expect(run.stdout).toContain('Community 360,Community 360,active,yes,,\n');
  }, 180_000);
});
