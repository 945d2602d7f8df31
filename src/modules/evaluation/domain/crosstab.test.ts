import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  crosstab,
  crosstabToCsv,
  flagSmallGroups,
  matrixToCsv,
  orderGroups,
  parseDimension,
  percentOf,
  respondentMatrix,
  spssNames,
  type CrosstabRow,
} from './crosstab.js';
import { protectCrosstab } from './disclosure.js';
import type { Coding, Respondent } from './respondents.js';

interface Reference {
  respondents: number;
  participant_types: string[];
  themes: string[];
  coproduction_models: { number: number; name: string }[];
  group_sizes_context_mechanism_outcome_figures: {
    all: number;
    by_participant_type: Record<string, number>;
    by_theme: Record<string, number>;
    by_coproduction_model: Record<string, number>;
  };
}
const ref = JSON.parse(readFileSync(new URL('../../../reference/pcf-realist-evaluation.json', import.meta.url), 'utf8')) as Reference;
const sizes = ref.group_sizes_context_mechanism_outcome_figures;

/** Position i of n gets the value whose cumulative size range holds it. */
function valueAt(i: number, groups: Record<string, number>): string {
  let end = 0;
  for (const [value, n] of Object.entries(groups)) {
    end += n;
    if (i < end) return value;
  }
  throw new Error(`position ${i} is past the end`);
}

/**
 * 120 respondents with the review's group sizes for figures C.4–C.19. Each dimension walks the
 * respondents in a different order (multiplying by a number coprime with 120), so the three are
 * mixed rather than lined up, yet each one's group sizes are exact by construction.
 */
function pcfRespondents(): Respondent[] {
  const n = sizes.all;
  return Array.from({ length: n }, (_, i) => ({
    id: `r${String(i + 1).padStart(3, '0')}`,
    participantType: valueAt(i, sizes.by_participant_type),
    themes: [valueAt((i * 7) % n, sizes.by_theme)],
    coproductionModel: valueAt((i * 11) % n, sizes.by_coproduction_model),
    place: null,
    phase: null,
    attributes: {},
    consent: 'given' as const,
  }));
}

const person = (id: string, over: Partial<Respondent> = {}): Respondent => ({
  id,
  participantType: 'Community Member',
  themes: [],
  coproductionModel: null,
  place: null,
  phase: null,
  attributes: {},
  consent: 'given',
  ...over,
});

const sizesOf = (rows: readonly { group: string; nGroup: number }[]) => Object.fromEntries(rows.map((g) => [g.group, g.nGroup]));
const cell = (rows: readonly CrosstabRow[], group: string, code: string) => rows.find((r) => r.group === group && r.code === code);

describe('percentOf: one decimal, half away from zero, on the exact ratio', () => {
  it('gives the figures a person would work out by hand', () => {
    expect(percentOf(1, 8)).toBe(12.5);
    expect(percentOf(5, 120)).toBe(4.2); // 4.1666…
    expect(percentOf(1, 3)).toBe(33.3);
    expect(percentOf(2, 3)).toBe(66.7);
    expect(percentOf(0, 7)).toBe(0);
    expect(percentOf(16, 16)).toBe(100);
    expect(percentOf(1, 16)).toBe(6.3); // 6.25: the half goes up
  });

  it('rounds exact halves up where floating point would round them down', () => {
    // 23/80 is 28.75 exactly; (23 / 80 * 100).toFixed(1) says 28.7.
    expect(((23 / 80) * 100).toFixed(1)).toBe('28.7');
    expect(percentOf(23, 80)).toBe(28.8);
    // 201/400 is 50.25 exactly; Math.round(201 / 400 * 1000) / 10 says 50.2.
    expect(Math.round((201 / 400) * 1000) / 10).toBe(50.2);
    expect(percentOf(201, 400)).toBe(50.3);
  });

  it('refuses an empty group or counts that are not whole', () => {
    expect(() => percentOf(1, 0)).toThrow(/group of at least one/);
    expect(() => percentOf(1.5, 3)).toThrow(/whole counts/);
    expect(() => percentOf(-1, 3)).toThrow(/whole counts/);
  });
});

describe('the PCF review group sizes', () => {
  const respondents = pcfRespondents();
  const codes = ['Made to feel welcome', 'Needs assessment'];

  it('gives N=120 in the one group, All, when there is no dimension', () => {
    const table = crosstab({ respondents, codings: [], codes });
    expect(table.groups).toEqual([{ group: 'All', nGroup: 120 }]);
    expect(table.total).toBe(120);
    expect(table.overlapping).toBe(false);
  });

  it('gives every group the N printed under figures C.5–C.19', () => {
    const byType = crosstab({ respondents, codings: [], codes, by: 'participant_type', groupOrder: ref.participant_types });
    expect(byType.groups).toEqual([
      { group: 'Partner', nGroup: 16 },
      { group: 'Community Anchor', nGroup: 39 },
      { group: 'Community Member', nGroup: 65 },
    ]);
    const byTheme = crosstab({ respondents, codings: [], codes, by: 'theme', groupOrder: ref.themes });
    expect(sizesOf(byTheme.groups)).toEqual(sizes.by_theme);
    expect(byTheme.groups.map((g) => g.group)).toEqual(ref.themes);
    const models = ref.coproduction_models.map((m) => m.name);
    const byModel = crosstab({ respondents, codings: [], codes, by: 'coproduction_model', groupOrder: models });
    expect(byModel.groups).toEqual([
      { group: 'Traditional', nGroup: 29 },
      { group: 'Employability and Skills', nGroup: 15 },
      { group: 'Two level support', nGroup: 15 },
      { group: 'Progression', nGroup: 43 },
      { group: 'Double progression', nGroup: 18 },
    ]);
    // Every group has a row for every code, so a chart can be drawn straight from the rows.
    expect(byModel.rows).toHaveLength(5 * codes.length);
  });

  it('counts and percents codes per group, and lists a code nobody identified with 0', () => {
    const partners = respondents.filter((r) => r.participantType === 'Partner');
    // 15 of the 16 partners identify trust: "partners almost all identify trust/relationship building".
    const codings: Coding[] = partners.slice(0, 15).map((r) => ({ respondentId: r.id, code: 'Trust / relationship building' }));
    const table = crosstab({
      respondents,
      codings,
      codes: ['Trust / relationship building', 'Pride'],
      by: 'participant_type',
      groupOrder: ref.participant_types,
    });
    expect(cell(table.rows, 'Partner', 'Trust / relationship building')).toMatchObject({ nGroup: 16, nCode: 15, percent: 93.8 });
    expect(cell(table.rows, 'Partner', 'Pride')).toMatchObject({ nCode: 0, percent: 0 });
    expect(cell(table.rows, 'Community Member', 'Trust / relationship building')).toMatchObject({ nGroup: 65, nCode: 0 });
    expect(table.rows.map((r) => `${r.group}|${r.code}`)).toEqual([
      'Partner|Trust / relationship building',
      'Partner|Pride',
      'Community Anchor|Trust / relationship building',
      'Community Anchor|Pride',
      'Community Member|Trust / relationship building',
      'Community Member|Pride',
    ]);
  });
});

describe('who is counted', () => {
  it('leaves withdrawn respondents out of group sizes, code counts and the total', () => {
    const respondents = [
      person('a', { participantType: 'Partner' }),
      person('b', { participantType: 'Partner', consent: 'withdrawn' }),
      person('c', { participantType: 'Community Member' }),
    ];
    const codings = [
      { respondentId: 'a', code: 'Pride' },
      { respondentId: 'b', code: 'Pride' },
      { respondentId: 'c', code: 'Pride' },
    ];
    const table = crosstab({ respondents, codings, codes: ['Pride'], by: 'participant_type' });
    expect(table.total).toBe(2);
    expect(cell(table.rows, 'Partner', 'Pride')).toMatchObject({ nGroup: 1, nCode: 1, percent: 100 });
    const all = crosstab({ respondents, codings, codes: ['Pride'] });
    expect(all.rows).toEqual([{ group: 'All', nGroup: 2, code: 'Pride', codeId: 'Pride', nCode: 2, percent: 100 }]);
  });

  it('drops a group whose only members withdrew', () => {
    const respondents = [person('a', { participantType: 'Partner', consent: 'withdrawn' }), person('b')];
    const table = crosstab({ respondents, codings: [], codes: ['Pride'], by: 'participant_type' });
    expect(table.groups).toEqual([{ group: 'Community Member', nGroup: 1 }]);
  });

  it('counts a code a respondent identified twice (in two workshops) once', () => {
    const respondents = [person('a'), person('b')];
    const codings = [
      { respondentId: 'a', code: 'Pride' },
      { respondentId: 'a', code: 'Pride' },
    ];
    expect(crosstab({ respondents, codings, codes: ['Pride'] }).rows[0]).toMatchObject({ nGroup: 2, nCode: 1, percent: 50 });
  });

  it('matches codings by code id or by name, shows the name, and ignores other families and unknown respondents', () => {
    const respondents = [person('a'), person('b'), person('c')];
    const codes = [
      { id: 'c-1', name: 'Confidence' },
      { id: 'c-2', name: 'Pride' },
    ];
    const codings = [
      { respondentId: 'a', code: 'c-1' },
      { respondentId: 'b', code: 'Confidence' },
      { respondentId: 'c', code: 'Improved well-being' }, // another family
      { respondentId: 'zz', code: 'c-2' }, // not a respondent in this analysis
    ];
    const table = crosstab({ respondents, codings, codes });
    expect(table.rows).toEqual([
      { group: 'All', nGroup: 3, code: 'Confidence', codeId: 'c-1', nCode: 2, percent: 66.7 },
      { group: 'All', nGroup: 3, code: 'Pride', codeId: 'c-2', nCode: 0, percent: 0 },
    ]);
  });

  it('refuses a respondent listed twice and a code listed twice', () => {
    expect(() => crosstab({ respondents: [person('a'), person('a')], codings: [], codes: ['Pride'] })).toThrow(/a is listed twice/);
    expect(() => crosstab({ respondents: [person('a')], codings: [], codes: ['Pride', 'Pride'] })).toThrow(/Pride is listed twice/);
  });

  it('refuses a coding by a name two codes share, since only the id says which', () => {
    const codes = [
      { id: 'm-1', name: 'Confidence' },
      { id: 's-1', name: 'Confidence' },
    ];
    expect(() => crosstab({ respondents: [person('a')], codings: [{ respondentId: 'a', code: 'Confidence' }], codes })).toThrow(
      /code by id/,
    );
    expect(crosstab({ respondents: [person('a')], codings: [{ respondentId: 'a', code: 's-1' }], codes }).rows.map((r) => r.nCode)).toEqual(
      [0, 1],
    );
  });

  it('filters by phase, place and participant type, and Not recorded matches a missing value', () => {
    const respondents = [
      person('a', { phase: 'Phase 1', place: 'Dundee', participantType: 'Partner' }),
      person('b', { phase: 'Phase 1', place: 'Paisley', participantType: 'Community Member' }),
      person('c', { phase: 'Phase 2', place: 'Dundee', participantType: 'Community Member' }),
      person('d', { phase: null, place: 'Dundee', participantType: 'Community Member' }),
    ];
    const ids = (filters: Parameters<typeof crosstab>[0]['filters']) =>
      crosstab({ respondents, codings: [], codes: [], filters, by: 'phase' }).groups;
    expect(ids({ phase: 'Phase 1' })).toEqual([{ group: 'Phase 1', nGroup: 2 }]);
    expect(ids({ place: 'Dundee', participantType: ['Community Member'] })).toEqual([
      { group: 'Phase 2', nGroup: 1 },
      { group: 'Not recorded', nGroup: 1 },
    ]);
    expect(ids({ phase: 'Not recorded' })).toEqual([{ group: 'Not recorded', nGroup: 1 }]);
    expect(ids({ phase: [] })).toHaveLength(3);
  });
});

describe('several themes per project', () => {
  const respondents = [
    person('a', { themes: ['Advice/support service', 'Training and upskilling'] }),
    person('b', { themes: ['Training and upskilling'] }),
    person('c', { themes: ['Volunteering and mentoring', 'Volunteering and mentoring'] }),
    person('d', { themes: [] }),
  ];
  const codings = [
    { respondentId: 'a', code: 'New skills' },
    { respondentId: 'c', code: 'New skills' },
  ];

  it('counts a respondent once in each of their themes and says the groups overlap', () => {
    const table = crosstab({ respondents, codings, codes: ['New skills'], by: 'theme', groupOrder: ref.themes });
    expect(table.groups).toEqual([
      { group: 'Advice/support service', nGroup: 1 },
      { group: 'Training and upskilling', nGroup: 2 },
      { group: 'Volunteering and mentoring', nGroup: 1 },
      { group: 'Not recorded', nGroup: 1 },
    ]);
    expect(table.groups.reduce((sum, g) => sum + g.nGroup, 0)).toBe(5);
    expect(table.total).toBe(4);
    expect(table.overlapping).toBe(true);
    expect(cell(table.rows, 'Advice/support service', 'New skills')).toMatchObject({ nCode: 1, percent: 100 });
    expect(cell(table.rows, 'Training and upskilling', 'New skills')).toMatchObject({ nCode: 1, percent: 50 });
  });

  it('does not overlap on a dimension with one value per respondent', () => {
    expect(crosstab({ respondents, codings, codes: ['New skills'], by: 'participant_type' }).overlapping).toBe(false);
  });
});

describe('groups', () => {
  it('puts respondents without a value in Not recorded, last', () => {
    const respondents = [
      person('a', { place: 'Paisley' }),
      person('b', { place: '  ' }),
      person('c', { place: null }),
      person('d', { place: 'Ayr' }),
    ];
    const table = crosstab({ respondents, codings: [], codes: ['Pride'], by: 'place' });
    expect(table.groups).toEqual([
      { group: 'Ayr', nGroup: 1 },
      { group: 'Paisley', nGroup: 1 },
      { group: 'Not recorded', nGroup: 2 },
    ]);
  });

  it('groups by a recorded attribute', () => {
    const respondents = [
      person('a', { attributes: { age_band: '25-64' } }),
      person('b', { attributes: { age_band: '16-24' } }),
      person('c', { attributes: {} }),
      person('d', { attributes: { constructor: 'x' } }),
    ];
    const table = crosstab({ respondents, codings: [], codes: ['Pride'], by: 'attribute:age_band' });
    expect(table.groups).toEqual([
      { group: '16-24', nGroup: 1 },
      { group: '25-64', nGroup: 1 },
      { group: 'Not recorded', nGroup: 2 },
    ]);
    // A name that exists on every object's prototype is still just an attribute nobody recorded.
    expect(crosstab({ respondents: [person('e')], codings: [], codes: [], by: 'attribute:toString' }).groups).toEqual([
      { group: 'Not recorded', nGroup: 1 },
    ]);
  });

  it('orders by the vocabulary, then other groups alphabetically with numbers in order', () => {
    expect(
      orderGroups(['Zed', 'Model 10', 'Not recorded', 'Model 2', 'Partner', 'Community Member'], ['Partner', 'Community Member']),
    ).toEqual(['Partner', 'Community Member', 'Model 2', 'Model 10', 'Zed', 'Not recorded']);
  });

  it('reads a dimension as typed after --by', () => {
    expect(parseDimension(undefined)).toBeNull();
    expect(parseDimension('')).toBeNull();
    expect(parseDimension('theme')).toBe('theme');
    expect(parseDimension('attribute:age_band')).toBe('attribute:age_band');
    expect(parseDimension('age_band', ['age_band'])).toBe('attribute:age_band');
    expect(() => parseDimension('colour', ['age_band'])).toThrow(
      'Cannot group by colour: use one of participant_type, theme, coproduction_model, place, phase, attribute:age_band',
    );
    expect(() => parseDimension('attribute:')).toThrow(/needs a name/);
  });
});

describe('disclosure control', () => {
  const respondents = [
    ...Array.from({ length: 6 }, (_, i) => person(`m${i}`, { participantType: 'Community Member' })),
    ...Array.from({ length: 4 }, (_, i) => person(`p${i}`, { participantType: 'Partner' })),
    person('a0', { participantType: 'Community Anchor' }),
  ];
  const codings = [
    { respondentId: 'p0', code: 'Pride' },
    { respondentId: 'm0', code: 'Pride' },
    { respondentId: 'a0', code: 'Pride' },
  ];
  const { rows } = crosstab({
    respondents,
    codings,
    codes: ['Pride', 'Ownership'],
    by: 'participant_type',
    groupOrder: ['Partner', 'Community Anchor', 'Community Member'],
  });

  it('flags groups under the threshold (5 by default), not those at it', () => {
    expect(flagSmallGroups(rows).map((r) => [r.group, r.small])).toEqual([
      ['Partner', true],
      ['Partner', true],
      ['Community Anchor', true],
      ['Community Anchor', true],
      ['Community Member', false],
      ['Community Member', false],
    ]);
    expect(
      flagSmallGroups(rows, 4)
        .filter((r) => r.small)
        .map((r) => r.group),
    ).toEqual(['Community Anchor', 'Community Anchor']);
  });

  it('blanks small groups whole for export, their size included, and says which (protectCrosstab)', () => {
    const table = crosstab({
      respondents,
      codings,
      codes: ['Pride', 'Ownership'],
      by: 'participant_type',
      groupOrder: ['Partner', 'Community Anchor', 'Community Member'],
    });
    const result = protectCrosstab(table, 5);
    // Two small groups cover each other: no complement is needed.
    expect(result.suppressed).toEqual([
      { group: 'Partner', reason: 'small group' },
      { group: 'Community Anchor', reason: 'small group' },
    ]);
    expect(result.rows[0]).toEqual({
      group: 'Partner',
      nGroup: null,
      code: 'Pride',
      codeId: 'Pride',
      nCode: null,
      percent: null,
      small: true,
      suppressed: true,
      reason: 'small group',
    });
    expect(result.rows[4]).toMatchObject({ group: 'Community Member', nCode: 1, percent: 16.7, suppressed: false });
    expect(crosstabToCsv(result.rows)).toBe(
      [
        'group,n_group,code,n_code,percent',
        'Partner,,Pride,,',
        'Partner,,Ownership,,',
        'Community Anchor,,Pride,,',
        'Community Anchor,,Ownership,,',
        'Community Member,6,Pride,1,16.7',
        'Community Member,6,Ownership,0,0.0',
        '',
      ].join('\n'),
    );
  });

  it('shows everything when the evaluator overrides, still listing the small groups', () => {
    const table = crosstab({
      respondents,
      codings,
      codes: ['Pride', 'Ownership'],
      by: 'participant_type',
      groupOrder: ['Partner', 'Community Anchor', 'Community Member'],
    });
    const result = protectCrosstab(table, 5, { override: true });
    expect(result.suppressed).toEqual([]);
    expect(result.shownDespiteThreshold.map((g) => g.group)).toEqual(['Partner', 'Community Anchor']);
    expect(result.rows.every((r) => r.nCode !== null && !r.suppressed)).toBe(true);
  });

  it('refuses a threshold that is not a whole number of respondents', () => {
    expect(() => protectCrosstab(crosstab({ respondents, codings, codes: ['Pride'] }), -1)).toThrow(/whole number of respondents/);
    expect(() => flagSmallGroups(rows, 2.5)).toThrow(/whole number of respondents/);
  });
});

describe('crosstabToCsv', () => {
  it('writes exactly group,n_group,code,n_code,percent with one decimal and quotes where needed', () => {
    const respondents = [
      person('a', { themes: ['Advice, support'] }),
      person('b', { themes: ['Advice, support'] }),
      person('c', { themes: ['Advice, support'] }),
    ];
    const { rows } = crosstab({ respondents, codings: [{ respondentId: 'a', code: 'Pride' }], codes: ['Pride'], by: 'theme' });
    const csv = crosstabToCsv(rows);
    expect(csv).toBe('group,n_group,code,n_code,percent\n"Advice, support",3,Pride,1,33.3\n');
    expect(parse(csv, { columns: true })).toEqual([
      { group: 'Advice, support', n_group: '3', code: 'Pride', n_code: '1', percent: '33.3' },
    ]);
  });
});

describe('the respondent matrix', () => {
  const respondents = [
    person('a', {
      participantType: 'Partner',
      project: 'Welfare rights drop-in',
      themes: ['Advice/support service'],
      place: 'Dundee',
      attributes: { 'Age band': '25-64' },
    }),
    person('b', { consent: 'withdrawn', attributes: { Secret: 'x' } }),
    person('c', { themes: ['Training and upskilling', 'Volunteering and mentoring'], attributes: { Gender: 'Woman' } }),
  ];
  const codings = [
    { respondentId: 'a', code: 'Trust / relationship building' },
    { respondentId: 'a', code: 'Trust / relationship building' },
    { respondentId: 'c', code: 'Self-esteem' },
    { respondentId: 'b', code: 'Self-esteem' },
  ];
  const matrix = respondentMatrix(respondents, codings, ['Trust / relationship building', 'Self-esteem', 'Pride']);

  it('has one row per consented respondent, their attributes, and a 0/1 column per code', () => {
    expect(matrix.header).toEqual([
      'respondent_id',
      'participant_type',
      'project',
      'themes',
      'coproduction_model',
      'place',
      'phase',
      'age_band',
      'gender',
      'trust_relationship_building',
      'self_esteem',
      'pride',
    ]);
    expect(matrix.rows).toEqual([
      ['a', 'Partner', 'Welfare rights drop-in', 'Advice/support service', '', 'Dundee', '', '25-64', '', 1, 0, 0],
      ['c', 'Community Member', '', 'Training and upskilling;Volunteering and mentoring', '', '', '', '', 'Woman', 0, 1, 0],
    ]);
    expect(matrix.columns.find((c) => c.name === 'age_band')).toEqual({ name: 'age_band', label: 'Age band', kind: 'attribute' });
    expect(matrix.columns.at(-1)).toEqual({ name: 'pride', label: 'Pride', kind: 'code' });
    // The withdrawn respondent's attribute names do not even appear as columns.
    expect(matrix.header).not.toContain('secret');
  });

  it('writes CSV with the safe names as the header', () => {
    expect(matrixToCsv(matrix).split('\n')[0]).toBe(matrix.header.join(','));
    expect(matrixToCsv(matrix).split('\n')[1]).toBe('a,Partner,Welfare rights drop-in,Advice/support service,,Dundee,,25-64,,1,0,0');
  });
});

describe('spssNames', () => {
  it('makes names that start with a letter, hold letters, digits and _, and are unique ignoring case', () => {
    expect(
      spssNames([
        'Trust / relationship building',
        'Café visits',
        '2nd workshop',
        'BY',
        '!!!',
        'Pride',
        'pride',
        'PRIDE ',
        'Increase in skills, knowledge or understanding',
      ]),
    ).toEqual([
      'trust_relationship_building',
      'cafe_visits',
      'v_2nd_workshop',
      'v_by',
      'v',
      'pride',
      'pride_2',
      'pride_3',
      'increase_in_skills_knowledge_or_understanding',
    ]);
  });

  it('keeps names to 64 characters, suffix included', () => {
    const long = 'Linking social inclusion with employability pathways via volunteering and more';
    const [first, second] = spssNames([long, long]);
    expect(first).toBe('linking_social_inclusion_with_employability_pathways_via_volunte');
    expect(first).toHaveLength(64);
    expect(second).toBe('linking_social_inclusion_with_employability_pathways_via_volun_2');
    for (const name of [first!, second!]) expect(name).toMatch(/^[a-z][a-z0-9_]{0,63}$/);
  });
});
