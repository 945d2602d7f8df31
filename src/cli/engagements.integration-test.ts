// One engine: the commands' output over services that run the same SQL on both engines (the stemming and the register are tested on both in src/modules/engagement).
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliWorkspace, repoRoot } from '../../test/support/cli.js';

// `cairn engagements import` and `cairn engagements overlaps` as people run them.
const ws = cliWorkspace('cairn-cli-engagements-');
const fixture = (name: string) => join(repoRoot, 'test/fixtures/engagements', name);

beforeAll(async () => {
  expect((await ws.cairn(['programme', 'create', '--slug', 'wl', '--name', 'West Lothian engagement'])).code).toBe(0);
}, 120_000);

describe('cairn engagements', () => {
  it('imports nothing from a file with wrong rows, naming every wrong cell', async () => {
    const run = await ws.cairn(['engagements', 'import', fixture('engagements-bad.csv'), '--programme', 'wl']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'cairn: Nothing was imported: 2 rows have problems.\n' +
        '  row 3, title: Enter the engagement’s title\n' +
        '  row 3, end: The end date must be on or after the start date\n' +
        '  row 3, level: The level must be one of inform, consult, involve, collaborate, empower, not “shout”\n' +
        '  row 4, topics: Enter at least one topic (separate several with ;)\n' +
        '  row 4, start: “31/02/2026” is not a date: write it as 2026-03-02\n',
    );
    const overlaps = await ws.cairn(['engagements', 'overlaps', '--programme', 'wl', '--format', 'csv']);
    expect(overlaps.stdout).toBe('cluster,title,lead_partner,locality,start,end\n');
  }, 120_000);

  it('imports a register and lists each flagged cluster’s engagements in exactly the issue’s columns', async () => {
    const run = await ws.cairn(['engagements', 'import', fixture('engagements.csv'), '--programme', 'wl']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      'Imported 6 engagements.\nThey are in 1 overlap with other partners:\n  1. Three partners plan consultations on housing in Whitburn in March 2026\n',
    );
    const csv = await ws.cairn(['engagements', 'overlaps', '--programme', 'wl', '--format', 'csv']);
    expect(csv.code).toBe(0);
    // Armadale's two are one partner's follow-up; Blackburn's is alone: neither is flagged.
    expect(csv.stdout).toBe(
      'cluster,title,lead_partner,locality,start,end\n' +
        '1,Housing needs survey,West Lothian Council,Whitburn,2026-03-02,2026-03-13\n' +
        '1,Homes and health drop-in,NHS Lothian,WHITBURN,2026-03-16,2026-03-16\n' +
        "1,Tenants' housing forum,Almond Housing Association,Whitburn,2026-03-25,2026-03-25\n",
    );
  }, 120_000);
});
