import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/support/database.js';
import type { Database } from '../../db/database.js';

// The figures table has no per-row foreign keys (decision 008): statement triggers check what they
// name and follow deletions. These tests hold the triggers to what the foreign keys promised.

let database: Database;
const q = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => database.query<T>(text, params);

async function world(slug: string) {
  const [programme] = await q<{ id: string }>(`insert into programmes (slug, name, funder) values ($1, $1, 'Fund') returning id`, [slug]);
  const [partnership] = await q<{ id: string }>(`insert into partnerships (programme_id, name) values ($1, 'P') returning id`, [programme!.id]);
  const [indicator] = await q<{ id: string }>(`insert into indicators (programme_id, key, label) values ($1, 'volunteers', 'Volunteers') returning id`, [programme!.id]);
  const [period] = await q<{ id: string }>(
    `insert into reporting_periods (programme_id, label, starts_on, ends_on, due_on) values ($1, 'Q1', '2026-01-01', '2026-03-31', '2026-04-30') returning id`, [programme!.id]);
  const [ret] = await q<{ id: string }>(
    `insert into monitoring_returns (programme_id, partnership_id, period_id) values ($1, $2, $3) returning id`, [programme!.id, partnership!.id, period!.id]);
  return { programme: programme!.id, indicator: indicator!.id, ret: ret!.id };
}

const figuresOf = async (returnId: string) => (await q<{ n: number | string }>('select count(*) as n from return_values where return_id = $1', [returnId]))[0]!.n;

beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database.close();
});

describe('figures name a real return and an indicator of its programme', () => {
  it('accepts a figure for a return and an indicator of the same programme', async () => {
    const w = await world('integrity-a');
    await q('insert into return_values (return_id, indicator_id, value) values ($1, $2, 12)', [w.ret, w.indicator]);
    expect(Number(await figuresOf(w.ret))).toBe(1);
  });

  it('refuses a figure for a return that does not exist, and writes none of the statement', async () => {
    const w = await world('integrity-b');
    await expect(q(
      `insert into return_values (return_id, indicator_id, value) values ($1, $2, 1), ('00000000-0000-4000-8000-000000000000', $2, 2)`, [w.ret, w.indicator],
    )).rejects.toMatchObject({ code: '23503' });
    expect(Number(await figuresOf(w.ret))).toBe(0);
  });

  it('refuses a figure whose indicator belongs to another programme', async () => {
    const a = await world('integrity-c');
    const b = await world('integrity-d');
    await expect(q('insert into return_values (return_id, indicator_id, value) values ($1, $2, 3)', [a.ret, b.indicator])).rejects.toMatchObject({ code: '23503' });
    await q('insert into return_values (return_id, indicator_id, value) values ($1, $2, 3)', [a.ret, a.indicator]);
    await expect(q('update return_values set indicator_id = $2 where return_id = $1', [a.ret, b.indicator])).rejects.toMatchObject({ code: '23503' });
  });

  it('takes a return’s figures with it when the return, its indicator or its whole programme is deleted', async () => {
    const w = await world('integrity-e');
    await q('insert into return_values (return_id, indicator_id, value) values ($1, $2, 4)', [w.ret, w.indicator]);
    await q('delete from monitoring_returns where id = $1', [w.ret]);
    expect(Number(await figuresOf(w.ret))).toBe(0);

    const x = await world('integrity-f');
    await q('insert into return_values (return_id, indicator_id, value) values ($1, $2, 5)', [x.ret, x.indicator]);
    await q('delete from indicators where id = $1', [x.indicator]);
    expect(Number(await figuresOf(x.ret))).toBe(0);

    const y = await world('integrity-g');
    await q('insert into return_values (return_id, indicator_id, value) values ($1, $2, 6)', [y.ret, y.indicator]);
    await q('delete from programmes where id = $1', [y.programme]);
    expect(Number(await figuresOf(y.ret))).toBe(0);
    expect(Number((await q<{ n: number | string }>('select count(*) as n from return_values v left join monitoring_returns m on m.id = v.return_id where m.id is null'))[0]!.n)).toBe(0);
  });
});
