/**
 * Retrieving what is coded with a code (a code's page, its export, the split page): pure rules over
 * plain data. Which codes a retrieval covers (the code alone, or with every code under it, as NVivo's
 * "aggregate" and MAXQDA's "include subcodes"), and the respondents-by-group figures on the page, with
 * the evaluation's disclosure rule applied as the cross-tab applies it.
 */
import { type SuppressionReason, complementarySuppression } from './disclosure.js';

export interface CodeLink {
  id: string;
  parentId: string | null;
}

/** The code, then (when asked) every code under it at any depth, parents before children. */
export function codesCovered(all: readonly CodeLink[], codeId: string, subcodes: boolean): string[] {
  if (!all.some((c) => c.id === codeId)) return [];
  if (!subcodes) return [codeId];
  const children = new Map<string, string[]>();
  for (const c of all) if (c.parentId) children.set(c.parentId, [...(children.get(c.parentId) ?? []), c.id]);
  const out: string[] = [];
  const seen = new Set<string>();
  const queue = [codeId];
  while (queue.length) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(id);
    queue.push(...(children.get(id) ?? []));
  }
  return out;
}

export interface GroupCount {
  group: string;
  respondents: number;
}
export interface GroupFigure {
  group: string;
  /** null when suppressed. */
  respondents: number | null;
  suppressed: SuppressionReason | null;
}

/**
 * Respondents coded, by group (participant type), with the evaluation's threshold applied: a group of
 * fewer than `threshold` respondents (but some) is suppressed, and since the total is shown, a second
 * group is suppressed when one alone would be given back by subtraction (the cross-tab's rule,
 * `complementarySuppression`). Groups in the order given.
 */
export function groupFigures(groups: readonly GroupCount[], threshold: number): GroupFigure[] {
  if (groups.length === 0) return [];
  const values = [groups.map((g) => g.respondents)];
  const primary = [groups.map((g) => g.respondents > 0 && g.respondents < threshold)];
  const { reasons } = complementarySuppression({ values, primary, rowTotals: true, columnTotals: false });
  return groups.map((g, i) => {
    const reason = reasons[0]![i] ?? null;
    return { group: g.group, respondents: reason ? null : g.respondents, suppressed: reason };
  });
}

/** A retrieval's rows for a CSV or XLSX: one per passage, respondent coded and quote, with a header. */
export interface RetrievedPassage {
  number: number;
  transcript: string;
  respondent: string;
  participantType: string | null;
  code: string;
  text: string;
  memo: string | null;
}
export interface RetrievedCoding {
  respondent: string;
  participantType: string | null;
  code: string;
  sources: string[];
}
export interface RetrievedQuote {
  respondent: string;
  participantType: string | null;
  code: string;
  transcript: string;
  passageNumber: number;
  text: string;
  attribution: string;
  publishable: boolean;
}

export const RETRIEVAL_HEADER = [
  'kind',
  'transcript',
  'passage',
  'respondent',
  'participant_type',
  'code',
  'text',
  'how_coded',
  'attribution',
  'publishable',
  'memo',
];

const SOURCE_WORDS: Record<string, string> = { tick: 'ticked', passage: 'coded passage', import: 'imported' };

export function retrievalRows(r: {
  passages: readonly RetrievedPassage[];
  codings: readonly RetrievedCoding[];
  quotes: readonly RetrievedQuote[];
}): (string | number | null)[][] {
  return [
    RETRIEVAL_HEADER,
    ...r.passages.map((p) => [
      'passage',
      p.transcript,
      p.number,
      p.respondent,
      p.participantType,
      p.code,
      p.text,
      null,
      null,
      null,
      p.memo,
    ]),
    ...r.codings.map((c) => [
      'respondent coded',
      null,
      null,
      c.respondent,
      c.participantType,
      c.code,
      null,
      c.sources.map((s) => SOURCE_WORDS[s] ?? s).join('; '),
      null,
      null,
      null,
    ]),
    ...r.quotes.map((q) => [
      'quote',
      q.transcript,
      q.passageNumber,
      q.respondent,
      q.participantType,
      q.code,
      q.text,
      null,
      q.attribution,
      q.publishable ? 'yes' : 'no',
      null,
    ]),
  ];
}
