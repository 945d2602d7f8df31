import { describe, expect, it } from 'vitest';
import { crosstab } from './crosstab.js';
import { type CountTable, complementarySuppression, protectCrosstab } from './disclosure.js';
import type { Respondent } from './respondents.js';

const none = (values: number[][]) => values.map((row) => row.map(() => false));
const at = (values: number[][], cells: [number, number][]) => {
  const p = none(values);
  for (const [r, c] of cells) p[r]![c] = true;
  return p;
};
/** The suppressed cells as "r,c:reason", in table order. */
const marks = (table: CountTable) => {
  const out: string[] = [];
  complementarySuppression(table).reasons.forEach((row, r) => {
    row.forEach((reason, c) => {
      if (reason) out.push(`${r},${c}:${reason}`);
    });
  });
  return out;
};

describe('complementarySuppression: worked examples', () => {
  it('suppresses nothing when there is nothing primary', () => {
    const values = [
      [12, 30, 8],
      [20, 5, 9],
    ];
    expect(marks({ values, primary: none(values), rowTotals: true, columnTotals: true })).toEqual([]);
  });

  it('a small cell alone in its row would be its row total minus the rest: the smallest other cell goes too', () => {
    // Row 0 total 3 + 12 + 7 + 40 = 62 is published; 62 − 12 − 7 − 40 gives back the 3.
    const values = [[3, 12, 7, 40]];
    expect(marks({ values, primary: at(values, [[0, 0]]), rowTotals: true, columnTotals: false })).toEqual([
      '0,0:small group',
      '0,2:secondary',
    ]);
  });

  it('a column case: the column’s total is published, so the next smallest cell in the column goes', () => {
    const values = [[2], [15], [9], [30]];
    expect(marks({ values, primary: at(values, [[0, 0]]), rowTotals: false, columnTotals: true })).toEqual([
      '0,0:small group',
      '2,0:secondary',
    ]);
  });

  it('ties go to the first cell in table order; a zero is a complement only when nothing else is left', () => {
    const values = [[1, 0, 6, 6]];
    expect(marks({ values, primary: at(values, [[0, 0]]), rowTotals: true, columnTotals: false })).toEqual([
      '0,0:small group',
      '0,2:secondary',
    ]);
    const zeros = [[1, 0, 0]];
    expect(marks({ values: zeros, primary: at(zeros, [[0, 0]]), rowTotals: true, columnTotals: false })).toEqual([
      '0,0:small group',
      '0,1:secondary',
    ]);
  });

  it('iterates: a complement in a row leaves its column with one suppressed cell, which needs its own complement', () => {
    //        c0  c1  c2
    // r0      2   8  20     r0: 2 primary → 8 secondary (lowest other in the row)
    // r1     10   9  30     c0: 2 alone → 10 secondary;  c1: 8 alone → 9 secondary
    // r2     12  11  40     then r1 holds 10 and 9: two; every line holds 0 or 2+.
    const values = [
      [2, 8, 20],
      [10, 9, 30],
      [12, 11, 40],
    ];
    const result = marks({ values, primary: at(values, [[0, 0]]), rowTotals: true, columnTotals: true });
    expect(result).toEqual(['0,0:small group', '0,1:secondary', '1,0:secondary', '1,1:secondary']);
  });

  it('a line of one suppressed cell and nothing else exposes its total, which the caller must not publish', () => {
    const values = [[3], [2]];
    const out = complementarySuppression({
      values,
      primary: at(values, [
        [0, 0],
        [1, 0],
      ]),
      rowTotals: true,
      columnTotals: false,
    });
    expect(out.exposedTotals).toEqual([
      { line: 'row', index: 0 },
      { line: 'row', index: 1 },
    ]);
  });

  it('a suppressed header cell takes its whole column', () => {
    const values = [
      [3, 40, 12],
      [1, 20, 6],
      [2, 10, 6],
    ];
    expect(marks({ values, primary: at(values, [[0, 0]]), rowTotals: true, columnTotals: false, headerRow: 0 })).toEqual([
      '0,0:small group',
      '0,2:secondary',
      '1,0:small group',
      '1,2:secondary',
      '2,0:small group',
      '2,2:secondary',
    ]);
  });

  it('refuses a table that is not one', () => {
    expect(() =>
      complementarySuppression({ values: [[1, 2], [3]], primary: [[false, false], [false]], rowTotals: true, columnTotals: false }),
    ).toThrow(/same number of cells/);
    expect(() => complementarySuppression({ values: [[-1]], primary: [[false]], rowTotals: true, columnTotals: false })).toThrow(
      /whole number/,
    );
  });
});

/** A small deterministic generator (mulberry32), so a failure can be replayed from its seed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('complementarySuppression: no suppressed cell can be recovered from a line total (random tables)', () => {
  it('holds for 2,000 random tables with row and column totals, with and without a header row', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const rnd = random(seed);
      const rows = 1 + Math.floor(rnd() * 6);
      const columns = 1 + Math.floor(rnd() * 6);
      const values = Array.from({ length: rows }, () => Array.from({ length: columns }, () => (rnd() < 0.15 ? 0 : Math.floor(rnd() * 30))));
      const primary = values.map((row) => row.map((v) => v > 0 && v < 5 && rnd() < 0.7));
      const rowTotals = rnd() < 0.8;
      const columnTotals = rnd() < 0.6;
      const headerRow = rnd() < 0.3 ? 0 : undefined;
      const table = { values, primary, rowTotals, columnTotals, ...(headerRow === undefined ? {} : { headerRow }) };
      const { reasons, exposedTotals } = complementarySuppression(table);
      // Every primary cell stays suppressed.
      primary.forEach((row, r) => {
        row.forEach((p, c) => {
          if (p) expect(reasons[r]![c], `seed ${seed}`).not.toBeNull();
        });
      });
      const lines: { line: 'row' | 'column'; index: number; cells: [number, number][] }[] = [
        ...(rowTotals
          ? values.map((_, r) => ({ line: 'row' as const, index: r, cells: values[r]!.map((_, c) => [r, c] as [number, number]) }))
          : []),
        ...(columnTotals
          ? values[0]!.map((_, c) => ({ line: 'column' as const, index: c, cells: values.map((_, r) => [r, c] as [number, number]) }))
          : []),
      ];
      for (const line of lines) {
        const total = line.cells.reduce((s, [r, c]) => s + values[r]![c]!, 0);
        const published = line.cells.filter(([r, c]) => reasons[r]![c] === null);
        const hidden = line.cells.filter(([r, c]) => reasons[r]![c] !== null);
        if (exposedTotals.some((e) => e.line === line.line && e.index === line.index)) {
          expect(line.cells.length, `seed ${seed}`).toBe(1);
          continue;
        }
        // total − published is the sum of the hidden cells: it names one cell only when one is hidden.
        const residual = total - published.reduce((s, [r, c]) => s + values[r]![c]!, 0);
        expect(residual).toBe(hidden.reduce((s, [r, c]) => s + values[r]![c]!, 0));
        expect(hidden.length, `seed ${seed}, ${line.line} ${line.index}`).not.toBe(1);
      }
      // A header row's suppressed cell hides its whole column.
      if (headerRow !== undefined)
        values[0]!.forEach((_, c) => {
          if (reasons[0]![c])
            expect(
              reasons.every((row) => row[c] !== null),
              `seed ${seed}`,
            ).toBe(true);
        });
    }
  });
});

const person = (id: string, participantType: string, themes: string[] = ['Food']): Respondent => ({
  id,
  participantType,
  themes,
  coproductionModel: null,
  place: null,
  phase: null,
  attributes: {},
  consent: 'given',
});

describe('protectCrosstab', () => {
  // Partner 2, Community Anchor 6, Community Member 9; two codes.
  const respondents = [
    ...['p1', 'p2'].map((id) => person(id, 'Partner')),
    ...['a1', 'a2', 'a3', 'a4', 'a5', 'a6'].map((id) => person(id, 'Community Anchor')),
    ...Array.from({ length: 9 }, (_, i) => person(`m${i}`, 'Community Member')),
  ];
  const codes = [
    { id: 'trust', name: 'Trust' },
    { id: 'pride', name: 'Pride' },
  ];
  const codings = [
    { respondentId: 'p1', code: 'trust' },
    ...['a1', 'a2', 'a3'].map((r) => ({ respondentId: r, code: 'trust' })),
    ...['m0', 'm1', 'm2', 'm3'].map((r) => ({ respondentId: r, code: 'trust' })),
    { respondentId: 'm4', code: 'pride' },
  ];
  const byType = crosstab({
    respondents,
    codings,
    codes,
    by: 'participant_type',
    groupOrder: ['Partner', 'Community Anchor', 'Community Member'],
  });

  it('hides the small group and the next smallest, their sizes included, so neither comes back from the total', () => {
    const out = protectCrosstab(byType, 5);
    expect(out.groups).toEqual([
      { group: 'Partner', nGroup: null, small: true, suppressed: true, reason: 'small group' },
      { group: 'Community Anchor', nGroup: null, small: false, suppressed: true, reason: 'secondary' },
      { group: 'Community Member', nGroup: 9, small: false, suppressed: false, reason: null },
    ]);
    expect(out.total).toBe(17);
    expect(out.rows.filter((r) => r.suppressed).every((r) => r.nGroup === null && r.nCode === null && r.percent === null)).toBe(true);
    expect(out.rows.find((r) => r.group === 'Community Member' && r.code === 'Trust')).toMatchObject({
      nGroup: 9,
      nCode: 4,
      percent: 44.4,
      suppressed: false,
      reason: null,
    });
    expect(out.suppressed).toEqual([
      { group: 'Partner', reason: 'small group' },
      { group: 'Community Anchor', reason: 'secondary' },
    ]);
    // Nothing in what is given says 2 (Partner) or 6 (Community Anchor) or Partner's 1 for Trust.
    expect(JSON.stringify(out.groups) + JSON.stringify(out.rows)).not.toMatch(/"nGroup":(2|6)\b|"nCode":1,"percent":50/);
  });

  it('gives everything with the override, listing what the rule would have hidden', () => {
    const out = protectCrosstab(byType, 5, { override: true });
    expect(out.rows.every((r) => r.nCode !== null && !r.suppressed)).toBe(true);
    expect(out.shownDespiteThreshold).toEqual([{ group: 'Partner', nGroup: 2 }]);
    expect(out.revealed).toEqual([
      { group: 'Partner', nGroup: 2, reason: 'small group' },
      { group: 'Community Anchor', nGroup: 6, reason: 'secondary' },
    ]);
    expect(out.suppressed).toEqual([]);
  });

  it('suppresses nothing when every group is at or over the threshold', () => {
    const out = protectCrosstab(byType, 2);
    expect(out.rows.every((r) => !r.suppressed)).toBe(true);
    expect(out.suppressed).toEqual([]);
  });

  it('hides the total when one group, under the threshold, is the whole table', () => {
    const all = crosstab({ respondents: respondents.slice(0, 2), codings, codes });
    const out = protectCrosstab(all, 5);
    expect(out.total).toBeNull();
    expect(out.groups).toEqual([{ group: 'All', nGroup: null, small: true, suppressed: true, reason: 'small group' }]);
  });

  it('needs no complement when groups overlap (themes): their sizes and counts add up to nothing published', () => {
    const withHealth = respondents.map((r) => (r.id === 'p1' ? { ...r, themes: ['Food', 'Health'] } : r));
    const byTheme = crosstab({ respondents: withHealth, codings, codes, by: 'theme' });
    const out = protectCrosstab(byTheme, 5);
    expect(out.groups.map((g) => [g.group, g.nGroup, g.reason])).toEqual([
      ['Food', 17, null],
      ['Health', null, 'small group'],
    ]);
  });

  it('two small groups cover each other', () => {
    const out = protectCrosstab(byType, 7);
    expect(out.groups.map((g) => [g.group, g.reason])).toEqual([
      ['Partner', 'small group'],
      ['Community Anchor', 'small group'],
      ['Community Member', null],
    ]);
  });
});
