import { describe, expect, it } from 'vitest';
import { readCairnTheory, writeCairnTheory, type TheoryFile } from './cairn-json.js';
import { pcfSketch } from './fixtures.js';

const theory = (): TheoryFile => ({
  format: 'cairn.theory-of-change',
  formatVersion: 1,
  theory: { name: 'PCF programme theory', level: 'programme', place: null, description: 'As the review drew it' },
  versions: [
    {
      name: 'Original',
      status: 'published',
      changeNote: 'original',
      publishedAt: '2026-01-05T10:00:00.000Z',
      model: pcfSketch(),
      mappings: [],
    },
    {
      name: 'Refined',
      status: 'draft',
      changeNote: 'refined after the realist analysis',
      publishedAt: null,
      model: pcfSketch(),
      mappings: [
        { node: 'confidence', kind: 'code', evaluation: 'pcf-review', family: 'mechanism', code: 'Confidence' },
        { node: 'employment', kind: 'indicator', indicator: 'people-into-work' },
      ],
    },
  ],
});

describe("Cairn's own theory of change file", () => {
  it('reads back what it wrote, and writes the same bytes again', () => {
    const text = writeCairnTheory(theory());
    const read = readCairnTheory(JSON.parse(text));
    expect(read.problems).toEqual([]);
    expect(read.file).toEqual(theory());
    expect(writeCairnTheory(read.file!)).toBe(text);
  });

  it('says where each problem is', () => {
    const bad = JSON.parse(writeCairnTheory(theory()));
    bad.versions[0].model.nodes[1].position = { x: 'left' };
    bad.versions[1].mappings[0].kind = 'quote';
    const read = readCairnTheory(bad);
    expect(read.file).toBeNull();
    expect(read.problems.map((p) => p.path)).toEqual([
      'versions.0.model.nodes.1.position.x',
      'versions.0.model.nodes.1.position.y',
      'versions.1.mappings.0.kind',
    ]);
  });
});
