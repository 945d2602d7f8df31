import { describe, expect, it } from 'vitest';
import { pcfSketch } from './fixtures.js';
import { readKumu, writeKumu } from './kumu.js';
import { DEFAULT_STAGES } from './model.js';

describe('Kumu blueprints', () => {
  it('survive a trip out and back: steps, stages, rationale, interventions, assumptions and questions', () => {
    const model = pcfSketch();
    const back = readKumu(JSON.parse(JSON.stringify(writeKumu(model))), DEFAULT_STAGES);
    expect(back.problems).toEqual([]);
    const plain = (m: typeof model) => ({
      stages: m.stages,
      nodes: m.nodes.map(({ label, stage, description, questions }) => ({ label, stage, description, questions })),
      links: m.links.map((l) => ({
        from: m.nodes.find((n) => n.key === l.from)!.label,
        to: m.nodes.find((n) => n.key === l.to)!.label,
        rationale: l.rationale,
        interventions: l.interventions,
        assumptions: l.assumptions,
      })),
    });
    expect(plain(back.model)).toEqual(plain(model));
  });

  it('reads the simple form Kumu documents, adding a stage for a type it does not know', () => {
    const { model, problems } = readKumu(
      {
        elements: [
          { label: 'A', type: 'activities' },
          { label: 'B', type: 'Impact', description: 'The end' },
        ],
        connections: [{ from: 'a', to: 'B', description: 'why' }],
      },
      DEFAULT_STAGES,
    );
    expect(problems).toEqual([]);
    expect(model.stages.at(-1)).toEqual({ key: 'impact', label: 'Impact' });
    expect(model.nodes.map((n) => [n.key, n.stage])).toEqual([
      ['a', 'activities'],
      ['b', 'impact'],
    ]);
    expect(model.links).toEqual([{ key: 'a-b', from: 'a', to: 'b', rationale: 'why', interventions: [], assumptions: [] }]);
  });

  it('reads a project backup, joined by _id with fields under attributes', () => {
    const { model, problems } = readKumu(
      {
        elements: [
          { _id: 'elem-1', attributes: { label: 'Grants', 'element type': 'Inputs' } },
          { _id: 'elem-2', attributes: { label: 'Placements', 'element type': 'Activities' } },
        ],
        connections: [
          { _id: 'conn-1', from: 'elem-1', to: 'elem-2', attributes: { description: 'pays for', interventions: 'Grants | Credit' } },
        ],
      },
      DEFAULT_STAGES,
    );
    expect(problems).toEqual([]);
    expect(model.links[0]).toMatchObject({ from: 'grants', to: 'placements', rationale: 'pays for', interventions: ['Grants', 'Credit'] });
  });

  it('reports every problem at once', () => {
    const { problems } = readKumu(
      { elements: [{ label: 'A' }, { type: 'Inputs' }, { label: 'C', type: 'Inputs' }], connections: [{ from: 'C', to: 'Nowhere' }] },
      DEFAULT_STAGES,
    );
    expect(problems.map((p) => p.message)).toEqual([
      'Element 1 (“A”) has no type: its type names its stage',
      'Element 2 has no label',
      'Connection 1 leads to “Nowhere”, which is no element here',
    ]);
    expect(readKumu({ nodes: [] }, DEFAULT_STAGES).problems[0]!.message).toMatch(/not a Kumu blueprint/);
  });
});
