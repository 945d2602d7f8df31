/**
 * Checking an evidence folder (see import.ts for the whole): respondents.csv read once to number its
 * respondents, codings.csv read once with every row checked and kept as (respondent number, code)
 * pairs in typed arrays, and the codes it names matched to the codebook. Problems in the rows go to
 * `rowErrors`, those needing the database (unknown project, family or respondent; a name matching two
 * codes) to `dbErrors`.
 */
import { eq } from 'drizzle-orm';
import type { Queryable } from '../../../db/database.js';
import { familyMatchKey } from '../domain/qdc-families.js';
import { codes } from '../schema.js';
import {
  EVIDENCE_FILES,
  type EvidenceProgress,
  type Problems,
  REF_MAX,
  type Sheet,
  at,
  cellsOf,
  norm,
  respondentColumns,
} from './files.js';

/** respondents.csv checked: a number per respondent, in file order. */
export interface RespondentsChecked {
  /** Each respondent in the file by reference: their number (0, 1, … in file order). */
  numberOfRef: Map<string, number>;
  /** The row each numbered respondent is on, for messages. */
  rowOfNumber: number[];
  typeLabels: Set<string>;
  inFile: number;
  withdrawn: number;
}

export async function checkRespondentsFile(
  people: Sheet,
  projectIdOf: (text: string) => string | null,
  rowErrors: Problems,
  dbErrors: Problems,
): Promise<RespondentsChecked> {
  const [iRef, iProject, iType, iConsent] = respondentColumns(people);
  const numberOfRef = new Map<string, number>();
  const rowOfNumber: number[] = [];
  const typeLabels = new Set<string>();
  let withdrawn = 0;
  for await (const batch of people.batches()) {
    for (let r = 0; r < batch.length; r++) {
      const row = batch.rows[r]!;
      const cells = cellsOf(batch, r);
      const ref = cells[iRef] ?? '';
      if (!ref) rowErrors.push(at('respondents.csv', row, 'respondent_id', 'enter the respondent’s pseudonymous id'));
      else if (ref.length > REF_MAX) rowErrors.push(at('respondents.csv', row, 'respondent_id', `keep it to ${REF_MAX} characters`));
      else if (numberOfRef.has(ref))
        rowErrors.push(at('respondents.csv', row, 'respondent_id', `${ref} is already on row ${rowOfNumber[numberOfRef.get(ref)!]}`));
      else {
        numberOfRef.set(ref, rowOfNumber.length);
        rowOfNumber.push(row);
      }
      const consent = (cells[iConsent] ?? '').toLowerCase();
      if (consent !== 'given' && consent !== 'withdrawn')
        rowErrors.push(at('respondents.csv', row, 'consent', `must be given or withdrawn, not “${cells[iConsent] ?? ''}”`));
      else if (consent === 'withdrawn') withdrawn += 1;
      const project = cells[iProject] ?? '';
      if (project && !projectIdOf(project))
        dbErrors.push(at('respondents.csv', row, 'project', `no project called ${project} in projects.csv or in the programme`));
      const type = cells[iType] ?? '';
      if (type) typeLabels.add(type);
    }
  }
  return { numberOfRef, rowOfNumber, typeLabels, inFile: rowOfNumber.length, withdrawn };
}

/** A code codings.csv names: `<family id>|<code name>`, its first row, the name as written. */
export interface NamedCode {
  key: string;
  row: number;
  familyId: string;
  name: string;
}

interface Family {
  id: string;
  key: string;
  label: string;
}

/** codings.csv checked: its (respondent number, index into `named`) pairs, `pairs` of them. */
export interface CodingsChecked {
  rows: number;
  /** The codes the file names, in the order first named. */
  named: NamedCode[];
  /** Respondents already in the evaluation whom codings.csv names but respondents.csv does not: numbered after the file's. */
  extraPeople: string[];
  pairPerson: Int32Array;
  pairCode: Int32Array;
  pairs: number;
}

export async function checkCodingsFile(
  coded: Sheet,
  known: {
    respondents: RespondentsChecked;
    personByRef: Map<string, unknown>;
    families: Family[];
    onProgress?: EvidenceProgress | undefined;
  },
  rowErrors: Problems,
  dbErrors: Problems,
): Promise<CodingsChecked> {
  const { numberOfRef, inFile } = known.respondents;
  const { personByRef, families } = known;
  // Families by key or label, matched loosely ("Short-term outcomes" finds short_term_outcome).
  const familyOf = new Map<string, Family>();
  for (const f of families) {
    familyOf.set(familyMatchKey(f.key), f);
    familyOf.set(familyMatchKey(f.label), f);
  }
  let rows = 0;
  /** The codes the file names, in the order first named: `<family id>|<code name>`, first row, name as written. */
  const named: { key: string; row: number; familyId: string; name: string }[] = [];
  const namedIndex = new Map<string, number>();
  /** What a (family, code) pair of cells names: an index into `named`, or -1 for no such family; cached, as the same text repeats millions of times. */
  const indexOfCells = new Map<string, Map<string, number>>();
  /** Respondents already in the evaluation whom codings.csv names but respondents.csv does not: numbered after the file's. */
  const extraPeople: string[] = [];
  let pairPerson = new Int32Array(1 << 20);
  let pairCode = new Int32Array(1 << 20);
  let pairs = 0;
  const codingsSize = Math.max(1, coded.size);
  let bytesRead = 0;
  const [iCRef, iFamily, iCode] = EVIDENCE_FILES['codings.csv'].map((h) => coded.column(h)) as [number, number, number];
  for await (const batch of coded.batches((n) => {
    bytesRead += n;
  })) {
    const { cells: all, start: begin } = batch;
    let lastRef = '';
    let lastPerson: number | undefined;
    for (let r = 0; r < batch.length; r++) {
      rows += 1;
      const row = batch.rows[r]!;
      const from = begin[r]!;
      const width = begin[r + 1]! - from;
      const ref = iCRef < width ? all[from + iCRef]! : '';
      const family = iFamily < width ? all[from + iFamily]! : '';
      const code = iCode < width ? all[from + iCode]! : '';
      if (!ref || !family || !code) {
        if (!ref) rowErrors.push(at('codings.csv', row, 'respondent_id', 'this cell is empty'));
        if (!family) rowErrors.push(at('codings.csv', row, 'family', 'this cell is empty'));
        if (!code) rowErrors.push(at('codings.csv', row, 'code', 'this cell is empty'));
        continue;
      }
      // Codings usually come a respondent at a time: the same reference as the row before needs no look-up.
      let person = ref === lastRef ? lastPerson : numberOfRef.get(ref);
      lastRef = ref;
      lastPerson = person;
      if (person === undefined && personByRef.has(ref)) {
        person = inFile + extraPeople.length;
        numberOfRef.set(ref, person);
        extraPeople.push(ref);
        lastPerson = person;
      }
      if (person === undefined)
        dbErrors.push(at('codings.csv', row, 'respondent_id', `${ref} is not in respondents.csv or the evaluation`));
      let ofFamily = indexOfCells.get(family);
      if (!ofFamily) indexOfCells.set(family, (ofFamily = new Map()));
      let index = ofFamily.get(code);
      if (index === undefined) {
        const f = familyOf.get(familyMatchKey(family));
        if (!f) index = -1;
        else {
          const key = `${f.id}|${norm(code)}`;
          index = namedIndex.get(key);
          if (index === undefined) {
            namedIndex.set(key, (index = named.length));
            named.push({ key, row, familyId: f.id, name: code });
          }
        }
        ofFamily.set(code, index);
      }
      if (index < 0) {
        dbErrors.push(
          at('codings.csv', row, 'family', `no code family ${family} (the families are ${families.map((f) => f.key).join(', ')})`),
        );
        continue;
      }
      if (person === undefined || dbErrors.length) continue;
      if (pairs === pairPerson.length) {
        const grow = (old: Int32Array) => {
          const next = new Int32Array(old.length * 2);
          next.set(old);
          return next;
        };
        pairPerson = grow(pairPerson);
        pairCode = grow(pairCode);
      }
      pairPerson[pairs] = person;
      pairCode[pairs] = index;
      pairs++;
    }
    known.onProgress?.('codings', rows, Math.max(rows, Math.round((rows * codingsSize) / Math.max(1, bytesRead))));
  }
  known.onProgress?.('codings', rows, rows);
  return { rows, named, extraPeople, pairPerson, pairCode, pairs };
}

/**
 * The codebook's code for each name (by name within the family: any depth when only one code has it,
 * else the top-level one); names no code has are to be created.
 */
export async function matchCodes(tx: Queryable, evaluationId: string, named: NamedCode[], families: Family[], dbErrors: Problems) {
  const allCodes = await tx
    .select({ id: codes.id, name: codes.name, familyId: codes.familyId, parentId: codes.parentId, number: codes.number })
    .from(codes)
    .where(eq(codes.evaluationId, evaluationId));
  const codesByName = new Map<string, typeof allCodes>();
  for (const c of allCodes) {
    const k = `${c.familyId}|${norm(c.name)}`;
    codesByName.set(k, [...(codesByName.get(k) ?? []), c]);
  }
  const codeOf: { id: string; number: number }[] = [];
  const toCreate: number[] = [];
  named.forEach((first, index) => {
    const hits = codesByName.get(first.key) ?? [];
    const top = hits.filter((h) => h.parentId === null);
    if (hits.length === 1) codeOf[index] = hits[0]!;
    else if (top.length === 1) codeOf[index] = top[0]!;
    else if (hits.length > 1) {
      const family = families.find((f) => f.id === first.familyId)!;
      dbErrors.push(
        at(
          'codings.csv',
          first.row,
          'code',
          `${first.name} names ${hits.length} codes in ${family.label}: rename one in the codebook first`,
        ),
      );
    } else toCreate.push(index);
  });
  return { codeOf, toCreate };
}
