// One engine: the commands' output over services that run the same SQL on both engines (the import, the count and the export are tested on both in src/modules/participation/pb/pb.integration-test.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliWorkspace } from '../../test/support/cli.js';
import { openDatabase } from '../db/database.js';
import { pbBallots, pbProposals, pbRounds, programmes } from '../db/schema.js';

// `cairn pb import` → `cairn pb results` (both rules) → `cairn pb export --format pb` → import again, as
// people run them, on a file whose results were worked out by hand (test/fixtures/pb/README.md).
const fixtures = fileURLToPath(new URL('../../test/fixtures/pb/', import.meta.url));
const ws = cliWorkspace('cairn-cli-pb-');
const cairn = ws.cairn;
const programme = ['--programme', 'anytown'];

async function withDb<T>(run: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>): Promise<T> {
  const database = await openDatabase(ws.serverUrl ? { databaseUrl: ws.serverUrl } : { dataDir: ws.dir, holder: 'the CLI test' });
  try {
    return await run(database.db);
  } finally {
    await database.close();
  }
}

const roundCount = () => withDb(async (db) => (await db.select({ n: count() }).from(pbRounds))[0]!.n);

beforeAll(async () => {
  await withDb((db) => db.insert(programmes).values({ slug: 'anytown', name: 'Anytown test' }));
}, 60_000);

describe('cairn pb', () => {
  it('refuses a bad .pb file in one line naming each problem by line, and stores nothing', async () => {
    const bad = await cairn(['pb', 'import', join(fixtures, 'anytown-bad.pb'), ...programme, '--round', 'broken']);
    expect(bad.code).not.toBe(0);
    expect(bad.stdout).toBe('');
    // One line saying so (the house form: each problem follows on a line of its own).
    expect(bad.stderr.trim().split('\n')).toEqual([
      'cairn: Nothing was imported: 2 problems in the file. The first: line 11: Project A1: cost "sixty" is not a whole number',
      '  line 11: Project A1: cost "sixty" is not a whole number',
      '  line 16: Voter v02 voted for project Z9, which PROJECTS does not list',
    ]);
    expect(await roundCount()).toBe(0);
    expect(await withDb(async (db) => (await db.select({ n: count() }).from(pbProposals))[0]!.n)).toBe(0);
    expect(await withDb(async (db) => (await db.select({ n: count() }).from(pbBallots))[0]!.n)).toBe(0);

    const missing = await cairn(['pb', 'import', join(fixtures, 'no-such.pb'), ...programme, '--round', 'broken']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr.trim().split('\n')).toEqual([`cairn: There is no file at ${join(fixtures, 'no-such.pb')}.`]);
  }, 120_000);

  it('imports a file, counts it by both rules exactly as worked out by hand, exports it and reads the export back the same', async () => {
    const imported = await cairn(['pb', 'import', join(fixtures, 'anytown.pb'), ...programme, '--round', 'grants', '--format', 'json']);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({
      round: 'grants',
      rule: 'equal-shares',
      ruleAsWritten: 'equalshares/add1',
      projects: 3,
      ballots: 10,
    });

    const header = 'project_id,name,cost,votes,selected';
    const equalShares = await cairn(['pb', 'results', ...programme, '--round', 'grants', '--format', 'csv']);
    expect(equalShares.code, equalShares.stderr).toBe(0);
    expect(equalShares.stdout).toBe(
      `${header}\nA1,"Play park ""the big one""; new swings",60,6,0\nB2,Community garden,40,6,1\nC3,Youth club trips,40,4,1\n`,
    );
    const greedy = await cairn(['pb', 'results', ...programme, '--round', 'grants', '--rule', 'greedy', '--format', 'csv']);
    expect(greedy.code, greedy.stderr).toBe(0);
    expect(greedy.stdout).toBe(
      `${header}\nA1,"Play park ""the big one""; new swings",60,6,1\nB2,Community garden,40,6,1\nC3,Youth club trips,40,4,0\n`,
    );
    const json = JSON.parse(
      (await cairn(['pb', 'results', ...programme, '--round', 'grants', '--rule', 'greedy', '--format', 'json'])).stdout,
    );
    expect(json).toMatchObject({ rule: 'greedy', ballots: 10 });
    expect(json.projects.map((p: { project_id: string; selected: number }) => [p.project_id, p.selected])).toEqual([
      ['A1', 1],
      ['B2', 1],
      ['C3', 0],
    ]);

    const exported = await cairn(['pb', 'export', ...programme, '--round', 'grants', '--format', 'pb']);
    expect(exported.code, exported.stderr).toBe(0);
    const text = exported.stdout;
    // Sections in order, the file's own META kept, the name quoted as Pabulib quotes it, votes and the
    // selection by the round's own rule (equal shares), and every ballot as it was.
    expect(text.indexOf('META\n')).toBe(0);
    expect(text.indexOf('\nPROJECTS\n')).toBeGreaterThan(0);
    expect(text.indexOf('\nVOTES\n')).toBeGreaterThan(text.indexOf('\nPROJECTS\n'));
    expect(text).toContain('description;Cairn test: Anytown small grants\n');
    expect(text).toContain('rule;equalshares/add1\n');
    expect(text).toContain('budget;100\n');
    expect(text).toContain('project_id;cost;votes;name;category;selected\n');
    expect(text).toContain('A1;60;6;"Play park ""the big one""; new swings";play;0\n');
    expect(text).toContain('B2;40;6;Community garden;green spaces;1\n');
    expect(text).toContain('C3;40;4;Youth club trips;young people;1\n');
    expect(text).toContain('voter_id;age;vote\nv01;34;A1,B2\n');
    expect(text).toContain('v03;29;B2,A1\n');
    expect(text.trim().split('\n').slice(-10)).toHaveLength(10);

    // The export read back as a new round counts the same by both rules.
    const again = join(ws.dir, 'grants-export.pb');
    writeFileSync(again, text);
    const reimported = await cairn(['pb', 'import', again, ...programme, '--round', 'grants-again']);
    expect(reimported.code, reimported.stderr).toBe(0);
    expect(reimported.stdout).toContain('3 projects, 10 ballots');
    // (the rule named this time, as people may)
    const again1 = await cairn(['pb', 'results', ...programme, '--round', 'grants-again', '--rule', 'equal-shares', '--format', 'csv']);
    expect(again1.stdout).toBe(equalShares.stdout);
    const again2 = await cairn(['pb', 'results', ...programme, '--round', 'grants-again', '--rule', 'greedy', '--format', 'csv']);
    expect(again2.stdout).toBe(greedy.stdout);
    const reexported = await cairn(['pb', 'export', ...programme, '--round', 'grants-again', '--format', 'pb']);
    expect(reexported.stdout).toBe(text);
    expect(readFileSync(again, 'utf8')).toBe(text);
  }, 300_000);

  it('says in one line what is wrong with a command: a round that exists, one that does not, a rule it does not know', async () => {
    const taken = await cairn(['pb', 'import', join(fixtures, 'anytown.pb'), ...programme, '--round', 'grants']);
    expect(taken.code).not.toBe(0);
    expect(taken.stderr.trim().split('\n')[0]).toBe('cairn: This programme already has a round with that short name');
    expect(await withDb(async (db) => (await db.select({ n: count() }).from(pbRounds).where(eq(pbRounds.slug, 'grants')))[0]!.n)).toBe(1);

    const none = await cairn(['pb', 'results', ...programme, '--round', 'no-such-round', '--format', 'csv']);
    expect(none.code).not.toBe(0);
    expect(none.stderr.trim().split('\n')).toHaveLength(1);
    expect(none.stderr).toMatch(/^cairn: /);

    const rule = await cairn(['pb', 'results', ...programme, '--round', 'grants', '--rule', 'phragmen', '--format', 'csv']);
    expect(rule.code).not.toBe(0);
    expect(rule.stderr.trim().split('\n')).toHaveLength(1);
    expect(rule.stderr).toContain('phragmen');
  }, 120_000);
});
