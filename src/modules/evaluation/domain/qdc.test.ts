import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { Invalid } from '../../../errors.js';
import { CODEBOOK_CSV_COLUMNS, cairnToCodebook, codebookToCairn, codebookToCsv, type CairnCode, type CairnCodebook } from './qdc-cairn.js';
import { CodebookFileInvalid, MAX_CODEBOOK_BYTES, QDC_NAMESPACE, describeProblem, type Codebook, type QdcCode } from './qdc.js';
import { STANDARD_FAMILIES, familyGuid, familyMatchKey, placeInFamilies } from './qdc-families.js';
import { parseCodebook } from './qdc-read.js';
import { writeCodebook } from './qdc-write.js';

const fixture = (name: string): Buffer => readFileSync(fileURLToPath(new URL(`./qdc-fixtures/${name}`, import.meta.url)));

/** The problems a refused file reports, each as one line (`where (line n): message`). */
function problemsOf(input: Uint8Array | string): string[] {
  try {
    parseCodebook(input);
  } catch (e) {
    if (e instanceof CodebookFileInvalid) return e.problems.map(describeProblem);
    throw e;
  }
  throw new Error('expected the file to be refused');
}

const names = (codes: QdcCode[]): unknown[] => codes.map((c) => (c.children.length ? { [c.name]: names(c.children) } : c.name));

const STANDARD_KEYS = STANDARD_FAMILIES.map((f) => f.key);

/** A minimal codebook around some codes, for tests about one detail. */
const wrap = (codes: string, extra = ''): string =>
  `<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="${QDC_NAMESPACE}">\n<Codes>\n${codes}\n</Codes>${extra}\n</CodeBook>\n`;
const G1 = '11111111-2222-4333-8444-555555555555';
const G2 = '21111111-2222-4333-8444-555555555555';
const G3 = '31111111-2222-4333-8444-555555555555';

// ---------------------------------------------------------------------------------------------
// Codebook.xsd, as a checker: the file Cairn writes must be valid against the standard's schema.
// ---------------------------------------------------------------------------------------------

const GUID_TYPE =
  /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\})$/;
const RGB_TYPE = /^#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})$/;

type Node = Record<string, unknown>;
const tagOf = (n: Node) => Object.keys(n).find((k) => k !== ':@')!;
/** Child elements; whitespace between them is ignored, other text is kept so the sequence check reports it. */
const elements = (children: Node[]) => children.filter((c) => tagOf(c) !== '#text' || String(c['#text']).trim() !== '');

/** Every way the XML breaks Codebook.xsd (element order and counts, required attributes, GUIDType, RGBType). */
function schemaViolations(xml: string): string[] {
  const out: string[] = [];
  const doc = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    parseTagValue: false,
    processEntities: true,
  }).parse(xml) as Node[];
  const top = doc.filter((n) => tagOf(n) !== '?xml' && !(tagOf(n) === '#text' && String(n['#text']).trim() === ''));
  if (top.length !== 1 || tagOf(top[0]!) !== 'CodeBook') return ['root is not a single <CodeBook>'];
  const root = top[0]!;
  const attrs = (n: Node) => (n[':@'] as Record<string, string> | undefined) ?? {};
  const kids = (n: Node) => elements((n[tagOf(n)] as Node[]) ?? []);
  const allowOnly = (n: Node, allowed: string[], required: string[], where: string) => {
    for (const a of Object.keys(attrs(n))) if (!allowed.includes(a)) out.push(`${where}: attribute ${a} not in the schema`);
    for (const a of required) if (attrs(n)[a] === undefined) out.push(`${where}: required attribute ${a} missing`);
  };
  const sequence = (n: Node, order: { name: string; min: number; max: number }[], where: string) => {
    const tags = kids(n).map(tagOf);
    let i = 0;
    for (const part of order) {
      let count = 0;
      while (tags[i] === part.name) {
        i++;
        count++;
      }
      if (count < part.min || count > part.max) out.push(`${where}: ${count} <${part.name}> (allowed ${part.min}..${part.max})`);
    }
    if (i < tags.length) out.push(`${where}: unexpected <${tags[i]}>`);
  };
  if (attrs(root).xmlns !== QDC_NAMESPACE) out.push('CodeBook: not in the codebook namespace');
  allowOnly(root, ['xmlns', 'xmlns:xsi', 'xsi:schemaLocation', 'origin'], [], 'CodeBook');
  sequence(
    root,
    [
      { name: 'Codes', min: 1, max: 1 },
      { name: 'Sets', min: 0, max: 1 },
    ],
    'CodeBook',
  );
  const checkCode = (code: Node, where: string) => {
    allowOnly(code, ['guid', 'name', 'isCodable', 'color'], ['guid', 'name', 'isCodable'], where);
    const a = attrs(code);
    if (a.guid !== undefined && !GUID_TYPE.test(a.guid)) out.push(`${where}: guid ${a.guid} is not GUIDType`);
    if (a.isCodable !== undefined && !['true', 'false', '1', '0'].includes(a.isCodable)) out.push(`${where}: isCodable not boolean`);
    if (a.color !== undefined && !RGB_TYPE.test(a.color)) out.push(`${where}: color ${a.color} is not RGBType`);
    sequence(
      code,
      [
        { name: 'Description', min: 0, max: 1 },
        { name: 'Code', min: 0, max: Infinity },
      ],
      where,
    );
    kids(code)
      .filter((k) => tagOf(k) === 'Code')
      .forEach((k, i) => {
        checkCode(k, `${where} > Code[${i}]`);
      });
  };
  for (const part of kids(root)) {
    if (tagOf(part) === 'Codes') {
      sequence(part, [{ name: 'Code', min: 1, max: Infinity }], 'Codes');
      kids(part).forEach((c, i) => {
        checkCode(c, `Codes > Code[${i}]`);
      });
    }
    if (tagOf(part) === 'Sets') {
      sequence(part, [{ name: 'Set', min: 1, max: Infinity }], 'Sets');
      kids(part).forEach((s, i) => {
        const where = `Sets > Set[${i}]`;
        allowOnly(s, ['guid', 'name'], ['guid', 'name'], where);
        if (!GUID_TYPE.test(attrs(s).guid ?? '')) out.push(`${where}: guid is not GUIDType`);
        sequence(
          s,
          [
            { name: 'Description', min: 0, max: 1 },
            { name: 'MemberCode', min: 0, max: Infinity },
          ],
          where,
        );
        kids(s)
          .filter((m) => tagOf(m) === 'MemberCode')
          .forEach((m, j) => {
            allowOnly(m, ['guid'], ['guid'], `${where} > MemberCode[${j}]`);
            if (!GUID_TYPE.test(attrs(m).guid ?? '')) out.push(`${where} > MemberCode[${j}]: guid is not GUIDType`);
          });
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

describe('parseCodebook reads files as QDA programs write them', () => {
  it('QualCoder: a byte-order mark, categories that are not codable, nested codes, entities and empty descriptions', () => {
    const cb = parseCodebook(fixture('qualcoder.qdc'));
    expect(cb.origin).toBe('QualCoder');
    expect(names(cb.codes)).toEqual([
      { Contexts: ['Made to feel welcome', { 'Local assets': ['Community hub open every day', 'Green space & allotments'] }] },
      { Mechanisms: ['Trust / relationship building', 'Belonging / connectedness'] },
      { 'Short-term outcomes': ['Increased engagement'] },
    ]);
    const [contexts, mechanisms] = cb.codes;
    expect(contexts!.isCodable).toBe(false);
    expect(contexts!.children[1]).toMatchObject({ name: 'Local assets', isCodable: false, description: '', color: null });
    expect(contexts!.children[0]).toMatchObject({
      guid: 'ec760626-a583-4385-b564-9137d534643f',
      isCodable: true,
      color: '#7BA0CC',
      description: 'Staff or volunteers greeted the person, learned their name, made time for them.',
    });
    expect(mechanisms!.children[0]!.description).toBe('Says they came to rely on a named worker or group – "I knew she\'d be there".');
    expect(cb.sets).toEqual([]);
  });

  it('ATLAS.ti: flat codes with families kept as code groups (sets), an older schema location, members as guid=', () => {
    const cb = parseCodebook(fixture('atlasti.qdc'));
    expect(cb.origin).toBe('ATLAS.ti Win 23.4.0');
    expect(cb.codes.map((c) => c.name)).toEqual([
      'Awareness training',
      'Co-delivery opportunities',
      'Ownership',
      'Pride',
      'Annual funding cycles',
      'Memo: follow up with Ferryhill group',
    ]);
    expect(cb.codes[0]).toMatchObject({
      color: '#46AA00',
      description: 'Sessions that explained what the project offers and who it is for.',
    });
    expect(cb.sets).toEqual([
      {
        guid: '05EFE041-4803-4176-965E-16CE3377B540',
        name: 'Contexts',
        description: 'Code group: CMO contexts',
        memberGuids: ['AEFA5808-9369-4FB3-B10D-687F231978CE', '6D458A53-E3DB-47A8-A01C-5172476A364C'],
      },
      {
        guid: '8932FCEE-1553-4153-8CCB-2150DD1472E8',
        name: 'Mechanisms',
        description: '',
        memberGuids: ['9B212B63-F47E-4B23-AEF9-4AF8B2F62662', 'A09D3CD8-2311-41CA-A26E-9C636A1ED626'],
      },
      {
        guid: '6CB05160-0494-4702-967C-536B82F69DEC',
        name: 'Barriers',
        description: '',
        memberGuids: ['17D678F2-0EC8-4AE6-AB0E-02BCD3C716AC'],
      },
    ]);
  });

  it('Taguette: everything on one line and an empty <Sets/>', () => {
    const cb = parseCodebook(fixture('taguette.qdc'));
    expect(cb.codes.map((c) => c.name)).toEqual(['enabler.person-focused approach', 'enabler.close partnerships', 'barrier.benefit rules']);
    expect(cb.codes[0]!.description).toBe('Support shaped around the person, not the programme');
    expect(cb.sets).toEqual([]);
  });

  it('a .NET program (as NVivo is): UTF-16 with a byte-order mark, CRLF line ends, guids in braces kept as written', () => {
    const bytes = fixture('nvivo-utf16.qdc');
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xfe]);
    const cb = parseCodebook(bytes);
    expect(cb.origin).toBe('NVivo 14');
    expect(names(cb.codes)).toEqual([
      { 'Long-term outcomes': ['Improved well-being', { Employment: ['Paid work after a placement', 'Self-employment'] }] },
      { 'Self-identified outcomes': ['Cynnydd mewn hyder (more confidence)'] },
      { 'Emerging themes': ['Digital exclusion'] },
    ]);
    expect(cb.codes[0]!.guid).toBe('{C4B84812-B08D-4868-AE32-9494FB271077}');
    expect(cb.codes[0]!.children[0]!.description).toBe('Feels better in themselves, sleeps better, less isolated – in their words.');
  });

  it('UTF-16 big-endian with a mark, and UTF-16 with no mark at all', () => {
    const text = wrap(`<Code guid="${G1}" name="Hyder – confidence" isCodable="true"/>`).replace('utf-8', 'utf-16');
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    expect(parseCodebook(Buffer.concat([Buffer.from([0xfe, 0xff]), be])).codes[0]!.name).toBe('Hyder – confidence');
    expect(parseCodebook(le).codes[0]!.name).toBe('Hyder – confidence');
  });

  it('a namespace prefix, a CDATA description, the short #RGB colour, members as targetGUID=, and other programs’ extensions ignored', () => {
    const cb = parseCodebook(fixture('prefixed-namespace.qdc'));
    const [enablers] = cb.codes;
    expect(enablers).toMatchObject({ name: 'Enablers', isCodable: false, color: null });
    expect(enablers!.children[0]).toMatchObject({ name: 'Funding for work placements', color: '#22AA99' });
    expect(enablers!.children[1]!.description).toBe('Time to <grow>, not only to "complete" a course & move on.');
    expect(cb.sets).toEqual([
      {
        guid: 'a13abb05-7609-44c9-b124-642f11b242eb',
        name: 'Quoted in the annual report',
        description: '',
        memberGuids: ['c7fa316a-4173-4a79-809e-f06721583e52'],
      },
    ]);
  });

  it('missing optional parts: no declaration, no namespace, no isCodable (taken as true), no colour, no description', () => {
    const cb = parseCodebook(`<CodeBook><Codes><Code guid="${G1}" name="Pride"/></Codes></CodeBook>`);
    expect(cb).toEqual({ codes: [{ guid: G1, name: 'Pride', description: '', color: null, isCodable: true, children: [] }], sets: [] });
  });

  it('text given as a string, with or without a byte-order mark', () => {
    const text = wrap(`<Code guid="${G1}" name="Pride" isCodable="true"/>`);
    expect(parseCodebook(`\uFEFF${text}`).codes[0]!.name).toBe('Pride');
    expect(parseCodebook(text).codes[0]!.name).toBe('Pride');
  });

  it('isCodable written True/False/1/0 by some programs', () => {
    const cb = parseCodebook(wrap(`<Code guid="${G1}" name="A" isCodable="False"/><Code guid="${G2}" name="B" isCodable="1"/>`));
    expect(cb.codes.map((c) => c.isCodable)).toEqual([false, true]);
  });

  it('a file that says encoding="utf-16" but is UTF-8 (a .NET habit) reads as UTF-8; a declared windows-1252 is honoured', () => {
    const mislabelled = Buffer.from(
      wrap(`<Code guid="${G1}" name="Balchder – pride" isCodable="true"/>`).replace('utf-8', 'utf-16'),
      'utf8',
    );
    expect(parseCodebook(mislabelled).codes[0]!.name).toBe('Balchder – pride');
    const latin = Buffer.from(
      wrap(`<Code guid="${G1}" name="Caf\u00e9 drop-in" isCodable="true"/>`).replace('utf-8', 'windows-1252'),
      'latin1',
    );
    expect(parseCodebook(latin).codes[0]!.name).toBe('Café drop-in');
  });

  it('numeric character references, and &#10; in a name kept as a line break', () => {
    const cb = parseCodebook(
      wrap(`<Code guid="${G1}" name="Two&#10;lines &#x263A;" isCodable="true"><Description>caf&#233;</Description></Code>`),
    );
    expect(cb.codes[0]).toMatchObject({ name: 'Two\nlines ☺', description: 'café' });
  });
});

describe('parseCodebook refuses what it cannot import, saying what and where', () => {
  it('a truncated file: says it stops early, at its last line', () => {
    const problems = problemsOf(fixture('truncated.qdc'));
    expect(problems).toEqual([
      'File (line 22): The file stops before the codebook ends: it looks cut short. Export the codebook again from your QDA program and import the new file.',
    ]);
  });

  it('a file cut after a whole element: names what was left open', () => {
    const text = fixture('qualcoder.qdc').toString('utf8');
    const cut = text.slice(0, text.indexOf('<Code guid="5c6d0100'));
    expect(problemsOf(cut)[0]).toMatch(
      /^File \(line 16\): The file stops before the codebook ends \(<CodeBook> > <Codes> not closed\): it looks cut short/,
    );
    const lastOpen = text.slice(0, text.lastIndexOf('</Codes>'));
    expect(problemsOf(lastOpen)[0]).toMatch(
      /^File \(line 28\): The file stops before the codebook ends \(<CodeBook> > <Codes> not closed\)/,
    );
  });

  it('not well-formed in the middle: the line, the column and what is wrong', () => {
    const problems = problemsOf(wrap(`<Code guid="${G1}" name="A" isCodable="true">\n<Description>x</Code>`));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^File \(line 5\): This is not well-formed XML \(column \d+\): expected closing tag 'Description'/);
  });

  it('not XML at all, empty, a zip (a .qdpx project), a picture, or too big', () => {
    expect(problemsOf('{"codes": ["Trust", "Pride"]}')).toEqual([
      'File (line 1): This is not an XML file: a codebook (.qdc) begins with <?xml or <CodeBook, but this one begins “{"codes": ["Trust", "Pride"]}”.',
    ]);
    expect(problemsOf('family,code\ncontext,Needs assessment\n')[0]).toMatch(
      /This is not an XML file.*begins “family,code context,Needs asse…”/,
    );
    expect(problemsOf(new Uint8Array())).toEqual([
      'File: The file is empty. Export the codebook (.qdc) from your QDA program and import that.',
    ]);
    expect(problemsOf(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0]))[0]).toMatch(/zip file, such as a REFI-QDA project \(\.qdpx\)/);
    expect(problemsOf(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]))[0]).toMatch(/not a text file/);
    expect(problemsOf(new Uint8Array(MAX_CODEBOOK_BYTES + 1))[0]).toMatch(/^File: The file is 5\.0 MB; a codebook is a few kilobytes/);
  });

  it('text that is not valid UTF-8, with the line of the first bad byte', () => {
    const [before, after] = wrap(`<Code guid="${G1}" name="Caf§" isCodable="true"/>`).split('§');
    // 0xE9 is é in Latin-1, and not UTF-8 on its own: a file saved in the wrong encoding.
    const bytes = Buffer.concat([Buffer.from(before!), Buffer.from([0xe9]), Buffer.from(after!)]);
    expect(problemsOf(bytes)).toEqual([
      'File (line 4): The file is not valid UTF-8 text. Export the codebook again from your QDA program, or save it as UTF-8.',
    ]);
  });

  it('a character XML forbids', () => {
    expect(problemsOf(wrap(`<Code guid="${G1}" name="Bell\u0007" isCodable="true"/>`))).toEqual([
      'File (line 4): The file contains a character XML does not allow (U+0007); the file may be damaged.',
    ]);
  });

  it('the wrong root element: a project file, another kind of codebook, something else', () => {
    expect(
      problemsOf('<?xml version="1.0"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="PCF"><CodeBook><Codes/></CodeBook></Project>'),
    ).toEqual([
      "File (line 2): The file's top element is <Project> (namespace urn:QDA-XML:project:1.0), so this is not a REFI-QDA codebook. That is a REFI-QDA project (.qde), not a codebook: in your QDA program, export the codebook (.qdc) and import that.",
    ]);
    expect(problemsOf('<CodeBook xmlns="ddi:codebook:2_5"><Codes/></CodeBook>')[0]).toMatch(
      /top element is <CodeBook> \(namespace ddi:codebook:2_5\), so this is not a REFI-QDA codebook\. A REFI-QDA codebook starts with <CodeBook xmlns="urn:QDA-XML:codebook:1\.0">/,
    );
    expect(problemsOf('<html><body>Sign in</body></html>')[0]).toMatch(/top element is <html>, so this is not a REFI-QDA codebook/);
    expect(problemsOf('<CodeBook><Codes/></CodeBook><CodeBook/>')[0]).toMatch(/2 top-level elements; an XML file has exactly one/);
  });

  it('lists every problem in the codebook at once, each with its path and line (all or nothing)', () => {
    expect(problemsOf(fixture('problems.qdc'))).toEqual([
      'Codes > Code “Trust” > Code #3 (line 7): no name',
      'Codes > Code “Pride” (line 9): no guid',
      'Codes > Code “Confidence” (line 10): the guid 9E109F79-E602-4196-B732-1242480B2243 is used twice: Codes > Code “Trust” > Code “In staff” (line 5) has it too',
      'Codes > Code “Confidence” (line 10): isCodable is “yes”; it must be true or false',
      'Codes > Code “Confidence” (line 10): the colour “blue” is not a colour as #RRGGBB (like #46AA00)',
      'Codes > Code “Ownership” (line 11): the guid “not-a-guid” is not a GUID (32 hexadecimal digits in groups, like 0D62985D-B147-5D01-A9B5-CAE5DCD98342)',
      'Codes > Code “Ownership” (line 11): the colour “#12345” is not a colour as #RRGGBB (like #46AA00)',
      'Sets > Set “Mechanisms” > MemberCode #2 (line 16): points at no code: no code in this file has the guid 74d0e662-267d-44ac-9694-a502544a6e80',
    ]);
  });

  it('is an Invalid error (422) whose one-line message and field paths read on their own', () => {
    let error: unknown;
    try {
      parseCodebook(fixture('problems.qdc'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Invalid);
    const invalid = error as CodebookFileInvalid;
    expect(invalid.status).toBe(422);
    expect(invalid.message).toBe(
      'This codebook file cannot be imported: Codes > Code “Trust” > Code #3 (line 7): no name (and 7 more problems)',
    );
    expect(invalid.errors[0]).toEqual({ path: ['Codes > Code “Trust” > Code #3 (line 7)'], message: 'no name' });
  });

  it('sets without a name or guid, members without a guid, a set sharing a code’s guid', () => {
    const problems = problemsOf(
      wrap(
        `<Code guid="${G1}" name="A" isCodable="true"/>`,
        `\n<Sets>\n<Set name="Outcomes"><MemberCode/></Set>\n<Set guid="${G2}"/>\n<Set guid="${G1}" name="Clash"/>\n</Sets>`,
      ),
    );
    expect(problems).toEqual([
      'Sets > Set “Outcomes” (line 7): no guid',
      'Sets > Set “Outcomes” > MemberCode #1 (line 7): no guid saying which code is the member',
      'Sets > Set #2 (line 8): no name',
      `Sets > Set “Clash” (line 9): the guid ${G1} is used twice: Codes > Code “A” (line 4) has it too`,
    ]);
  });

  it('a set member that names a set, not a code, points at no code', () => {
    const problems = problemsOf(
      wrap(`<Code guid="${G1}" name="A" isCodable="true"/>`, `<Sets><Set guid="${G2}" name="S"><MemberCode guid="${G2}"/></Set></Sets>`),
    );
    expect(problems).toEqual([`Sets > Set “S” > MemberCode #1 (line 5): points at no code: no code in this file has the guid ${G2}`]);
  });

  it('no <Codes>, or no codes in it', () => {
    expect(problemsOf('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>')).toEqual([
      'CodeBook (line 1): there is no <Codes> element, so there are no codes to import',
    ]);
    expect(problemsOf('<CodeBook xmlns="urn:QDA-XML:codebook:1.0">\n<Codes/>\n</CodeBook>')).toEqual([
      'Codes (line 2): there are no codes in it',
    ]);
  });

  it('an “&” on its own, or an entity XML does not define, rather than guessing', () => {
    expect(problemsOf(wrap(`<Code guid="${G1}" name="Arts & crafts" isCodable="true"/>`))).toEqual([
      '<Code> (line 4): an “&” on its own; in XML it must be written &amp;',
    ]);
    expect(problemsOf(wrap(`<Code guid="${G1}" name="A" isCodable="true"><Description>a&nbsp;b</Description></Code>`))).toEqual([
      '<Description> (line 4): the entity &nbsp; is not defined in XML (only &amp; &lt; &gt; &quot; &apos; and numbers like &#233; are)',
    ]);
  });

  it('codes nested deeper than any real codebook', () => {
    let codes = '';
    for (let i = 0; i < 120; i++) codes += `<Code guid="${G1}" name="n" isCodable="true">`;
    for (let i = 0; i < 120; i++) codes += '</Code>';
    expect(problemsOf(wrap(codes))).toEqual([
      'File: Elements are nested more than 100 deep; no codebook is that deep, so the file is refused.',
    ]);
  });
});

describe('parseCodebook is safe with hostile files', () => {
  it('refuses a DOCTYPE with nested entities (billion laughs) at once, without expanding anything', () => {
    const started = performance.now();
    const problems = problemsOf(fixture('doctype-entity-expansion.qdc'));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^File \(line 2\): The file has a DOCTYPE declaration\. REFI-QDA codebooks never need one, and Cairn refuses them/,
    );
    expect(problems[0]).not.toContain('regeneration');
  });

  it('refuses a DOCTYPE with an external entity (XXE), so no file on the server is read', () => {
    const problems = problemsOf(fixture('doctype-external-entity.qdc'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^File \(line 2\): The file has a DOCTYPE declaration/);
    expect(problems.join('\n')).not.toMatch(/root:/);
  });

  it('does not expand an entity used without a declaration either', () => {
    expect(problemsOf(wrap(`<Code guid="${G1}" name="&secret;" isCodable="true"/>`))[0]).toMatch(
      /the entity &secret; is not defined in XML/,
    );
  });

  it('does not let element or attribute names reach object prototypes', () => {
    const problems = problemsOf(wrap(`<Code guid="${G1}" name="A" isCodable="true" __proto__="x"/>`));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^File: The file could not be read as XML/);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('writeCodebook', () => {
  const sample: Codebook = {
    codes: [
      {
        guid: 'E7C499D3-1070-4E53-9050-E45D44B716C0',
        name: 'Contexts',
        description: '',
        color: null,
        isCodable: false,
        children: [
          {
            guid: '{EC760626-A583-4385-B564-9137D534643F}',
            name: 'Made to feel welcome',
            description: 'Greeted by name.\nOffered a cuppa.',
            color: '#7ba0cc',
            isCodable: true,
            children: [],
          },
          {
            guid: 'df1e93a4-49e5-4f69-a5f7-e712f374bee2',
            name: 'Green space & "allotments" <shared>',
            description: 'x ]]> y',
            color: '#abc',
            isCodable: true,
            children: [],
          },
        ],
      },
    ],
    sets: [
      {
        guid: '05EFE041-4803-4176-965E-16CE3377B540',
        name: 'Quoted',
        description: 'For the report',
        memberGuids: ['df1e93a4-49e5-4f69-a5f7-e712f374bee2'],
      },
    ],
  };

  it('writes the expected file: declaration, namespace, attribute order, colours as #RRGGBB, guids as given', () => {
    expect(writeCodebook(sample)).toBe(
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="urn:QDA-XML:codebook:1.0 Codebook.xsd" origin="Cairn">',
        '  <Codes>',
        '    <Code guid="E7C499D3-1070-4E53-9050-E45D44B716C0" name="Contexts" isCodable="false">',
        '      <Code guid="{EC760626-A583-4385-B564-9137D534643F}" name="Made to feel welcome" isCodable="true" color="#7BA0CC">',
        '        <Description>Greeted by name.',
        'Offered a cuppa.</Description>',
        '      </Code>',
        '      <Code guid="df1e93a4-49e5-4f69-a5f7-e712f374bee2" name="Green space &amp; &quot;allotments&quot; &lt;shared&gt;" isCodable="true" color="#AABBCC">',
        '        <Description>x ]]&gt; y</Description>',
        '      </Code>',
        '    </Code>',
        '  </Codes>',
        '  <Sets>',
        '    <Set guid="05EFE041-4803-4176-965E-16CE3377B540" name="Quoted">',
        '      <Description>For the report</Description>',
        '      <MemberCode guid="df1e93a4-49e5-4f69-a5f7-e712f374bee2"/>',
        '    </Set>',
        '  </Sets>',
        '</CodeBook>',
        '',
      ].join('\n'),
    );
  });

  it('is valid against Codebook.xsd, for what each program wrote and for Cairn’s own export', () => {
    for (const f of ['qualcoder.qdc', 'atlasti.qdc', 'taguette.qdc', 'nvivo-utf16.qdc', 'prefixed-namespace.qdc']) {
      expect({ f, violations: schemaViolations(writeCodebook(parseCodebook(fixture(f)))) }).toEqual({ f, violations: [] });
    }
    expect(schemaViolations(writeCodebook(sample))).toEqual([]);
    expect(schemaViolations(writeCodebook(cairnToCodebook(cairnSample)))).toEqual([]);
  });

  it('the checker above does catch what the schema forbids', () => {
    expect(schemaViolations(fixture('taguette.qdc').toString())).toEqual(['Sets: 0 <Set> (allowed 1..Infinity)']);
    expect(
      schemaViolations(
        wrap(`<Code name="A" isCodable="maybe" color="red"/>`, '<Sets><Set guid="x" name="s"><MemberCode targetGUID="y"/></Set></Sets>'),
      ),
    ).toEqual([
      'Codes > Code[0]: required attribute guid missing',
      'Codes > Code[0]: isCodable not boolean',
      'Codes > Code[0]: color red is not RGBType',
      'Sets > Set[0]: guid is not GUIDType',
      'Sets > Set[0] > MemberCode[0]: attribute targetGUID not in the schema',
      'Sets > Set[0] > MemberCode[0]: required attribute guid missing',
      'Sets > Set[0] > MemberCode[0]: guid is not GUIDType',
    ]);
  });

  it('gives the same bytes for the same codebook, and reads back to the same codebook', () => {
    expect(writeCodebook(structuredClone(sample))).toBe(writeCodebook(sample));
    const back = parseCodebook(writeCodebook(sample));
    expect(back.origin).toBe('Cairn');
    expect(back.codes[0]!.children.map((c) => [c.guid, c.name, c.description, c.color])).toEqual([
      ['{EC760626-A583-4385-B564-9137D534643F}', 'Made to feel welcome', 'Greeted by name.\nOffered a cuppa.', '#7BA0CC'],
      ['df1e93a4-49e5-4f69-a5f7-e712f374bee2', 'Green space & "allotments" <shared>', 'x ]]> y', '#AABBCC'],
    ]);
    expect(back.sets).toEqual(sample.sets);
    for (const f of ['qualcoder.qdc', 'atlasti.qdc', 'nvivo-utf16.qdc', 'prefixed-namespace.qdc']) {
      const read = parseCodebook(fixture(f));
      const again = parseCodebook(writeCodebook(read));
      expect({ f, codes: again.codes, sets: again.sets }).toEqual({ f, codes: read.codes, sets: read.sets });
    }
  });

  it('keeps tabs and line breaks in names, drops characters XML cannot carry, and trims what a reader would trim', () => {
    const cb: Codebook = {
      codes: [
        {
          guid: G1,
          name: '  Two\tparts\nname ',
          description: '\r\n Line one\r\nLine two\u0001 ',
          color: null,
          isCodable: true,
          children: [],
        },
      ],
      sets: [],
    };
    const xml = writeCodebook(cb);
    expect(xml).toContain('name="Two&#9;parts&#10;name"');
    expect(parseCodebook(xml).codes[0]).toMatchObject({ name: 'Two\tparts\nname', description: 'Line one\nLine two' });
    expect(writeCodebook(parseCodebook(xml))).toBe(xml);
  });

  it('refuses a codebook that would make an invalid file, listing every reason', () => {
    expect(() => writeCodebook({ codes: [], sets: [] })).toThrow(
      'This codebook cannot be written as a REFI-QDA file: Codes: a REFI-QDA codebook needs at least one code',
    );
    let error: CodebookFileInvalid | undefined;
    try {
      writeCodebook({
        codes: [
          { guid: '42', name: ' ', description: '', color: 'teal', isCodable: true, children: [] },
          {
            guid: G2,
            name: 'B',
            description: '',
            color: null,
            isCodable: true,
            children: [{ guid: G2.toLowerCase(), name: 'C', description: '', color: null, isCodable: true, children: [] }],
          },
        ],
        sets: [{ guid: G3, name: 'S', description: '', memberGuids: [G1] }],
      });
    } catch (e) {
      error = e as CodebookFileInvalid;
    }
    expect(error?.problems.map(describeProblem)).toEqual([
      'Codes > Code #1: no name',
      'Codes > Code #1: the guid “42” is not a GUID (32 hexadecimal digits in groups, like 0D62985D-B147-5D01-A9B5-CAE5DCD98342)',
      'Codes > Code #1: the colour “teal” is not a colour as #RRGGBB (like #46AA00)',
      `Codes > Code “B” > Code “C”: the guid ${G2.toLowerCase()} is used twice: Codes > Code “B” has it too`,
      `Sets > Set “S” > MemberCode #1: points at no code: no code has the guid ${G1}`,
    ]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('familyMatchKey matches family names loosely but always the same way', () => {
  it.each([
    ['Context', 'context'],
    ['Contexts', 'context'],
    ['CONTEXTS', 'context'],
    ['Mechanisms', 'mechanism'],
    ['short_term_outcome', 'short_term_outcome'],
    ['Short-term outcomes', 'short_term_outcome'],
    ['Short term outcome', 'short_term_outcome'],
    ['Long-term Outcomes', 'long_term_outcome'],
    ['Self-identified outcomes', 'self_identified_outcome'],
    ['Enablers', 'enabler'],
    ['  Barriers ', 'barrier'],
    ['Processes', 'process'],
    ['Process', 'process'],
    ['Lles (well-being)', 'lle_well_being'],
  ])('%s → %s', (name, key) => expect(familyMatchKey(name)).toBe(key));

  it('keeps different families apart', () => {
    expect(familyMatchKey('Outcomes')).not.toBe(familyMatchKey('short_term_outcome'));
    expect(familyMatchKey('Mechanism')).not.toBe(familyMatchKey('Mechanism notes'));
  });
});

describe('placeInFamilies', () => {
  it('top-level codes named after families stand for them: their children go in, nesting kept', () => {
    const placement = placeInFamilies(parseCodebook(fixture('qualcoder.qdc')), { families: STANDARD_KEYS });
    expect(placement.unplaced).toEqual([]);
    expect(placement.families.map((f) => ({ key: f.key, label: f.label, placedBy: f.placedBy, codes: names(f.codes) }))).toEqual([
      {
        key: 'context',
        label: 'Contexts',
        placedBy: ['top-level code “Contexts”'],
        codes: ['Made to feel welcome', { 'Local assets': ['Community hub open every day', 'Green space & allotments'] }],
      },
      {
        key: 'mechanism',
        label: 'Mechanisms',
        placedBy: ['top-level code “Mechanisms”'],
        codes: ['Trust / relationship building', 'Belonging / connectedness'],
      },
      {
        key: 'short_term_outcome',
        label: 'Short-term outcomes',
        placedBy: ['top-level code “Short-term outcomes”'],
        codes: ['Increased engagement'],
      },
    ]);
  });

  it('codes placed by the sets (code groups) they are in; a code in no family set is returned with the reason', () => {
    const placement = placeInFamilies(parseCodebook(fixture('atlasti.qdc')), { families: STANDARD_KEYS });
    expect(placement.families.map((f) => [f.key, f.placedBy, f.codes.map((c) => c.name)])).toEqual([
      ['context', ['set “Contexts”'], ['Awareness training', 'Co-delivery opportunities']],
      ['mechanism', ['set “Mechanisms”'], ['Ownership', 'Pride']],
      ['barrier', ['set “Barriers”'], ['Annual funding cycles']],
    ]);
    expect(placement.unplaced.map((u) => [u.where, u.reason])).toEqual([
      [
        'Codes > Code “Memo: follow up with Ferryhill group”',
        'no family is named “Memo: follow up with Ferryhill group”, and it is in no set named after a family; put it under a top-level code named after its family, or choose a family with --family',
      ],
    ]);
  });

  it('NVivo-style codable parents named after families work the same; others are left for the evaluator', () => {
    const placement = placeInFamilies(parseCodebook(fixture('nvivo-utf16.qdc')), { families: STANDARD_KEYS });
    expect(placement.families.map((f) => [f.key, names(f.codes)])).toEqual([
      ['long_term_outcome', ['Improved well-being', { Employment: ['Paid work after a placement', 'Self-employment'] }]],
      ['self_identified_outcome', ['Cynnydd mewn hyder (more confidence)']],
    ]);
    expect(placement.unplaced.map((u) => [u.code.name, names(u.code.children)])).toEqual([['Emerging themes', ['Digital exclusion']]]);
  });

  it('--family puts every code in the chosen family, matched loosely, nesting kept', () => {
    const placement = placeInFamilies(parseCodebook(fixture('nvivo-utf16.qdc')), { family: 'Long-term outcomes', families: STANDARD_KEYS });
    expect(placement.unplaced).toEqual([]);
    expect(placement.families).toHaveLength(1);
    expect(placement.families[0]).toMatchObject({ key: 'long_term_outcome', label: 'Long-term outcome', placedBy: ['chosen family'] });
    expect(names(placement.families[0]!.codes)).toEqual([
      { 'Long-term outcomes': ['Improved well-being', { Employment: ['Paid work after a placement', 'Self-employment'] }] },
      { 'Self-identified outcomes': ['Cynnydd mewn hyder (more confidence)'] },
      { 'Emerging themes': ['Digital exclusion'] },
    ]);
  });

  it('--family naming no family of the evaluation is refused with the list of families', () => {
    expect(() => placeInFamilies(parseCodebook(fixture('taguette.qdc')), { family: 'Themes', families: STANDARD_KEYS })).toThrow(
      'No family of this evaluation matches “Themes”. Its families are: context, mechanism, short_term_outcome, long_term_outcome, self_identified_outcome, enabler, barrier.',
    );
  });

  it('custom families match by key or by label, and their label is the evaluation’s', () => {
    const cb = parseCodebook(
      wrap(
        `<Code guid="${G1}" name="Participant voice" isCodable="false"><Code guid="${G2}" name="Asked for more evening sessions" isCodable="true"/></Code>`,
      ),
    );
    const families = [...STANDARD_KEYS, { key: 'voice', label: 'Participant voice' }];
    const placement = placeInFamilies(cb, { families });
    expect(placement.families.map((f) => [f.key, f.label, f.codes.map((c) => c.name)])).toEqual([
      ['voice', 'Participant voice', ['Asked for more evening sessions']],
    ]);
    expect(placeInFamilies(cb, { family: 'voice', families }).families[0]!.key).toBe('voice');
  });

  it('a top-level code whose codes are in sets for two families is not split: it is returned with the reason', () => {
    const cb = parseCodebook(
      wrap(
        `<Code guid="${G1}" name="Confidence" isCodable="true"><Code guid="${G2}" name="Speaking up" isCodable="true"/></Code>`,
        `<Sets><Set guid="${G3}" name="Mechanisms"><MemberCode guid="${G1}"/></Set><Set guid="41111111-2222-4333-8444-555555555555" name="Short-term outcomes"><MemberCode guid="${G2}"/></Set></Sets>`,
      ),
    );
    const placement = placeInFamilies(cb, { families: STANDARD_KEYS });
    expect(placement.families).toEqual([]);
    expect(placement.unplaced.map((u) => u.reason)).toEqual([
      'it is in sets for different families (“Mechanisms”, “Short-term outcomes”); choose one with --family',
    ]);
  });

  it('a name matching two of the evaluation’s families is not guessed', () => {
    const cb = parseCodebook(wrap(`<Code guid="${G1}" name="Barriers" isCodable="false"/>`));
    const placement = placeInFamilies(cb, { families: ['barrier', { key: 'local_barrier', label: 'Barriers' }] });
    expect(placement.unplaced.map((u) => u.reason)).toEqual([
      'its name matches more than one family (barrier, local_barrier); choose one with --family',
    ]);
  });

  it('families come back in the evaluation’s order, and two top-level codes for one family are joined', () => {
    const cb = parseCodebook(
      wrap(
        `<Code guid="${G1}" name="Barriers" isCodable="false"><Code guid="${G2}" name="Delayed programme start" isCodable="true"/></Code>` +
          `<Code guid="${G3}" name="Context" isCodable="false"/>` +
          `<Code guid="41111111-2222-4333-8444-555555555555" name="barrier" isCodable="false"><Code guid="51111111-2222-4333-8444-555555555555" name="Annual funding cycles" isCodable="true"/></Code>`,
      ),
    );
    const placement = placeInFamilies(cb, { families: STANDARD_KEYS });
    expect(placement.families.map((f) => [f.key, f.placedBy, f.codes.map((c) => c.name)])).toEqual([
      ['context', ['top-level code “Context”'], []],
      ['barrier', ['top-level code “Barriers”', 'top-level code “barrier”'], ['Delayed programme start', 'Annual funding cycles']],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------

const cairnSample: CairnCodebook = {
  families: [
    {
      key: 'context',
      label: 'Context',
      codes: [
        {
          id: '9f3c2a10-5d4e-4c1b-8a7f-2e6d9b0c1a23',
          name: 'Needs assessment',
          description: 'Staff asked what the person wanted before offering anything.',
          color: '#1D70B8',
          children: [
            { id: '0b8e7d6c-5a4f-4e3d-9c2b-1a0f9e8d7c6b', name: 'Home visit', description: '', color: null, children: [] },
            {
              id: '1c9f8e7d-6b5a-4f4e-8d3c-2b1a0f9e8d7c',
              name: 'Drop-in chat, "no forms"',
              description: 'Cups of tea & a chat;\nno paperwork.',
              color: '#1d70b8',
              children: [],
            },
          ],
        },
        { id: '2d0a9f8e-7c6b-4a5f-9e4d-3c2b1a0f9e8d', name: 'Made to feel welcome', description: '', color: null, children: [] },
      ],
    },
    {
      key: 'mechanism',
      label: 'Mechanism',
      codes: [
        {
          id: '3e1b0a9f-8d7c-4b6a-8f5e-4d3c2b1a0f9e',
          name: 'Trust / relationship building',
          description: '',
          color: '#D4351C',
          children: [],
        },
      ],
    },
    { key: 'barrier', label: 'Barrier', codes: [] },
    {
      key: 'voice',
      label: 'Participant voice (custom)',
      codes: [
        {
          id: '4f2c1b0a-9e8d-4c7b-9a6f-5e4d3c2b1a0f',
          name: 'Wants evening sessions',
          description: 'Said by carers who work days.',
          color: null,
          children: [],
        },
      ],
    },
  ],
};

describe('Cairn codebook ⇄ REFI-QDA', () => {
  const familiesOf = (c: CairnCodebook) => [
    ...STANDARD_FAMILIES,
    ...c.families.filter((f) => !STANDARD_KEYS.includes(f.key)).map(({ key, label }) => ({ key, label })),
  ];

  it('export → import → export is lossless, byte for byte, and gives back the same Cairn codebook', () => {
    const first = writeCodebook(cairnToCodebook(cairnSample));
    const imported = codebookToCairn(placeInFamilies(parseCodebook(first), { families: familiesOf(cairnSample) }));
    const second = writeCodebook(cairnToCodebook(imported));
    expect(second).toBe(first);
    // The codes as they were (colours in capitals, every code codable); the empty Barrier was not written.
    const plain = (codes: CairnCode[]): unknown[] =>
      codes.map(({ id, name, description, color, children }) => ({
        id,
        name,
        description,
        color: color?.toUpperCase() ?? null,
        children: plain(children),
      }));
    expect(imported.families.map((f) => [f.key, f.label, plain(f.codes)])).toEqual(
      cairnSample.families.filter((f) => f.codes.length).map((f) => [f.key, f.label, plain(f.codes)]),
    );
    // Each family comes back standing for Cairn's own top-level code, which goes out the same again.
    expect(imported.families.map((f) => f.topCode)).toEqual(
      ['context', 'mechanism', 'voice'].map((key, i) => ({ guid: familyGuid(key), name: imported.families[i]!.label, isCodable: false })),
    );
  });

  it('the export reads back as the same families into an evaluation that only knows their keys', () => {
    const first = writeCodebook(cairnToCodebook(cairnSample));
    const placement = placeInFamilies(parseCodebook(first), { families: [...STANDARD_KEYS, 'voice'] });
    expect(placement.unplaced).toEqual([]);
    // Barrier had no codes, so the export left it out.
    expect(placement.families.map((f) => [f.key, f.label])).toEqual([
      ['context', 'Context'],
      ['mechanism', 'Mechanism'],
      ['voice', 'Participant voice (custom)'],
    ]);
    expect(writeCodebook(cairnToCodebook(codebookToCairn(placement)))).toBe(first);
  });

  it('families made in Cairn are top-level folder codes with guids made from the key; empty ones and sets are not written', () => {
    const cb = cairnToCodebook(cairnSample);
    expect(cb.codes.map((c) => [c.name, c.guid, c.isCodable])).toEqual([
      ['Context', familyGuid('context'), false],
      ['Mechanism', familyGuid('mechanism'), false],
      ['Participant voice (custom)', familyGuid('voice'), false],
    ]);
    expect(cb.sets).toEqual([]);
    expect(familyGuid('context')).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-5[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/);
    expect(familyGuid('context')).toBe(familyGuid('context'));
    expect(new Set(['context', 'mechanism', 'voice'].flatMap((k) => [familyGuid(k), familyGuid(k, 'set')])).size).toBe(6);
  });

  it('a file from another program comes in, goes out and comes back in the same', () => {
    const placement = placeInFamilies(parseCodebook(fixture('qualcoder.qdc')), { families: STANDARD_KEYS });
    const cairn = codebookToCairn(placement);
    expect(cairn.families[0]!.codes[1]).toEqual({
      id: '74d0e662-267d-44ac-9694-a502544a6e80',
      name: 'Local assets',
      description: '',
      color: null,
      codable: false,
      children: [
        {
          id: 'e3704aa6-45b9-4acc-97c3-724f9f599cc8',
          name: 'Community hub open every day',
          description: 'A building people can walk into without an appointment.',
          color: '#9CCC7B',
          codable: true,
          children: [],
        },
        {
          id: 'df1e93a4-49e5-4f69-a5f7-e712f374bee2',
          name: 'Green space & allotments',
          description: '',
          color: '#9CCC7B',
          codable: true,
          children: [],
        },
      ],
    });
    const exported = writeCodebook(cairnToCodebook(cairn));
    const again = codebookToCairn(placeInFamilies(parseCodebook(exported), { families: STANDARD_KEYS }));
    expect(again.families.map((f) => f.codes)).toEqual(cairn.families.map((f) => f.codes));
  });

  it('an export with no families at all is refused rather than written invalid', () => {
    expect(() => writeCodebook(cairnToCodebook({ families: [] }))).toThrow(/needs at least one code/);
  });
});

describe('codebookToCsv', () => {
  it('a row per code in tree order, with family key, parent name, description, colour and guid', () => {
    expect(CODEBOOK_CSV_COLUMNS).toEqual(['family', 'code', 'parent', 'description', 'color', 'guid']);
    expect(codebookToCsv(cairnSample)).toBe(
      [
        'family,code,parent,description,color,guid',
        'context,Needs assessment,,Staff asked what the person wanted before offering anything.,#1D70B8,9f3c2a10-5d4e-4c1b-8a7f-2e6d9b0c1a23',
        'context,Home visit,Needs assessment,,,0b8e7d6c-5a4f-4e3d-9c2b-1a0f9e8d7c6b',
        'context,"Drop-in chat, ""no forms""",Needs assessment,"Cups of tea & a chat;\nno paperwork.",#1D70B8,1c9f8e7d-6b5a-4f4e-8d3c-2b1a0f9e8d7c',
        'context,Made to feel welcome,,,,2d0a9f8e-7c6b-4a5f-9e4d-3c2b1a0f9e8d',
        'mechanism,Trust / relationship building,,,#D4351C,3e1b0a9f-8d7c-4b6a-8f5e-4d3c2b1a0f9e',
        'voice,Wants evening sessions,,Said by carers who work days.,,4f2c1b0a-9e8d-4c7b-9a6f-5e4d3c2b1a0f',
        '',
      ].join('\n'),
    );
  });
});
