import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { tableToCsv, tableToMarkdown } from './render-table.js';
import { footnoteMarkers, portfolioTable, totalBasis, type PortfolioTableInput, type TableIndicator } from './portfolio-table.js';

const KEYS = ['volunteers', 'beneficiaries', 'activities', 'public_meetings_consultations'];

/** The PBSA Phase 2 "in numbers" table as a return per partnership; `-` means not reported. */
function pbsaInput(): PortfolioTableInput {
  const rows = parse(readFileSync(new URL('../../../reference/pbsa-phase2-in-numbers.csv', import.meta.url)), {
    columns: true,
    skip_empty_lines: true,
  }) as Record<string, string>[];
  const definitions = parse(readFileSync(new URL('../../../reference/pbsa-indicator-definitions.csv', import.meta.url)), {
    columns: true,
  }) as { indicator: string }[];
  return {
    indicators: definitions.map((d) => ({ key: d.indicator, label: d.indicator, unit: 'count', aggregation: 'sum' })),
    partnerships: rows.map((r) => ({ id: r.place!, name: r.partnership!, onTime: true })),
    values: rows.flatMap((r) =>
      KEYS.map((key) => {
        const cell = r[key]!.trim();
        return cell === '-'
          ? { partnershipId: r.place!, indicatorKey: key, value: null, notReported: true }
          : { partnershipId: r.place!, indicatorKey: key, value: Number(cell), notReported: false };
      }),
    ),
    returnNotes: rows.filter((r) => r.note).map((r) => ({ partnershipId: r.place!, note: r.note! })),
  };
}

describe('the PBSA Phase 2 reference table', () => {
  const table = portfolioTable(pbsaInput());

  it('reproduces the published totals exactly', () => {
    expect(table.totals).toEqual({
      volunteers: { basis: 'sum', value: 780 },
      beneficiaries: { basis: 'sum', value: 46286 },
      activities: { basis: 'sum', value: 2504 },
      public_meetings_consultations: { basis: 'sum', value: 853 },
    });
  });

  it('shows N.E. Lincs as not reported, with its reason as a footnote', () => {
    const row = table.rows.find((r) => r.partnershipId === 'N.E. Lincs')!;
    for (const key of KEYS) expect(row.cells[key]).toEqual({ status: 'not-reported', value: null, markers: [] });
    expect(row.markers).toEqual(['**']);
    expect(table.footnotes).toContainEqual({ marker: '**', text: 'did not progress to Phase 3 so monitoring data was not shared' });
  });

  it("marks Calderdale's different reporting window as the first footnote, as the report does", () => {
    const row = table.rows.find((r) => r.partnershipId === 'Calderdale')!;
    expect(row.markers).toEqual(['*']);
    expect(row.cells.volunteers).toEqual({ status: 'reported', value: 34, markers: [] });
    expect(table.footnotes[0]).toEqual({ marker: '*', text: 'reporting period Nov 2021 - Feb 2022' });
    expect(table.footnotes).toHaveLength(2);
  });

  it('counts 9 of 10 partnerships reporting each indicator, all on time', () => {
    for (const key of KEYS) expect(table.coverage[key]).toEqual({ reported: 9, reportedOnTime: 9, partnerships: 10 });
  });

  it('prints the published Total row in CSV and Markdown, and N.E. Lincs as dashes with its marker', () => {
    const csv = tableToCsv(table).trimEnd().split('\n');
    expect(csv[0]).toBe('partnership,volunteers,beneficiaries,activities,public_meetings_consultations');
    expect(csv[7]).toBe('North East Lincolnshire VCSE Alliance,-,-,-,-');
    expect(csv.at(-1)).toBe('Total,780,46286,2504,853');
    const md = tableToMarkdown(table);
    expect(md).toContain('| North East Lincolnshire VCSE Alliance\\*\\* | - | - | - | - |');
    expect(md).toContain('| **Total** | **780** | **46,286** | **2,504** | **853** |');
    expect(md).toContain('| Reported by | 9 of 10 (9 on time) | 9 of 10 (9 on time) | 9 of 10 (9 on time) | 9 of 10 (9 on time) |');
  });

  it('keeps the partnerships in the order given', () => {
    expect(table.rows.map((r) => r.partnershipId)).toEqual([
      'Colchester',
      'Coventry',
      'Calderdale',
      'Bristol',
      'Hartlepool',
      'Lincoln',
      'N.E. Lincs',
      'Watchet',
      'Bootle (Sefton)',
      'Hackney',
    ]);
  });
});

const count = (key: string, aggregation: TableIndicator['aggregation'] = 'sum'): TableIndicator => ({
  key,
  label: key,
  unit: 'count',
  aggregation,
});

describe('portfolioTable', () => {
  it('shows a partnership with no value entered as missing, and leaves it out of the total and the count', () => {
    const table = portfolioTable({
      indicators: [count('volunteers')],
      partnerships: [
        { id: 'a', name: 'A' },
        { id: 'b', name: 'B' },
      ],
      values: [{ partnershipId: 'a', indicatorKey: 'volunteers', value: 5, notReported: false }],
    });
    expect(table.rows[1]!.cells.volunteers).toEqual({ status: 'missing', value: null, markers: [] });
    expect(table.totals.volunteers).toEqual({ basis: 'sum', value: 5 });
    expect(table.coverage.volunteers).toEqual({ reported: 1, reportedOnTime: 0, partnerships: 2 });
  });

  it('counts a reported zero as reported', () => {
    const table = portfolioTable({
      indicators: [count('volunteers')],
      partnerships: [{ id: 'a', name: 'A', onTime: true }],
      values: [{ partnershipId: 'a', indicatorKey: 'volunteers', value: 0, notReported: false }],
    });
    expect(table.rows[0]!.cells.volunteers!.status).toBe('reported');
    expect(table.totals.volunteers).toEqual({ basis: 'sum', value: 0 });
    expect(table.coverage.volunteers).toEqual({ reported: 1, reportedOnTime: 1, partnerships: 1 });
  });

  it('has no total when nobody reported an indicator', () => {
    const table = portfolioTable({
      indicators: [count('volunteers')],
      partnerships: [{ id: 'a', name: 'A' }],
      values: [{ partnershipId: 'a', indicatorKey: 'volunteers', value: null, notReported: true, note: 'Worker on leave' }],
    });
    expect(table.totals.volunteers).toEqual({ basis: 'sum', value: null });
    expect(table.rows[0]!.cells.volunteers).toEqual({ status: 'not-reported', value: null, markers: ['*'] });
    expect(table.footnotes).toEqual([{ marker: '*', text: 'Worker on leave' }]);
  });

  it('treats a value marked not reported as not reported even if a number was left in it', () => {
    const table = portfolioTable({
      indicators: [count('volunteers')],
      partnerships: [{ id: 'a', name: 'A' }],
      values: [{ partnershipId: 'a', indicatorKey: 'volunteers', value: 12, notReported: true }],
    });
    expect(table.rows[0]!.cells.volunteers!.status).toBe('not-reported');
    expect(table.totals.volunteers!.value).toBeNull();
  });

  it('averages mean indicators and percentages, adds up latest ones, and gives text no total', () => {
    const table = portfolioTable({
      indicators: [
        count('satisfaction', 'mean'),
        { key: 'share', label: 'share', unit: 'percent', aggregation: 'sum' },
        count('members', 'latest'),
        { key: 'story', label: 'story', unit: 'text', aggregation: 'latest' },
      ],
      partnerships: [
        { id: 'a', name: 'A' },
        { id: 'b', name: 'B' },
        { id: 'c', name: 'C' },
      ],
      values: [
        { partnershipId: 'a', indicatorKey: 'satisfaction', value: 3, notReported: false },
        { partnershipId: 'b', indicatorKey: 'satisfaction', value: 4, notReported: false },
        { partnershipId: 'c', indicatorKey: 'satisfaction', value: null, notReported: true },
        { partnershipId: 'a', indicatorKey: 'share', value: 10, notReported: false },
        { partnershipId: 'b', indicatorKey: 'share', value: 20, notReported: false },
        { partnershipId: 'a', indicatorKey: 'members', value: 40, notReported: false },
        { partnershipId: 'b', indicatorKey: 'members', value: 2, notReported: false },
      ],
    });
    expect(table.totals).toEqual({
      satisfaction: { basis: 'mean', value: 3.5 },
      share: { basis: 'mean', value: 15 },
      members: { basis: 'sum', value: 42 },
      story: { basis: 'none', value: null },
    });
  });

  it('adds decimals without floating-point dust', () => {
    const table = portfolioTable({
      indicators: [{ key: 'hours', label: 'hours', unit: 'hours', aggregation: 'sum' }],
      partnerships: [
        { id: 'a', name: 'A' },
        { id: 'b', name: 'B' },
      ],
      values: [
        { partnershipId: 'a', indicatorKey: 'hours', value: 0.1, notReported: false },
        { partnershipId: 'b', indicatorKey: 'hours', value: 0.2, notReported: false },
      ],
    });
    expect(table.totals.hours!.value).toBe(0.3);
  });

  it('gives one marker to a note repeated on several values, and numbers notes when there are more than three', () => {
    const v = (p: string, key: string, note: string) => ({ partnershipId: p, indicatorKey: key, value: 1, notReported: false, note });
    const table = portfolioTable({
      indicators: [count('x'), count('y')],
      partnerships: [
        { id: 'a', name: 'A' },
        { id: 'b', name: 'B' },
      ],
      values: [v('a', 'x', 'Estimate'), v('a', 'y', 'Estimate'), v('b', 'x', 'Counted at the door'), v('b', 'y', 'Two events only')],
      returnNotes: [{ partnershipId: 'b', note: 'Covers six months' }],
    });
    expect(table.rows[0]!.cells.x!.markers).toEqual(['1']);
    expect(table.rows[0]!.cells.y!.markers).toEqual(['1']);
    expect(table.rows[1]!.markers).toEqual(['2']);
    expect(table.rows[1]!.cells.x!.markers).toEqual(['3']);
    expect(table.footnotes.map((f) => `${f.marker} ${f.text}`)).toEqual([
      '1 Estimate',
      '2 Covers six months',
      '3 Counted at the door',
      '4 Two events only',
    ]);
  });

  it('ignores values for indicators or partnerships that are not in the table', () => {
    const table = portfolioTable({
      indicators: [count('x')],
      partnerships: [{ id: 'a', name: 'A' }],
      values: [
        { partnershipId: 'a', indicatorKey: 'x', value: 1, notReported: false },
        { partnershipId: 'a', indicatorKey: 'retired', value: 100, notReported: false },
        { partnershipId: 'gone', indicatorKey: 'x', value: 100, notReported: false },
      ],
    });
    expect(table.totals.x!.value).toBe(1);
    expect(Object.keys(table.rows[0]!.cells)).toEqual(['x']);
  });

  it('refuses two values for the same partnership and indicator rather than pick one', () => {
    expect(() =>
      portfolioTable({
        indicators: [count('x')],
        partnerships: [{ id: 'a', name: 'A' }],
        values: [
          { partnershipId: 'a', indicatorKey: 'x', value: 1, notReported: false },
          { partnershipId: 'a', indicatorKey: 'x', value: 2, notReported: false },
        ],
      }),
    ).toThrow(/Two values for partnership a, indicator x/);
  });

  it('refuses a value that is not a finite number', () => {
    expect(() =>
      portfolioTable({
        indicators: [count('x')],
        partnerships: [{ id: 'a', name: 'A' }],
        values: [{ partnershipId: 'a', indicatorKey: 'x', value: Number.NaN, notReported: false }],
      }),
    ).toThrow(/not a number/);
  });
});

describe('totalBasis and footnoteMarkers', () => {
  it('follows the documented rules', () => {
    expect(totalBasis({ unit: 'GBP', aggregation: 'sum' })).toBe('sum');
    expect(totalBasis({ unit: 'hours', aggregation: 'latest' })).toBe('sum');
    expect(totalBasis({ unit: 'count', aggregation: 'mean' })).toBe('mean');
    expect(totalBasis({ unit: 'percent', aggregation: 'latest' })).toBe('mean');
    expect(totalBasis({ unit: 'text', aggregation: 'sum' })).toBe('none');
    expect(footnoteMarkers(3)).toEqual(['*', '**', '***']);
    expect(footnoteMarkers(4)).toEqual(['1', '2', '3', '4']);
    expect(footnoteMarkers(0)).toEqual([]);
  });
});
