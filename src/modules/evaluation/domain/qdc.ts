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
 * This file holds the model and its problems; the rest is beside it: qdc-read.ts (parseCodebook),
 * qdc-write.ts (writeCodebook), qdc-families.ts (placeInFamilies, STANDARD_FAMILIES) and
 * qdc-cairn.ts (Cairn's codebook shape and the CSV).
 *
 * Plain functions over plain data: no database, no HTTP. See README.md beside this file and
 * docs/decisions/007-refi-qda-xml-parser.md for the XML parser and its safety settings.
 */
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

export const fileProblem = (message: string, line?: number): CodebookFileInvalid =>
  new CodebookFileInvalid([{ where: 'File', message, ...(line ? { line } : {}) }]);

// ---------------------------------------------------------------------------------------------
// Shared rules: guids and colours
// ---------------------------------------------------------------------------------------------

const HEX_GUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
/** Codebook.xsd's GUIDType: with or without curly braces. */
const GUID = new RegExp(`^(?:${HEX_GUID}|\\{${HEX_GUID}\\})$`);

export const isGuid = (value: string): boolean => GUID.test(value);

/** One GUID spelled two ways ({ABC…} and abc…) is the same GUID. */
export const guidKey = (guid: string): string => guid.replace(/^\{|\}$/g, '').toLowerCase();

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

export const BAD_GUID = 'is not a GUID (32 hexadecimal digits in groups, like 0D62985D-B147-5D01-A9B5-CAE5DCD98342)';
export const BAD_COLOUR = 'is not a colour as #RRGGBB (like #46AA00)';

/** Outside XML 1.0's Char production (control characters, U+FFFE/U+FFFF, lone surrogates): never allowed in a document. */
export const NOT_XML_CHARS =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A refusal that is not about the file (a family the caller named, say): the same Invalid (422) as elsewhere. */
export const refusal = (message: string, errors: ConstructorParameters<typeof Invalid>[1]): Invalid => new Invalid(message, errors);
