// One engine: the CLI's agreement and blind-coding output; the SQL beneath is the same on both engines.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliWorkspace } from '../../test/support/cli.js';
import { openDatabase } from '../db/database.js';
import { users } from '../modules/accounts/schema.js';
import { codes, codings, respondents } from '../modules/evaluation/schema.js';

// `cairn analyse configurations` and `cairn analyse agreement` as people run them, over a data folder of their own.
const ws = cliWorkspace('cairn-analyse-quality-');
const cairn = ws.cairn;
const where = ['--programme', 'riverlands', '--evaluation', 'review'];

/**
 * Two coders' ticks, written straight into the database: coders tick codes in the web UI (tested in the
 * integration and browser tests); this test is about what the command makes of them.
 *   Isolation — A: P1–P4, B: P1–P3 and P5. Trust — A: P5–P7, B: P6–P7. B ticked only a mechanism for P4.
 */
async function codeTwice() {
  const database = await openDatabase(ws.serverUrl ? { databaseUrl: ws.serverUrl } : { dataDir: ws.dir, holder: 'the CLI test' });
  try {
    const { db } = database;
    const people = new Map((await db.select().from(respondents)).map((r) => [r.ref, r.id]));
    const code = new Map((await db.select().from(codes)).map((c) => [c.name, c.id]));
    const coder = new Map((await db.select().from(users)).map((u) => [u.email, u.id]));
    const ticks: [string, string, string][] = [
      ...['P1', 'P2', 'P3', 'P4'].map((p) => ['a@riverlands.test', p, 'Isolation'] as [string, string, string]),
      ...['P5', 'P6', 'P7'].map((p) => ['a@riverlands.test', p, 'Trust'] as [string, string, string]),
      ...['P1', 'P2', 'P3', 'P5'].map((p) => ['b@riverlands.test', p, 'Isolation'] as [string, string, string]),
      ...['P6', 'P7'].map((p) => ['b@riverlands.test', p, 'Trust'] as [string, string, string]),
      ['b@riverlands.test', 'P4', 'Being listened to'],
    ];
    await db.insert(codings).values(
      ticks.map(([email, ref, name]) => ({
        respondentId: people.get(ref)!,
        codeId: code.get(name)!,
        coderId: coder.get(email)!,
        source: 'tick' as const,
      })),
    );
  } finally {
    await database.close();
  }
}

beforeAll(async () => {
  expect((await cairn(['programme', 'create', '--slug', 'riverlands', '--name', 'Riverlands Fund'])).code).toBe(0);
  const dir = join(ws.dir, 'evidence');
  mkdirSync(dir);
  writeFileSync(join(dir, 'projects.csv'), 'project,place,themes,coproduction_model\nMill Lane Pantry,Millbrook,Food,Co-production\n');
  writeFileSync(
    join(dir, 'respondents.csv'),
    `${[
      'respondent_id,project,participant_type,consent',
      ...['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7'].map((p) => `${p},Mill Lane Pantry,,given`),
      'P8,Mill Lane Pantry,,withdrawn',
    ].join('\n')}\n`,
  );
  const rows = ['respondent_id,family,code'];
  for (const p of ['P1', 'P2', 'P3', 'P4', 'P5', 'P8'])
    rows.push(`${p},context,Isolation`, `${p},mechanism,Being listened to`, `${p},short_term_outcome,Confidence`);
  rows.push('P6,context,Isolation', 'P6,mechanism,Shared ownership', 'P6,short_term_outcome,Confidence');
  rows.push('P7,context,Trust', 'P7,mechanism,Being listened to', 'P7,long_term_outcome,Wellbeing');
  writeFileSync(join(dir, 'codings.csv'), `${rows.join('\n')}\n`);
  const run = await cairn(['evidence', 'import', dir, ...where]);
  expect(run.code, run.stderr).toBe(0);
}, 180_000);

describe('cairn analyse configurations', () => {
  it('ranks context → mechanism → outcome by support, then lift, as CSV; withdrawn P8 is not counted', async () => {
    // n = 7: Isolation 6, Listened 6, Confidence 6; Trust, Ownership, Wellbeing 1 each.
    // Lift = s·n²/(nC·nM·nO): 5·49/216 = 1.13; 49/6 = 8.17; 49/36 = 1.36.
    const run = await cairn(['analyse', 'configurations', ...where, '--min-support', '1', '--format', 'csv']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(
      [
        'context,mechanism,outcome,support,percent,lift',
        'Isolation,Being listened to,Confidence,5,71.4,1.13',
        'Trust,Being listened to,Wellbeing,1,14.3,8.17',
        'Isolation,Shared ownership,Confidence,1,14.3,1.36',
        '',
      ].join('\n'),
    );
    expect(run.stderr).toContain('7 respondents counted');
    expect(run.stderr).toContain('2 combination(s) are shared by fewer than 5 respondents');

    // By default only combinations at the disclosure threshold (5) or over; a table for people.
    const table = await cairn(['analyse', 'configurations', ...where]);
    expect(table.stdout.trim().split('\n')).toEqual([
      'context    mechanism          outcome     support  percent  lift',
      '---------  -----------------  ----------  -------  -------  ----',
      'Isolation  Being listened to  Confidence  5        71.4     1.13',
    ]);
  }, 120_000);

  it('refuses a minimum support that is not a whole number', async () => {
    const run = await cairn(['analyse', 'configurations', ...where, '--min-support', 'two']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--min-support is a whole number of respondents, 1 or more: got “two”.');
  }, 120_000);
});

describe('cairn analyse agreement', () => {
  beforeAll(async () => {
    for (const [email, name] of [
      ['a@riverlands.test', 'Asha'],
      ['b@riverlands.test', 'Ben'],
    ]) {
      const run = await cairn(['users', 'create', '--email', email!, '--name', name!], { CAIRN_PASSWORD: 'a long enough password' });
      expect(run.code, run.stderr).toBe(0);
    }
    await codeTwice();
  }, 120_000);

  it('gives kappa per code and pooled overall, matching the hand calculation', async () => {
    // Over P1–P7 (both coded each). Isolation: both 3, A only 1 (P4), B only 1 (P5), neither 2:
    //   po = 5/7 = 0.7143, pe = (4·4 + 3·3)/49 = 0.5102, κ = 10/24 = 0.4167.
    // Trust: both 2, A only 1 (P5), neither 4: po = 6/7, pe = (3·2 + 4·5)/49 = 0.5306, κ = 16/23 = 0.6957.
    // Pooled: P̄o = 11/14 = 0.7857, P̄e = 51/98 = 0.5204, κ = 26/47 = 0.5532.
    const run = await cairn([
      'analyse',
      'agreement',
      ...where,
      '--coder-a',
      'a@riverlands.test',
      '--coder-b',
      'B@Riverlands.test',
      '--family',
      'context',
      '--format',
      'csv',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(
      [
        'family,code,both,only_a,only_b,neither,observed,expected,kappa,reading',
        'context,Isolation,3,1,1,2,0.7143,0.5102,0.4167,Moderate',
        'context,Trust,2,1,0,4,0.8571,0.5306,0.6957,Substantial',
        'context,Overall (pooled),,,,,0.7857,0.5204,0.5532,Moderate',
        '',
      ].join('\n'),
    );
    expect(run.stderr).toContain('Asha (A) and Ben (B) both coded 7 respondents with consent given; A alone 0, B alone 0.');

    const json = JSON.parse(
      (
        await cairn([
          'analyse',
          'agreement',
          ...where,
          '--coder-a',
          'a@riverlands.test',
          '--coder-b',
          'b@riverlands.test',
          '--format',
          'json',
        ])
      ).stdout,
    );
    expect(json.agreement.respondents).toBe(7);
    expect(json.agreement.perCode.map((p: { code: string }) => p.code)).toEqual([
      'Isolation',
      'Trust',
      'Being listened to',
      'Shared ownership',
      'Confidence',
      'Wellbeing',
    ]);
  }, 120_000);

  it('names an address with no account', async () => {
    const unknown = await cairn([
      'analyse',
      'agreement',
      ...where,
      '--coder-a',
      'a@riverlands.test',
      '--coder-b',
      'nobody@riverlands.test',
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('There is no account with the email address nobody@riverlands.test');
  }, 120_000);
});
