import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Crosstab, crosstab } from './crosstab.js';
import { protectCrosstab } from './disclosure.js';
import {
  MAX_GROUPS,
  PCF_FIGURES,
  figureCaption,
  filterWords,
  groupLabel,
  groupedBarChart,
  groupedBarSpec,
  pluralLabel,
} from './figures.js';
import type { Respondent } from './respondents.js';

const person = (
  id: string,
  participantType: string,
  themes: string[] = ['Food'],
  consent: 'given' | 'withdrawn' = 'given',
): Respondent => ({
  id,
  participantType,
  themes,
  coproductionModel: null,
  place: null,
  phase: null,
  attributes: {},
  consent,
});

// Six community members and three partners (under the threshold of 5); one more partner withdrew.
const respondents = [
  ...['m1', 'm2', 'm3', 'm4', 'm5', 'm6'].map((id) => person(id, 'Community Member')),
  ...['p1', 'p2', 'p3'].map((id) => person(id, 'Partner', ['Food', 'Health'])),
  person('p4', 'Partner', ['Food'], 'withdrawn'),
];
const codes = [
  { id: 'c-trust', name: 'Trust / relationship building' },
  { id: 'c-pride', name: 'Pride' },
];
const codings = [
  ...['m1', 'm2', 'm3'].map((r) => ({ respondentId: r, code: 'c-trust' })),
  { respondentId: 'm1', code: 'c-pride' },
  ...['p1', 'p2', 'p3', 'p4'].map((r) => ({ respondentId: r, code: 'c-trust' })),
];
const byType = crosstab({ respondents, codings, codes, by: 'participant_type', groupOrder: ['Partner', 'Community Member'] });
const base = { programme: 'Riverlands Fund', evaluation: 'Riverlands review', family: { key: 'mechanism', label: 'Mechanism' } };
/** The table as the service hands it over: after disclosure control (threshold 5 unless said). */
const cut = (table: Crosstab, threshold = 5, override = false) => protectCrosstab(table, threshold, { override });
const byTheme = crosstab({ respondents, codings, codes, by: 'theme' });

describe('the figure set', () => {
  it('is the review’s C.1–C.19: family, dimension and measure as the reference lists them', () => {
    const reference = JSON.parse(readFileSync(new URL('../../../reference/pcf-realist-evaluation.json', import.meta.url), 'utf8')) as {
      figures: { id: string; family: string; by: string | null; measure: string }[];
    };
    expect(PCF_FIGURES).toEqual(reference.figures.map((f) => ({ id: f.id, family: f.family, by: f.by, measure: f.measure })));
  });

  it('captions figures in words', () => {
    expect(figureCaption('Context', 'participant_type')).toBe('Contexts by participant type');
    expect(figureCaption('Short-term outcome', null)).toBe('Short-term outcomes, all respondents');
    expect(figureCaption('Mechanism', 'coproduction_model')).toBe('Mechanisms by co-production model');
    expect(figureCaption('Turning point', 'attribute:age_band')).toBe('Turning points by age band');
    expect(pluralLabel('Barriers')).toBe('Barriers');
    expect(pluralLabel('Activity')).toBe('Activities');
    expect(filterWords({ participantType: 'Partner', place: 'Millbrook' })).toBe('Only participant type Partner, place Millbrook.');
    expect(filterWords({})).toBe('');
  });
});

describe('groupedBarChart', () => {
  it('puts each group’s N in its legend label and marks a suppressed group “suppressed”, never its size', () => {
    // Food 9 (everyone), Health 3 (the partners): themes overlap, so Health alone is suppressed.
    const chart = groupedBarChart({ ...base, table: cut(byTheme) });
    expect(chart.groups.map((g) => [g.label, g.shown, g.reason])).toEqual([
      ['Food (N=9)', true, null],
      ['Health (suppressed)', false, 'small group'],
    ]);
    expect(chart.total).toBe(9);
    expect(chart.bars.map((b) => `${b.group} ${b.code} ${b.text}`)).toEqual([
      'Food Trust / relationship building 66.7%',
      'Food Pride 11.1%',
    ]);
    expect(chart.suppressedCells.map((c) => `${c.group} ${c.code}`)).toEqual(['Health Trust / relationship building', 'Health Pride']);
    expect(chart.suppressed).toEqual([{ group: 'Health', reason: 'small group' }]);
    expect(chart.notes[0]).toBe('Suppressed: Health, fewer than 5 respondents, so that nobody in it can be recognised.');
    expect(chart.notes[1]).toBe('A suppressed group is marked “suppressed”, not drawn as zero, and its size is not given.');
    expect(chart.subtitle[1]).toContain('9 respondents with consent given; anyone who withdrew consent is left out.');
    expect(JSON.stringify(chart)).not.toContain('N=3');
  });

  it('suppresses the other group too when the total would give the small one back, saying why', () => {
    // Partner 3 and Community Member 6 make the 9: showing Community Member would give Partner as 9 − 6.
    const chart = groupedBarChart({ ...base, table: cut(byType) });
    expect(chart.groups.map((g) => [g.label, g.shown, g.reason])).toEqual([
      ['Partner (suppressed)', false, 'small group'],
      ['Community Member (suppressed)', false, 'secondary'],
    ]);
    expect(chart.bars).toEqual([]);
    expect(chart.notes).toContain(
      'Also suppressed: Community Member, hidden too, so that a smaller group cannot be worked out from the totals.',
    );
    expect(JSON.stringify(chart)).not.toMatch(/N=3|N=6|100\.0%|50\.0%/);
    const main = JSON.stringify(groupedBarSpec(chart));
    expect(main).toContain('Every group is suppressed');
  });

  it('draws small groups when the evaluator overrides, with a warning note', () => {
    const chart = groupedBarChart({ ...base, table: cut(byType, 5, true) });
    expect(chart.groups.every((g) => g.shown)).toBe(true);
    expect(chart.bars.map((b) => `${b.group} ${b.code} ${b.text}`)).toEqual([
      'Partner Trust / relationship building 100.0%',
      'Community Member Trust / relationship building 50.0%',
      'Partner Pride 0.0%',
      'Community Member Pride 16.7%',
    ]);
    expect(chart.shownDespiteThreshold).toEqual([{ group: 'Partner', nGroup: 3 }]);
    expect(chart.notes.join(' ')).toContain(
      'Shown at the evaluator’s choice although under 5 respondents: Partner (N=3). People in these groups could be recognised.',
    );
  });

  it('counts respondents for a "count" figure and percents otherwise', () => {
    const count = groupedBarChart({ ...base, table: cut(byType, 0), measure: 'count' });
    expect(count.bars.filter((b) => b.group === 'Community Member').map((b) => [b.value, b.text])).toEqual([
      [3, '3'],
      [1, '1'],
    ]);
    expect(count.valueTitle).toBe('Respondents (number)');
    const percent = groupedBarChart({ ...base, table: cut(byType, 0) });
    expect(percent.bars.filter((b) => b.group === 'Community Member').map((b) => [b.value, b.text])).toEqual([
      [50, '50.0%'],
      [16.7, '16.7%'],
    ]);
    expect(percent.valueTitle).toBe('Percent of group (%)');
  });

  it('names the one group “All respondents” without a dimension, and titles a figure of the set', () => {
    const all = crosstab({ respondents, codings, codes });
    const chart = groupedBarChart({ ...base, table: cut(all), figureId: 'C.8' });
    expect(chart.title).toBe('Figure C.8: Mechanisms, all respondents');
    expect(chart.groups.map((g) => g.label)).toEqual(['All respondents (N=9)']);
    expect(groupLabel('All', 9, null)).toBe('All respondents (N=9)');
    expect(chart.notes).toEqual([]);
  });

  it('says when themes overlap, so group sizes add up to more than the total', () => {
    const chart = groupedBarChart({ ...base, table: cut(byTheme, 0) });
    expect(chart.groups.map((g) => g.label)).toEqual(['Food (N=9)', 'Health (N=3)']);
    expect(chart.notes).toContain(
      'A respondent whose project has several themes counts once in each, so the group sizes add up to more than the 9 respondents.',
    );
  });
});

describe('groupedBarSpec', () => {
  type Layer = { mark: { type: string }; encoding: { color?: { scale: { domain: string[] } }; x?: { axis?: { values?: number[] } } } };
  const mainOf = (spec: Record<string, unknown>) =>
    ((spec.vconcat as Record<string, unknown>[] | undefined)?.[0] ?? spec) as {
      layer?: Layer[];
      encoding: { y: { scale: { domain: string[] } } };
      mark?: unknown;
      data: { values: unknown[] };
    };

  it('draws a bar per shown group within each code, the legend labels carrying N, codes in codebook order', () => {
    const spec = groupedBarSpec(groupedBarChart({ ...base, table: cut(byType, 5, true) })) as unknown as Record<string, unknown>;
    const main = mainOf(spec);
    const bars = main.layer!.find((l) => l.mark.type === 'bar')!;
    expect(bars.encoding.color!.scale.domain).toEqual(['Partner (N=3)', 'Community Member (N=6)']);
    expect(main.encoding.y.scale.domain).toEqual(['Trust / relationship\nbuilding', 'Pride']);
    expect(bars.encoding.x!.axis!.values).toEqual([0, 20, 40, 60, 80, 100]);
    expect(main.data.values).toHaveLength(4);
    // The notes are drawn under the chart, in the picture itself.
    expect(JSON.stringify(spec.vconcat)).toContain('Shown at the evaluator’s choice');
  });

  it('writes “suppressed” where a suppressed group’s bars would be, with no bar and no colour in the legend', () => {
    const main = mainOf(groupedBarSpec(groupedBarChart({ ...base, table: cut(byTheme) })) as unknown as Record<string, unknown>);
    const values = main.data.values as { group: string; value: number | null; text: string }[];
    expect(values.filter((v) => v.text === 'suppressed').map((v) => [v.group, v.value])).toEqual([
      ['Health (suppressed)', null],
      ['Health (suppressed)', null],
    ]);
    expect(main.layer!.find((l) => l.mark.type === 'bar')!.encoding.color!.scale.domain).toEqual(['Food (N=9)']);
  });

  it('writes words instead of an empty frame when every group is too small', () => {
    const chart = groupedBarChart({ ...base, table: cut(byType, 10) });
    expect(chart.bars).toEqual([]);
    const main = mainOf(groupedBarSpec(chart) as unknown as Record<string, unknown>);
    expect(JSON.stringify(main.data.values)).toContain('Every group is smaller than the disclosure threshold');
  });

  it('refuses more groups than colours can tell apart', () => {
    const many = Array.from({ length: MAX_GROUPS + 1 }, (_, i) => person(`r${i}`, `Type ${i}`));
    const table = crosstab({ respondents: many, codings: [], codes, by: 'participant_type' });
    expect(() => groupedBarSpec(groupedBarChart({ ...base, table: cut(table, 0) }))).toThrow(
      `${MAX_GROUPS + 1} groups cannot be told apart`,
    );
  });
});
