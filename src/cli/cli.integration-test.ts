// One engine: the commands here are the same SQL on both engines; what only the embedded engine has, its
// data folder's lock, is src/cli/data-folder-lock.integration-test.ts (on PGlite in every run).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cliWorkspace } from '../../test/support/cli.js';

// The CLI as people run it: a child process over an embedded data folder of its own, or (in the
// postgres project) over a fresh database on the test server through DATABASE_URL.
const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = (name: string) => join(root, 'test/fixtures/registry-import', name);

const ws = cliWorkspace('cairn-cli-');
const cairn = ws.cairn;

describe('the cairn command', () => {
  it('lists its commands', async () => {
    const help = await cairn(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['serve', 'migrate', 'seed', 'users', 'programme', 'registry']) expect(help.stdout).toContain(command);
  });

  it('creates a programme and an account, and lists them as a table, json or csv', async () => {
    expect((await cairn(['programme', 'create', '--slug', 'pbsa', '--name', 'Place Based Social Action', '--funder', 'DCMS'])).stdout).toBe(
      'Created the programme Place Based Social Action (pbsa).\n',
    );
    const list = await cairn(['programme', 'list', '--format', 'csv']);
    expect(list.stdout).toBe('slug,name,funder\npbsa,Place Based Social Action,DCMS\n');
    const user = await cairn(['users', 'create', '--email', 'ann@example.org', '--name', 'Ann', '--admin', '--format', 'json'], {
      CAIRN_PASSWORD: 'a long enough password',
    });
    expect(user.code).toBe(0);
    expect(JSON.parse(user.stdout)).toMatchObject({ email: 'ann@example.org', isAdmin: true, hasPassword: true });
    const users = await cairn(['users', 'list']);
    expect(users.stdout.split('\n')[2]).toMatch(/^ann@example\.org\s+Ann\s+yes\s+yes$/);
  }, 120_000);

  it('fails in one line, with field problems indented below', async () => {
    const noPassword = await cairn(['users', 'create', '--email', 'bob@example.org', '--name', 'Bob']);
    expect(noPassword.code).toBe(1);
    expect(noPassword.stderr).toMatch(/^cairn: Give a password with --password or the CAIRN_PASSWORD environment variable.*\n$/);
    const badSlug = await cairn(['programme', 'create', '--slug', 'Not A Slug', '--name', 'X']);
    expect(badSlug.code).toBe(1);
    expect(badSlug.stderr).toBe('cairn: --slug: Slug may use lower-case letters, digits and single hyphens only\n');
    const twoBad = await cairn(['programme', 'create', '--slug', 'Not A Slug', '--name', ' ']);
    expect(twoBad.stderr).toBe(
      'cairn: Some options are not right:\n  --slug: Slug may use lower-case letters, digits and single hyphens only\n  --name: Enter the programme name\n',
    );
    const unknown = await cairn(['programme', 'lst']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr.trimEnd().split('\n')).toHaveLength(1);
  }, 120_000);

  it('imports a registry all or nothing, listing every bad row', async () => {
    const bad = await cairn(['registry', 'import', fixture('bad-rows.csv'), '--programme', 'pbsa']);
    expect(bad.code).toBe(1);
    const lines = bad.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('cairn: Nothing was imported: 7 problems in 7 rows. Fix them and import the file again.');
    expect(lines.slice(1).map((l) => l.split(':')[0])).toEqual([
      '  row 2, partnership',
      '  row 3, partnership',
      '  row 4, nation',
      '  row 5, organisation_type',
      '  row 6, place',
      '  row 7, partnership',
      '  row 8, organisation_type',
    ]);
    const png = await cairn(['registry', 'import', fixture('not-a-spreadsheet.png'), '--programme', 'pbsa']);
    expect(png.stderr).toBe('cairn: This file is a picture, not a spreadsheet. Import a CSV or an Excel (.xlsx) file.\n');
    // Nothing from the failed attempts was written: a dry run would still create all ten.
    const dry = await cairn([
      'registry',
      'import',
      fixture('pbsa-partnerships.csv'),
      '--programme',
      'pbsa',
      '--dry-run',
      '--format',
      'json',
    ]);
    expect(JSON.parse(dry.stdout).creates.partnerships).toHaveLength(10);
    const good = await cairn(['registry', 'import', fixture('pbsa-partnerships.xlsx'), '--programme', 'pbsa']);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/Imported 10 rows\.[\s\S]*partnerships\s+10\s+0\n/);
    const again = await cairn(['registry', 'import', fixture('pbsa-partnerships.csv'), '--programme', 'pbsa', '--format', 'csv']);
    expect(again.stdout).toContain('partnerships,0,10');
    // The registry exported, and read back by the import: all unchanged, nothing to import.
    const exported = join(ws.dir, 'registry.xlsx');
    const out = await cairn(['registry', 'export', '--programme', 'pbsa', '--output', exported]);
    expect(out.stdout).toBe(`Wrote the registry (4 sheets) to ${exported}\n`);
    const back = await cairn(['registry', 'import', exported, '--programme', 'pbsa', '--dry-run']);
    expect(back.stdout).toMatch(/^Nothing to import: all 10 rows are already in Cairn as the file has them\./);
    const template = await cairn(['registry', 'template', '--programme', 'pbsa']);
    expect(template.stdout).toBe('partnership,place,region,nation,lead_organisation,organisation_type,in_programme_from\n');
  }, 180_000);
});
