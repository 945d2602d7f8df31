import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { crosstab, percentOf } from './crosstab.js';
import {
  SYNTHETIC_NOTE,
  TARGETS,
  scale,
  scaleProject,
  scaleProjectCount,
  scaleProjects,
  seededRandom,
  syntheticPcf,
} from './synthetic-pcf.js';

interface Reference {
  participant_types: string[];
  themes: string[];
  coproduction_models: { number: number; name: string }[];
  group_sizes_context_mechanism_outcome_figures: {
    all: number;
    by_participant_type: Record<string, number>;
    by_theme: Record<string, number>;
    by_coproduction_model: Record<string, number>;
  };
  codes_named_in_the_reports: Record<string, string[]>;
}
const ref = JSON.parse(readFileSync(new URL('../../../reference/pcf-realist-evaluation.json', import.meta.url), 'utf8')) as Reference;
const sizes = ref.group_sizes_context_mechanism_outcome_figures;
const modelSizes = Object.fromEntries(ref.coproduction_models.map((m) => [`${m.number}. ${m.name}`, sizes.by_coproduction_model[m.name]]));

const pcf = syntheticPcf();
const codesOf = (family: string) => pcf.codebook.find((f) => f.family === family)!.codes;
const sizesOf = (groups: readonly { group: string; nGroup: number }[]) => Object.fromEntries(groups.map((g) => [g.group, g.nGroup]));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** The mean percent over a family's codes, per group. */
function meanPercentByGroup(family: string, by: 'coproduction_model' | 'theme' | null, seed?: number) {
  const data = seed === undefined ? pcf : syntheticPcf({ seed });
  const table = crosstab({ respondents: data.respondents, codings: data.codings, codes: codesOf(family), by });
  return Object.fromEntries(table.groups.map((g) => [g.group, mean(table.rows.filter((r) => r.group === g.group).map((r) => r.percent))]));
}

describe('the 120-respondent PCF-shaped evaluation', () => {
  it('has exactly the group sizes of figures C.4–C.19', () => {
    const { respondents, codings } = pcf;
    expect(respondents).toHaveLength(120);
    const by = (dimension: 'participant_type' | 'theme' | 'coproduction_model') =>
      sizesOf(crosstab({ respondents, codings, codes: [], by: dimension }).groups);
    expect(by('participant_type')).toEqual({ Partner: 16, 'Community Anchor': 39, 'Community Member': 65 });
    expect(by('participant_type')).toEqual(sizes.by_participant_type);
    expect(by('theme')).toEqual(sizes.by_theme);
    expect(by('coproduction_model')).toEqual(modelSizes);
    expect(crosstab({ respondents, codings, codes: [], by: 'theme' }).overlapping).toBe(false);
  });

  it('has 12 projects, each with a theme, a model in the demo vocabulary’s wording and a place', () => {
    expect(pcf.projects).toHaveLength(12);
    expect(new Set(pcf.projects.map((p) => p.name)).size).toBe(12);
    for (const p of pcf.projects) {
      expect(ref.themes).toContain(p.themes[0]);
      expect(pcf.vocabularies.coproduction_model).toContain(p.coproductionModel);
      expect(p.place).toBeTruthy();
    }
    expect(pcf.vocabularies.coproduction_model[0]).toBe('1. Traditional');
    // Every respondent is in one of the projects and carries its theme, model and place.
    const byName = new Map(pcf.projects.map((p) => [p.name, p]));
    for (const r of pcf.respondents) {
      const project = byName.get(r.project)!;
      expect([r.themes, r.coproductionModel, r.place]).toEqual([project.themes, project.coproductionModel, project.place]);
    }
  });

  it('labels every record synthetic, and says so in plain words', () => {
    expect(pcf.provenance).toBe('synthetic');
    expect(pcf.note).toBe(SYNTHETIC_NOTE);
    expect(SYNTHETIC_NOTE).toMatch(/Not real people/);
    for (const record of [...pcf.projects, ...pcf.respondents, ...pcf.codings]) expect(record.provenance).toBe('synthetic');
    for (const p of pcf.projects) expect(p.name).toMatch(/\(synthetic\)$/);
    for (const r of pcf.respondents) expect(r.id).toMatch(/^syn-\d{3}$/);
  });

  it('uses the codebook the reports name, and codes only the families the figures chart', () => {
    expect(pcf.codebook.map((f) => f.family)).toEqual(Object.keys(ref.codes_named_in_the_reports));
    for (const f of pcf.codebook) expect(f.codes).toEqual(ref.codes_named_in_the_reports[f.family]);
    const coded = new Set(pcf.codings.map((c) => c.family));
    expect([...coded].sort()).toEqual(['context', 'long_term_outcome', 'mechanism', 'self_identified_outcome', 'short_term_outcome']);
    for (const c of pcf.codings) expect(codesOf(c.family)).toContain(c.code);
    // A respondent identifies each code at most once.
    expect(new Set(pcf.codings.map((c) => `${c.respondentId}|${c.code}`)).size).toBe(pcf.codings.length);
  });

  it('hits every target share by participant type to the nearest respondent', () => {
    for (const [family, targets] of Object.entries(TARGETS)) {
      const table = crosstab({ respondents: pcf.respondents, codings: pcf.codings, codes: codesOf(family), by: 'participant_type' });
      for (const [code, perType] of Object.entries(targets)) {
        ref.participant_types.forEach((type, t) => {
          const n = sizes.by_participant_type[type]!;
          const row = table.rows.find((r) => r.group === type && r.code === code)!;
          expect(row.nCode, `${family} ${code} ${type}`).toBe(Math.floor((perType[t]! * n + 50) / 100));
          expect(Math.abs(row.percent - perType[t]!)).toBeLessThanOrEqual(100 / n / 2 + 0.05);
        });
      }
    }
  });

  it('shows what the review says in words', () => {
    const byType = (family: string) =>
      crosstab({ respondents: pcf.respondents, codings: pcf.codings, codes: codesOf(family), by: 'participant_type' }).rows;
    const pct = (rows: ReturnType<typeof byType>, type: string, code: string) =>
      rows.find((r) => r.group === type && r.code === code)!.percent;
    const highest = (rows: ReturnType<typeof byType>, code: string) =>
      ref.participant_types.reduce((best, t) => (pct(rows, t, code) > pct(rows, best, code) ? t : best));

    // "partners almost all identified trust/relationship building"
    const mechanisms = byType('mechanism');
    expect(pct(mechanisms, 'Partner', 'Trust / relationship building')).toBe(percentOf(15, 16));
    // "Community members were most likely to experience … made to feel welcome and … socialise";
    // anchors "the greater levels of opportunities and diversity of services"; partners "awareness
    // training and co-delivery opportunities".
    const contexts = byType('context');
    expect(highest(contexts, 'Made to feel welcome')).toBe('Community Member');
    expect(highest(contexts, 'Able to socialise and network')).toBe('Community Member');
    expect(highest(contexts, 'Greater opportunities and diversity of services')).toBe('Community Anchor');
    expect(highest(contexts, 'Awareness training')).toBe('Partner');
    expect(highest(contexts, 'Co-delivery opportunities')).toBe('Partner');

    // "Fewer long-term than short-term outcomes are identified"
    expect(meanPercentByGroup('long_term_outcome', null).All!).toBeLessThan(meanPercentByGroup('short_term_outcome', null).All!);
  });

  it('has mechanisms grow from model 1, with models 3 and 5 the most — for any seed, not a lucky one', () => {
    for (const seed of [undefined, 1, 2, 3, 4, 5]) {
      const m = meanPercentByGroup('mechanism', 'coproduction_model', seed);
      const ranked = Object.entries(m)
        .sort((a, b) => b[1] - a[1])
        .map(([g]) => g);
      expect(ranked.slice(0, 2).sort(), `seed ${seed}`).toEqual(['3. Two level support', '5. Double progression']);
      expect(ranked.at(-1), `seed ${seed}`).toBe('1. Traditional');
    }
  });

  it('is the same for the same seed and different for another', () => {
    expect(syntheticPcf()).toEqual(pcf);
    expect(syntheticPcf({ seed: 99 }).codings).not.toEqual(pcf.codings);
    expect(syntheticPcf({ seed: 99 }).respondents).toEqual(pcf.respondents);
  });
});

describe('seededRandom', () => {
  it('repeats for a seed, stays strictly between 0 and 1, and spreads evenly', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const draws = Array.from({ length: 10_000 }, () => a());
    expect(Array.from({ length: 10_000 }, () => b())).toEqual(draws);
    expect(Math.min(...draws)).toBeGreaterThan(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    const tenths = new Array<number>(10).fill(0);
    for (const d of draws) tenths[Math.floor(d * 10)]! += 1;
    for (const count of tenths) expect(count).toBeGreaterThan(900);
  });
});

describe('scale: n respondents streamed for the benchmark', () => {
  it('yields exactly n respondents with about 12 codings each, in the review’s participant-type mix', () => {
    let n = 0;
    let codings = 0;
    let withdrawn = 0;
    let mislabelled = 0;
    let duplicated = 0;
    const types = new Map<string, number>();
    const ids = new Set<string>();
    for (const { respondent, codings: mine } of scale(20_000)) {
      n++;
      codings += mine.length;
      ids.add(respondent.id);
      if (respondent.consent === 'withdrawn') withdrawn++;
      types.set(respondent.participantType!, (types.get(respondent.participantType!) ?? 0) + 1);
      // Counted rather than asserted one by one: 240,000 expect calls would be most of the test's time.
      if (respondent.provenance !== 'synthetic') mislabelled++;
      for (const c of mine) if (c.respondentId !== respondent.id || c.provenance !== 'synthetic') mislabelled++;
      if (new Set(mine.map((c) => c.code)).size !== mine.length) duplicated++;
    }
    expect(mislabelled).toBe(0);
    expect(duplicated).toBe(0);
    expect(n).toBe(20_000);
    expect(ids.size).toBe(20_000);
    expect(codings / n).toBeGreaterThan(11.5);
    expect(codings / n).toBeLessThan(12.5);
    expect(withdrawn / n).toBeGreaterThan(0.005);
    expect(withdrawn / n).toBeLessThan(0.015);
    expect(types.get('Partner')! / n).toBeCloseTo(16 / 120, 1);
    expect(types.get('Community Member')! / n).toBeCloseTo(65 / 120, 1);
  });

  it('streams: the first records of a trillion come straight away', () => {
    const started = performance.now();
    const first: string[] = [];
    for (const { respondent } of scale(1e12)) {
      first.push(respondent.id);
      if (first.length === 3) break;
    }
    expect(first).toEqual(['syn-0000000000001', 'syn-0000000000002', 'syn-0000000000003']);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('is the same for the same seed', () => {
    const take = (seed: number) => {
      const out = [];
      for (const record of scale(1_000, { seed })) out.push(record);
      return out;
    };
    expect(take(5)).toEqual(take(5));
    expect(take(5)).not.toEqual(take(6));
  });

  it('puts respondents in projects worked out from their number alone, some with two themes', () => {
    expect(scaleProjectCount(1_000_000)).toBe(10_000);
    expect(scaleProjectCount(50)).toBe(12);
    const projects = scaleProjects(100_000);
    expect(projects).toHaveLength(1_000);
    expect(projects[17]).toEqual(scaleProject(17));
    expect(projects.filter((p) => p.themes.length === 2)).toHaveLength(250);
    expect(new Set(projects.map((p) => p.place)).size).toBe(32);
    expect(new Set(projects.map((p) => p.phase))).toEqual(new Set(['Phase 1', 'Phase 2', 'Phase 3']));
    // The mix of models follows the review's sizes closely (29:15:15:43:18 of 120).
    const share = (label: string) => projects.filter((p) => p.coproductionModel === label).length / projects.length;
    expect(share('4. Progression')).toBeCloseTo(43 / 120, 2);
    expect(share('1. Traditional')).toBeCloseTo(29 / 120, 2);

    const records = [...scale(1_000)];
    const byName = new Map(scaleProjects(1_000).map((p) => [p.name, p]));
    for (const { respondent } of records) {
      const project = byName.get(respondent.project)!;
      expect([respondent.themes, respondent.coproductionModel, respondent.place, respondent.phase]).toEqual([
        project.themes,
        project.coproductionModel,
        project.place,
        project.phase,
      ]);
    }
    // Several themes per project: the theme groups overlap.
    const table = crosstab({ respondents: records.map((r) => r.respondent), codings: [], codes: [], by: 'theme' });
    expect(table.overlapping).toBe(true);
  });

  it('refuses a number of respondents that is not a whole number above 0', () => {
    expect(() => scale(0).next()).toThrow(/1 or more/);
    expect(() => scale(2.5).next()).toThrow(/1 or more/);
    expect(() => scale(10, { withdrawnShare: 2 }).next()).toThrow(/from 0 to 1/);
    expect(() => scale(10, { codingsPerRespondent: 40 }).next()).toThrow(/cannot be reached/);
  });
});
