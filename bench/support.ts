/**
 * The support figure of `npm run bench` (issue 16): the cost-and-use summary of 5,000 partnerships with
 * 100 contacts each (500,000 contacts, plus credit spends and events), on PGlite: p50 of Cairn building it
 * (`supportSummary`: one grouped query, then the exact-fraction definitions in domain/cost.ts) beside one
 * hand-written SQL query of the same numbers, measured alternately in the same run. Goal: ≤ 1.5×.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliCaller } from '../src/cli/context.js';
import { openDatabase } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { openProgramme } from '../src/modules/programmes/context.js';
import { supportSummary } from '../src/modules/support/summary/service.js';

const PARTNERSHIPS = Number(process.env.BENCH_SUPPORT_PARTNERSHIPS ?? 5_000);
const CONTACTS = Number(process.env.BENCH_SUPPORT_CONTACTS ?? 100);
const RUNS = Number(process.env.BENCH_SUPPORT_RUNS ?? 15);
const GOAL = 1.5;

/** The same numbers in one query: minutes, spends and event shares per partnership, costed in SQL. */
const REFERENCE = `
with c as (select partnership_id, sum(minutes) m from support_contacts where programme_id = $1 group by 1),
     k as (select partnership_id, sum(amount_pence) filter (where kind = 'spend') s from support_credit where programme_id = $1 group by 1),
     e as (select e.id, e.cost_pence::numeric / count(*) share from support_events e join support_attendance a on a.event_id = e.id and a.people > 0
           where e.programme_id = $1 group by e.id),
     sh as (select a.partnership_id, sum(e.share) shares, count(*) n from support_attendance a join e on e.id = a.event_id where a.people > 0 group by 1)
select p.name, al.days_allowed, round(coalesce(c.m, 0)::numeric / 420, 2) days_used, al.credit_allowed_pence / 100.0 credit_allowed,
       coalesce(k.s, 0) / 100.0 credit_spent, coalesce(sh.n, 0) events_attended,
       round((coalesce(c.m, 0)::numeric / 420 * al.day_rate_pence + coalesce(k.s, 0) + coalesce(sh.shares, 0)) / 100, 2) cost_total,
       round((coalesce(c.m, 0)::numeric / 420 * al.day_rate_pence + coalesce(k.s, 0) + coalesce(sh.shares, 0)) / 100
             / ((al.end_on - al.start_on + 1) / 365.25)) cost_per_year
from partnerships p left join support_allowances al on al.partnership_id = p.id left join c on c.partnership_id = p.id
left join k on k.partnership_id = p.id left join sh on sh.partnership_id = p.id
where p.programme_id = $1 order by p.name`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function supportBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-support-'));
  const database = await openDatabase({ dataDir: dir, holder: 'the support bench' });
  try {
    await migrate(database);
    const q = (sql: string, params: unknown[] = []) => database.query(sql, params);
    const t0 = performance.now();
    const [p] = await q(`insert into programmes (slug, name) values ('bench-support', 'Support bench') returning id`);
    const id = (p as { id: string }).id;
    await q(
      `insert into partnerships (programme_id, name) select $1, 'Partnership ' || lpad(g::text, 5, '0') from generate_series(1, $2) g`,
      [id, PARTNERSHIPS],
    );
    await q(
      `insert into support_allowances (partnership_id, programme_id, start_on, end_on, days_allowed, credit_allowed_pence, day_rate_pence)
       select id, $1, '2023-04-01', '2026-03-31', 24, 750000, 35000 from partnerships where programme_id = $1`,
      [id],
    );
    await q(
      `insert into support_contacts (programme_id, partnership_id, contact_on, minutes, type)
       select $1, p.id, date '2023-04-01' + (g * 10), 30 + (g * 37) % 420, 'facilitation'
       from partnerships p, generate_series(1, $2) g where p.programme_id = $1`,
      [id, CONTACTS],
    );
    await q(
      `insert into support_credit (programme_id, partnership_id, kind, entry_on, amount_pence)
       select $1, p.id, 'spend', date '2023-05-01' + g * 60, 10000 + g * 1333 from partnerships p, generate_series(1, 5) g where p.programme_id = $1`,
      [id],
    );
    await q(
      `insert into support_events (programme_id, name, held_on, cost_pence) select $1, 'Event ' || g, date '2023-06-01' + g * 180, 900000 from generate_series(1, 6) g`,
      [id],
    );
    await q(
      `insert into support_attendance (event_id, partnership_id, people)
       select e.id, p.id, 1 + (abs(hashtext(p.name || e.name)) % 3) from support_events e, partnerships p
       where e.programme_id = $1 and p.programme_id = $1 and abs(hashtext(p.name || e.name)) % 4 > 0`,
      [id],
    );
    await q('analyze');
    console.log(
      `\nSupport summary: ${PARTNERSHIPS.toLocaleString('en-GB')} partnerships × ${CONTACTS} contacts, PGlite (seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
    const ctx = await openProgramme(database.db, cliCaller(), 'bench-support');
    const cairn: number[] = [];
    const reference: number[] = [];
    let rows = 0;
    for (let i = 0; i < RUNS + 2; i++) {
      let s = performance.now();
      rows = (await supportSummary(database.db, ctx)).length;
      const a = performance.now() - s;
      s = performance.now();
      await q(REFERENCE, [id]);
      const b = performance.now() - s;
      if (i >= 2) {
        cairn.push(a);
        reference.push(b);
      }
    }
    const ratio = median(cairn) / median(reference);
    console.log(`  cairn support summary (${rows} rows)   p50 ${median(cairn).toFixed(0)} ms`);
    console.log(`  one hand-written SQL query          p50 ${median(reference).toFixed(0)} ms`);
    console.log(`  ratio ${ratio.toFixed(2)}× (goal ≤ ${GOAL}×) ${ratio <= GOAL ? 'met' : 'NOT met'}`);
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await supportBench();
