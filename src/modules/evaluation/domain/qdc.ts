/**
 * REFI-QDA codebooks (.qdc): the exchange format NVivo, ATLAS.ti, MAXQDA, QualCoder and others read and
 * write, so an evaluator can move a codebook between Cairn and their QDA program.
 *
 * - `parseCodebook` reads a file as those programs write it and either returns the whole codebook or
 *   throws `CodebookFileInvalid` listing every problem with where it is (all or nothing).
 * - `writeCodebook` writes a file valid against the standard's Codebook.xsd; the same codebook always
 *   gives the same bytes.
 * - `placeInFamilies` decides which Cairn code family each imported code goes to.
 * - `cairnToCodebook` / `codebookToCairn` convert to and from Cairn's codebook shape, so that
 *   export → import → export gives the same file; `codebookToCsv` is the spreadsheet export.
 *
 * Plain functions over plain data: no database, no HTTP. See README.md beside this file and
 * docs/decisions/007-refi-qda-xml-parser.md for the XML parser and its safety settings.
 */
import { createHash } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import { safeRows } from '../../../shared/safe-cells.js';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { Invalid } from '../../../errors.js';

// ---------------------------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------------------------

export interface QdcCode {
  /** As written in the file (braces and letter case kept), so the other program recognises it again. */
  guid: string;
  name: string;
  /** '' when the code has none. */
  description: string;
  /** `#RRGGBB` in capitals, or null when the code has no colour. */
  color: string | null;
  /** false for codes that only group others (QualCoder's categories, folders elsewhere). */
  isCodable: boolean;
  children: QdcCode[];
}

export interface QdcSet {
  guid: string;
  name: string;
  description: string;
  /** Guids of the member codes, spelled as on the codes themselves. */
  memberGuids: string[];
}

export interface Codebook {
  /** The program that wrote the file (the `origin` attribute), when it says. Never written back. */
  origin?: string;
  codes: QdcCode[];
  sets: QdcSet[];
}

export const QDC_NAMESPACE = 'urn:QDA-XML:codebook:1.0';

/** Codebooks are a few kilobytes; anything this big is the wrong file, and reading it would tie up the server. */
export const MAX_CODEBOOK_BYTES = 5 * 1024 * 1024;

/** Deeper than any real code tree; also the parser's own nesting limit. */
export const MAX_NESTING = 100;

// ---------------------------------------------------------------------------------------------
// Errors: every problem, each with where it is
// ---------------------------------------------------------------------------------------------

export interface QdcProblem {
  /** Where in the codebook, e.g. `Codes > Code "Trust" > Code #3`, or `File` for the file as a whole. */
  where: string;
  /** Line in the file, when the problem is in the file (not in a codebook being written). */
  line?: number;
  message: string;
}

/** How one problem reads on a line of its own: `Codes > Code "Trust" > Code #3 (line 12): no name`. */
export function describeProblem(p: QdcProblem): string {
  return `${p.where}${p.line ? ` (line ${p.line})` : ''}: ${p.message}`;
}

/** A codebook file (or a codebook to write) that cannot be used; `problems` lists every reason. */
export class CodebookFileInvalid extends Invalid {
  constructor(
    readonly problems: QdcProblem[],
    lead = 'This codebook file cannot be imported',
  ) {
    const first = problems[0] ? describeProblem(problems[0]) : 'unknown problem';
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length === 2 ? '' : 's'})` : '';
    super(
      `${lead}: ${first}${more}`,
      problems.map((p) => ({ path: [p.line ? `${p.where} (line ${p.line})` : p.where], message: p.message })),
    );
  }
}

const fileProblem = (message: string, line?: number): CodebookFileInvalid =>
  new CodebookFileInvalid([{ where: 'File', message, ...(line ? { line } : {}) }]);

// ---------------------------------------------------------------------------------------------
// Shared rules: guids and colours
// ---------------------------------------------------------------------------------------------

const HEX_GUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
/** Codebook.xsd's GUIDType: with or without curly braces. */
const GUID = new RegExp(`^(?:${HEX_GUID}|\\{${HEX_GUID}\\})$`);

export const isGuid = (value: string): boolean => GUID.test(value);

/** One GUID spelled two ways ({ABC…} and abc…) is the same GUID. */
const guidKey = (guid: string): string => guid.replace(/^\{|\}$/g, '').toLowerCase();

/**
 * `#RRGGBB` in capitals. Codebook.xsd also allows the short `#RGB`, so that is accepted and widened;
 * anything else (names, no `#`, alpha channels) is refused rather than guessed at.
 */
export function normaliseColour(value: string): string | null {
  const v = value.trim();
  if (/^#[0-9a-fA-F]{6}$/.test(v)) return v.toUpperCase();
  if (/^#[0-9a-fA-F]{3}$/.test(v)) return `#${[...v.slice(1)].map((c) => c + c).join('')}`.toUpperCase();
  return null;
}

const BAD_GUID = 'is not a GUID (32 hexadecimal digits in groups, like 0D62985D-B147-5D01-A9B5-CAE5DCD98342)';
const BAD_COLOUR = 'is not a colour as #RRGGBB (like #46AA00)';

// ---------------------------------------------------------------------------------------------
// Reading bytes as text
// ---------------------------------------------------------------------------------------------

const startsWith = (bytes: Uint8Array, ...sig: number[]) => sig.every((b, i) => bytes[i] === b);

/** The encoding named in `<?xml … encoding="…"?>`, read from the first bytes as ASCII. */
function declaredEncoding(bytes: Uint8Array): string | undefined {
  const head = String.fromCharCode(...bytes.subarray(0, 256));
  return /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)?.[1];
}

const lineAt = (text: string, index: number): number => {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
};

/**
 * Bytes to text. UTF-8 with or without a byte-order mark; UTF-16 with a mark (some Windows programs
 * save that way) or without one when the file starts with `<`. A file that says `encoding="utf-16"`
 * but has no mark and reads as 8-bit text is UTF-8 mislabelled (.NET writes that label when it builds
 * the XML in memory), so it is read as UTF-8. Other declared encodings are honoured when Node knows them.
 */
function decodeText(input: Uint8Array | string): string {
  if (typeof input === 'string') return input.replace(/^\uFEFF/, '');
  if (input.length > MAX_CODEBOOK_BYTES) {
    throw fileProblem(
      `The file is ${(input.length / 1024 / 1024).toFixed(1)} MB; a codebook is a few kilobytes, so this is not a codebook file (the limit is ${MAX_CODEBOOK_BYTES / 1024 / 1024} MB).`,
    );
  }
  if (startsWith(input, 0x50, 0x4b, 0x03, 0x04)) {
    throw fileProblem(
      'This is a zip file, such as a REFI-QDA project (.qdpx), not a codebook. In your QDA program, export the codebook (.qdc) and import that.',
    );
  }
  let encoding = 'utf-8';
  let skip = 0;
  if (startsWith(input, 0xef, 0xbb, 0xbf)) skip = 3;
  else if (startsWith(input, 0xff, 0xfe)) [encoding, skip] = ['utf-16le', 2];
  else if (startsWith(input, 0xfe, 0xff)) [encoding, skip] = ['utf-16be', 2];
  else if (startsWith(input, 0x3c, 0x00)) encoding = 'utf-16le';
  else if (startsWith(input, 0x00, 0x3c)) encoding = 'utf-16be';
  else {
    const declared = declaredEncoding(input)?.toLowerCase();
    if (declared && !/^(utf-?8|utf-?16|us-ascii|ascii)$/.test(declared)) {
      try {
        new TextDecoder(declared);
        encoding = declared;
      } catch {
        throw fileProblem(`The file says its text is in the “${declared}” encoding, which Cairn cannot read. Save or export it as UTF-8.`);
      }
    }
    if (encoding === 'utf-8' && input.subarray(0, 8192).includes(0)) {
      throw fileProblem(
        'This is not a text file, so it cannot be a codebook. Export the codebook (.qdc) from your QDA program and import that.',
      );
    }
  }
  const body = input.subarray(skip);
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    const loose = new TextDecoder(encoding, { ignoreBOM: true }).decode(body);
    const bad = loose.indexOf('\uFFFD');
    throw fileProblem(
      encoding === 'utf-8'
        ? 'The file is not valid UTF-8 text. Export the codebook again from your QDA program, or save it as UTF-8.'
        : `The file is not valid ${encoding.toUpperCase()} text.`,
      bad >= 0 ? lineAt(loose.replace(/\r\n?/g, '\n'), bad) : undefined,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Well-formed XML into a small element tree
// ---------------------------------------------------------------------------------------------

interface XmlElement {
  /** Local name, without any namespace prefix. */
  name: string;
  prefix: string;
  /** Unprefixed attributes only: REFI-QDA's attributes are unqualified, and this keeps another
   * program's extensions (say `qualia:color`) from standing in for ours. */
  attrs: Map<string, string>;
  /** Namespace declarations on this element: prefix ('' for the default) → URI. */
  namespaces: Map<string, string>;
  children: XmlElement[];
  /** Character data, entities and CDATA resolved, in document order. */
  text: string;
  line: number;
}

/** Outside XML 1.0's Char production (control characters, U+FFFE/U+FFFF, lone surrogates): never allowed in a document. */
const NOT_XML_CHARS =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const isXmlCodePoint = (cp: number): boolean =>
  cp === 0x9 ||
  cp === 0xa ||
  cp === 0xd ||
  (cp >= 0x20 && cp <= 0xd7ff) ||
  (cp >= 0xe000 && cp <= 0xfffd) ||
  (cp >= 0x10000 && cp <= 0x10ffff);

/**
 * The five predefined entities and numeric character references, and nothing else. The parser's own
 * entity handling is switched off (see decision 007), so no entity can expand into anything larger.
 */
function resolveReferences(raw: string, line: number, problems: QdcProblem[], where: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*)?(;?)/g, (whole, ref: string | undefined, semi: string) => {
    if (!ref || !semi) {
      problems.push({ where, line, message: 'an “&” on its own; in XML it must be written &amp;' });
      return whole;
    }
    if (ref.startsWith('#')) {
      const cp = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!isXmlCodePoint(cp)) {
        problems.push({ where, line, message: `the character reference &${ref}; is not a character XML allows` });
        return whole;
      }
      return String.fromCodePoint(cp);
    }
    const known = PREDEFINED[ref];
    if (known === undefined) {
      problems.push({
        where,
        line,
        message: `the entity &${ref}; is not defined in XML (only &amp; &lt; &gt; &quot; &apos; and numbers like &#233; are)`,
      });
      return whole;
    }
    return known;
  });
}

type FxpNode = Record<string, unknown>;

/** Plain words for the XML checker's findings; a file that stops early is told apart from one with a typo. */
function notWellFormed(text: string, err: { code: string; msg: string; line: number; col?: number }): CodebookFileInvalid {
  const stack = /^Invalid '\[(.*)\]' found\.?$/s.exec(err.msg);
  const unclosed = /^Unclosed tag '([^']+)'/.exec(err.msg);
  const endsEarly = Boolean(stack) || Boolean(unclosed) || !text.trimEnd().endsWith('>');
  if (endsEarly) {
    const open = stack ? [...stack[1]!.matchAll(/"([^"]+)"/g)].map((m) => m[1]!) : unclosed ? [unclosed[1]!] : [];
    const lastLine = lineAt(text, text.trimEnd().length);
    const openText = open.length ? ` (${open.map((t) => `<${t.replace(/^[^:]*:/, '')}>`).join(' > ')} not closed)` : '';
    return fileProblem(
      `The file stops before the codebook ends${openText}: it looks cut short. Export the codebook again from your QDA program and import the new file.`,
      lastLine,
    );
  }
  const msg = err.msg.replace(/\.$/, '').replace(/^./, (c) => c.toLowerCase());
  return fileProblem(`This is not well-formed XML${err.col ? ` (column ${err.col})` : ''}: ${msg}.`, err.line);
}

function readXml(input: Uint8Array | string): XmlElement {
  // XML's end-of-line rule (CR LF and CR become LF) applied first, so line numbers count the same way.
  const text = decodeText(input).replace(/\r\n?/g, '\n').replace(/^\s+/, '');
  if (text.trim() === '') throw fileProblem('The file is empty. Export the codebook (.qdc) from your QDA program and import that.');
  if (!text.startsWith('<')) {
    const start = text.slice(0, 30).replace(/\s+/g, ' ');
    throw fileProblem(
      `This is not an XML file: a codebook (.qdc) begins with <?xml or <CodeBook, but this one begins “${start}${text.length > 30 ? '…' : ''}”.`,
      1,
    );
  }
  // Codebooks never carry a DOCTYPE; refusing one outright rules out entity tricks (XXE, billion laughs).
  const doctype = /<!DOCTYPE/i.exec(text);
  if (doctype) {
    throw fileProblem(
      'The file has a DOCTYPE declaration. REFI-QDA codebooks never need one, and Cairn refuses them because they can hide entities that attack the computer reading the file. Remove the <!DOCTYPE …> part, or export the codebook again.',
      lineAt(text, doctype.index),
    );
  }
  const badChar = new RegExp(NOT_XML_CHARS.source).exec(text);
  if (badChar) {
    const code = badChar[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw fileProblem(
      `The file contains a character XML does not allow (U+${code}); the file may be damaged.`,
      lineAt(text, badChar.index),
    );
  }
  const checked = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (checked !== true) throw notWellFormed(text, checked.err);

  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    removeNSPrefix: false,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    processEntities: false,
    htmlEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    cdataPropName: '#cdata',
    captureMetaData: true,
    maxNestedTags: MAX_NESTING,
  });
  let nodes: FxpNode[];
  try {
    nodes = parser.parse(text) as FxpNode[];
  } catch (e) {
    const message = (e as Error).message;
    if (/nested/i.test(message))
      throw fileProblem(`Elements are nested more than ${MAX_NESTING} deep; no codebook is that deep, so the file is refused.`);
    throw fileProblem(`The file could not be read as XML: ${message}.`);
  }

  const meta = XMLParser.getMetaDataSymbol() as unknown as string;
  const lineStarts: number[] = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const lineOf = (index: number | undefined): number => {
    if (index === undefined) return 0;
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };

  const problems: QdcProblem[] = [];
  const convert = (node: FxpNode, qname: string): XmlElement => {
    const line = lineOf((node[meta] as { startIndex?: number } | undefined)?.startIndex);
    const [prefix, name] = qname.includes(':') ? [qname.slice(0, qname.indexOf(':')), qname.slice(qname.indexOf(':') + 1)] : ['', qname];
    const el: XmlElement = { name, prefix, attrs: new Map(), namespaces: new Map(), children: [], text: '', line };
    const where = `<${qname}>`;
    for (const [attr, raw] of Object.entries((node[':@'] as Record<string, string> | undefined) ?? {})) {
      if (attr === 'xmlns') el.namespaces.set('', raw);
      else if (attr.startsWith('xmlns:')) el.namespaces.set(attr.slice(6), raw);
      else if (!attr.includes(':')) {
        // Attribute-value normalisation: literal tabs and newlines read as spaces; &#10; stays a newline.
        el.attrs.set(attr, resolveReferences(String(raw).replace(/[\t\n]/g, ' '), line, problems, where));
      }
    }
    for (const child of (node[qname] as FxpNode[] | undefined) ?? []) {
      const key = Object.keys(child).find((k) => k !== ':@');
      if (key === undefined) continue;
      if (key === '#text') el.text += resolveReferences(String(child[key]), line, problems, where);
      else if (key === '#cdata') el.text += ((child[key] as FxpNode[]) ?? []).map((t) => String(t['#text'] ?? '')).join('');
      else if (!key.startsWith('?')) el.children.push(convert(child, key));
    }
    return el;
  };

  const roots: XmlElement[] = [];
  let strayText = false;
  for (const node of nodes) {
    const key = Object.keys(node).find((k) => k !== ':@');
    if (key === undefined || key.startsWith('?')) continue;
    if (key === '#text' || key === '#cdata') {
      if (String(node[key]).trim() !== '') strayText = true;
      continue;
    }
    roots.push(convert(node, key));
  }
  if (roots.length !== 1) {
    throw fileProblem(
      roots.length === 0
        ? 'The file has no XML elements in it.'
        : `The file has ${roots.length} top-level elements; an XML file has exactly one (here it should be <CodeBook>).`,
      roots[1]?.line,
    );
  }
  if (strayText)
    throw fileProblem('There is text outside the <CodeBook> element; the file may have been edited by hand or joined with another.');
  if (problems.length) throw new CodebookFileInvalid(problems);
  return roots[0]!;
}

// ---------------------------------------------------------------------------------------------
// parseCodebook
// ---------------------------------------------------------------------------------------------

/** xsd:boolean, read generously in letter case since some programs write True/False. */
function readBoolean(value: string | undefined): boolean | undefined | 'bad' {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  return 'bad';
}

/** Descriptions as people wrote them, without the indentation a pretty-printer put around them. */
const tidyText = (text: string): string => text.replace(/\r\n?/g, '\n').trim();

/**
 * Read a REFI-QDA codebook (.qdc), as bytes from an upload or a file, or as text.
 *
 * Accepted as the programs write them: UTF-8 with or without a byte-order mark, UTF-16 with one;
 * the codebook namespace (`urn:QDA-XML:codebook:1.0`, older `…:0:4`) as the default or under any
 * prefix, or none; a missing `isCodable` (taken as true), colour or description; an empty `<Sets/>`;
 * set members as `<MemberCode guid=…>` (Codebook.xsd) or `targetGUID=…` (the project schema's
 * spelling, which some programs use in codebooks too); elements from other programs' extensions,
 * which are ignored.
 *
 * Refused, with every problem listed and where it is: anything that is not well-formed XML (a file
 * cut short says so, with its last line), a DOCTYPE, a root other than <CodeBook>, codes or sets
 * without a name or guid, a guid that is not a GUID or is used twice, a set member pointing at no
 * code, a colour that is not #RRGGBB, an isCodable that is not true or false.
 */
export function parseCodebook(input: Uint8Array | string): Codebook {
  const root = readXml(input);
  // The root has no ancestors, so its own declarations say its namespace.
  const rootNs = root.namespaces.get(root.prefix) || undefined;
  if (root.name !== 'CodeBook' || (rootNs !== undefined && !rootNs.startsWith('urn:QDA-XML:'))) {
    const named = `<${root.prefix ? `${root.prefix}:` : ''}${root.name}>${rootNs ? ` (namespace ${rootNs})` : ''}`;
    const hint =
      root.name === 'Project'
        ? ' That is a REFI-QDA project (.qde), not a codebook: in your QDA program, export the codebook (.qdc) and import that.'
        : ' A REFI-QDA codebook starts with <CodeBook xmlns="urn:QDA-XML:codebook:1.0">.';
    throw fileProblem(`The file's top element is ${named}, so this is not a REFI-QDA codebook.${hint}`, root.line);
  }

  const problems: QdcProblem[] = [];
  const origin = root.attrs.get('origin')?.trim();
  const codesEls = root.children.filter((c) => c.name === 'Codes');
  if (codesEls.length === 0)
    problems.push({ where: 'CodeBook', line: root.line, message: 'there is no <Codes> element, so there are no codes to import' });
  if (codesEls.length > 1)
    problems.push({ where: 'CodeBook', line: codesEls[1]!.line, message: 'there is more than one <Codes> element; a codebook has one' });

  /** Every guid seen, for duplicates and for set members: guidKey → where and the spelling used. */
  const seen = new Map<string, { where: string; line: number; guid: string; isCode: boolean }>();

  const readGuid = (el: XmlElement, where: string, isCode: boolean): string | undefined => {
    const guid = el.attrs.get('guid')?.trim();
    if (!guid) {
      problems.push({ where, line: el.line, message: 'no guid' });
      return undefined;
    }
    if (!isGuid(guid)) {
      problems.push({ where, line: el.line, message: `the guid “${guid}” ${BAD_GUID}` });
      return guid;
    }
    const earlier = seen.get(guidKey(guid));
    if (earlier)
      problems.push({
        where,
        line: el.line,
        message: `the guid ${guid} is used twice: ${earlier.where} (line ${earlier.line}) has it too`,
      });
    else seen.set(guidKey(guid), { where, line: el.line, guid, isCode });
    return guid;
  };

  const label = (kind: string, el: XmlElement, position: number): string => {
    const name = el.attrs.get('name')?.trim();
    return name ? `${kind} “${name}”` : `${kind} #${position}`;
  };

  const readCode = (el: XmlElement, parentWhere: string, position: number): QdcCode => {
    const where = `${parentWhere} > ${label('Code', el, position)}`;
    const name = el.attrs.get('name')?.trim() ?? '';
    if (!name) problems.push({ where, line: el.line, message: 'no name' });
    const guid = readGuid(el, where, true) ?? '';
    const codable = readBoolean(el.attrs.get('isCodable'));
    if (codable === 'bad')
      problems.push({ where, line: el.line, message: `isCodable is “${el.attrs.get('isCodable')}”; it must be true or false` });
    const rawColour = el.attrs.get('color');
    let color: string | null = null;
    if (rawColour !== undefined && rawColour.trim() !== '') {
      color = normaliseColour(rawColour);
      if (color === null) problems.push({ where, line: el.line, message: `the colour “${rawColour}” ${BAD_COLOUR}` });
    }
    const description = tidyText(el.children.find((c) => c.name === 'Description')?.text ?? '');
    const childEls = el.children.filter((c) => c.name === 'Code');
    return {
      guid,
      name,
      description,
      color,
      isCodable: codable === undefined || codable === 'bad' ? true : codable,
      children: childEls.map((c, i) => readCode(c, where, i + 1)),
    };
  };

  const codesEl = codesEls[0];
  const codes = codesEl ? codesEl.children.filter((c) => c.name === 'Code').map((c, i) => readCode(c, 'Codes', i + 1)) : [];
  if (codesEl && codes.length === 0) problems.push({ where: 'Codes', line: codesEl.line, message: 'there are no codes in it' });

  const sets: QdcSet[] = [];
  const memberChecks: { guid: string; where: string; line: number; set: QdcSet; index: number }[] = [];
  for (const setsEl of root.children.filter((c) => c.name === 'Sets')) {
    setsEl.children
      .filter((c) => c.name === 'Set')
      .forEach((el, i) => {
        const where = `Sets > ${label('Set', el, i + 1)}`;
        const name = el.attrs.get('name')?.trim() ?? '';
        if (!name) problems.push({ where, line: el.line, message: 'no name' });
        const guid = readGuid(el, where, false) ?? '';
        const set: QdcSet = {
          guid,
          name,
          description: tidyText(el.children.find((c) => c.name === 'Description')?.text ?? ''),
          memberGuids: [],
        };
        el.children
          .filter((c) => c.name === 'MemberCode')
          .forEach((m, j) => {
            const memberWhere = `${where} > MemberCode #${j + 1}`;
            const target = (m.attrs.get('guid') ?? m.attrs.get('targetGUID'))?.trim();
            if (!target) problems.push({ where: memberWhere, line: m.line, message: 'no guid saying which code is the member' });
            else memberChecks.push({ guid: target, where: memberWhere, line: m.line, set, index: j });
          });
        sets.push(set);
      });
  }
  // Members are checked once every code is known, since sets may come before codes in a hand-edited file.
  for (const m of memberChecks) {
    const target = seen.get(guidKey(m.guid));
    if (!target?.isCode) {
      problems.push({ where: m.where, line: m.line, message: `points at no code: no code in this file has the guid ${m.guid}` });
      continue;
    }
    if (!m.set.memberGuids.includes(target.guid)) m.set.memberGuids.push(target.guid);
  }

  if (problems.length) throw new CodebookFileInvalid(problems);
  return { ...(origin ? { origin } : {}), codes, sets };
}

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

// ---------------------------------------------------------------------------------------------
// Families: where imported codes go
// ---------------------------------------------------------------------------------------------

/** The code families every evaluation has, with the labels Cairn shows. Evaluations may add custom ones. */
export const STANDARD_FAMILIES: readonly { key: string; label: string }[] = [
  { key: 'context', label: 'Context' },
  { key: 'mechanism', label: 'Mechanism' },
  { key: 'short_term_outcome', label: 'Short-term outcome' },
  { key: 'long_term_outcome', label: 'Long-term outcome' },
  { key: 'self_identified_outcome', label: 'Self-identified outcome' },
  { key: 'enabler', label: 'Enabler' },
  { key: 'barrier', label: 'Barrier' },
];

/** A family of the evaluation: its key, or its key and label (a label is matched too). */
export type FamilyRef = string | { key: string; label?: string };

/**
 * A family name reduced to what matters, so "Short-term outcomes", "short_term_outcome" and
 * "SHORT TERM OUTCOME" are one name: lower case, words split on anything not a letter or digit,
 * each word's plural "s"/"es" taken off ("processes" → "process"; words ending "ss" kept), joined by "_".
 * Both sides of a comparison go through it, so an odd singular is harmless.
 */
export function familyMatchKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((w) => (w.length > 3 && /(ss|x|ch|sh)es$/.test(w) ? w.slice(0, -2) : w.length > 2 && /[^s]s$/.test(w) ? w.slice(0, -1) : w))
    .join('_');
}

/**
 * The deterministic guid Cairn writes for a family's top-level code (and, with `set`, its set), so
 * the same codebook always gives the same file and a family comes back to the same key on import.
 * Name-based UUID (version 5, SHA-1) in a namespace of Cairn's own.
 */
export function familyGuid(key: string, kind: 'code' | 'set' = 'code'): string {
  const namespace = Buffer.from('5b1e0d8a3c7f4e2a9d6b0c4f8e2a7d31', 'hex');
  const hash = createHash('sha1').update(namespace).update(`cairn-family:${kind}:${key}`, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex').toUpperCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface FamilyPlacement {
  key: string;
  /** The evaluation's label when it gave one, else the file's top-level code name, else the standard label, else the key. */
  label: string;
  /** Codes in this family, nesting kept. */
  codes: QdcCode[];
  /** What put codes here, for the person importing: `top-level code “Contexts”`, `set “Barriers”`, `chosen family`. */
  placedBy: string[];
}

export interface UnplacedCode {
  /** The top-level code, with everything under it. */
  code: QdcCode;
  where: string;
  reason: string;
}

export interface Placement {
  /** In the order of the evaluation's families; only families that receive codes or appear in the file. */
  families: FamilyPlacement[];
  unplaced: UnplacedCode[];
}

export interface PlaceOptions {
  /** The family the evaluator chose (`--family`): every code goes there, nesting kept. Key or label, matched loosely. */
  family?: string;
  /** The evaluation's families: the standard ones and any custom ones. */
  families: readonly FamilyRef[];
}

const allGuids = (c: QdcCode): string[] => [c.guid, ...c.children.flatMap(allGuids)];

/**
 * Which family each imported code goes to. Codes keep their nesting, so a top-level code moves with
 * everything under it.
 *
 * - With `family`, every top-level code goes to that family (which must be one of `families`).
 * - Otherwise a top-level code named after a family (“Contexts”, “Short-term outcomes”, or carrying
 *   the guid Cairn gives that family on export) stands for the family: its children become the
 *   family's codes, and the code itself is not imported.
 * - Any other top-level code goes to the family its set names, when it or codes under it are in
 *   sets named after exactly one family (ATLAS.ti keeps families as code groups, which are sets).
 * - Codes matching no family, or sets naming two, are returned in `unplaced` with the reason.
 */
export function placeInFamilies(codebook: Codebook, options: PlaceOptions): Placement {
  const families = options.families.map((f) => (typeof f === 'string' ? { key: f } : f));
  const standardLabel = (key: string) => STANDARD_FAMILIES.find((s) => s.key === key)?.label;
  const matching = (name: string): string[] => {
    const k = familyMatchKey(name);
    if (!k) return [];
    return families
      .filter((f) => familyMatchKey(f.key) === k || (f.label !== undefined && familyMatchKey(f.label) === k))
      .map((f) => f.key);
  };
  const byGuid = new Map(families.map((f) => [guidKey(familyGuid(f.key)), f.key]));

  const placed = new Map<string, FamilyPlacement>();
  const target = (key: string, fileName?: string): FamilyPlacement => {
    let p = placed.get(key);
    if (!p) {
      const known = families.find((f) => f.key === key);
      p = { key, label: known?.label ?? fileName ?? standardLabel(key) ?? key, codes: [], placedBy: [] };
      placed.set(key, p);
    }
    return p;
  };
  const note = (p: FamilyPlacement, why: string) => {
    if (!p.placedBy.includes(why)) p.placedBy.push(why);
  };
  const unplaced: UnplacedCode[] = [];
  const whereOf = (c: QdcCode) => `Codes > Code “${c.name}”`;

  if (options.family !== undefined) {
    const keys = matching(options.family);
    if (keys.length !== 1) {
      const list = families.map((f) => f.key).join(', ');
      throw new Invalid(
        keys.length === 0
          ? `No family of this evaluation matches “${options.family}”. Its families are: ${list}.`
          : `“${options.family}” matches more than one family (${keys.join(', ')}); give the family's key.`,
        [{ path: ['family'], message: keys.length === 0 ? `no family matches “${options.family}”` : `matches ${keys.join(', ')}` }],
      );
    }
    const p = target(keys[0]!);
    note(p, 'chosen family');
    p.codes.push(...codebook.codes);
  } else {
    const setsFamilies = codebook.sets.map((s) => ({ set: s, keys: matching(s.name) }));
    for (const code of codebook.codes) {
      const exported = byGuid.get(guidKey(code.guid));
      const nameKeys = exported ? [exported] : matching(code.name);
      if (nameKeys.length === 1) {
        const p = target(nameKeys[0]!, code.name);
        note(p, `top-level code “${code.name}”`);
        p.codes.push(...code.children);
        continue;
      }
      if (nameKeys.length > 1) {
        unplaced.push({
          code,
          where: whereOf(code),
          reason: `its name matches more than one family (${nameKeys.join(', ')}); choose one with --family`,
        });
        continue;
      }
      const inTree = new Set(allGuids(code).map(guidKey));
      const hits = setsFamilies.filter((s) => s.keys.length > 0 && s.set.memberGuids.some((g) => inTree.has(guidKey(g))));
      const keys = [...new Set(hits.flatMap((h) => h.keys))];
      if (keys.length === 1) {
        const p = target(keys[0]!);
        for (const h of hits) note(p, `set “${h.set.name}”`);
        p.codes.push(code);
      } else if (keys.length > 1) {
        const named = hits.map((h) => `“${h.set.name}”`).join(', ');
        unplaced.push({ code, where: whereOf(code), reason: `it is in sets for different families (${named}); choose one with --family` });
      } else {
        unplaced.push({
          code,
          where: whereOf(code),
          reason: `no family is named “${code.name}”, and it is in no set named after a family; put it under a top-level code named after its family, or choose a family with --family`,
        });
      }
    }
  }

  const order = families.map((f) => f.key);
  return {
    families: [...placed.values()].sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key)),
    unplaced,
  };
}

// ---------------------------------------------------------------------------------------------
// Cairn's codebook shape
// ---------------------------------------------------------------------------------------------

export interface CairnCode {
  /** The code's GUID: kept from an imported file, or made for a new code (crypto.randomUUID()). */
  id: string;
  name: string;
  description: string;
  color: string | null;
  children: CairnCode[];
}

export interface CairnFamily {
  key: string;
  label: string;
  codes: CairnCode[];
}

export interface CairnCodebook {
  families: CairnFamily[];
}

/**
 * A Cairn codebook as a REFI-QDA codebook. Each family becomes a top-level code that groups its codes
 * (isCodable false: a folder in NVivo and MAXQDA, a category in QualCoder) and also a set of all its
 * codes (a code group in ATLAS.ti, which shows sets rather than nesting). Both carry guids made from
 * the family key, so the file is the same every time.
 */
export function cairnToCodebook(cairn: CairnCodebook): Codebook {
  const toQdc = (c: CairnCode): QdcCode => ({
    guid: c.id,
    name: c.name,
    description: c.description,
    color: c.color,
    isCodable: true,
    children: c.children.map(toQdc),
  });
  const ids = (c: CairnCode): string[] => [c.id, ...c.children.flatMap(ids)];
  return {
    codes: cairn.families.map((f) => ({
      guid: familyGuid(f.key),
      name: f.label,
      description: '',
      color: null,
      isCodable: false,
      children: f.codes.map(toQdc),
    })),
    sets: cairn.families.map((f) => ({
      guid: familyGuid(f.key, 'set'),
      name: f.label,
      description: '',
      memberGuids: f.codes.flatMap(ids),
    })),
  };
}

/**
 * Placed codes in Cairn's shape. Whether a code was codable in the other program is not kept: in
 * Cairn every code can be ticked, and a code that only grouped others is simply a parent code.
 */
export function codebookToCairn(placement: Placement): CairnCodebook {
  const toCairn = (c: QdcCode): CairnCode => ({
    id: c.guid,
    name: c.name,
    description: c.description,
    color: c.color,
    children: c.children.map(toCairn),
  });
  return { families: placement.families.map((f) => ({ key: f.key, label: f.label, codes: f.codes.map(toCairn) })) };
}

/** The CSV export's columns, in order. */
export const CODEBOOK_CSV_COLUMNS = ['family', 'code', 'parent', 'description', 'color', 'guid'] as const;

/**
 * The codebook as CSV: a row per code, each family's codes in tree order (a parent before its
 * children), `family` as the family key (as codings.csv names it), `parent` as the parent code's name
 * ('' at the top), `color` as #RRGGBB or ''. The guid tells apart codes with the same name.
 */
export function codebookToCsv(cairn: CairnCodebook): string {
  const rows: string[][] = [[...CODEBOOK_CSV_COLUMNS]];
  const walk = (family: string, codes: CairnCode[], parent: string) => {
    for (const c of codes) {
      rows.push([family, c.name, parent, c.description, c.color === null ? '' : (normaliseColour(c.color) ?? c.color), c.id]);
      walk(family, c.children, c.name);
    }
  };
  for (const f of cairn.families) walk(f.key, f.codes, '');
  return stringify(safeRows(rows));
}
