import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { MAX_SERIES } from '../../../charts/style.js';
import { MAX_BARS, NO_FIGURE, NOT_REPORTED, acrossPeriodsChart, byPartnershipChart, formatFigure, valueTitle } from './charts.js';
import { acrossPeriodsSpec, byPartnershipSpec } from './chart-specs.js';
import { type PortfolioTableInput, type TableIndicator, portfolioTable } from './portfolio-table.js';

const KEYS = ['volunteers', 'beneficiaries', 'activities', 'public_meetings_consultations'];
const LABELS: Record<string, string> = {
  volunteers: 'Volunteers',
  beneficiaries: 'Beneficiaries',
  activities: 'Activities',
  public_meetings_consultations: 'Public meetings/consultations',
};

/** The PBSA Phase 2 "in numbers" table, a return per partnership; `-` is not reported. */
function pbsa(extra: Partial<PortfolioTableInput> = {}): PortfolioTableInput {
  const rows = parse(readFileSync(new URL('../../../reference/pbsa-phase2-in-numbers.csv', import.meta.url)), {
    columns: true,
    skip_empty_lines: true,
  }) as Record<string, string>[];
  return {
    indicators: KEYS.map((key) => ({ key, label: LABELS[key]!, unit: 'count', aggregation: 'sum' })),
    partnerships: rows.map((r) => ({ id: r.place!, name: r.partnership! })),
    values: rows.flatMap((r) =>
      KEYS.map((key) =>
        r[key]!.trim() === '-'
          ? { partnershipId: r.place!, indicatorKey: key, value: null, notReported: true }
          : { partnershipId: r.place!, indicatorKey: key, value: Number(r[key]), notReported: false },
      ),
    ),
    returnNotes: rows.filter((r) => r.note).map((r) => ({ partnershipId: r.place!, note: r.note! })),
    ...extra,
  };
}

const phase2 = { id: 'p2', label: 'Phase 2' };
const byPartnership = (input = pbsa(), indicatorKey = 'volunteers', scope: 'programme' | 'own-partnerships' = 'programme') =>
  byPartnershipChart({ programme: 'Place Based Social Action', period: phase2, scope, table: portfolioTable(input), indicatorKey });

/** Every datum a spec draws, wherever it sits (a single view, layers, or stacked views). */
function dataOf(spec: unknown): Record<string, unknown>[] {
  const s = spec as { data?: { values?: Record<string, unknown>[] }; vconcat?: unknown[]; layer?: unknown[] };
  return [...(s.data?.values ?? []), ...(s.vconcat ?? []).flatMap(dataOf)];
}

describe('a chart of one indicator by partnership', () => {
  it('draws the PBSA Phase 2 volunteers largest first, with the published total', () => {
    const chart = byPartnership();
    expect(chart.partnerships.slice(0, 3).map((p) => [p.name, p.value, p.text])).toEqual([
      ['SAFE Regeneration', 285, '285'],
      ['Grapevine Coventry', 164, '164'],
      ['Onion Collective CIC', 115, '115'],
    ]);
    expect(chart.total).toEqual({ basis: 'sum', value: 780, text: '780' });
    expect(chart.reported).toBe(9);
    expect(chart.title).toBe('Volunteers by partnership, Phase 2');
    expect(chart.subtitle[1]).toBe('Total 780, from 9 of 10 partnerships. Submitted and accepted returns only.');
    expect(chart.valueTitle).toBe('Volunteers (number)');
  });

  it('lists N.E. Lincolnshire as not reported, after the figures, with no bar and its reason as a note', () => {
    const chart = byPartnership();
    const last = chart.partnerships.at(-1)!;
    expect(last).toMatchObject({
      name: 'North East Lincolnshire VCSE Alliance',
      status: 'not-reported',
      value: null,
      text: NOT_REPORTED,
      nameMarkers: ['**'],
    });
    const rows = dataOf(byPartnershipSpec(chart));
    const row = rows.find((r) => String(r.name).startsWith('North East Lincolnshire'))!;
    expect(row).toMatchObject({ status: 'not-reported', value: null, label: NOT_REPORTED });
    // Bars are drawn only from reported rows; "not reported" is words beside the axis.
    const layers = (byPartnershipSpec(chart) as { vconcat: { layer: { mark: { type: string }; transform: { filter: string }[] }[] }[] })
      .vconcat[0]!.layer;
    expect(layers.find((l) => l.mark.type === 'bar')!.transform).toEqual([{ filter: "datum.status === 'reported'" }]);
  });

  it('keeps Calderdale’s comparability note as a marker by its name and prints the notes under the chart', () => {
    const chart = byPartnership();
    const calderdale = chart.partnerships.find((p) => p.name.startsWith('NHP'))!;
    expect(calderdale.nameMarkers).toEqual(['*']);
    expect(chart.footnotes).toEqual([
      { marker: '*', text: 'reporting period Nov 2021 - Feb 2022' },
      { marker: '**', text: 'did not progress to Phase 3 so monitoring data was not shared' },
    ]);
    const notes = dataOf(byPartnershipSpec(chart)).find((d) => Array.isArray(d.lines))!.lines as string[];
    expect(notes[0]).toBe('Notes');
    expect(notes).toContain('* reporting period Nov 2021 - Feb 2022');
    expect(chart.description).toContain('Notes: * reporting period Nov 2021 - Feb 2022');
  });

  it('numbers its own notes: a note on another indicator is not this chart’s', () => {
    const input = pbsa({ returnNotes: [] });
    input.values = input.values.map((v) =>
      v.partnershipId === 'Bristol' && v.indicatorKey === 'activities' ? { ...v, note: 'Counted per session' } : v,
    );
    expect(byPartnership(input, 'volunteers').footnotes).toEqual([]);
    const activities = byPartnership(input, 'activities');
    expect(activities.footnotes).toEqual([{ marker: '*', text: 'Counted per session' }]);
    expect(activities.partnerships.find((p) => p.name.startsWith('Hartcliffe'))!.markers).toEqual(['*']);
  });

  it('tells "not reported" from "no figure yet", and never draws either as 0', () => {
    const input = pbsa();
    input.partnerships = [...input.partnerships, { id: 'zephyr', name: 'Zephyr Street Partnership' }];
    const chart = byPartnership(input);
    expect(chart.partnerships.at(-1)).toMatchObject({ name: 'Zephyr Street Partnership', status: 'missing', value: null, text: NO_FIGURE });
    expect(chart.subtitle[1]).toContain('from 9 of 11 partnerships');
    const drawnZeros = dataOf(byPartnershipSpec(chart)).filter((r) => r.value === 0);
    expect(drawnZeros).toEqual([]);
    expect(chart.description).toContain('Zephyr Street Partnership: no figure');
    expect(chart.description).toContain('North East Lincolnshire VCSE Alliance: not reported');
  });

  it('draws a reported 0 as a figure of 0', () => {
    const input = pbsa();
    input.values = input.values.map((v) => (v.partnershipId === 'Colchester' && v.indicatorKey === 'volunteers' ? { ...v, value: 0 } : v));
    const c360 = byPartnership(input).partnerships.find((p) => p.name === 'Community 360')!;
    expect(c360).toMatchObject({ status: 'reported', value: 0, text: '0' });
  });

  it('says in the subtitle and description when only the member’s own partnerships are shown', () => {
    const input = pbsa();
    input.partnerships = input.partnerships.filter((p) => p.id === 'Watchet');
    const chart = byPartnership(input, 'volunteers', 'own-partnerships');
    expect(chart.partnerships.map((p) => p.name)).toEqual(['Onion Collective CIC']);
    expect(chart.subtitle[1]).toContain('Only your partnerships are shown, and the total is over them.');
  });

  it('averages percentages, formats pounds and refuses text indicators', () => {
    const indicators: TableIndicator[] = [
      { key: 'satisfied', label: 'Satisfied', unit: 'percent', aggregation: 'sum' },
      { key: 'spent', label: 'Spent', unit: 'gbp', aggregation: 'sum' },
      { key: 'story', label: 'Story', unit: 'text', aggregation: 'sum' },
    ];
    const table = portfolioTable({
      indicators,
      partnerships: [
        { id: 'a', name: 'A' },
        { id: 'b', name: 'B' },
      ],
      values: [
        { partnershipId: 'a', indicatorKey: 'satisfied', value: 80, notReported: false },
        { partnershipId: 'b', indicatorKey: 'satisfied', value: 65, notReported: false },
        { partnershipId: 'a', indicatorKey: 'spent', value: 1200.5, notReported: false },
      ],
    });
    const chart = (key: string) => byPartnershipChart({ programme: 'P', period: phase2, scope: 'programme', table, indicatorKey: key });
    expect(chart('satisfied').total).toEqual({ basis: 'mean', value: 72.5, text: '72.5%' });
    expect(chart('satisfied').subtitle[1]).toMatch(/^Average 72.5%, from 2 of 2/);
    expect(chart('satisfied').valueTitle).toBe('Satisfied (%)');
    expect(chart('spent').partnerships[0]!.text).toBe('£1,200.50');
    expect(chart('spent').valueTitle).toBe('Spent (£)');
    expect(() => chart('story')).toThrow(/answered in words/);
    expect(() => chart('nope')).toThrow(/no indicator nope/);
  });

  it('puts the description, title and unit in the spec, and refuses more bars than can be read', () => {
    const chart = byPartnership();
    const spec = byPartnershipSpec(chart) as {
      description: string;
      title: { text: string; subtitle: string[] };
      vconcat: { layer: { encoding: { x?: { title?: string } } }[] }[];
    };
    expect(spec.description).toBe(chart.description);
    expect(spec.description).toMatch(
      /^Bar chart of Volunteers \(number\) for each partnership in Place Based Social Action, Phase 2\. SAFE Regeneration: 285;/,
    );
    expect(spec.title.text).toBe('Volunteers by partnership, Phase 2');
    expect(spec.vconcat[0]!.layer[0]!.encoding.x!.title).toBe('Volunteers (number)');
    const many = { ...chart, partnerships: Array.from({ length: MAX_BARS + 1 }, (_, i) => ({ ...chart.partnerships[0]!, name: `P${i}` })) };
    expect(() => byPartnershipSpec(many)).toThrow(/cannot be read/);
  });

  it('breaks long names onto two lines on the axis, and cuts only a third line', () => {
    const rows = dataOf(byPartnershipSpec(byPartnership()));
    expect(rows.map((r) => r.name)).toContain('Hartcliffe & Withywood\nCommunity Partnership');
    expect(rows.map((r) => r.name)).toContain('NHP Ltd and Halifax\nOpportunities Trust *');
  });
});

describe('a chart of one indicator across periods', () => {
  const indicator = { key: 'volunteers', label: 'Volunteers', unit: 'count', aggregation: 'sum' as const };
  const phase1Input = pbsa();
  phase1Input.values = phase1Input.values.map((v) => (v.value === null ? v : { ...v, value: Math.round(v.value / 2) }));
  const empty = { ...pbsa(), values: [], returnNotes: [] };
  const chart = (withPartnerships: boolean) =>
    acrossPeriodsChart({
      programme: 'Place Based Social Action',
      indicator,
      scope: 'programme',
      withPartnerships,
      periods: [
        { id: 'p1', label: 'Phase 1', table: portfolioTable(phase1Input) },
        { id: 'p2', label: 'Phase 2', table: portfolioTable(pbsa()) },
        { id: 'p3', label: 'Phase 3', table: portfolioTable(empty) },
      ],
    });

  it('gives the total of each period, oldest first, with how many reported, and "No figures" rather than 0', () => {
    const c = chart(false);
    expect(c.periods.map((p) => [p.label, p.value, p.text, p.reported, p.partnerships])).toEqual([
      ['Phase 1', 392, '392', 9, 10],
      ['Phase 2', 780, '780', 9, 10],
      ['Phase 3', null, 'No figures', 0, 10],
    ]);
    expect(c.partnerships).toBeNull();
    const totals = dataOf(acrossPeriodsSpec(c)).filter((d) => 'status' in d);
    expect(totals.map((d) => [d.period, d.value, d.status])).toEqual([
      ['Phase 1\n9 of 10 reported', 392, 'reported'],
      ['Phase 2\n9 of 10 reported', 780, 'reported'],
      ['Phase 3\n0 of 10 reported', null, 'none'],
    ]);
    expect(c.description).toContain('Phase 3: no figures (0 of 10 partnerships reported)');
  });

  it('words each note with its period and partnership, and marks that period’s total', () => {
    const c = chart(false);
    expect(c.footnotes[0]).toEqual({
      marker: '1',
      text: 'Phase 1, NHP Ltd and Halifax Opportunities Trust: reporting period Nov 2021 - Feb 2022',
    });
    expect(c.periods[0]!.markers).toEqual(['1', '2']);
    const labels = dataOf(acrossPeriodsSpec(c)).map((d) => d.label);
    expect(labels).toContain('392 [1] [2]');
  });

  it('adds a line per partnership when asked, with a gap (null) where a figure is missing, never 0', () => {
    const c = chart(true);
    const nel = c.partnerships!.find((s) => s.name.startsWith('North East'))!;
    expect(nel.figures.map((f) => [f.status, f.value])).toEqual([
      ['not-reported', null],
      ['not-reported', null],
      ['missing', null],
    ]);
    const safe = c.partnerships!.find((s) => s.name === 'SAFE Regeneration')!;
    expect(safe.figures.map((f) => f.value)).toEqual([143, 285, null]);
    const spec = acrossPeriodsSpec(c) as { vconcat: { layer?: { mark: { type: string; invalid?: string } }[] }[] };
    expect(spec.vconcat[1]!.layer!.find((l) => l.mark.type === 'line')!.mark.invalid).toBe('break-paths-show-domains');
    expect(c.description).toContain('SAFE Regeneration: Phase 1 143, Phase 2 285, Phase 3 no figure');
  });

  it('refuses more lines than can be told apart', () => {
    const c = chart(true);
    const many = { ...c, partnerships: Array.from({ length: MAX_SERIES + 1 }, (_, i) => ({ ...c.partnerships![0]!, name: `P${i}` })) };
    expect(() => acrossPeriodsSpec(many)).toThrow(/cannot be told apart/);
  });
});

describe('look', () => {
  it('formats figures as people read them, and names the unit on the axis', () => {
    expect(formatFigure(46286, 'count')).toBe('46,286');
    expect(formatFigure(1200, 'gbp')).toBe('£1,200');
    expect(formatFigure(12.345, 'percent')).toBe('12.35%');
    expect(formatFigure(7.5, 'hours')).toBe('7.5');
    expect(valueTitle({ label: 'Hours given', unit: 'hours' })).toBe('Hours given (hours)');
  });
});
