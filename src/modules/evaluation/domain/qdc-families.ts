/** REFI-QDA codebooks: which Cairn code family each imported code goes to (see qdc.ts). */
import { createHash } from 'node:crypto';
import { type QdcCode, type QdcSet, type Codebook, guidKey, refusal } from './qdc.js';

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

/**
 * A family of the evaluation: its key, or its key and label (a label is matched too), and the guid of
 * the top-level code it was last imported from, when it was (matched as well as Cairn's own guid).
 */
export type FamilyRef = string | { key: string; label?: string; guid?: string | null | undefined };

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
  /**
   * For each of `codes`, its index among the file's top-level codes when it was one itself (placed by
   * a set, a chosen family, or as a code already in the family), or null when it came in as a child of
   * the top-level code that stands for the family. Keeps the file's top-level order for the export.
   */
  positions: (number | null)[];
  /**
   * The top-level code that stands for the family (named after it, or carrying its guid): its guid,
   * name, description, colour and codable flag are the family's in the file, and go back out on
   * export. The first, when two stand for one family (their children are joined). Its children are
   * in `codes`, not here.
   */
  topCode: { code: QdcCode; index: number } | null;
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
  /** The file's sets, as the file has them: kept and given back on export. */
  sets: QdcSet[];
}

export interface PlaceOptions {
  /** The family the evaluator chose (`--family`): every code goes there, nesting kept. Key or label, matched loosely. */
  family?: string | undefined;
  /** The evaluation's families: the standard ones and any custom ones. */
  families: readonly FamilyRef[];
  /**
   * Codes the evaluation already has, by `guidKey` of their guid → their family's key. A top-level
   * code of the file that is one of them goes back to its family (so a file Cairn wrote, whose
   * codes sat at the top because a set or a chosen family placed them, comes back without choosing).
   */
  knownCodes?: ReadonlyMap<string, string> | undefined;
}

const allGuids = (c: QdcCode): string[] => [c.guid, ...c.children.flatMap(allGuids)];

/**
 * Which family each imported code goes to. Codes keep their nesting, so a top-level code moves with
 * everything under it.
 *
 * - With `family`, every top-level code goes to that family (which must be one of `families`).
 * - Otherwise a top-level code already in the evaluation (`knownCodes`) goes back to its family.
 * - A top-level code named after a family (“Contexts”, “Short-term outcomes”, or carrying
 *   the guid Cairn gives that family on export, or the one it was imported with) stands for the
 *   family: its children become the family's codes, and the code itself is the family's `topCode`.
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
  for (const f of families) if (f.guid) byGuid.set(guidKey(f.guid), f.key);

  const placed = new Map<string, FamilyPlacement>();
  const target = (key: string, fileName?: string): FamilyPlacement => {
    let p = placed.get(key);
    if (!p) {
      const known = families.find((f) => f.key === key);
      p = { key, label: known?.label ?? fileName ?? standardLabel(key) ?? key, codes: [], positions: [], topCode: null, placedBy: [] };
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
      throw refusal(
        keys.length === 0
          ? `No family of this evaluation matches “${options.family}”. Its families are: ${list}.`
          : `“${options.family}” matches more than one family (${keys.join(', ')}); give the family's key.`,
        [{ path: ['family'], message: keys.length === 0 ? `no family matches “${options.family}”` : `matches ${keys.join(', ')}` }],
      );
    }
    const p = target(keys[0]!);
    note(p, 'chosen family');
    p.codes.push(...codebook.codes);
    p.positions.push(...codebook.codes.map((_, i) => i));
  } else {
    const setsFamilies = codebook.sets.map((s) => ({ set: s, keys: matching(s.name) }));
    for (const [index, code] of codebook.codes.entries()) {
      const exported = byGuid.get(guidKey(code.guid));
      const knownIn = exported ? undefined : options.knownCodes?.get(guidKey(code.guid));
      if (knownIn !== undefined && families.some((f) => f.key === knownIn)) {
        const p = target(knownIn);
        note(p, 'codes already in the family');
        p.codes.push(code);
        p.positions.push(index);
        continue;
      }
      const nameKeys = exported ? [exported] : matching(code.name);
      if (nameKeys.length === 1) {
        const p = target(nameKeys[0]!, code.name);
        note(p, `top-level code “${code.name}”`);
        p.topCode ??= { code, index };
        p.codes.push(...code.children);
        p.positions.push(...code.children.map(() => null));
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
        p.positions.push(index);
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
    sets: codebook.sets,
  };
}
