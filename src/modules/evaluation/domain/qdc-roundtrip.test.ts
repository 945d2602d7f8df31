import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type CairnCodebook, cairnToCodebook, codebookToCairn } from './qdc-cairn.js';
import { type Codebook, type QdcCode, QDC_NAMESPACE } from './qdc.js';
import { STANDARD_FAMILIES, familyGuid, placeInFamilies } from './qdc-families.js';
import { parseCodebook } from './qdc-read.js';
import { writeCodebook } from './qdc-write.js';

// The round trip a REFI-QDA user makes: their program's codebook into Cairn, out again, back in, out
// again. Files in test/fixtures/codebook/ are shaped like each program's export (our own content).

const fixture = (name: string): Buffer =>
  readFileSync(fileURLToPath(new URL(`../../../../test/fixtures/codebook/${name}`, import.meta.url)));

/** The codebook as a program sees it: everything but the `origin` (each program writes its own). */
const model = ({ origin: _origin, ...rest }: Codebook) => rest;

/** Import (place in the standard families) then export, as Cairn does with a fresh evaluation. */
function throughCairn(file: Uint8Array | string): { cairn: CairnCodebook; out: string } {
  const placement = placeInFamilies(parseCodebook(file), { families: STANDARD_FAMILIES });
  expect(placement.unplaced.map((u) => u.reason)).toEqual([]);
  const cairn = codebookToCairn(placement);
  return { cairn, out: writeCodebook(cairnToCodebook(cairn)) };
}

const tops = (cb: Codebook) => cb.codes.map((c) => [c.guid, c.name, c.isCodable, c.color, c.description]);
const deepest = (codes: QdcCode[]): number => Math.max(0, ...codes.map((c) => 1 + deepest(c.children)));

describe.each([
  ['NVivo', 'nvivo.qdc'],
  ['ATLAS.ti', 'atlasti.qdc'],
  ['MAXQDA', 'maxqda.qdc'],
  ['QualCoder', 'qualcoder.qdc'],
])('a codebook shaped like %s’s export', (_tool, file) => {
  it('import → export gives the same codebook back, and import → export again the same bytes', () => {
    const original = parseCodebook(fixture(file));
    const first = throughCairn(fixture(file)).out;
    expect(model(parseCodebook(first))).toEqual(model(original));
    const second = throughCairn(first).out;
    expect(second).toBe(first);
  });
});

describe('what each program’s shape keeps', () => {
  it('NVivo: top-level codes named after families keep guid, name, colour, description and isCodable, in the file’s order', () => {
    const original = parseCodebook(fixture('nvivo.qdc'));
    const { cairn, out } = throughCairn(fixture('nvivo.qdc'));
    // Barriers first, as in the file, though Cairn lists Context before Barrier.
    expect(cairn.families.map((f) => f.key)).toEqual(['context', 'long_term_outcome', 'barrier']);
    expect(tops(parseCodebook(out))).toEqual(tops(original));
    expect(tops(original)[0]).toEqual([
      original.codes[0]!.guid,
      'Barriers',
      true,
      '#D4351C',
      'What got in the way of taking part, in participants’ own words.',
    ]);
    expect(deepest(original.codes)).toBe(5);
    // Two codes called Other, under Money and under Place.
    expect(out.match(/name="Other"/g)).toHaveLength(2);
    expect(out).toContain('name="Neuadd y pentref (village hall)"');
    expect(out).toContain('name="Lles – ‘teimlo’n well’ (well-being)"');
  });

  it('QualCoder: categories (isCodable false) stay categories at every level; empty descriptions stay empty', () => {
    const { out } = throughCairn(fixture('qualcoder.qdc'));
    const back = parseCodebook(out);
    const categories = (codes: QdcCode[]): string[] => codes.flatMap((c) => [...(c.isCodable ? [] : [c.name]), ...categories(c.children)]);
    expect(categories(back.codes)).toEqual([
      'Self-identified outcomes',
      'Gardening together 🌱',
      'Growing food',
      'Contexts',
      'Local assets',
      'Barriers',
    ]);
    expect(back.codes[2]!.description).toBe('');
    expect(back.sets).toEqual([]);
    expect(out).not.toContain('<Sets>');
  });

  it('ATLAS.ti: codes placed by their code groups stay at the top, no family code is added, the groups go back as made', () => {
    const original = parseCodebook(fixture('atlasti.qdc'));
    const { cairn, out } = throughCairn(fixture('atlasti.qdc'));
    expect(cairn.families.map((f) => [f.key, f.topCode])).toEqual([
      ['context', null],
      ['mechanism', null],
      ['barrier', null],
    ]);
    const back = parseCodebook(out);
    expect(back.codes.map((c) => c.name)).toEqual(original.codes.map((c) => c.name));
    expect(back.sets).toEqual(original.sets);
    expect(back.sets.map((s) => s.name)).toEqual(['Mechanisms', 'Contexts', 'Barriers', 'Quoted in the annual report']);
    // Guids as ATLAS.ti spelled them, in capitals.
    expect(out).toContain(`guid="${original.codes[0]!.guid}"`);
    expect(original.codes[0]!.guid).toMatch(/^[0-9A-F-]+$/);
  });

  it('MAXQDA: colours in lower case come back as the same colours; a set holding a family’s own code keeps it', () => {
    const original = parseCodebook(fixture('maxqda.qdc'));
    expect(fixture('maxqda.qdc').toString('utf8')).toContain('color="#ff8000"');
    const { out } = throughCairn(fixture('maxqda.qdc'));
    expect(out).toContain('color="#FF8000"');
    const back = parseCodebook(out);
    expect(back.sets).toEqual(original.sets);
    const shortTerm = original.codes.find((c) => c.name === 'Short-term outcomes')!;
    expect(back.sets[0]!.memberGuids).toContain(shortTerm.guid);
    expect(tops(back)).toEqual(tops(original));
  });
});

describe('what an export adds', () => {
  const made: CairnCodebook = {
    families: [
      {
        key: 'context',
        label: 'Context',
        codes: [{ id: '0b8e7d6c-5a4f-4e3d-9c2b-1a0f9e8d7c6b', name: 'Home visit', description: '', color: null, children: [] }],
      },
      { key: 'mechanism', label: 'Mechanism', codes: [] },
      { key: 'barrier', label: 'Barrier', codes: [] },
    ],
  };

  it('no empty families and no sets the evaluator did not make', () => {
    const cb = cairnToCodebook(made);
    expect(cb.codes.map((c) => [c.name, c.guid, c.isCodable])).toEqual([['Context', familyGuid('context'), false]]);
    expect(cb.sets).toEqual([]);
    expect(writeCodebook(cb)).not.toContain('<Sets>');
  });

  it('an empty family that was a top-level code in the file imported goes back out, since the file had it', () => {
    const file = `<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="${QDC_NAMESPACE}"><Codes>
      <Code guid="11111111-2222-4333-8444-555555555555" name="Barriers" isCodable="false"/>
      <Code guid="21111111-2222-4333-8444-555555555555" name="Contexts" isCodable="false"><Code guid="31111111-2222-4333-8444-555555555555" name="Home visit" isCodable="true"/></Code>
    </Codes></CodeBook>`;
    const { out } = throughCairn(file);
    expect(model(parseCodebook(out))).toEqual(model(parseCodebook(file)));
  });

  it('set members no longer in the codebook are left out; the set stays', () => {
    const cb = cairnToCodebook({
      ...made,
      sets: [
        {
          guid: 'A1111111-2222-4333-8444-555555555555',
          name: 'Report',
          description: '',
          memberGuids: ['0B8E7D6C-5A4F-4E3D-9C2B-1A0F9E8D7C6B', '99999999-2222-4333-8444-555555555555'],
        },
      ],
    });
    expect(cb.sets).toEqual([
      {
        guid: 'A1111111-2222-4333-8444-555555555555',
        name: 'Report',
        description: '',
        memberGuids: ['0b8e7d6c-5a4f-4e3d-9c2b-1a0f9e8d7c6b'],
      },
    ]);
  });
});

describe('placing a file Cairn wrote back into the evaluation', () => {
  it('a top-level code already in the evaluation goes back to its family, with no family or set to say so', () => {
    const file = `<CodeBook xmlns="${QDC_NAMESPACE}"><Codes><Code guid="{0B8E7D6C-5A4F-4E3D-9C2B-1A0F9E8D7C6B}" name="Home visit"/><Code guid="41111111-2222-4333-8444-555555555555" name="New"/></Codes></CodeBook>`;
    const placement = placeInFamilies(parseCodebook(file), {
      families: STANDARD_FAMILIES,
      knownCodes: new Map([['0b8e7d6c-5a4f-4e3d-9c2b-1a0f9e8d7c6b', 'enabler']]),
    });
    expect(placement.families.map((f) => [f.key, f.placedBy, f.codes.map((c) => c.name), f.positions])).toEqual([
      ['enabler', ['codes already in the family'], ['Home visit'], [0]],
    ]);
    expect(placement.unplaced.map((u) => u.code.name)).toEqual(['New']);
  });

  it('a family’s top-level code is recognised by the guid it was imported with, whatever its name now', () => {
    const file = `<CodeBook xmlns="${QDC_NAMESPACE}"><Codes><Code guid="51111111-2222-4333-8444-555555555555" name="Things that helped"><Code guid="61111111-2222-4333-8444-555555555555" name="Staff"/></Code></Codes></CodeBook>`;
    const placement = placeInFamilies(parseCodebook(file), {
      families: [
        ...STANDARD_FAMILIES.filter((f) => f.key !== 'enabler'),
        { key: 'enabler', label: 'Enabler', guid: '{51111111-2222-4333-8444-555555555555}' },
      ],
    });
    expect(placement.families.map((f) => [f.key, f.topCode?.code.name])).toEqual([['enabler', 'Things that helped']]);
  });
});
