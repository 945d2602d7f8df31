import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../../test/support/database.js';
import type { Database } from '../../../db/database.js';

// A respondent's evaluation, project, place and phase, a consent record's respondent and a
// respondent's imported codes are checked per statement, not by per-row foreign keys (decision 011,
// migrations 0010 and 0011): triggers check what they name and follow deletions. These tests hold the
// triggers to what foreign keys would promise, and to the stricter rule that a respondent's project,
// place and phase are of their evaluation's programme.

let database: Database;
const q = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => database.query<T>(text, params);
const count = async (text: string, params: unknown[] = []) => Number((await q<{ n: number | string }>(text, params))[0]!.n);
const NOBODY = '00000000-0000-4000-8000-000000000000';

/** The SQLSTATE and constraint of a refused statement (drizzle wraps the driver's error in `cause`). */
async function refusal(work: Promise<unknown>): Promise<{ code: string | undefined; constraint: string | undefined }> {
  try {
    await work;
  } catch (e) {
    const x = e as { cause?: { code?: string; constraint?: string }; code?: string; constraint?: string };
    return { code: x.cause?.code ?? x.code, constraint: x.cause?.constraint ?? x.constraint };
  }
  throw new Error('The statement was expected to be refused, and was not');
}

/** A programme with two projects, places and phases, and an evaluation with three codes. */
async function world(slug: string) {
  const [programme] = await q<{ id: string }>(`insert into programmes (slug, name) values ($1, $1) returning id`, [slug]);
  const pid = programme!.id;
  const one = async (text: string, params: unknown[]) => (await q<{ id: string }>(text, params))[0]!.id;
  const projects = [
    await one(`insert into projects (programme_id, name) values ($1, 'Garden') returning id`, [pid]),
    await one(`insert into projects (programme_id, name) values ($1, 'Cafe') returning id`, [pid]),
  ];
  const places = [
    await one(`insert into places (programme_id, name) values ($1, 'Ayr') returning id`, [pid]),
    await one(`insert into places (programme_id, name) values ($1, 'Dundee') returning id`, [pid]),
  ];
  const phases = [
    await one(`insert into phases (programme_id, number, name) values ($1, 1, 'Phase 1') returning id`, [pid]),
    await one(`insert into phases (programme_id, number, name) values ($1, 2, 'Phase 2') returning id`, [pid]),
  ];
  const evaluation = await addEvaluation(pid, 'e');
  return { programme: pid, projects, places, phases, ...evaluation };
}

/** An evaluation of a programme, with one family of three codes (the last under the first). */
async function addEvaluation(programmeId: string, slug: string) {
  const [evaluation] = await q<{ id: string }>(`insert into evaluations (programme_id, slug, title) values ($1, $2, $2) returning id`, [
    programmeId,
    slug,
  ]);
  const id = evaluation!.id;
  const [family] = await q<{ id: string }>(
    `insert into code_families (evaluation_id, key, label) values ($1, 'context', 'Contexts') returning id`,
    [id],
  );
  const codes: { id: string; number: number }[] = [];
  for (const [i, name] of ['Trust', 'Isolation', 'Mistrust of services'].entries()) {
    const [code] = await q<{ id: string; number: number }>(
      `insert into codes (evaluation_id, family_id, name, position, parent_id) values ($1, $2, $3, $4, $5) returning id, number`,
      [id, family!.id, name, i, i === 2 ? codes[0]!.id : null],
    );
    codes.push({ id: code!.id, number: Number(code!.number) });
  }
  return { evaluation: id, codes };
}

interface Named {
  project?: string | null;
  place?: string | null;
  phase?: string | null;
  consent?: 'given' | 'withdrawn';
  numbers?: number[];
  attributes?: Record<string, string>;
}
const respondentValues = (evaluationId: string, ref: string, r: Named) => [
  evaluationId,
  ref,
  r.project ?? null,
  r.place ?? null,
  r.phase ?? null,
  r.consent ?? 'given',
  `{${(r.numbers ?? []).join(',')}}`,
  JSON.stringify(r.attributes ?? {}),
];
const INSERT_RESPONDENT = `insert into respondents (evaluation_id, ref, project_id, place_id, phase_id, consent, imported_code_numbers, attributes)
  values ($1, $2, $3, $4, $5, $6, $7::integer[], $8::jsonb) returning id`;

async function addRespondent(evaluationId: string, ref: string, r: Named = {}) {
  return (await q<{ id: string }>(INSERT_RESPONDENT, respondentValues(evaluationId, ref, r)))[0]!.id;
}

const addConsent = (respondentId: string, status: 'given' | 'withdrawn' = 'given') =>
  q(`insert into consent_records (respondent_id, status, "on") values ($1, $2, '2026-01-15')`, [respondentId, status]);

const respondentsOf = (evaluationId: string) =>
  q<Record<string, unknown>>(
    `select id, evaluation_id, ref, participant_type, project_id, place_id, phase_id, attributes, consent, imported_code_numbers::text as numbers, created_at
     from respondents where evaluation_id = $1 order by ref`,
    [evaluationId],
  );
const respondentCount = (evaluationId: string) =>
  count('select count(*)::int as n from respondents where evaluation_id = $1', [evaluationId]);
const numbersOf = async (respondentId: string) =>
  (await q<{ numbers: string }>('select imported_code_numbers::text as numbers from respondents where id = $1', [respondentId]))[0]!
    .numbers;

/**
 * The cross-tab's kept counts are what a recount from scratch finds, and nothing is counted for an
 * evaluation or a code that is gone (a recount only rewrites the evaluations that are there).
 */
async function expectKeptCountsToMatchARecount() {
  const cells = async () => ({
    respondents: (await q('select * from crosstab_respondent_counts order by 1, 2, 3, 4, 5')).map((r) => JSON.stringify(r)),
    codes: (await q('select * from crosstab_code_counts order by 1, 2, 3, 4, 5')).map((r) => JSON.stringify(r)),
  });
  const kept = await cells();
  await q('select crosstab_counts_rebuild(id) from evaluations');
  expect(await cells()).toEqual(kept);
  expect(
    await count('select count(*)::int as n from crosstab_respondent_counts where evaluation_id not in (select id from evaluations)'),
  ).toBe(0);
  expect(await count('select count(*)::int as n from crosstab_code_counts where code_id not in (select id from codes)')).toBe(0);
}

beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe('a respondent names an evaluation that exists, and a project, place and phase of its programme', () => {
  it('accepts a respondent naming their own programme’s project, place and phase, or none of them', async () => {
    const w = await world('refs-accept');
    await addRespondent(w.evaluation, 'R01', { project: w.projects[0], place: w.places[1], phase: w.phases[0] });
    await addRespondent(w.evaluation, 'R02');
    expect((await respondentsOf(w.evaluation)).map((r) => [r.ref, r.project_id, r.place_id, r.phase_id])).toEqual([
      ['R01', w.projects[0], w.places[1], w.phases[0]],
      ['R02', null, null, null],
    ]);
  });

  it('refuses a respondent naming a project, a place or a phase of another programme, and writes nothing', async () => {
    const w = await world('refs-other-a');
    const other = await world('refs-other-b');
    for (const named of [
      { project: other.projects[0] },
      { place: other.places[0] },
      { phase: other.phases[0] },
      { project: w.projects[0], place: w.places[0], phase: other.phases[1] },
    ] as Named[]) {
      expect(await refusal(addRespondent(w.evaluation, 'R01', named)), JSON.stringify(named)).toEqual({
        code: '23503',
        constraint: 'respondents_references',
      });
    }
    // Several in one statement, one of them wrong: none is written.
    const many = `insert into respondents (evaluation_id, ref, project_id, consent)
      values ($1, 'R02', $2, 'given'), ($1, 'R03', $3, 'given'), ($1, 'R04', $2, 'given')`;
    expect((await refusal(q(many, [w.evaluation, w.projects[0], other.projects[0]]))).code).toBe('23503');
    expect(await respondentCount(w.evaluation)).toBe(0);
    expect(await count('select count(*)::int as n from crosstab_respondent_counts where evaluation_id = $1', [w.evaluation])).toBe(0);
  });

  it('refuses a respondent of an evaluation that does not exist, or naming a project, place or phase that does not exist', async () => {
    const w = await world('refs-missing');
    expect(await refusal(addRespondent(NOBODY, 'R01'))).toEqual({ code: '23503', constraint: 'respondents_references' });
    expect(await respondentCount(NOBODY)).toBe(0);
    for (const named of [{ project: NOBODY }, { place: NOBODY }, { phase: NOBODY }] as Named[]) {
      expect((await refusal(addRespondent(w.evaluation, 'R01', named))).code, JSON.stringify(named)).toBe('23503');
    }
    expect(await respondentCount(w.evaluation)).toBe(0);
  });
});

describe('changing respondents', () => {
  it('changes only consent, attributes or participant type of many respondents in one statement, across programmes', async () => {
    const a = await world('update-plain-a');
    const b = await world('update-plain-b');
    const ids = [
      await addRespondent(a.evaluation, 'R01', {
        project: a.projects[0],
        place: a.places[0],
        phase: a.phases[0],
        numbers: [a.codes[0]!.number],
      }),
      await addRespondent(a.evaluation, 'R02', { project: a.projects[1] }),
      await addRespondent(b.evaluation, 'R01', { project: b.projects[0], phase: b.phases[1] }),
    ];
    await q(
      `update respondents set consent = 'withdrawn', attributes = '{"age":"30-39"}', participant_type = 'Partner'
              where evaluation_id in ($1, $2)`,
      [a.evaluation, b.evaluation],
    );
    // Setting a reference to what it already is changes nothing either.
    await q('update respondents set project_id = project_id, place_id = place_id where evaluation_id in ($1, $2)', [
      a.evaluation,
      b.evaluation,
    ]);
    const after = [...(await respondentsOf(a.evaluation)), ...(await respondentsOf(b.evaluation))];
    expect(after.map((r) => r.id)).toEqual(ids);
    expect(after.map((r) => [r.consent, r.attributes, r.participant_type])).toEqual(
      Array(3).fill(['withdrawn', { age: '30-39' }, 'Partner']),
    );
    expect(after.map((r) => [r.project_id, r.place_id, r.phase_id, r.numbers])).toEqual([
      [a.projects[0], a.places[0], a.phases[0], `{${a.codes[0]!.number}}`],
      [a.projects[1], null, null, '{}'],
      [b.projects[0], null, b.phases[1], '{}'],
    ]);
    await expectKeptCountsToMatchARecount();
  });

  it('moves respondents to another project, place or phase of their programme, some in a statement that changes others’ consent only', async () => {
    const w = await world('update-move');
    const r1 = await addRespondent(w.evaluation, 'R01', { project: w.projects[0], place: w.places[0], phase: w.phases[0] });
    await addRespondent(w.evaluation, 'R02', { project: w.projects[0] });
    await q(
      `update respondents set project_id = case when ref = 'R01' then $2::uuid else project_id end, consent = 'withdrawn' where evaluation_id = $1`,
      [w.evaluation, w.projects[1]],
    );
    await q('update respondents set place_id = $2, phase_id = $3 where id = $1', [r1, w.places[1], w.phases[1]]);
    expect((await respondentsOf(w.evaluation)).map((r) => [r.ref, r.project_id, r.place_id, r.phase_id, r.consent])).toEqual([
      ['R01', w.projects[1], w.places[1], w.phases[1], 'withdrawn'],
      ['R02', w.projects[0], null, null, 'withdrawn'],
    ]);
    await expectKeptCountsToMatchARecount();
  });

  it('refuses moving a respondent to another programme’s project, place or phase, or to an evaluation that does not exist or is of another programme, and the respondent keeps what they had', async () => {
    const w = await world('update-refuse-a');
    const other = await world('update-refuse-b');
    const r1 = await addRespondent(w.evaluation, 'R01', { project: w.projects[0], place: w.places[0], phase: w.phases[0] });
    await addRespondent(w.evaluation, 'R02', { project: w.projects[1] });
    const before = await respondentsOf(w.evaluation);
    const moves: [string, unknown[]][] = [
      ['update respondents set project_id = $2 where id = $1', [r1, other.projects[0]]],
      ['update respondents set place_id = $2 where id = $1', [r1, other.places[0]]],
      ['update respondents set phase_id = $2 where id = $1', [r1, other.phases[0]]],
      ['update respondents set project_id = $2 where id = $1', [r1, NOBODY]],
      ['update respondents set evaluation_id = $2 where id = $1', [r1, NOBODY]],
      // Into the other programme's evaluation, keeping a project, place and phase of this one.
      ['update respondents set evaluation_id = $2 where id = $1', [r1, other.evaluation]],
      // Many at once, only one of them wrong.
      [
        `update respondents set project_id = case when ref = 'R02' then $2::uuid else $3::uuid end where evaluation_id = $1`,
        [w.evaluation, other.projects[1], w.projects[1]],
      ],
    ];
    for (const [text, params] of moves) {
      expect(await refusal(q(text, params)), text).toEqual({ code: '23503', constraint: 'respondents_references' });
    }
    expect(await respondentsOf(w.evaluation)).toEqual(before);
    expect(await respondentCount(other.evaluation)).toBe(0);
  });
});

describe('deleting what respondents name', () => {
  for (const [what, table, column] of [
    ['project', 'projects', 'project_id'],
    ['place', 'places', 'place_id'],
    ['phase', 'phases', 'phase_id'],
  ] as const) {
    it(`deleting a ${what} clears it from the respondents who named it, and leaves everything else about them as it was`, async () => {
      const w = await world(`delete-${what}`);
      const second = await addEvaluation(w.programme, 'second');
      const everything = {
        project: w.projects[0],
        place: w.places[0],
        phase: w.phases[0],
        numbers: [w.codes[1]!.number],
        attributes: { age: '60+' },
      };
      const r1 = await addRespondent(w.evaluation, 'R01', everything);
      await addRespondent(w.evaluation, 'R02', { ...everything, consent: 'withdrawn' });
      await addRespondent(w.evaluation, 'R03', {
        project: w.projects[1],
        place: w.places[1],
        phase: w.phases[1],
        numbers: [w.codes[0]!.number, w.codes[1]!.number],
      });
      await addRespondent(second.evaluation, 'R01', { ...everything, numbers: [second.codes[2]!.number] });
      await addConsent(r1);
      await q(`insert into codings (respondent_id, code_id) values ($1, $2)`, [r1, w.codes[2]!.id]);
      const key = { project: 'project_id', place: 'place_id', phase: 'phase_id' }[what];
      const gone = { project: w.projects[0], place: w.places[0], phase: w.phases[0] }[what]!;
      const cleared = (rows: Record<string, unknown>[]) => rows.map((r) => (r[key] === gone ? { ...r, [key]: null } : r));
      const expected = [cleared(await respondentsOf(w.evaluation)), cleared(await respondentsOf(second.evaluation))];

      await q(`delete from ${table} where id = $1`, [gone]);
      expect([await respondentsOf(w.evaluation), await respondentsOf(second.evaluation)]).toEqual(expected);
      expect(await count(`select count(*)::int as n from respondents where ${column} = $1`, [gone])).toBe(0);
      expect(await count('select count(*)::int as n from consent_records where respondent_id = $1', [r1])).toBe(1);
      expect(await count('select count(*)::int as n from codings where respondent_id = $1', [r1])).toBe(1);
      await expectKeptCountsToMatchARecount();
    });
  }

  it('deleting an evaluation removes its respondents, their consent records and codings, and leaves another evaluation’s alone', async () => {
    const w = await world('delete-evaluation');
    const second = await addEvaluation(w.programme, 'second');
    const gone = [
      await addRespondent(w.evaluation, 'R01', { project: w.projects[0], numbers: [w.codes[0]!.number, w.codes[2]!.number] }),
      await addRespondent(w.evaluation, 'R02', { place: w.places[0], consent: 'withdrawn' }),
    ];
    const kept = await addRespondent(second.evaluation, 'R01', { project: w.projects[0], numbers: [second.codes[0]!.number] });
    for (const id of [...gone, kept]) await addConsent(id);
    await q(`insert into codings (respondent_id, code_id) values ($1, $2)`, [gone[0], w.codes[1]!.id]);
    await q(`insert into codings (respondent_id, code_id) values ($1, $2)`, [kept, second.codes[1]!.id]);
    const keptBefore = await respondentsOf(second.evaluation);

    await q('delete from evaluations where id = $1', [w.evaluation]);
    expect(await respondentCount(w.evaluation)).toBe(0);
    for (const id of gone) {
      expect(await count('select count(*)::int as n from consent_records where respondent_id = $1', [id])).toBe(0);
      expect(await count('select count(*)::int as n from codings where respondent_id = $1', [id])).toBe(0);
    }
    expect(await respondentsOf(second.evaluation)).toEqual(keptBefore);
    expect(await count('select count(*)::int as n from consent_records where respondent_id = $1', [kept])).toBe(1);
    expect(await count('select count(*)::int as n from codings where respondent_id = $1', [kept])).toBe(1);
    await expectKeptCountsToMatchARecount();
  });

  // A programme's deletion clears its places from respondents while their evaluation is going too:
  // the update check must not refuse that (as the foreign keys this replaced did not).
  it('deleting a programme removes its evaluations’ respondents and their consent records, and leaves another programme’s alone', async () => {
    const w = await world('delete-programme-a');
    const other = await world('delete-programme-b');
    const gone = await addRespondent(w.evaluation, 'R01', {
      project: w.projects[0],
      place: w.places[0],
      phase: w.phases[0],
      numbers: [w.codes[0]!.number],
    });
    const kept = await addRespondent(other.evaluation, 'R01', {
      project: other.projects[0],
      place: other.places[0],
      phase: other.phases[0],
      numbers: [other.codes[0]!.number],
    });
    await addConsent(gone);
    await addConsent(kept);
    const keptBefore = await respondentsOf(other.evaluation);

    await q('delete from programmes where id = $1', [w.programme]);
    expect(await respondentCount(w.evaluation)).toBe(0);
    expect(await count('select count(*)::int as n from consent_records where respondent_id = $1', [gone])).toBe(0);
    expect(await respondentsOf(other.evaluation)).toEqual(keptBefore);
    expect(await count('select count(*)::int as n from consent_records where respondent_id = $1', [kept])).toBe(1);
    await expectKeptCountsToMatchARecount();
  });
});

describe('a consent record names a respondent who exists', () => {
  it('refuses a consent record naming no respondent, inserted or updated, and writes nothing', async () => {
    const w = await world('consent-refuse');
    const r1 = await addRespondent(w.evaluation, 'R01');
    await addConsent(r1);
    expect(await refusal(addConsent(NOBODY))).toEqual({ code: '23503', constraint: 'consent_records_respondent' });
    // Several in one statement, one naming nobody: none is written.
    expect(
      (
        await refusal(
          q(
            `insert into consent_records (respondent_id, status, "on") values ($1, 'given', '2026-01-01'), ($2, 'withdrawn', '2026-01-02')`,
            [r1, NOBODY],
          ),
        )
      ).code,
    ).toBe('23503');
    expect((await refusal(q('update consent_records set respondent_id = $2 where respondent_id = $1', [r1, NOBODY]))).code).toBe('23503');
    expect(await q('select status, "on"::text as on from consent_records where respondent_id = $1', [r1])).toEqual([
      { status: 'given', on: '2026-01-15' },
    ]);
    expect(await count('select count(*)::int as n from consent_records where respondent_id = $1', [NOBODY])).toBe(0);
  });

  it('deleting a respondent deletes their consent records, and nobody else’s', async () => {
    const w = await world('consent-delete');
    const r1 = await addRespondent(w.evaluation, 'R01');
    const r2 = await addRespondent(w.evaluation, 'R02');
    await addConsent(r1);
    await addConsent(r1, 'withdrawn');
    await addConsent(r2);
    await q('delete from respondents where id = $1', [r1]);
    expect(await count('select count(*)::int as n from consent_records where respondent_id = $1', [r1])).toBe(0);
    expect(await count('select count(*)::int as n from consent_records where respondent_id = $1', [r2])).toBe(1);
    await expectKeptCountsToMatchARecount();
  });

  it('checks consent records unless the evidence import has said, in this transaction, that it wrote them itself', async () => {
    const w = await world('consent-setting');
    const r1 = await addRespondent(w.evaluation, 'R01');
    const orphan = sql`insert into consent_records (respondent_id, status, "on") values (${NOBODY}, 'given', '2026-01-01')`;
    // The setting on, then off again as the import leaves it: the second record is refused, and the
    // transaction with it, so the first (let through while it was on) is not kept either.
    const refused = await refusal(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('cairn.codings_counted', 'by-import', true)`);
        await tx.execute(orphan);
        await tx.execute(sql`select set_config('cairn.codings_counted', '', true)`);
        await tx.execute(orphan);
      }),
    );
    expect(refused).toEqual({ code: '23503', constraint: 'consent_records_respondent' });
    // Another value is not the import's.
    expect(
      (
        await refusal(
          database.db.transaction(async (tx) => {
            await tx.execute(sql`select set_config('cairn.codings_counted', 'yes', true)`);
            await tx.execute(orphan);
          }),
        )
      ).code,
    ).toBe('23503');
    // The setting is the transaction's own: once a transaction that set it has committed, it is off.
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('cairn.codings_counted', 'by-import', true)`);
      await tx.execute(sql`insert into consent_records (respondent_id, status, "on") values (${r1}, 'given', '2026-01-01')`);
    });
    expect((await refusal(database.db.execute(orphan))).code).toBe('23503');
    expect(
      (
        await refusal(
          database.db.transaction(async (tx) => {
            await tx.execute(orphan);
          }),
        )
      ).code,
    ).toBe('23503');
    expect(await count('select count(*)::int as n from consent_records where respondent_id = $1', [NOBODY])).toBe(0);
    expect(await count('select count(*)::int as n from consent_records where respondent_id = $1', [r1])).toBe(1);
  });
});

describe('a respondent’s imported codes are codes of their own evaluation, each once', () => {
  it('refuses a number of another evaluation’s code, or of no code, inserted or updated, and writes nothing', async () => {
    const w = await world('imported-other-a');
    const second = await addEvaluation(w.programme, 'second');
    const r1 = await addRespondent(w.evaluation, 'R01', { numbers: [w.codes[0]!.number] });
    const missing = Math.max(...w.codes.map((c) => c.number), ...second.codes.map((c) => c.number)) + 1000;
    for (const numbers of [[second.codes[0]!.number], [w.codes[1]!.number, second.codes[1]!.number], [missing]]) {
      expect(await refusal(addRespondent(w.evaluation, 'R02', { numbers })), `insert ${numbers}`).toEqual({
        code: '23503',
        constraint: 'respondents_imported_codes',
      });
      expect(
        await refusal(q('update respondents set imported_code_numbers = $2::integer[] where id = $1', [r1, `{${numbers.join(',')}}`])),
        `update ${numbers}`,
      ).toEqual({ code: '23503', constraint: 'respondents_imported_codes' });
    }
    // Moving a respondent to another evaluation of the programme, with their codes of this one.
    expect((await refusal(q('update respondents set evaluation_id = $2 where id = $1', [r1, second.evaluation]))).code).toBe('23503');
    expect(await respondentCount(w.evaluation)).toBe(1);
    expect(await respondentCount(second.evaluation)).toBe(0);
    expect(await numbersOf(r1)).toBe(`{${w.codes[0]!.number}}`);
    await expectKeptCountsToMatchARecount();
  });

  it('refuses a number given twice, inserted or updated', async () => {
    const w = await world('imported-twice');
    const r1 = await addRespondent(w.evaluation, 'R01', { numbers: [w.codes[0]!.number] });
    const twice = [w.codes[1]!.number, w.codes[0]!.number, w.codes[1]!.number];
    expect(await refusal(addRespondent(w.evaluation, 'R02', { numbers: twice }))).toEqual({
      code: '23514',
      constraint: 'respondents_imported_codes_distinct',
    });
    expect(
      await refusal(q('update respondents set imported_code_numbers = imported_code_numbers || imported_code_numbers where id = $1', [r1])),
    ).toEqual({ code: '23514', constraint: 'respondents_imported_codes_distinct' });
    expect(await respondentCount(w.evaluation)).toBe(1);
    expect(await numbersOf(r1)).toBe(`{${w.codes[0]!.number}}`);
  });

  it('checks imported codes unless the evidence import has said, in this transaction, that it checked them itself', async () => {
    const w = await world('imported-setting');
    const other = await addEvaluation(w.programme, 'other');
    const wrong = (ref: string) => sql`insert into respondents (evaluation_id, ref, consent, imported_code_numbers)
      values (${w.evaluation}, ${ref}, 'given', ${`{${other.codes[0]!.number}}`}::integer[])`;
    const refused = await refusal(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('cairn.codings_counted', 'by-import', true)`);
        await tx.execute(wrong('R01'));
        await tx.execute(sql`select set_config('cairn.codings_counted', '', true)`);
        await tx.execute(wrong('R02'));
      }),
    );
    expect(refused).toEqual({ code: '23503', constraint: 'respondents_imported_codes' });
    expect((await refusal(database.db.execute(wrong('R03')))).code).toBe('23503');
    expect(await respondentCount(w.evaluation)).toBe(0);
  });

  it('deleting a code takes its number out of every respondent’s imported codes, keeping the others in order, and drops its cross-tab counts', async () => {
    const w = await world('imported-delete');
    const second = await addEvaluation(w.programme, 'second');
    const [trust, isolation, mistrust] = w.codes as [
      { id: string; number: number },
      { id: string; number: number },
      { id: string; number: number },
    ];
    const r1 = await addRespondent(w.evaluation, 'R01', {
      project: w.projects[0],
      numbers: [mistrust.number, isolation.number, trust.number],
    });
    const r2 = await addRespondent(w.evaluation, 'R02', { project: w.projects[1], place: w.places[0], numbers: [isolation.number] });
    const r3 = await addRespondent(w.evaluation, 'R03', {
      phase: w.phases[0],
      consent: 'withdrawn',
      numbers: [trust.number, isolation.number],
    });
    const r4 = await addRespondent(w.evaluation, 'R04', { numbers: [trust.number] });
    const elsewhere = await addRespondent(second.evaluation, 'R01', { numbers: second.codes.map((c) => c.number) });
    // A coder's coding of the code too, and of another.
    await q('insert into codings (respondent_id, code_id) values ($1, $2), ($3, $4)', [r2, isolation.id, r4, mistrust.id]);
    expect(await count('select count(*)::int as n from crosstab_code_counts where code_id = $1', [isolation.id])).toBe(2);

    await q('delete from codes where id = $1', [isolation.id]);
    expect(await numbersOf(r1)).toBe(`{${mistrust.number},${trust.number}}`);
    expect(await numbersOf(r2)).toBe('{}');
    expect(await numbersOf(r3)).toBe(`{${trust.number}}`);
    expect(await numbersOf(r4)).toBe(`{${trust.number}}`);
    expect(await numbersOf(elsewhere)).toBe(`{${second.codes.map((c) => c.number).join(',')}}`);
    expect(await count('select count(*)::int as n from crosstab_code_counts where code_id = $1', [isolation.id])).toBe(0);
    expect(await count('select count(*)::int as n from codings where code_id = $1', [isolation.id])).toBe(0);
    // The respondents themselves stay, in their cells.
    expect((await respondentsOf(w.evaluation)).map((r) => [r.ref, r.project_id, r.place_id, r.phase_id, r.consent])).toEqual([
      ['R01', w.projects[0], null, null, 'given'],
      ['R02', w.projects[1], w.places[0], null, 'given'],
      ['R03', null, null, w.phases[0], 'withdrawn'],
      ['R04', null, null, null, 'given'],
    ]);
    await expectKeptCountsToMatchARecount();
  });

  it('deleting a code with a code under it takes both numbers out, from respondents who had both', async () => {
    const w = await world('imported-delete-parent');
    const [trust, isolation, mistrust] = w.codes as [
      { id: string; number: number },
      { id: string; number: number },
      { id: string; number: number },
    ];
    // Mistrust of services sits under Trust.
    const both = await addRespondent(w.evaluation, 'R01', { numbers: [trust.number, isolation.number, mistrust.number] });
    const child = await addRespondent(w.evaluation, 'R02', { numbers: [mistrust.number] });
    await q('delete from codes where id = $1', [trust.id]);
    expect(await count('select count(*)::int as n from codes where id in ($1, $2)', [trust.id, mistrust.id])).toBe(0);
    expect(await numbersOf(both)).toBe(`{${isolation.number}}`);
    expect(await numbersOf(child)).toBe('{}');
    await expectKeptCountsToMatchARecount();
  });

  it('after all this, a recount from scratch finds the counts that were kept', async () => {
    await expectKeptCountsToMatchARecount();
  });
});
