/**
 * What changed between two versions of a theory of change, in words a reviewer reads: steps added,
 * removed, renamed or moved to another stage; links added or removed; a link's rationale,
 * interventions or assumptions changed; stages added, removed or renamed. Steps and links are matched
 * by the keys a new draft keeps from the version it was copied from, so a renamed step is one change,
 * not a removal and an addition.
 */
import type { Assumption, TheoryModel, TocLink } from './model.js';

export type ChangeKind =
  | 'stage added'
  | 'stage removed'
  | 'stage renamed'
  | 'step added'
  | 'step removed'
  | 'step renamed'
  | 'step re-staged'
  | 'step described'
  | 'link added'
  | 'link removed'
  | 'rationale changed'
  | 'interventions changed'
  | 'assumption added'
  | 'assumption removed'
  | 'assumption changed';

export interface Change {
  kind: ChangeKind;
  /** The step, link ("A → B") or stage it is about, as named in the newer version where it exists. */
  subject: string;
  /** The change in a sentence. */
  words: string;
}

const arrow = (from: string, to: string) => `${from} → ${to}`;
const quote = (s: string) => `“${s}”`;

function assumptionKey(a: Assumption): string {
  return a.text.trim().replace(/\s+/g, ' ').toLocaleLowerCase('en-GB');
}

function linkChanges(subject: string, before: TocLink, after: TocLink): Change[] {
  const out: Change[] = [];
  if (before.rationale.trim() !== after.rationale.trim())
    out.push({
      kind: 'rationale changed',
      subject,
      words: after.rationale.trim() ? `Why: now ${quote(after.rationale.trim())}` : 'Why: the rationale was removed',
    });
  const bi = before.interventions.map((s) => s.trim()).filter(Boolean);
  const ai = after.interventions.map((s) => s.trim()).filter(Boolean);
  if (bi.join('\n') !== ai.join('\n')) {
    const added = ai.filter((x) => !bi.includes(x));
    const removed = bi.filter((x) => !ai.includes(x));
    const parts = [
      ...(added.length ? [`added ${added.map(quote).join(', ')}`] : []),
      ...(removed.length ? [`removed ${removed.map(quote).join(', ')}`] : []),
    ];
    out.push({ kind: 'interventions changed', subject, words: `Interventions: ${parts.join('; ') || 'reordered'}` });
  }
  const beforeAssumptions = new Map(before.assumptions.map((a) => [assumptionKey(a), a]));
  const afterAssumptions = new Map(after.assumptions.map((a) => [assumptionKey(a), a]));
  for (const [k, a] of afterAssumptions) {
    const was = beforeAssumptions.get(k);
    if (!was) out.push({ kind: 'assumption added', subject, words: `New ${a.kind} assumption: ${quote(a.text.trim())}` });
    else if (was.kind !== a.kind)
      out.push({ kind: 'assumption changed', subject, words: `${quote(a.text.trim())} is now ${a.kind}, not ${was.kind}` });
  }
  for (const [k, a] of beforeAssumptions)
    if (!afterAssumptions.has(k)) out.push({ kind: 'assumption removed', subject, words: `No longer assumed: ${quote(a.text.trim())}` });
  return out;
}

/** Every change from `before` to `after`, stages first, then steps, then links, each in the newer version's order. */
export function diffModels(before: TheoryModel, after: TheoryModel): Change[] {
  const changes: Change[] = [];
  const stageBefore = new Map(before.stages.map((s) => [s.key, s]));
  const stageAfter = new Map(after.stages.map((s) => [s.key, s]));
  const stageName = (key: string) => stageAfter.get(key)?.label ?? stageBefore.get(key)?.label ?? key;
  for (const s of after.stages) {
    const was = stageBefore.get(s.key);
    if (!was) changes.push({ kind: 'stage added', subject: s.label, words: `New stage ${quote(s.label)}` });
    else if (was.label !== s.label)
      changes.push({ kind: 'stage renamed', subject: s.label, words: `Stage ${quote(was.label)} renamed ${quote(s.label)}` });
  }
  for (const s of before.stages)
    if (!stageAfter.has(s.key)) changes.push({ kind: 'stage removed', subject: s.label, words: `Stage ${quote(s.label)} removed` });

  const nodeBefore = new Map(before.nodes.map((n) => [n.key, n]));
  const nodeAfter = new Map(after.nodes.map((n) => [n.key, n]));
  for (const n of after.nodes) {
    const was = nodeBefore.get(n.key);
    if (!was) {
      changes.push({ kind: 'step added', subject: n.label, words: `New step ${quote(n.label)} in ${stageName(n.stage)}` });
      continue;
    }
    if (was.label !== n.label)
      changes.push({ kind: 'step renamed', subject: n.label, words: `${quote(was.label)} renamed ${quote(n.label)}` });
    if (was.stage !== n.stage)
      changes.push({
        kind: 'step re-staged',
        subject: n.label,
        words: `${quote(n.label)} moved from ${stageName(was.stage)} to ${stageName(n.stage)}`,
      });
    if (was.description.trim() !== n.description.trim() || was.questions.join('\n') !== n.questions.join('\n'))
      changes.push({ kind: 'step described', subject: n.label, words: `${quote(n.label)}: description or evaluation questions changed` });
  }
  for (const n of before.nodes)
    if (!nodeAfter.has(n.key)) changes.push({ kind: 'step removed', subject: n.label, words: `Step ${quote(n.label)} removed` });

  const labelAfter = (key: string) => nodeAfter.get(key)?.label ?? nodeBefore.get(key)?.label ?? key;
  const labelBefore = (key: string) => nodeBefore.get(key)?.label ?? key;
  // A link is the same link when it joins the same two steps, whatever its key: a link deleted and drawn
  // again between the same steps is not a change of the theory.
  const pair = (l: TocLink) => `${l.from}\u0000${l.to}`;
  const linkBefore = new Map(before.links.map((l) => [pair(l), l]));
  const linkAfter = new Map(after.links.map((l) => [pair(l), l]));
  for (const l of after.links) {
    const subject = arrow(labelAfter(l.from), labelAfter(l.to));
    const was = linkBefore.get(pair(l));
    if (!was) changes.push({ kind: 'link added', subject, words: `New link ${subject}` });
    else changes.push(...linkChanges(subject, was, l));
  }
  for (const l of before.links)
    if (!linkAfter.has(pair(l))) {
      const subject = arrow(labelBefore(l.from), labelBefore(l.to));
      changes.push({ kind: 'link removed', subject, words: `Link ${subject} removed` });
    }
  return changes;
}
