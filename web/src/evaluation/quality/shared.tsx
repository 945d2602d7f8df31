// Evaluation quality: the API's answers and the words and addresses the quality pages share.
import { useProgramme } from '../../app/programme-frame.js';

// ---- the API's answers (see src/modules/evaluation/quality-routes.ts)

export interface CodeRef {
  id: string;
  name: string;
  family: string;
}
export interface Configurations {
  data: {
    total: number;
    minSupport: number;
    raisedFrom: number | null;
    disclosureThreshold: number;
    outcomeFamilies: { key: string; label: string }[];
    found: { configurations: number; contextMechanism: number; mechanismOutcome: number };
    configurations: {
      context: CodeRef;
      mechanism: CodeRef;
      outcome: CodeRef;
      support: number;
      share: number;
      lift: number;
      small: boolean;
    }[];
    contextMechanism: Pair[];
    mechanismOutcome: Pair[];
  };
  abilities: { respondents: boolean };
}
export interface Pair {
  from: CodeRef;
  to: CodeRef;
  support: number;
  share: number;
  lift: number;
  confidence: number;
  small: boolean;
}
export interface CellAnswer {
  data: {
    cell: { context: CodeRef | null; mechanism: CodeRef | null; outcome: CodeRef | null };
    total: number;
    found: number;
    respondents: {
      id: string;
      ref: string;
      participantType: string | null;
      project: string | null;
      themes: string[];
      place: string | null;
      quotes: { id: string; text: string; attribution: string }[];
    }[];
  };
}
interface Reading {
  band: string | null;
  label: string;
  meaning: string;
}
export interface Kappa {
  observed: number | null;
  expected: number | null;
  kappa: number | null;
  reason: string | null;
  reading: Reading;
}
interface Person {
  id: string;
  name: string;
  email: string;
}
export interface AgreementAnswer {
  data: {
    family: { key: string; label: string } | null;
    coders: (Person & { respondents: number })[];
    agreement: {
      coderA: Person;
      coderB: Person;
      respondents: number;
      onlyCodedByA: number;
      onlyCodedByB: number;
      perCode: (Kappa & {
        codeId: string;
        code: string;
        familyLabel: string;
        both: number;
        onlyA: number;
        onlyB: number;
        neither: number;
      })[];
      overall: Kappa & { codes: number; codesWithoutVariation: number };
    } | null;
  };
}

export const OUTCOME_FAMILY_LABEL: Record<string, string> = {
  '': 'Short-term and long-term outcomes',
  short_term_outcome: 'Short-term outcomes only',
  long_term_outcome: 'Long-term outcomes only',
};

export const lift = (n: number) => n.toFixed(2);
export const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
export const kappa = (k: number | null) => (k === null ? 'Not worked out' : k.toFixed(2));

export function usePaths(slug: string) {
  const { api, base, crumbs } = useProgramme();
  const apiBase = `${api}/evaluations/${encodeURIComponent(slug)}`;
  const home = `${base}/evaluations/${encodeURIComponent(slug)}`;
  const trail = (title: string, ...more: { href: string; label: string }[]) =>
    crumbs({ href: `${base}/evaluations`, label: 'Evaluations' }, { href: home, label: title }, ...more);
  return { apiBase, home, trail };
}
