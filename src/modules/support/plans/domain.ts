/**
 * Action plans and phase plans (issue 16, point 7), as plain data: what a plan holds, who took part in
 * making it (ownership), how an annual review reads, and what changed between two versions. No database,
 * no HTTP: the service stores what these functions check, and the page shows what they say.
 */

export const HORIZONS = ['short', 'long'] as const;
export type Horizon = (typeof HORIZONS)[number];
export const HORIZON_WORDS: Record<Horizon, string> = { short: 'Short term (one year)', long: 'Longer term (three years)' };

export const ACTION_STATUSES = ['not_started', 'in_progress', 'done', 'dropped'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const ACTION_STATUS_WORDS: Record<ActionStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  done: 'Done',
  dropped: 'Dropped',
};

export const JUDGEMENTS = ['on_track', 'some_progress', 'not_started', 'dropped'] as const;
export type Judgement = (typeof JUDGEMENTS)[number];
export const JUDGEMENT_WORDS: Record<Judgement, string> = {
  on_track: 'On track',
  some_progress: 'Some progress',
  not_started: 'Not started',
  dropped: 'Dropped',
};

export interface Priority {
  id: string;
  horizon: Horizon;
  text: string;
}
export interface Action {
  id: string;
  /** The priority it serves; null for an action that serves the plan as a whole. */
  priorityId: string | null;
  text: string;
  owner: string;
  dueOn: string | null;
  status: ActionStatus;
}
/** Someone (or a group) who took part in making or reviewing the plan: "Open meeting at the church hall", 23. */
export interface Participant {
  who: string;
  count: number;
}
export interface Milestone {
  id: string;
  text: string;
  dueOn: string | null;
}
export interface MatchFunding {
  source: string;
  amountPence: number;
  confirmed: boolean;
}
/** What a phase plan adds (PBSA phase 2 → 3): the impact sought, milestones, match funding, and managing with less. */
export interface PhasePart {
  impact: string;
  milestones: Milestone[];
  matchFunding: MatchFunding[];
  reducedFunding: string;
}
export interface PlanContent {
  title: string;
  purpose: string;
  priorities: Priority[];
  actions: Action[];
  participants: Participant[];
  phase: PhasePart | null;
}

export interface FieldProblem {
  path: (string | number)[];
  message: string;
}

// ---- ownership

/** Fewer people than this and the plan is held by one or two: the page nudges to widen it. */
export const WIDE_OWNERSHIP = 3;

export interface Ownership {
  /** People who took part, summed over every participant line. */
  people: number;
  /** True when one or two people (or nobody recorded) made it. */
  narrow: boolean;
  /** In words, for the page and the printed plan. */
  words: string;
}

export function ownershipOf(participants: readonly Participant[]): Ownership {
  const people = participants.reduce((sum, p) => sum + p.count, 0);
  const narrow = people < WIDE_OWNERSHIP;
  const made = people === 0 ? 'Nobody is recorded as taking part yet' : `${people} ${people === 1 ? 'person' : 'people'} took part`;
  const nudge = narrow
    ? '. A plan made by one or two people is rarely owned by the group: ask more members, residents and partners to shape it.'
    : '';
  return { people, narrow, words: `${made}${nudge}` };
}

// ---- checks across fields

/** Actions point at this plan's own priorities; ids are unique; dates and amounts make sense. */
export function contentProblems(content: PlanContent, kind: 'action' | 'phase'): FieldProblem[] {
  const out: FieldProblem[] = [];
  const ids = new Set<string>();
  content.priorities.forEach((p, i) => {
    if (ids.has(p.id))
      out.push({ path: ['priorities', i, 'id'], message: 'Two priorities are marked as the same one: save the plan again from its page' });
    ids.add(p.id);
  });
  content.actions.forEach((a, i) => {
    if (a.priorityId !== null && !ids.has(a.priorityId))
      out.push({ path: ['actions', i, 'priorityId'], message: 'Choose one of this plan’s priorities for the action' });
  });
  if (kind === 'phase' && content.phase === null)
    out.push({
      path: ['phase'],
      message: 'A phase plan needs its impact, milestones, match funding and how reduced funding will be managed',
    });
  if (kind === 'action' && content.phase !== null)
    out.push({ path: ['phase'], message: 'Only a phase plan has impact, milestones and match funding' });
  return out;
}

/** Pounds of match funding, confirmed and in all. */
export function matchFundingTotals(phase: PhasePart | null): { confirmedPence: number; totalPence: number } {
  const rows = phase?.matchFunding ?? [];
  return {
    confirmedPence: rows.filter((r) => r.confirmed).reduce((s, r) => s + r.amountPence, 0),
    totalPence: rows.reduce((s, r) => s + r.amountPence, 0),
  };
}

// ---- annual review

export interface ReviewJudgement {
  priorityId: string;
  judgement: Judgement;
  notes: string;
  next: string;
}

/** A review judges every priority of the version it reviews, once each, and nothing else. */
export function reviewProblems(priorities: readonly Priority[], judgements: readonly ReviewJudgement[]): FieldProblem[] {
  const out: FieldProblem[] = [];
  const known = new Set(priorities.map((p) => p.id));
  const seen = new Set<string>();
  judgements.forEach((j, i) => {
    if (!known.has(j.priorityId)) out.push({ path: ['judgements', i, 'priorityId'], message: 'That priority is not in this plan' });
    else if (seen.has(j.priorityId)) out.push({ path: ['judgements', i, 'priorityId'], message: 'That priority is judged twice' });
    seen.add(j.priorityId);
  });
  priorities.forEach((p) => {
    if (!seen.has(p.id)) out.push({ path: ['judgements'], message: `Say how the priority “${p.text}” is going` });
  });
  return out;
}

export interface ReviewSummary {
  /** How many priorities had each judgement, in the order of JUDGEMENTS. */
  counts: Record<Judgement, number>;
  /** Per horizon, the same counts. */
  byHorizon: Record<Horizon, Record<Judgement, number>>;
  /** "3 of 5 priorities on track or making some progress; 1 dropped". */
  words: string;
}

const zero = (): Record<Judgement, number> => ({ on_track: 0, some_progress: 0, not_started: 0, dropped: 0 });

export function reviewSummary(priorities: readonly Priority[], judgements: readonly ReviewJudgement[]): ReviewSummary {
  const horizonOf = new Map(priorities.map((p) => [p.id, p.horizon]));
  const counts = zero();
  const byHorizon: Record<Horizon, Record<Judgement, number>> = { short: zero(), long: zero() };
  for (const j of judgements) {
    const h = horizonOf.get(j.priorityId);
    if (!h) continue;
    counts[j.judgement]++;
    byHorizon[h][j.judgement]++;
  }
  const judged = JUDGEMENTS.reduce((s, k) => s + counts[k], 0);
  const moving = counts.on_track + counts.some_progress;
  const parts = [`${moving} of ${judged} ${judged === 1 ? 'priority' : 'priorities'} on track or making some progress`];
  if (counts.not_started) parts.push(`${counts.not_started} not started`);
  if (counts.dropped) parts.push(`${counts.dropped} dropped`);
  return { counts, byHorizon, words: parts.join('; ') };
}

// ---- history: what changed from one version to the next

export interface PlanChange {
  /** What part of the plan: "Purpose", "Priority", "Action", "Who took part", "Milestone", "Match funding", … */
  part: string;
  kind: 'added' | 'removed' | 'changed';
  /** In words: "Priority added: Open the community shop". */
  words: string;
}

const clip = (s: string) => (s.length > 80 ? `${s.slice(0, 77)}…` : s);

function diffById<T extends { id: string }>(
  part: string,
  before: readonly T[],
  after: readonly T[],
  name: (x: T) => string,
  same: (a: T, b: T) => boolean,
): PlanChange[] {
  const out: PlanChange[] = [];
  const was = new Map(before.map((x) => [x.id, x]));
  const now = new Map(after.map((x) => [x.id, x]));
  for (const x of after) {
    const old = was.get(x.id);
    if (!old) out.push({ part, kind: 'added', words: `${part} added: ${clip(name(x))}` });
    else if (!same(old, x)) out.push({ part, kind: 'changed', words: `${part} changed: ${clip(name(x))}` });
  }
  for (const x of before) if (!now.has(x.id)) out.push({ part, kind: 'removed', words: `${part} removed: ${clip(name(x))}` });
  return out;
}

const json = (v: unknown) => JSON.stringify(v);

/** The changes from `before` to `after`, in the order a reader meets them on the plan. */
export function planDiff(before: PlanContent, after: PlanContent): PlanChange[] {
  const out: PlanChange[] = [];
  const text = (part: string, a: string, b: string) => {
    if (a !== b) out.push({ part, kind: 'changed', words: `${part} changed` });
  };
  text('Title', before.title, after.title);
  text('Purpose', before.purpose, after.purpose);
  out.push(
    ...diffById(
      'Priority',
      before.priorities,
      after.priorities,
      (p) => p.text,
      (a, b) => json(a) === json(b),
    ),
  );
  out.push(
    ...diffById(
      'Action',
      before.actions,
      after.actions,
      (a) => a.text,
      (a, b) => json(a) === json(b),
    ),
  );
  const oldPeople = ownershipOf(before.participants).people;
  const newPeople = ownershipOf(after.participants).people;
  if (json(before.participants) !== json(after.participants))
    out.push({ part: 'Who took part', kind: 'changed', words: `Who took part changed (${oldPeople} → ${newPeople} people)` });
  const bp = before.phase;
  const ap = after.phase;
  if (bp && !ap) out.push({ part: 'Phase plan', kind: 'removed', words: 'Phase plan removed' });
  if (!bp && ap) out.push({ part: 'Phase plan', kind: 'added', words: 'Phase plan added' });
  if (bp && ap) {
    text('Impact', bp.impact, ap.impact);
    out.push(
      ...diffById(
        'Milestone',
        bp.milestones,
        ap.milestones,
        (m) => m.text,
        (a, b) => json(a) === json(b),
      ),
    );
    if (json(bp.matchFunding) !== json(ap.matchFunding))
      out.push({ part: 'Match funding', kind: 'changed', words: 'Match funding changed' });
    text('Managing reduced funding', bp.reducedFunding, ap.reducedFunding);
  }
  return out;
}

/** An empty plan, as a new one starts. */
export const emptyContent = (title: string, kind: 'action' | 'phase'): PlanContent => ({
  title,
  purpose: '',
  priorities: [],
  actions: [],
  participants: [],
  phase: kind === 'phase' ? { impact: '', milestones: [], matchFunding: [], reducedFunding: '' } : null,
});
