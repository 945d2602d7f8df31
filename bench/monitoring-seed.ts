import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Database } from '../src/db/database.js';
import { indicators } from '../src/modules/monitoring/schema.js';
import { partnerships } from '../src/modules/partnerships/schema.js';
import { programmes } from '../src/modules/programmes/schema.js';

/**
 * A programme of `count` partnerships and `indicatorCount` count indicators, for the monitoring
 * benchmarks. Partnerships only need names here: the import and the table look at nothing else.
 */
export async function seedMonitoringProgramme(database: Database, slug: string, count: number, indicatorCount: number) {
  const { db } = database;
  const [programme] = await db
    .insert(programmes)
    .values({ slug, name: `Monitoring benchmark (${count} partnerships)`, funder: 'Benchmark' })
    .returning();
  const keys = Array.from({ length: indicatorCount }, (_, i) => `indicator_${String(i + 1).padStart(2, '0')}`);
  await db.insert(indicators).values(
    keys.map((key, i) => ({
      programmeId: programme!.id,
      key,
      label: `Indicator ${i + 1}`,
      definition: 'A count for the benchmark',
      unit: 'count' as const,
      position: i,
    })),
  );
  const names = Array.from({ length: count }, (_, i) => `Bench partnership ${String(i + 1).padStart(6, '0')}`);
  for (let i = 0; i < names.length; i += 2000) {
    await db.insert(partnerships).values(names.slice(i, i + 2000).map((name) => ({ programmeId: programme!.id, name })));
  }
  return { programmeId: programme!.id, keys, names };
}

/** A small deterministic generator, so every run imports the same figures. */
function figures(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
}

/**
 * The returns file: `partnership,<keys…>,note`, a row per partnership. About one figure in a hundred is
 * left blank (not reported), the note then saying why, so the import's not-reported path is exercised.
 * Written as a stream; resolves to the number of figures (reported or not) in it.
 */
export async function writeReturnsCsv(path: string, names: string[], keys: string[]): Promise<number> {
  const out = createWriteStream(path);
  const next = figures(42);
  out.write(`partnership,${keys.join(',')},note\n`);
  for (const name of names) {
    const cells = keys.map(() => {
      const r = next();
      return r % 100 === 0 ? '' : String(r % 5000);
    });
    const line = `${name},${cells.join(',')},${cells.includes('') ? 'Some figures were not collected this period' : ''}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return names.length * keys.length;
}
