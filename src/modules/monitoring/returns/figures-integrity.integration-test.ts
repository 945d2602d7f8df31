import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../../test/support/database.js';
import type { Database } from '../../../db/database.js';

// A return's figures sit in its own row as arrays, and the return's own references are checked per
// statement, not by per-row foreign keys (decision 010): triggers check what they name and follow
// deletions. These tests hold the triggers and the table's check to what foreign keys would promise.

let database: Database;
const q = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => database.query<T>(text, params);

async function world(slug: string) {
  const [programme] = await q<{ id: string }>(`insert into programmes (slug, name, funder) values ($1, $1, 'Fund') returning id`, [slug]);
  const [partnership] = await q<{ id: string }>(`insert into partnerships (programme_id, name) values ($1, 'P') returning id`, [
    programme!.id,
  ]);
  const [indicator] = await q<{ id: string }>(
    `insert into indicators (programme_id, key, label) values ($1, 'volunteers', 'Volunteers') returning id`,
    [programme!.id],
  );
  const [other] = await q<{ id: string }>(
    `insert into indicators (programme_id, key, label) values ($1, 'activities', 'Activities') returning id`,
    [programme!.id],
  );
  const [period] = await q<{ id: string }>(
    `insert into reporting_periods (programme_id, label, starts_on, ends_on, due_on) values ($1, 'Q1', '2026-01-01', '2026-03-31', '2026-04-30') returning id`,
    [programme!.id],
  );
  const [ret] = await q<{ id: string }>(
    `insert into monitoring_returns (programme_id, partnership_id, period_id) values ($1, $2, $3) returning id`,
    [programme!.id, partnership!.id, period!.id],
  );
  return {
    programme: programme!.id,
    partnership: partnership!.id,
    period: period!.id,
    indicator: indicator!.id,
    other: other!.id,
    ret: ret!.id,
  };
}

/** Sets a return's figures to numbers, one per indicator given. */
const setFigures = (returnId: string, figures: [string, number][]) =>
  q(
    `update monitoring_returns set figure_indicators = $2::uuid[], figure_values = $3::numeric[],
          figure_texts = array_fill(null::text, array[$4::int]), figure_not_reported = array_fill(null::text, array[$4::int])
    where id = $1`,
    [returnId, `{${figures.map((f) => f[0]).join(',')}}`, `{${figures.map((f) => f[1]).join(',')}}`, figures.length],
  );

const figuresOf = async (returnId: string) =>
  (
    await q<{ ids: string | string[]; vals: string | string[] }>(
      'select figure_indicators::text as ids, figure_values::text as vals from monitoring_returns where id = $1',
      [returnId],
    )
  )[0];

beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database.close();
});

describe('a return’s figures name indicators of its own programme, once each', () => {
  it('accepts figures for indicators of the return’s programme', async () => {
    const w = await world('integrity-a');
    await setFigures(w.ret, [
      [w.indicator, 12],
      [w.other, 3],
    ]);
    expect((await figuresOf(w.ret))!.vals).toBe('{12,3}');
  });

  it('refuses a figure for an indicator that does not exist, and changes nothing', async () => {
    const w = await world('integrity-b');
    await setFigures(w.ret, [[w.indicator, 1]]);
    await expect(
      setFigures(w.ret, [
        [w.indicator, 2],
        ['00000000-0000-4000-8000-000000000000', 2],
      ]),
    ).rejects.toMatchObject({ code: '23503' });
    expect((await figuresOf(w.ret))!.vals).toBe('{1}');
  });

  it('refuses a figure whose indicator belongs to another programme, inserted or updated', async () => {
    const a = await world('integrity-c');
    const b = await world('integrity-d');
    await expect(setFigures(a.ret, [[b.indicator, 3]])).rejects.toMatchObject({ code: '23503' });
    const [q2] = await q<{ id: string }>(
      `insert into reporting_periods (programme_id, label, starts_on, ends_on, due_on) values ($1, 'Q2', '2026-04-01', '2026-06-30', '2026-07-31') returning id`,
      [a.programme],
    );
    await expect(
      q(
        `insert into monitoring_returns (programme_id, partnership_id, period_id, figure_indicators, figure_values, figure_texts, figure_not_reported)
       values ($1, $2, $3, array[$4::uuid], '{3}', '{NULL}', '{NULL}')`,
        [a.programme, a.partnership, q2!.id, b.indicator],
      ),
    ).rejects.toMatchObject({ code: '23503' });
    expect(
      Number((await q<{ n: number | string }>('select count(*) as n from monitoring_returns where period_id = $1', [q2!.id]))[0]!.n),
    ).toBe(0);
  });

  it('refuses two figures for one indicator, and arrays of different lengths', async () => {
    const w = await world('integrity-e');
    await expect(
      setFigures(w.ret, [
        [w.indicator, 1],
        [w.indicator, 2],
      ]),
    ).rejects.toMatchObject({ code: '23505' });
    await expect(
      q(
        `update monitoring_returns set figure_indicators = array[$2::uuid], figure_values = '{1,2}', figure_texts = '{NULL}', figure_not_reported = '{NULL}' where id = $1`,
        [w.ret, w.indicator],
      ),
    ).rejects.toMatchObject({ code: '23514' });
  });

  it('takes a deleted indicator’s figures out of every return, keeping the others in line', async () => {
    const w = await world('integrity-f');
    await setFigures(w.ret, [
      [w.indicator, 5],
      [w.other, 7],
    ]);
    await q(
      `update monitoring_returns set figure_not_reported = array[null, 'not shared'], figure_values = array[5, null]::numeric[] where id = $1`,
      [w.ret],
    );
    await q('delete from indicators where id = $1', [w.other]);
    const after = (
      await q<{ ids: string; vals: string; reasons: string }>(
        'select figure_indicators::text as ids, figure_values::text as vals, figure_not_reported::text as reasons from monitoring_returns where id = $1',
        [w.ret],
      )
    )[0]!;
    expect(after).toEqual({ ids: `{${w.indicator}}`, vals: '{5}', reasons: '{NULL}' });
  });

  it('goes with its programme when the programme is deleted', async () => {
    const y = await world('integrity-g');
    await setFigures(y.ret, [[y.indicator, 6]]);
    await q(`insert into figure_notes (return_id, indicator_id, reviewer_comment) values ($1, $2, 'Check this')`, [y.ret, y.indicator]);
    await q('delete from programmes where id = $1', [y.programme]);
    expect(await figuresOf(y.ret)).toBeUndefined();
    expect(Number((await q<{ n: number | string }>('select count(*) as n from figure_notes where return_id = $1', [y.ret]))[0]!.n)).toBe(0);
  });
});

describe('a return names a real programme, partnership, period and people, of one programme', () => {
  it('refuses a partnership or period of another programme, or one that does not exist, writing nothing', async () => {
    const a = await world('references-a');
    const b = await world('references-b');
    const insert = (partnership: string, period: string) =>
      q('insert into monitoring_returns (programme_id, partnership_id, period_id) values ($1, $2, $3)', [a.programme, partnership, period]);
    const [q2] = await q<{ id: string }>(
      `insert into reporting_periods (programme_id, label, starts_on, ends_on, due_on) values ($1, 'Q2', '2026-04-01', '2026-06-30', '2026-07-31') returning id`,
      [a.programme],
    );
    await expect(insert(b.partnership, q2!.id)).rejects.toMatchObject({ code: '23503' });
    await expect(insert(a.partnership, b.period)).rejects.toMatchObject({ code: '23503' });
    await expect(insert('00000000-0000-4000-8000-000000000000', q2!.id)).rejects.toMatchObject({ code: '23503' });
    await expect(
      q('update monitoring_returns set submitted_by = $2 where id = $1', [a.ret, '00000000-0000-4000-8000-000000000000']),
    ).rejects.toMatchObject({ code: '23503' });
    expect(
      Number(
        (await q<{ n: number | string }>('select count(*) as n from monitoring_returns where programme_id = $1', [a.programme]))[0]!.n,
      ),
    ).toBe(1);
  });

  it('goes with its partnership or its period, and forgets a deleted account that submitted it', async () => {
    const w = await world('references-c');
    await q('delete from partnerships where id = $1', [w.partnership]);
    expect(Number((await q<{ n: number | string }>('select count(*) as n from monitoring_returns where id = $1', [w.ret]))[0]!.n)).toBe(0);

    const x = await world('references-d');
    await q('delete from reporting_periods where id = $1', [x.period]);
    expect(Number((await q<{ n: number | string }>('select count(*) as n from monitoring_returns where id = $1', [x.ret]))[0]!.n)).toBe(0);

    const y = await world('references-e');
    const [person] = await q<{ id: string }>(
      `insert into users (email, name, password_hash) values ('gone@example.org', 'Gone', 'x') returning id`,
    );
    await q(`update monitoring_returns set status = 'submitted', submitted_by = $2, reviewed_by = $2 where id = $1`, [y.ret, person!.id]);
    await q('delete from users where id = $1', [person!.id]);
    const [after] = await q<{ submitted_by: string | null; reviewed_by: string | null; status: string }>(
      'select submitted_by, reviewed_by, status from monitoring_returns where id = $1',
      [y.ret],
    );
    expect(after).toEqual({ submitted_by: null, reviewed_by: null, status: 'submitted' });
  });
});
