/** REFI-QDA codebooks: reading a .qdc file (see qdc.ts). Every problem is gathered, with where it is; all or nothing. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import {
  type QdcCode,
  type QdcSet,
  type Codebook,
  MAX_CODEBOOK_BYTES,
  MAX_NESTING,
  type QdcProblem,
  CodebookFileInvalid,
  fileProblem,
  isGuid,
  guidKey,
  normaliseColour,
  BAD_GUID,
  BAD_COLOUR,
  NOT_XML_CHARS,
} from './qdc.js';

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
