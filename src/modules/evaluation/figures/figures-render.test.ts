import { describe, expect, it } from 'vitest';
import { unzip } from '../../../../test/support/unzip.js';
import { crosstab } from '../domain/crosstab.js';
import { protectCrosstab } from '../domain/disclosure.js';
import { PCF_FIGURES, groupedBarChart } from '../domain/figures.js';
import type { Respondent } from '../domain/respondents.js';
import { type FigureSet, figuresDocx, renderFigureSvg, skippedLines, svgSize, svgToPng } from './service.js';

const person = (id: string, participantType: string): Respondent => ({
  id,
  participantType,
  themes: ['Food'],
  coproductionModel: null,
  place: null,
  phase: null,
  attributes: {},
  consent: 'given',
});
// Partner 2 and Community Anchor 4 are both under the threshold, so they cover each other: no complement.
const respondents = [
  ...['a', 'b', 'c', 'd', 'e'].map((id) => person(id, 'Community Member')),
  ...['f', 'g'].map((id) => person(id, 'Partner')),
  ...['h', 'i', 'j', 'k'].map((id) => person(id, 'Community Anchor')),
];
const codes = [
  { id: 'welcome', name: 'Made to feel welcome' },
  { id: 'needs', name: 'Needs assessment' },
];
const codings = [
  { respondentId: 'a', code: 'welcome' },
  { respondentId: 'b', code: 'welcome' },
  { respondentId: 'f', code: 'needs' },
];
const family = { key: 'context', label: 'Context' };
const chartOf = (by: 'participant_type' | null, figureId: string) =>
  groupedBarChart({
    programme: 'Riverlands Fund',
    evaluation: 'Riverlands review',
    family,
    figureId,
    table: protectCrosstab(crosstab({ respondents, codings, codes, by }), 5),
  });

describe('drawing a figure', () => {
  it('draws an SVG naming the codes and each group’s N, with its title and description inside', async () => {
    const svg = await renderFigureSvg(chartOf('participant_type', 'C.5'));
    expect(svg).toContain('<title id="figure-title">Figure C.5: Contexts by participant type</title>');
    expect(svg).toContain('Made to feel welcome');
    expect(svg).toContain('Community Member (N=5)');
    // The two partners and four anchors are under the threshold: named in the note, marked "suppressed"
    // where their bars would be, their sizes nowhere.
    expect(svg).toContain('Suppressed: Community Anchor and Partner, fewer than 5 respondents');
    expect(svg).toContain('>suppressed</text>');
    expect(svg).not.toMatch(/N=2|N=4/);
    expect(svgSize(svg).width).toBeGreaterThan(500);
    const png = svgToPng(svg);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });
});

describe('the Word report', () => {
  it('has a title page saying who is counted, each figure with its caption, picture and table of N, and the figures left out', async () => {
    const drawn = [];
    for (const [by, id] of [
      [null, 'C.4'],
      ['participant_type', 'C.5'],
    ] as const) {
      const chart = chartOf(by, id);
      drawn.push({ definition: PCF_FIGURES.find((f) => f.id === id)!, chart, svg: await renderFigureSvg(chart) });
    }
    const set: FigureSet = {
      programme: { slug: 'riverlands', name: 'Riverlands Fund' },
      evaluation: { slug: 'review', title: 'Riverlands review', description: 'Synthetic: made up for this test.', disclosureThreshold: 5 },
      counted: 11,
      drawn,
      skipped: PCF_FIGURES.slice(0, 3).map((definition) => ({
        definition,
        caption: '',
        reason: 'Self-identified outcomes has no codes in this evaluation yet',
      })),
      includeSmallGroups: false,
    };
    const files = unzip(await figuresDocx(set, { date: new Date('2026-11-24T12:00:00Z') }));
    const xml = files.get('word/document.xml')!.toString('utf8');
    expect(xml).toContain('Figures C.1–C.19: Riverlands review');
    expect(xml).toContain('Synthetic: made up for this test.');
    expect(xml).toContain(
      'The 11 respondents whose consent was given on 24 November 2026. Anyone who has withdrawn their consent is left out of every figure.',
    );
    expect(xml).toContain('C.1–C.3: Self-identified outcomes has no codes in this evaluation yet');
    expect(xml).toContain('Figure C.4: Contexts, all respondents');
    expect(xml).toContain('Figure C.5: Contexts by participant type');
    expect(xml).toContain('No, suppressed: fewer than 5 respondents');
    expect(xml).toContain('>suppressed<');
    expect(xml).not.toMatch(/N=2|N=4/);
    // Each chart is a PNG in the document, described for screen readers.
    expect([...files.keys()].filter((n) => n.startsWith('word/media/') && n.endsWith('.png'))).toHaveLength(2);
    expect(xml).toContain('descr="Grouped bar chart: Figure C.5');
  });

  it('lists skipped figures as ranges by reason', () => {
    const skip = (id: string, reason: string) => ({ definition: PCF_FIGURES.find((f) => f.id === id)!, caption: '', reason });
    expect(
      skippedLines([
        skip('C.1', 'no codes'),
        skip('C.2', 'no codes'),
        skip('C.3', 'no codes'),
        skip('C.7', 'too many'),
        skip('C.9', 'no codes'),
      ]),
    ).toEqual(['C.1–C.3, C.9: no codes', 'C.7: too many']);
  });
});
