// One engine: the `cairn toc` chain over services whose SQL is the same on both engines (the respondent sets, the mappings, the versions).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliWorkspace } from '../../test/support/cli.js';

// `cairn toc import|map|validate|export|diff` as people run them, over a small evaluation whose every
// count below was worked out by hand from the fixture (not by running Cairn), in the comments.
const ws = cliWorkspace('cairn-toc-cli-');
const cairn = ws.cairn;
const P = ['--programme', 'riverside'];
const file = (name: string, text: string) => {
  const path = join(ws.dir, name);
  writeFileSync(path, text);
  return path;
};
const ok = async (args: string[]) => {
  const run = await cairn(args);
  expect(run.code, `cairn ${args.join(' ')}\n${run.stderr}`).toBe(0);
  return run;
};

// ---- the fixture -------------------------------------------------------------------------------
// Codebook (nesting kept): context “Local assets” with sub-codes “Community hub” and “Allotments”;
// mechanism “Trust” and “Belonging”; short-term outcome “Increased engagement”; long-term outcome
// “Feeling less lonely”.
const CODEBOOK = `<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Cairn test">
  <Codes>
    <Code guid="0f6e4d1a-0000-4000-8000-000000000001" name="Contexts" isCodable="false">
      <Code guid="0f6e4d1a-0000-4000-8000-000000000002" name="Local assets" isCodable="true">
        <Code guid="0f6e4d1a-0000-4000-8000-000000000003" name="Community hub" isCodable="true"/>
        <Code guid="0f6e4d1a-0000-4000-8000-000000000004" name="Allotments" isCodable="true"/>
      </Code>
    </Code>
    <Code guid="0f6e4d1a-0000-4000-8000-000000000005" name="Mechanisms" isCodable="false">
      <Code guid="0f6e4d1a-0000-4000-8000-000000000006" name="Trust" isCodable="true"/>
      <Code guid="0f6e4d1a-0000-4000-8000-000000000007" name="Belonging" isCodable="true"/>
    </Code>
    <Code guid="0f6e4d1a-0000-4000-8000-000000000008" name="Short-term outcomes" isCodable="false">
      <Code guid="0f6e4d1a-0000-4000-8000-000000000009" name="Increased engagement" isCodable="true"/>
    </Code>
    <Code guid="0f6e4d1a-0000-4000-8000-00000000000a" name="Long-term outcomes" isCodable="false">
      <Code guid="0f6e4d1a-0000-4000-8000-00000000000b" name="Feeling less lonely" isCodable="true"/>
    </Code>
  </Codes>
</CodeBook>
`;

// 30 respondents with consent given (R01–R30) and R31, who withdrew and identified every code.
//   Community hub: R01–R06; Allotments: R05–R08; Local assets itself: R09–R12
//     → “Local assets” with its sub-codes: R01–R12 = 12 (R05, R06 counted once); Allotments alone: 4
//   Trust: R01–R10 = 10;   Belonging: nobody with consent (only R31) = 0
//   Increased engagement: R06–R20 = 15;   Feeling less lonely: R16–R30 = 15
// Everyone R01–R30 identified at least one code; the total counted is 30.
const r = (i: number) => `R${String(i).padStart(2, '0')}`;
const span = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => r(a + i));
const CODINGS: [string, string, string[]][] = [
  ['context', 'Community hub', span(1, 6)],
  ['context', 'Allotments', span(5, 8)],
  ['context', 'Local assets', span(9, 12)],
  ['mechanism', 'Trust', span(1, 10)],
  ['short_term_outcome', 'Increased engagement', span(6, 20)],
  ['long_term_outcome', 'Feeling less lonely', span(16, 30)],
];
const WITHDRAWN_CODES: [string, string][] = [
  ['context', 'Community hub'],
  ['context', 'Allotments'],
  ['context', 'Local assets'],
  ['mechanism', 'Trust'],
  ['mechanism', 'Belonging'],
  ['short_term_outcome', 'Increased engagement'],
  ['long_term_outcome', 'Feeling less lonely'],
];

// The theory, as a Kumu blueprint: an element's type names its stage.
const ELEMENTS = [
  { label: 'Open community spaces', type: 'Inputs', description: 'Hubs and allotments open to everyone' },
  { label: 'Allotments in use', type: 'Inputs' },
  { label: 'Trusted workers', type: 'Activities' },
  { label: 'A sense of belonging', type: 'Change in learning and action' },
  { label: 'People take part more', type: 'Short-term outcomes' },
  { label: 'Less loneliness', type: 'Long-term outcomes' },
  { label: 'A stronger community', type: 'Long-term outcomes' },
];
const CONNECTIONS = [
  {
    from: 'Open community spaces',
    to: 'Trusted workers',
    description: 'Workers are based in the spaces',
    'contextual assumptions': ['The spaces stay open'],
  },
  { from: 'Allotments in use', to: 'Trusted workers' },
  { from: 'Trusted workers', to: 'People take part more', interventions: ['Weekly drop-in'] },
  { from: 'Open community spaces', to: 'People take part more' },
  { from: 'A sense of belonging', to: 'People take part more', 'theoretical assumptions': ['Belonging motivates'] },
  { from: 'People take part more', to: 'Less loneliness' },
  { from: 'Less loneliness', to: 'A stronger community' },
];

const MAPPING = [
  'node,family,code,indicator',
  'Open community spaces,context,Local assets,',
  'Allotments in use,Context,Allotments,',
  'Trusted workers,mechanism,Trust,',
  'A sense of belonging,mechanism,Belonging,',
  'People take part more,short_term_outcome,Increased engagement,',
  'Less loneliness,Long-term outcome,Feeling less lonely,',
  '',
].join('\n');

// Each link worked out by hand (lift = both × 30 ÷ (from × to); defaults: supported needs ≥ 5 at both and
// lift ≥ 1.2; contradicted needs lift ≤ 0.8 and from × to ÷ 30 ≥ 5; counts of 1–4 hidden, the lift with them):
//   Open community spaces → Trusted workers: 12, 10, both R01–R10 = 10; 10·30/120 = 2.5 → supported
//   Allotments in use → Trusted workers: 4 (hidden), 10, both R05–R08 = 4 (hidden); lift 3 hidden; both < 5 → weak
//   Trusted workers → People take part more: 10, 15, both R06–R10 = 5; 150/150 = 1 → weak (not above chance)
//   Open community spaces → People take part more: 12, 15, both R06–R12 = 7; 210/180 = 1.1667 → 1.167, weak
//   A sense of belonging → People take part more: 0, 15, 0; no lift (nobody at its start) → weak, not untested:
//     its start has a mapped code, and nobody with consent identified it
//   People take part more → Less loneliness: 15, 15, both R16–R20 = 5; 150/225 = 0.667, expected 7.5 → contradicted
//   Less loneliness → A stronger community: the end has no mapped code → untested, every count blank
const EXPECTED_CSV = [
  'from,to,respondents_from,respondents_to,respondents_both,lift,status',
  'Open community spaces,Trusted workers,12,10,10,2.5,supported',
  'Allotments in use,Trusted workers,,10,,,weak',
  'Trusted workers,People take part more,10,15,5,1,weak',
  'Open community spaces,People take part more,12,15,7,1.167,weak',
  'A sense of belonging,People take part more,0,15,0,,weak',
  'People take part more,Less loneliness,15,15,5,0.667,contradicted',
  'Less loneliness,A stronger community,,,,,untested',
  '',
].join('\n');

const validate = (extra: string[] = []) => ok(['toc', 'validate', ...P, '--evaluation', 'review', '--format', 'csv', ...extra]);

beforeAll(async () => {
  await ok(['programme', 'create', '--slug', 'riverside', '--name', 'Riverside Fund']);
  await ok(['codebook', 'import', file('book.qdc', CODEBOOK), ...P, '--evaluation', 'review', '--title', 'Riverside review']);
  const folder = join(ws.dir, 'evidence');
  mkdirSync(folder);
  writeFileSync(join(folder, 'projects.csv'), 'project,place,themes,coproduction_model\nRiverside Hub,Riverside,Health,Co-production\n');
  const people = [...span(1, 30).map((id) => `${id},Riverside Hub,Community Member,given`), 'R31,Riverside Hub,Community Member,withdrawn'];
  writeFileSync(join(folder, 'respondents.csv'), `respondent_id,project,participant_type,consent\n${people.join('\n')}\n`);
  const codings = [
    ...CODINGS.flatMap(([family, code, who]) => who.map((id) => `${id},${family},${code}`)),
    ...WITHDRAWN_CODES.map(([family, code]) => `R31,${family},${code}`),
  ];
  writeFileSync(join(folder, 'codings.csv'), `respondent_id,family,code\n${codings.join('\n')}\n`);
  await ok(['evidence', 'import', folder, ...P, '--evaluation', 'review']);
}, 600_000);

describe('cairn toc', () => {
  it('imports a Kumu blueprint, refuses a mapping file with bad rows whole, maps, and validates exactly', async () => {
    const kumu = file('theory.kumu.json', JSON.stringify({ elements: ELEMENTS, connections: CONNECTIONS }));
    const imported = await ok(['toc', 'import', kumu, ...P, '--theory', 'Riverside theory', '--version', 'original']);
    expect(imported.stdout).toBe('Imported the Kumu blueprint into Riverside theory:\n  original (draft): 7 steps, 7 links\n');

    // Three bad rows among good ones: every problem named by its row, one line first, and nothing mapped.
    const bad = file(
      'bad-mapping.csv',
      `${MAPPING}Allotment use,context,Allotments,\nTrusted workers,mechanism,Trusting,\nLess loneliness,,,volunteer_hours\n`,
    );
    const refused = await cairn(['toc', 'map', bad, ...P, '--evaluation', 'review']);
    expect(refused.code).toBe(1);
    const [first, ...rest] = refused.stderr.trimEnd().split('\n');
    expect(first).toBe(
      'cairn: Row 8: no step called “Allotment use” in original. Row 9: no code “Trusting” in the family Mechanism. Row 10: no indicator with the key “volunteer_hours”.',
    );
    expect(rest).toEqual([
      '  row 8, node: Row 8: no step called “Allotment use” in original',
      '  row 9, code: Row 9: no code “Trusting” in the family Mechanism',
      '  row 10, indicator: Row 10: no indicator with the key “volunteer_hours”',
    ]);
    // All or nothing: the six good rows were not kept either, so every link is still untested.
    const before = await validate();
    expect(before.stdout.trim().split('\n').slice(1)).toEqual(CONNECTIONS.map((c) => `${c.from},${c.to},,,,,untested`));

    const mapped = await ok(['toc', 'map', file('mapping.csv', MAPPING), ...P, '--evaluation', 'review', '--version', 'original']);
    expect(mapped.stdout).toBe('Mapped 6 rows to original of Riverside theory: 6 mappings in all.\n');

    expect((await validate()).stdout).toBe(EXPECTED_CSV);

    const json = JSON.parse((await ok(['toc', 'validate', ...P, '--evaluation', 'review', '--format', 'json'])).stdout);
    expect(json.total).toBe(30);
    expect(json.disclosureThreshold).toBe(5);
    expect(
      json.nodes.map((n: { label: string; mapped: boolean; respondents: number | null }) => [n.label, n.mapped, n.respondents]),
    ).toEqual([
      ['Open community spaces', true, 12],
      ['Allotments in use', true, null],
      ['Trusted workers', true, 10],
      ['A sense of belonging', true, 0],
      ['People take part more', true, 15],
      ['Less loneliness', true, 15],
      ['A stronger community', false, null],
    ]);
    expect(json.links.map((l: { suppressed: boolean }) => l.suppressed)).toEqual([false, true, false, false, false, false, false]);
    expect(json.links[4].reason).toBe('No respondent identified a code mapped to its start');
    expect(json.suggestions).toEqual([]);

    // The evaluator's thresholds: with 1.0 to support, the link at lift exactly 1 is supported.
    const lower = await validate(['--support-lift', '1', '--contradict-lift', '0.5']);
    expect(lower.stdout.split('\n')[3]).toBe('Trusted workers,People take part more,10,15,5,1,supported');
    expect(lower.stdout.split('\n')[6]).toBe('People take part more,Less loneliness,15,15,5,0.667,weak');

    const unknown = await cairn(['toc', 'validate', ...P, '--evaluation', 'nope', '--format', 'csv']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('cairn: That evaluation was not found, or you do not have access to it.\n');
  }, 600_000);

  it('exports the version as Kumu, CSV, Cairn JSON, SVG and PNG, imports a refined blueprint and the Cairn file, and diffs', async () => {
    const kumu = JSON.parse((await ok(['toc', 'export', ...P, '--version', 'original', '--format', 'kumu'])).stdout);
    expect(kumu.elements.map((e: { label: string; type: string }) => [e.label, e.type])).toEqual(ELEMENTS.map((e) => [e.label, e.type]));
    expect(kumu.connections.map((c: { from: string; to: string }) => [c.from, c.to])).toEqual(CONNECTIONS.map((c) => [c.from, c.to]));

    const csv = await ok(['toc', 'export', ...P, '--version', 'original', '--format', 'csv']);
    expect(csv.stdout).toBe(
      [
        'Label,Type,Description,Evaluation questions',
        'Open community spaces,Inputs,Hubs and allotments open to everyone,',
        'Allotments in use,Inputs,,',
        'Trusted workers,Activities,,',
        'A sense of belonging,Change in learning and action,,',
        'People take part more,Short-term outcomes,,',
        'Less loneliness,Long-term outcomes,,',
        'A stronger community,Long-term outcomes,,',
        '',
        'From,To,Description,Interventions,Contextual assumptions,Theoretical assumptions',
        'Open community spaces,Trusted workers,Workers are based in the spaces,,The spaces stay open,',
        'Allotments in use,Trusted workers,,,,',
        'Trusted workers,People take part more,,Weekly drop-in,,',
        'Open community spaces,People take part more,,,,',
        'A sense of belonging,People take part more,,,,Belonging motivates',
        'People take part more,Less loneliness,,,,',
        'Less loneliness,A stronger community,,,,',
        '',
      ].join('\n'),
    );

    // The CSV back in as two files (connections first: told apart by their headings), into a new theory,
    // then the one-file form the export prints: both give the same CSV again (lossless).
    const stem = join(ws.dir, 'theory');
    await ok(['toc', 'export', ...P, '--version', 'original', '--format', 'csv', '--output', `${stem}.csv`]);
    const fromCsv = await ok([
      'toc',
      'import',
      `${stem}-connections.csv`,
      `${stem}-elements.csv`,
      ...P,
      '--theory',
      'From CSV',
      '--version',
      'original',
    ]);
    expect(fromCsv.stdout).toBe('Imported the CSV files into From CSV:\n  original (draft): 7 steps, 7 links\n');
    const oneFile = await ok(['toc', 'import', file('one.csv', csv.stdout), ...P, '--theory', 'From CSV', '--version', 'again']);
    expect(oneFile.stdout).toBe('Imported the CSV files into From CSV:\n  again (draft): 7 steps, 7 links\n');
    for (const version of ['original', 'again'])
      expect((await ok(['toc', 'export', ...P, '--theory', 'From CSV', '--version', version, '--format', 'csv'])).stdout).toBe(csv.stdout);
    // A bad row: nothing imported, the problem at its file and row.
    const badCsv = await cairn([
      'toc',
      'import',
      file('bad-elements.csv', 'Label,Type\nOpen community spaces,Inputs\nTrusted workers,Activities\nNo stage here,\n'),
      file('bad-connections.csv', 'From,To\nOpen community spaces,Trusted workers\nOpen community spaces,Nowhere\n'),
      ...P,
      '--theory',
      'Bad CSV',
    ]);
    expect(badCsv.code).toBe(1);
    expect(badCsv.stderr.split('\n')[0]).toBe(
      'cairn: bad-elements.csv row 4 (“No stage here”) has no type: its type names its stage. bad-connections.csv row 3 leads to “Nowhere”, which is no element here.',
    );

    const svg = await ok([
      'toc',
      'export',
      ...P,
      '--theory',
      'Riverside theory',
      '--version',
      'original',
      '--format',
      'svg',
      '--evaluation',
      'review',
    ]);
    expect(svg.stdout).toMatch(/^(<\?xml[^>]*>\s*)?<svg/);
    for (const e of ELEMENTS) expect(svg.stdout).toContain(e.label);
    expect(svg.stdout).toContain('Contradicted');
    const png = join(ws.dir, 'theory.png');
    const drawn = await ok([
      'toc',
      'export',
      ...P,
      '--theory',
      'Riverside theory',
      '--version',
      'original',
      '--format',
      'png',
      '--output',
      png,
    ]);
    expect(drawn.stderr).toBe(`Wrote ${png}\n`);
    expect(readFileSync(png).subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');

    // A refined blueprint into the same theory, as a new draft: “A sense of belonging” moves to the
    // short-term outcomes, a link is added and one removed, an assumption changes.
    const refined = {
      elements: ELEMENTS.map((e) => (e.label === 'A sense of belonging' ? { ...e, type: 'Short-term outcomes' } : e)),
      connections: [
        ...CONNECTIONS.filter((c) => c.to !== 'A stronger community').map((c) =>
          c.from === 'Open community spaces' && c.to === 'Trusted workers'
            ? { ...c, 'contextual assumptions': ['The spaces open at weekends'] }
            : c,
        ),
        { from: 'Trusted workers', to: 'A sense of belonging' },
      ],
    };
    const again = await ok([
      'toc',
      'import',
      file('refined.kumu.json', JSON.stringify(refined)),
      ...P,
      '--theory',
      'Riverside theory',
      '--version',
      'refined',
    ]);
    expect(again.stdout).toBe('Imported the Kumu blueprint into Riverside theory:\n  refined (draft): 7 steps, 7 links\n');
    const diff = await ok([
      'toc',
      'diff',
      ...P,
      '--theory',
      'Riverside theory',
      '--from',
      'original',
      '--to',
      'refined',
      '--format',
      'csv',
    ]);
    expect(diff.stdout.trim().split('\n')).toEqual([
      'change,subject,words',
      'step re-staged,A sense of belonging,“A sense of belonging” moved from Change in learning and action to Short-term outcomes',
      'assumption added,Open community spaces → Trusted workers,New contextual assumption: “The spaces open at weekends”',
      'assumption removed,Open community spaces → Trusted workers,No longer assumed: “The spaces stay open”',
      'link added,Trusted workers → A sense of belonging,New link Trusted workers → A sense of belonging',
      'link removed,Less loneliness → A stronger community,Link Less loneliness → A stronger community removed',
    ]);
    // The refined draft kept the steps' keys, so their mappings: the counts are the same.
    expect((await validate(['--theory', 'Riverside theory', '--version', 'refined'])).stdout.split('\n').slice(0, 3)).toEqual(
      EXPECTED_CSV.split('\n').slice(0, 3),
    );

    // The whole theory as Cairn JSON, imported again under another name: versions and mappings kept,
    // so it validates to the same numbers.
    const whole = JSON.parse((await ok(['toc', 'export', ...P, '--theory', 'Riverside theory', '--format', 'json'])).stdout);
    expect(whole.format).toBe('cairn.theory-of-change');
    expect(whole.versions.map((v: { name: string; mappings: unknown[] }) => [v.name, v.mappings.length])).toEqual([
      ['original', 6],
      ['refined', 6],
    ]);
    const same = await cairn(['toc', 'import', file('whole.cairn.json', JSON.stringify(whole)), ...P]);
    expect(same.code).toBe(1);
    expect(same.stderr.split('\n')[0]).toBe('cairn: Riverside Fund already has a theory of change called “Riverside theory”');
    whole.theory.name = 'Riverside theory (copy)';
    const copied = await ok(['toc', 'import', file('copy.cairn.json', JSON.stringify(whole)), ...P]);
    expect(copied.stdout).toBe(
      'Imported the Cairn file into Riverside theory (copy):\n  original (draft): 7 steps, 7 links\n  refined (draft): 7 steps, 7 links\n',
    );
    expect((await validate(['--theory', 'Riverside theory (copy)', '--version', 'original'])).stdout).toBe(EXPECTED_CSV);
  }, 600_000);
});
