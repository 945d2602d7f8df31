/** REFI-QDA codebooks: Cairn's codebook shape, to and from the REFI-QDA model, and the CSV export (see qdc.ts). */
import { csvOf } from '../../../spreadsheet/write.js';
import { type QdcCode, type Codebook, guidKey, normaliseColour } from './qdc.js';
import { type Placement, familyGuid } from './qdc-families.js';

// ---------------------------------------------------------------------------------------------
// Cairn's codebook shape
// ---------------------------------------------------------------------------------------------

export interface CairnCode {
  /**
   * The code's GUID as it goes into a file: kept from an imported file as that file spelled it
   * (braces and letter case), or made for a new code (crypto.randomUUID()).
   */
  id: string;
  name: string;
  description: string;
  color: string | null;
  /** false for a code that only groups others in the program it came from (kept for the round trip); true when absent. */
  codable?: boolean;
  /**
   * Where the code stood among the file's top-level codes, for a code at the top of a family whose
   * codes sit at the file's top level (`topCode: null`); ignored elsewhere.
   */
  topPosition?: number | undefined;
  children: CairnCode[];
}

/** The top-level code that stands for a family in a REFI-QDA file. */
export interface FamilyTopCode {
  guid: string;
  name: string;
  isCodable: boolean;
}

export interface CairnFamily {
  key: string;
  label: string;
  /** The family's description and colour ('' and null when none): those of the top-level code it came from. */
  description?: string | undefined;
  color?: string | null | undefined;
  /**
   * How the family goes into a REFI-QDA file:
   * - absent: as Cairn's own top-level code (guid from the key, the label as name, not codable),
   *   and only when it has codes;
   * - a top-level code: the one it was imported from, its guid, name and codable flag as that file
   *   had them; written even when it has no codes, since the file had it;
   * - null: not at all: its codes sit at the file's top level, as they did in the file they came
   *   from (placed by their sets, or into a chosen family).
   */
  topCode?: FamilyTopCode | null | undefined;
  /** Where the family's top-level code stood among the file's top-level codes. */
  topPosition?: number | undefined;
  codes: CairnCode[];
}

/** A set of codes (an ATLAS.ti code group, a MAXQDA code set), as the evaluator made it in their program. */
export interface CairnSet {
  guid: string;
  name: string;
  description: string;
  /** Guids of member codes (or of a family's top-level code); members no longer in the codebook are left out on export. */
  memberGuids: string[];
}

export interface CairnCodebook {
  families: CairnFamily[];
  /** The sets to write: only ones made in a QDA program and imported; Cairn adds none. */
  sets?: CairnSet[] | undefined;
}

const toQdc = (c: CairnCode): QdcCode => ({
  guid: c.id,
  name: c.name,
  description: c.description,
  color: c.color,
  isCodable: c.codable ?? true,
  children: c.children.map(toQdc),
});

/** Earlier first; items with no position (Cairn's own) before imported ones, in the families' order. */
const byTopPosition = (a: { at: number | undefined; order: number }, b: { at: number | undefined; order: number }) =>
  a.at === b.at ? a.order - b.order : a.at === undefined ? -1 : b.at === undefined ? 1 : a.at - b.at;

/**
 * A Cairn codebook as a REFI-QDA codebook. A family becomes a top-level code that groups its codes:
 * the one it was imported from (its guid, name, colour, description and codable flag given back), or
 * for a family made in Cairn, one with a guid made from the family key and `isCodable` false (a folder
 * in NVivo and MAXQDA, a category in QualCoder), written only when the family has codes. A family whose
 * codes sat at the top of the file they came from puts them back there. Top-level items keep the
 * file's order. Sets are the imported ones only, members no longer in the codebook left out.
 */
export function cairnToCodebook(cairn: CairnCodebook): Codebook {
  const items: { at: number | undefined; order: number; code: QdcCode }[] = [];
  for (const f of cairn.families) {
    if (f.topCode === null) {
      for (const c of f.codes) items.push({ at: c.topPosition, order: items.length, code: toQdc(c) });
      continue;
    }
    if (f.topCode === undefined && f.codes.length === 0) continue;
    const top = f.topCode ?? { guid: familyGuid(f.key), name: f.label, isCodable: false };
    items.push({
      at: f.topPosition,
      order: items.length,
      code: {
        guid: top.guid,
        name: top.name,
        description: f.description ?? '',
        color: f.color ?? null,
        isCodable: top.isCodable,
        children: f.codes.map(toQdc),
      },
    });
  }
  const codes = items.sort(byTopPosition).map((i) => i.code);
  const spelled = new Map<string, string>();
  const walk = (c: QdcCode) => {
    spelled.set(guidKey(c.guid), c.guid);
    c.children.forEach(walk);
  };
  codes.forEach(walk);
  const sets = (cairn.sets ?? []).map((s) => ({
    guid: s.guid,
    name: s.name,
    description: s.description,
    memberGuids: s.memberGuids.flatMap((g) => {
      const hit = spelled.get(guidKey(g));
      return hit === undefined ? [] : [hit];
    }),
  }));
  return { codes, sets };
}

/**
 * Placed codes in Cairn's shape, keeping what the round trip needs: each code's guid as spelled and
 * its codable flag; each family's top-level code (guid, name, codable flag, description, colour) or
 * that it had none; where top-level items stood; the file's sets.
 */
export function codebookToCairn(placement: Placement): CairnCodebook {
  const toCairn = (c: QdcCode, topPosition?: number): CairnCode => ({
    id: c.guid,
    name: c.name,
    description: c.description,
    color: c.color,
    codable: c.isCodable,
    ...(topPosition === undefined ? {} : { topPosition }),
    children: c.children.map((child) => toCairn(child)),
  });
  return {
    families: placement.families.map((f) => {
      const top = f.topCode?.code;
      return {
        key: f.key,
        label: f.label,
        ...(top
          ? {
              description: top.description,
              color: top.color,
              topCode: { guid: top.guid, name: top.name, isCodable: top.isCodable },
              topPosition: f.topCode!.index,
            }
          : { topCode: null }),
        codes: f.codes.map((c, i) => toCairn(c, f.positions[i] ?? undefined)),
      };
    }),
    sets: placement.sets.map((s) => ({ guid: s.guid, name: s.name, description: s.description, memberGuids: [...s.memberGuids] })),
  };
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
