import { describe, expect, it } from 'vitest';
import { csvGrid } from '../../../spreadsheet/read.js';
import { readCsvTheory } from '../domain/csv-exchange.js';
import { pcfSketch } from '../domain/fixtures.js';
import { DEFAULT_STAGES, type TheoryModel } from '../domain/model.js';
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

describe('the CSV exchange format read back (issue 15, point 7)', () => {
  const grid = (text: string) =>
    csvGrid(new TextEncoder().encode(text), { maxRows: 1000, tooManyRows: () => new Error('too many') as never });
  // Every field the CSV carries, a label a spreadsheet would read as a formula (neutralised on the way out).
  const model = (): TheoryModel => {
    const m = pcfSketch();
    m.nodes[3]!.label = '-Fewer people out of work';
    m.nodes[1]!.questions = ['Who volunteered?', 'For how long?'];
    m.links[0]!.interventions = ['Grants', 'Mentors'];
    m.links[2]!.assumptions = [
      { text: 'Jobs exist locally', kind: 'contextual' },
      { text: 'Confidence transfers to work', kind: 'theoretical' },
    ];
    return m;
  };

  it('is lossless: export → import → export gives the same files, and the same model once matched to it', () => {
    const m = model();
    const elements = elementsCsv(m);
    const connections = connectionsCsv(m);
    expect(elements).toContain("'-Fewer people out of work");
    // Two files in either order, told apart by their headings.
    const read = readCsvTheory(
      [
        { name: 'theory-connections.csv', rows: grid(connections) },
        { name: 'theory-elements.csv', rows: grid(elements) },
      ],
      DEFAULT_STAGES,
    );
    expect(read.problems).toEqual([]);
    expect(elementsCsv(read.model)).toBe(elements);
    expect(connectionsCsv(read.model)).toBe(connections);
    expect(rekey(read.model, m)).toEqual(m);
    // One file: the elements, a blank line, the connections (what `cairn toc export --format csv` prints).
    const one = readCsvTheory([{ name: 'theory.csv', rows: grid(`${elements}\n${connections}`) }], DEFAULT_STAGES);
    expect(one.problems).toEqual([]);
    expect(rekey(one.model, m)).toEqual(m);
  });

  it('says every problem at its file and row', () => {
    const read = readCsvTheory(
      [
        { name: 'e.csv', rows: grid('Label,Type\nFunding,Inputs\n\n,Activities\nJobs,\n') },
        { name: 'c.csv', rows: grid('From,To,Description\nFunding,Jobs,\nFunding,Nowhere,\n') },
      ],
      DEFAULT_STAGES,
    );
    expect(read.problems).toEqual([
      { path: ['e.csv', 'rows', 4, 'label'], message: 'e.csv row 4 has no label' },
      { path: ['e.csv', 'rows', 5, 'type'], message: 'e.csv row 5 (“Jobs”) has no type: its type names its stage' },
      { path: ['c.csv', 'rows', 2, 'to'], message: 'c.csv row 2 leads to “Jobs”, which is no element here' },
      { path: ['c.csv', 'rows', 3, 'to'], message: 'c.csv row 3 leads to “Nowhere”, which is no element here' },
    ]);
    expect(readCsvTheory([{ name: 'x.csv', rows: grid('Name,Stage\nA,Inputs\n') }], DEFAULT_STAGES).problems[0]!.message).toBe(
      'x.csv row 1: expected the headings Label,Type,Description,Evaluation questions or From,To,Description,Interventions,Contextual assumptions,Theoretical assumptions first',
    );
  });
});
