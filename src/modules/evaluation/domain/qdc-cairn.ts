/** REFI-QDA codebooks: Cairn's codebook shape, to and from the REFI-QDA model, and the CSV export (see qdc.ts). */
import { csvOf } from '../../../spreadsheet/write.js';
import { type QdcCode, type Codebook, normaliseColour } from './qdc.js';
import { type Placement, familyGuid } from './qdc-families.js';

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
  return csvOf(rows);
}
