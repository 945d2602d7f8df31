/** REFI-QDA codebooks: writing a .qdc file valid against Codebook.xsd (see qdc.ts); the same codebook always gives the same bytes. */
import {
  type QdcCode,
  type Codebook,
  QDC_NAMESPACE,
  MAX_NESTING,
  type QdcProblem,
  CodebookFileInvalid,
  isGuid,
  guidKey,
  normaliseColour,
  BAD_GUID,
  BAD_COLOUR,
  NOT_XML_CHARS,
} from './qdc.js';

// ---------------------------------------------------------------------------------------------
// writeCodebook
// ---------------------------------------------------------------------------------------------

/** Line ends as LF, characters XML cannot carry dropped, surrounding space trimmed: what a reader gets back. */
const cleanText = (text: string): string => text.replace(/\r\n?/g, '\n').replace(NOT_XML_CHARS, '').trim();

const escapeText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Tabs and newlines as references, since a reader turns literal ones in attributes into spaces. */
const escapeAttr = (text: string): string => escapeText(text).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');

/** Problems that would make the written file invalid against Codebook.xsd, or not read back the same. */
function checkForWriting(codebook: Codebook): QdcProblem[] {
  const problems: QdcProblem[] = [];
  const guids = new Map<string, string>();
  const codeGuids = new Set<string>();
  const checkGuid = (guid: string, where: string, isCode: boolean) => {
    if (!isGuid(guid.trim())) return problems.push({ where, message: `the guid “${guid}” ${BAD_GUID}` });
    const earlier = guids.get(guidKey(guid));
    if (earlier) return problems.push({ where, message: `the guid ${guid} is used twice: ${earlier} has it too` });
    guids.set(guidKey(guid), where);
    if (isCode) codeGuids.add(guidKey(guid));
  };
  const walk = (codes: QdcCode[], parent: string, depth: number) =>
    codes.forEach((c, i) => {
      const where = `${parent} > ${cleanText(c.name) ? `Code “${cleanText(c.name)}”` : `Code #${i + 1}`}`;
      if (!cleanText(c.name)) problems.push({ where, message: 'no name' });
      checkGuid(c.guid, where, true);
      if (c.color !== null && normaliseColour(c.color) === null) problems.push({ where, message: `the colour “${c.color}” ${BAD_COLOUR}` });
      if (depth >= MAX_NESTING - 3) problems.push({ where, message: `codes are nested more than ${MAX_NESTING - 3} deep` });
      else walk(c.children, where, depth + 1);
    });
  if (codebook.codes.length === 0) problems.push({ where: 'Codes', message: 'a REFI-QDA codebook needs at least one code' });
  walk(codebook.codes, 'Codes', 0);
  codebook.sets.forEach((s, i) => {
    const where = `Sets > ${cleanText(s.name) ? `Set “${cleanText(s.name)}”` : `Set #${i + 1}`}`;
    if (!cleanText(s.name)) problems.push({ where, message: 'no name' });
    checkGuid(s.guid, where, false);
    s.memberGuids.forEach((g, j) => {
      if (!codeGuids.has(guidKey(g)))
        problems.push({ where: `${where} > MemberCode #${j + 1}`, message: `points at no code: no code has the guid ${g}` });
    });
  });
  return problems;
}

/**
 * The codebook as a REFI-QDA .qdc file: UTF-8, no byte-order mark, LF line ends, two-space indents,
 * attributes in Codebook.xsd's order, `isCodable` always written, colours as #RRGGBB, descriptions
 * only when there is one, <Sets> only when there are sets, set members as `<MemberCode guid=…>` as
 * Codebook.xsd has it. Guids are written as given. The same codebook gives the same bytes.
 *
 * Throws `CodebookFileInvalid` when the codebook could not make a valid file (no codes, a missing
 * name, a guid that is not a GUID or is used twice, a bad colour, a set member that is not a code).
 */
export function writeCodebook(codebook: Codebook): string {
  const problems = checkForWriting(codebook);
  if (problems.length) throw new CodebookFileInvalid(problems, 'This codebook cannot be written as a REFI-QDA file');
  const lines: string[] = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<CodeBook xmlns="${QDC_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${QDC_NAMESPACE} Codebook.xsd" origin="Cairn">`,
    '  <Codes>',
  ];
  const writeCode = (c: QdcCode, indent: string) => {
    const attrs = [
      `guid="${escapeAttr(c.guid.trim())}"`,
      `name="${escapeAttr(cleanText(c.name))}"`,
      `isCodable="${c.isCodable ? 'true' : 'false'}"`,
      ...(c.color !== null ? [`color="${normaliseColour(c.color)}"`] : []),
    ].join(' ');
    const description = cleanText(c.description);
    if (!description && c.children.length === 0) {
      lines.push(`${indent}<Code ${attrs}/>`);
      return;
    }
    lines.push(`${indent}<Code ${attrs}>`);
    if (description) lines.push(`${indent}  <Description>${escapeText(description)}</Description>`);
    for (const child of c.children) writeCode(child, `${indent}  `);
    lines.push(`${indent}</Code>`);
  };
  for (const c of codebook.codes) writeCode(c, '    ');
  lines.push('  </Codes>');
  if (codebook.sets.length) {
    lines.push('  <Sets>');
    for (const s of codebook.sets) {
      const attrs = `guid="${escapeAttr(s.guid.trim())}" name="${escapeAttr(cleanText(s.name))}"`;
      const description = cleanText(s.description);
      if (!description && s.memberGuids.length === 0) {
        lines.push(`    <Set ${attrs}/>`);
        continue;
      }
      lines.push(`    <Set ${attrs}>`);
      if (description) lines.push(`      <Description>${escapeText(description)}</Description>`);
      for (const g of s.memberGuids) lines.push(`      <MemberCode guid="${escapeAttr(g.trim())}"/>`);
      lines.push('    </Set>');
    }
    lines.push('  </Sets>');
  }
  lines.push('</CodeBook>', '');
  return lines.join('\n');
}
