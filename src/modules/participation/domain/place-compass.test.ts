import { describe, expect, it } from 'vitest';
import { compassOf, compassSpec, polar } from './place-compass.js';
import { PLACE_STANDARD_THEMES_2017, type PlaceResponse, placeSummary } from './place-standard.js';
import { VERSION_SCALE, placeThemes, scaleWords } from './place-wording.js';

const answer = (respondent: string, locality: string, wave: string, score: number): PlaceResponse => ({
  respondent,
  locality,
  wave,
  scores: PLACE_STANDARD_THEMES_2017.map((_, i) => (i === 13 ? null : score)),
});
const options = { title: 'Test', scale: 7, threshold: 5, themes: PLACE_STANDARD_THEMES_2017 };

describe('the compass', () => {
  const summary = placeSummary([
    ...[2, 3, 3, 4, 5].map((s, i) => answer(`g${i}`, 'Greenock', '1', s)),
    ...[6, 6, 7].map((s, i) => answer(`p${i}`, 'Port Glasgow', '1', s)),
  ]);

  it('puts theme 1 straight up and goes clockwise, a score its distance from the centre', () => {
    expect(polar(0, 14, 7)).toEqual({ x: 0, y: 7 });
    const second = polar(1, 14, 1);
    expect(second.x).toBeGreaterThan(0);
    expect(second.y).toBeGreaterThan(0);
    expect(polar(7, 14, 3)).toEqual({ x: 0, y: -3 });
  });

  it('plots each theme’s mean, leaves out a group under the threshold and says why', () => {
    const c = compassOf(
      summary,
      [
        { locality: 'greenock', wave: '1' },
        { locality: 'Port Glasgow', wave: '1' },
      ],
      options,
    );
    expect(c.series).toHaveLength(1);
    expect(c.series[0]).toMatchObject({ label: 'Greenock, wave 1', respondents: 5 });
    expect(c.series[0]!.values.slice(0, 2)).toEqual([3.4, 3.4]);
    expect(c.series[0]!.values[13]).toBeNull();
    expect(c.notCharted).toEqual([
      {
        label: 'Port Glasgow, wave 1',
        respondents: 3,
        reason:
          'Port Glasgow, wave 1: not charted, because 3 people answered, fewer than 5. Small groups are left out so nobody’s answers can be picked out.',
      },
    ]);
    expect(c.description).toContain('Greenock, wave 1 (5 responses)');
  });

  it('says when a locality and wave has no responses at all, and overlays two at most', () => {
    const c = compassOf(summary, [{ locality: 'Gourock', wave: '2' }], options);
    expect(c.notCharted[0]!.reason).toBe('Gourock, wave 2: no responses yet, so it is not charted.');
    const three = compassOf(
      summary,
      [1, 2, 3].map(() => ({ locality: 'Greenock', wave: '1' })),
      options,
    );
    expect(three.series).toHaveLength(2);
  });

  it('is a vega-lite spec of rings, spokes, labels and one closed line per series with its responses in the legend', () => {
    const spec = compassSpec(compassOf(summary, [{ locality: 'Greenock', wave: '1' }], options)) as unknown as {
      layer: { data: { values: Record<string, unknown>[] }; mark: { type: string } }[];
    };
    const line = spec.layer.at(-1)!;
    expect(line.mark.type).toBe('line');
    // 13 scored themes, closed back to the first point.
    expect(line.data.values).toHaveLength(14);
    expect(line.data.values[0]).toMatchObject({ series: 'Greenock, wave 1 (5 responses)', x: 0, y: 3.4 });
    expect(spec.layer[0]!.data.values).toHaveLength(7 * 15);
  });
});

describe('versions and wordings', () => {
  it('scores children 1–3 and everyone else 1–7, with the 14 themes in every version', () => {
    expect(VERSION_SCALE).toEqual({ adult: 7, young_people: 7, children: 3 });
    expect(scaleWords('children').map((w) => w.value)).toEqual([1, 2, 3]);
    expect(scaleWords('adult')[0]!.words).toBe('1 – a lot of room for improvement');
    for (const v of ['adult', 'young_people', 'children'] as const) {
      expect(placeThemes('2017', v).map((t) => t.name)).toEqual(PLACE_STANDARD_THEMES_2017);
      expect(placeThemes('2017', v).map((t) => t.code)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    }
  });
});
