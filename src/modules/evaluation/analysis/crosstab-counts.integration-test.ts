/**
 * The kept counts (decision 009) against the rule: over a random evaluation — projects with several
 * themes or none, places of their own or by partnership, phases, blank participant types, two coders
 * and imported codings, withdrawals — every cross-tab from the counts must equal the domain's
 * `crosstab` over the respondents and codings, by every built-in dimension and under filters, and
 * stay equal through consent changes, moved respondents, merged, recoded and deleted codes and
 * deleted respondents. A recount from scratch must find the same cells.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../../test/support/database.js';
import { cliActor, cliCaller } from '../../../cli/context.js';
import type { Database } from '../../../db/database.js';
import { users } from '../../accounts/schema.js';
import { partnerships } from '../../partnerships/schema.js';
import { places } from '../../places/schema.js';
import { openProgramme } from '../../programmes/context.js';
import { phases, programmes, vocabularyTerms } from '../../programmes/schema.js';
import { projectTerms, projects } from '../../projects/schema.js';
import { crosstabTallies } from './crosstab-counts.js';
import { type BuiltInDimension, crosstab } from '../domain/crosstab.js';
import { crosstabFromTallies } from '../domain/crosstab-tallies.js';
import type { RespondentFilters } from '../domain/respondents.js';
import { seededRandom } from '../domain/synthetic-pcf.js';
import { codeFamilies, codes, codings, evaluations, respondents } from '../schema.js';
import { importEvidence } from '../evidence-import/import.js';
import { loadEvaluation } from '../evaluations/service.js';
import { analysisData } from './data.js';
import { codeUse } from '../codebook/history.js';
import { mergeCodes } from '../codebook/merge.js';
import { recordConsent, updateRespondent } from '../respondents/service.js';
import { splitCode } from '../codebook/split.js';

let database: Database;
const random = seededRandom(9);
const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;

let evaluationId = '';
let familyCodes: { id: string; name: string }[] = [];
let otherFamilyCode = '';
const ids: { respondents: string[]; projects: string[]; places: string[]; phases: string[] } = {
  respondents: [],
  projects: [],
  places: [],
  phases: [],
};

beforeAll(async () => {
  database = await freshDatabase();
  const db = database.db;
  const [programme] = await db.insert(programmes).values({ slug: 'counts', name: 'Counts' }).returning();
  const pid = programme!.id;
  const term = async (vocabulary: 'theme' | 'coproduction_model' | 'participant_type', label: string, position: number) =>
    (await db.insert(vocabularyTerms).values({ programmeId: pid, vocabulary, label, position }).returning())[0]!.id;
  const themes = [await term('theme', 'Advice', 0), await term('theme', 'Training', 1), await term('theme', 'Volunteering', 2)];
  const models = [await term('coproduction_model', '1. Traditional', 0), await term('coproduction_model', '3. Co-design', 1)];
  for (const [i, t] of ['Partner', 'Community Anchor', 'Community Member'].entries()) await term('participant_type', t, i);
  for (const name of ['Ayr', 'Dundee', 'Paisley', ' '])
    ids.places.push((await db.insert(places).values({ programmeId: pid, name }).returning())[0]!.id);
  for (const n of [1, 2])
    ids.phases.push(
      (
        await db
          .insert(phases)
          .values({ programmeId: pid, number: n, name: `Phase ${n}` })
          .returning()
      )[0]!.id,
    );
  const partnershipIds = [];
  for (const [i, placeId] of [ids.places[0]!, ids.places[1]!, null].entries()) {
    partnershipIds.push(
      (
        await db
          .insert(partnerships)
          .values({ programmeId: pid, name: `Partnership ${i}`, placeId })
          .returning()
      )[0]!.id,
    );
  }
  // Projects with one theme, two, or none; with or without a model and a partnership.
  const themeSets = [[0], [1], [2], [0, 1], [1, 2], []];
  for (let j = 0; j < 9; j++) {
    const [p] = await db
      .insert(projects)
      .values({
        programmeId: pid,
        name: `Project ${j}`,
        partnershipId: j % 4 === 3 ? null : pick(partnershipIds),
        coproductionModelId: j % 5 === 4 ? null : pick(models),
      })
      .returning();
    const set = themeSets[j % themeSets.length]!;
    if (set.length) await db.insert(projectTerms).values(set.map((t) => ({ projectId: p!.id, termId: themes[t]! })));
    ids.projects.push(p!.id);
  }
  const coders = [];
  for (const email of ['a@counts.example', 'b@counts.example'])
    coders.push((await db.insert(users).values({ email, name: email }).returning())[0]!.id);

  const [evaluation] = await db.insert(evaluations).values({ programmeId: pid, slug: 'e', title: 'E' }).returning();
  evaluationId = evaluation!.id;
  const [context] = await db.insert(codeFamilies).values({ evaluationId, key: 'context', label: 'Contexts' }).returning();
  const [mechanism] = await db.insert(codeFamilies).values({ evaluationId, key: 'mechanism', label: 'Mechanisms' }).returning();
  for (let c = 0; c < 6; c++) {
    const [code] = await db
      .insert(codes)
      .values({ evaluationId, familyId: context!.id, name: `Code ${c}`, position: c })
      .returning();
    familyCodes.push({ id: code!.id, name: code!.name });
  }
  otherFamilyCode = (await db.insert(codes).values({ evaluationId, familyId: mechanism!.id, name: 'Trust' }).returning())[0]!.id;

  const types = ['Partner', 'Community Anchor', 'Community Member', null, ''];
  const people = Array.from({ length: 160 }, (_, i) => ({
    evaluationId,
    ref: `R${String(i).padStart(3, '0')}`,
    participantType: pick(types),
    projectId: random() < 0.9 ? pick(ids.projects) : null,
    placeId: random() < 0.4 ? pick(ids.places) : null,
    phaseId: random() < 0.7 ? pick(ids.phases) : null,
    consent: random() < 0.12 ? ('withdrawn' as const) : ('given' as const),
  }));
  ids.respondents = (await db.insert(respondents).values(people).returning({ id: respondents.id })).map((r) => r.id);
  // Each respondent: some codes by one coder, the other, without a coder, or imported into their row
  // (decision 011); overlaps on purpose.
  const numberOf = new Map(
    (await db.select({ id: codes.id, number: codes.number }).from(codes).where(eq(codes.evaluationId, evaluationId))).map((x) => [
      x.id,
      x.number,
    ]),
  );
  const rows: { respondentId: string; codeId: string; coderId: string | null; source: 'tick' }[] = [];
  const imported = new Map<string, number[]>();
  for (const respondentId of ids.respondents) {
    for (const code of [...familyCodes.map((c) => c.id), otherFamilyCode]) {
      for (const coderId of [...coders, null]) if (random() < 0.25) rows.push({ respondentId, codeId: code, coderId, source: 'tick' });
      if (random() < 0.3) imported.set(respondentId, [...(imported.get(respondentId) ?? []), numberOf.get(code)!]);
    }
  }
  // In several statements, so later ones meet pairs already there.
  for (let i = 0; i < rows.length; i += 97) await db.insert(codings).values(rows.slice(i, i + 97));
  for (const [respondentId, numbers] of imported)
    await db.update(respondents).set({ importedCodeNumbers: numbers }).where(eq(respondents.id, respondentId));
});
afterAll(async () => database?.close());

const DIMENSIONS: (BuiltInDimension | null)[] = [null, 'participant_type', 'theme', 'coproduction_model', 'place', 'phase'];
const FILTERS: RespondentFilters[] = [
  {},
  { participantType: 'Partner' },
  { participantType: ['Not recorded', 'Community Member'] },
  { place: 'Ayr' },
  { place: ['Not recorded', 'Dundee'] },
  { phase: 'Not recorded' },
  { phase: 'Phase 2', participantType: 'Community Anchor', place: 'Paisley' },
];

/** Every dimension under every filter: the counts' table must be the rule's table. */
async function expectSameAsTheRule(evaluation = evaluationId, family = familyCodes) {
  const familyCodes = family;
  const evaluationId = evaluation;
  const db = database.db;
  const { respondents: people, codings: coded } = await analysisData(
    db,
    evaluationId,
    familyCodes.map((c) => c.id),
  );
  expect(people.length).toBeGreaterThan(0);
  let compared = 0;
  for (const by of DIMENSIONS) {
    for (const filters of FILTERS) {
      const rule = crosstab({ respondents: people, codings: coded, codes: familyCodes, by, filters });
      const fast = crosstabFromTallies(await crosstabTallies(db, evaluationId, familyCodes, by, filters));
      expect(fast, `${by ?? 'All'} ${JSON.stringify(filters)}`).toEqual(rule);
      compared += rule.rows.length;
    }
  }
  expect(compared).toBeGreaterThan(100);
  // A recount from scratch finds exactly the cells the triggers kept.
  const cells = async () => ({
    respondents: (await database.query(`select * from crosstab_respondent_counts order by 1, 2, 3, 4, 5`)).map((r) => JSON.stringify(r)),
    codes: (await database.query(`select * from crosstab_code_counts order by 1, 2, 3, 4, 5`)).map((r) => JSON.stringify(r)),
  });
  const kept = await cells();
  await database.query(`select crosstab_counts_rebuild(id) from evaluations`);
  expect(await cells()).toEqual(kept);
}

const ctx = () => openProgramme(database.db, cliCaller(), 'counts');

describe('the cross-tab from kept counts', () => {
  it('equals the domain’s crosstab over the respondents, by every dimension and filter', async () => {
    await expectSameAsTheRule();
    // Overlapping themes are there to be tested.
    const byTheme = crosstabFromTallies(await crosstabTallies(database.db, evaluationId, familyCodes, 'theme'));
    expect(byTheme.overlapping).toBe(true);
    expect(byTheme.groups.map((g) => g.group)).toContain('Not recorded');
  });

  it('stays equal when consent is withdrawn and given again, and when respondents move', async () => {
    const c = await ctx();
    const e = await loadEvaluation(database.db, c, 'e');
    for (const id of ids.respondents.slice(0, 12)) await recordConsent(database.db, c, cliActor(), e, id, { status: 'withdrawn' });
    for (const id of ids.respondents.slice(6, 9)) await recordConsent(database.db, c, cliActor(), e, id, { status: 'given' });
    await updateRespondent(database.db, c, cliActor(), e, ids.respondents[20]!, {
      participantType: 'Partner',
      projectId: ids.projects[3]!,
      placeId: null,
    });
    // Many at once, in one statement: a place, a phase and a project each cleared.
    await database.db
      .update(respondents)
      .set({ phaseId: null })
      .where(inArray(respondents.id, ids.respondents.slice(30, 60)));
    await database.db.delete(places).where(eq(places.id, ids.places[2]!)); // its respondents’ own place is cleared
    await database.db.update(respondents).set({ consent: 'given' }).where(eq(respondents.evaluationId, evaluationId));
    await database.db
      .update(respondents)
      .set({ consent: 'withdrawn' })
      .where(inArray(respondents.id, ids.respondents.slice(100, 130)));
    await expectSameAsTheRule();
  });

  it('stays equal when codes are merged, recoded by a coder and deleted, and respondents deleted', async () => {
    const c = await ctx();
    const e = await loadEvaluation(database.db, c, 'e');
    await mergeCodes(database.db, c, cliActor(), e, familyCodes[0]!.id, [familyCodes[1]!.id, familyCodes[2]!.id]);
    familyCodes = familyCodes.filter((x) => x.id !== familyCodes[1]!.id && x.id !== familyCodes[2]!.id);
    await expectSameAsTheRule();
    // A split: some respondents' codings (rows and imported) go to the new code, some keep the original too.
    const use = await codeUse(database.db, c, e, familyCodes[0]!.id);
    const chosen = use.respondents.slice(0, 40).map((r, i) => ({ respondentId: r.id, to: [0], keep: i % 2 === 0 }));
    const split = await splitCode(database.db, c, cliActor(), e, familyCodes[0]!.id, { codes: [{ name: 'Split off' }], moves: chosen });
    expect(split!.codingsAdded).toBeGreaterThan(0);
    familyCodes = [...familyCodes, split!.created[0]!];
    await expectSameAsTheRule();
    // A coder's codings moved to the other code by hand, in one statement (some pairs meet existing ones).
    await database.db.execute(sql`update codings set code_id = ${familyCodes[1]!.id} where code_id = ${familyCodes[2]!.id} and coder_id is not null
      and not exists (select 1 from codings y where y.respondent_id = codings.respondent_id and y.code_id = ${familyCodes[1]!.id} and y.coder_id is not distinct from codings.coder_id)`);
    await database.db.delete(codings).where(and2(familyCodes[3]!.id));
    await database.db.delete(codes).where(eq(codes.id, familyCodes[2]!.id));
    familyCodes = familyCodes.filter((x) => x.id !== familyCodes[2]!.id);
    await database.db.delete(respondents).where(inArray(respondents.id, ids.respondents.slice(40, 70)));
    await database.db.delete(users).where(eq(users.email, 'a@counts.example'));
    await expectSameAsTheRule();
  });

  it('empties when the evaluation goes', async () => {
    const codeIds = (await database.db.select({ id: codes.id }).from(codes).where(eq(codes.evaluationId, evaluationId))).map((x) => x.id);
    await database.db.delete(evaluations).where(eq(evaluations.id, evaluationId));
    expect(
      await database.query(`select count(*)::int as n from crosstab_respondent_counts where evaluation_id = $1`, [evaluationId]),
    ).toEqual([{ n: 0 }]);
    expect(await database.query(`select count(*)::int as n from crosstab_code_counts where code_id = any($1::uuid[])`, [codeIds])).toEqual([
      { n: 0 },
    ]);
  });
});

describe('the evidence import, which counts the codings of the respondents it creates itself', () => {
  it('leaves counts equal to the rule, on a first import and on a second that updates respondents and adds codings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-counts-'));
    try {
      const refs = Array.from({ length: 300 }, (_, i) => `P${i}`);
      const write = (withdrawnEvery: number, extra: string[]) => {
        writeFileSync(
          join(dir, 'respondents.csv'),
          `${[
            'respondent_id,project,participant_type,consent',
            ...refs.map(
              (r, i) =>
                `${r},${i % 11 === 10 ? '' : `Project ${i % 9}`},${pick(['Partner', 'Community Member', ''])},${i % withdrawnEvery === 0 ? 'withdrawn' : 'given'}`,
            ),
          ].join('\n')}\n`,
        );
        const rows = ['respondent_id,family,code'];
        for (const r of refs)
          for (let c = 0; c < 5; c++)
            if (random() < 0.4) rows.push(`${r},context,Imported ${c}`, ...(random() < 0.2 ? [`${r},Contexts,imported ${c}`] : []));
        writeFileSync(join(dir, 'codings.csv'), `${[...rows, ...extra].join('\n')}\n`);
      };
      const c = await ctx();
      write(7, []);
      const first = await importEvidence(database.db, c, cliActor(), dir, { evaluation: 'imported' });
      expect(first.respondents.created).toBe(300);
      const [e] = await database.db.select().from(evaluations).where(eq(evaluations.slug, 'imported'));
      const family = async () =>
        (
          await database.db
            .select({ id: codes.id, name: codes.name })
            .from(codes)
            .where(eq(codes.evaluationId, e!.id))
            .orderBy(asc(codes.position))
        ).filter((x) => x.name.startsWith('Imported'));
      expect((await family()).length).toBe(5);
      await expectSameAsTheRule(e!.id, await family());
      // Again, with other consents and codes, and codings for respondents already there.
      write(5, ['P1,context,Imported 9', 'P2,mechanism,Trust']);
      const second = await importEvidence(database.db, c, cliActor(), dir, { evaluation: 'imported' });
      expect(second.respondents).toMatchObject({ created: 0, updated: 300 });
      await expectSameAsTheRule(e!.id, await family());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** One coder's codings of a code, about half of them. */
function and2(codeId: string) {
  return sql`${codings.codeId} = ${codeId} and ${codings.coderId} is not null and ${codings.respondentId} < ${ids.respondents[80]!}`;
}
