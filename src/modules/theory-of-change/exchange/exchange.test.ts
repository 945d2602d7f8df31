import { describe, expect, it } from 'vitest';
import { pcfSketch } from '../domain/fixtures.js';
import { drawTheory } from './drawing.js';
import { connectionsCsv, elementsCsv, rekey } from './service.js';

describe('exchange', () => {
  it('writes elements and connections as CSV with Kumu’s headings, lists joined by " | "', () => {
    expect(elementsCsv(pcfSketch()).split('\n').slice(0, 3)).toEqual([
      'Label,Type,Description,Evaluation questions',
      'Funding for community anchors,Inputs,,',
      'Volunteering and mentoring,Activities,Placements,',
    ]);
    expect(connectionsCsv(pcfSketch()).split('\n').slice(0, 3)).toEqual([
      'From,To,Description,Interventions,Contextual assumptions,Theoretical assumptions',
      'Funding for community anchors,Volunteering and mentoring,Money pays for placements,Grants,,',
      'Volunteering and mentoring,Improved confidence,Doing builds belief,,Volunteers are made to feel welcome,',
    ]);
  });

  it('gives a file’s steps and links the keys and positions of the version they are imported into, matched by label', () => {
    const base = pcfSketch();
    const read = pcfSketch();
    read.nodes = read.nodes.map((n) => ({ ...n, key: `new-${n.key}`, position: null, label: n.label.toUpperCase() }));
    read.nodes.push({ key: 'new-extra', label: 'Extra', stage: 'inputs', description: '', questions: [], position: null });
    read.links = read.links.map((l) => ({ ...l, key: `new-${l.key}`, from: `new-${l.from}`, to: `new-${l.to}` }));
    const out = rekey(read, base);
    expect(out.nodes.map((n) => n.key)).toEqual(['funding', 'volunteering', 'confidence', 'employment', 'new-extra']);
    expect(out.nodes[2]!.position).toEqual({ x: 10, y: 20 });
    expect(out.links.map((l) => [l.key, l.from, l.to])).toEqual([
      ['l1', 'funding', 'volunteering'],
      ['l2', 'volunteering', 'confidence'],
      ['l3', 'confidence', 'employment'],
    ]);
  });

  it('draws every step and link, stage names over their columns, links coloured and dashed by class with a key', async () => {
    const svg = await drawTheory({
      title: 'PCF <sketch>',
      model: pcfSketch(),
      links: {
        l1: { status: 'supported', respondentsBoth: 40, lift: 1.5 },
        l2: { status: 'contradicted', respondentsBoth: 9, lift: 0.5 },
        l3: { status: 'untested', respondentsBoth: null, lift: null },
      },
    });
    expect(svg).toContain('<title id="toc-title">PCF &#60;sketch&#62;</title>');
    for (const label of [
      'Inputs',
      'Activities',
      'Short-term outcomes',
      'Long-term outcomes',
      'Employment',
      'Supported',
      'Contradicted',
      '40 · 1.50×',
    ])
      expect(svg).toContain(label);
    expect(svg).not.toContain('Change in learning and action'); // a stage without steps gets no heading
    expect(svg.match(/<polyline/g)).toHaveLength(3);
    expect(svg).toContain('stroke="#00703c"');
    expect(svg).toContain('stroke="#d4351c" stroke-width="2.5" stroke-dasharray="2 3"');
  });
});
