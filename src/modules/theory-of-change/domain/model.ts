/**
 * A theory of change as plain data: stages in order, nodes that sit in a stage, and links from one node
 * to another with the reasoning behind them. One shape serves the editor, the versions, the exports and
 * the validation against evidence, so each of those is a function over this and nothing else.
 *
 * Nodes and links carry keys that stay the same from version to version (a new draft copies them), so a
 * diff can tell a renamed node from a removed one and a new one.
 */

export const ASSUMPTION_KINDS = ['contextual', 'theoretical'] as const;
export type AssumptionKind = (typeof ASSUMPTION_KINDS)[number];

/** The five stages the PCF review drew, in its own order: a programme may rename, add or remove them. */
export const DEFAULT_STAGES: readonly Stage[] = [
  { key: 'inputs', label: 'Inputs' },
  { key: 'activities', label: 'Activities' },
  { key: 'learning-and-action', label: 'Change in learning and action' },
  { key: 'short-term-outcomes', label: 'Short-term outcomes' },
  { key: 'long-term-outcomes', label: 'Long-term outcomes' },
];

export interface Stage {
  key: string;
  label: string;
}

export interface Assumption {
  text: string;
  kind: AssumptionKind;
}

export interface TocNode {
  key: string;
  label: string;
  stage: string;
  description: string;
  /** Evaluation questions this step should answer, in the evaluator's words. */
  questions: string[];
  /** Where the editor last placed it; null until someone moves it (then the layout decides). */
  position: { x: number; y: number } | null;
}

export interface TocLink {
  key: string;
  from: string;
  to: string;
  /** Why does this lead to that? */
  rationale: string;
  /** What the programme does that drives this step. */
  interventions: string[];
  assumptions: Assumption[];
}

export interface TheoryModel {
  stages: Stage[];
  nodes: TocNode[];
  links: TocLink[];
}

/** One thing wrong with a model, at a path a form or file reader can point to. */
export interface ModelProblem {
  path: string;
  message: string;
}

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('en-GB');

/**
 * Every problem of a model at once: stages and node labels unique (a node is found by its label in
 * imports and mappings, so two of one name would be ambiguous), each node in a stage that exists, each
 * link between two different nodes that exist, no link drawn twice.
 */
export function modelProblems(model: TheoryModel): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const stageKeys = new Set<string>();
  const stageLabels = new Set<string>();
  model.stages.forEach((s, i) => {
    if (!s.label.trim()) problems.push({ path: `stages.${i}.label`, message: 'Enter a name for the stage' });
    else if (stageLabels.has(norm(s.label)))
      problems.push({ path: `stages.${i}.label`, message: `There is already a stage called “${s.label.trim()}”` });
    if (stageKeys.has(s.key)) problems.push({ path: `stages.${i}.key`, message: 'Two stages have the same key' });
    stageKeys.add(s.key);
    stageLabels.add(norm(s.label));
  });
  if (model.stages.length === 0) problems.push({ path: 'stages', message: 'A theory of change needs at least one stage' });

  const nodeKeys = new Set<string>();
  const nodeLabels = new Map<string, number>();
  model.nodes.forEach((n, i) => {
    if (!n.label.trim()) problems.push({ path: `nodes.${i}.label`, message: 'Enter what this step is' });
    else if (nodeLabels.has(norm(n.label)))
      problems.push({
        path: `nodes.${i}.label`,
        message: `There is already a step called “${n.label.trim()}”: give each step its own name`,
      });
    if (!stageKeys.has(n.stage))
      problems.push({ path: `nodes.${i}.stage`, message: `Choose a stage for “${n.label.trim() || 'this step'}”` });
    if (nodeKeys.has(n.key)) problems.push({ path: `nodes.${i}.key`, message: 'Two steps have the same key' });
    nodeKeys.add(n.key);
    nodeLabels.set(norm(n.label), i);
  });

  const labelOf = new Map(model.nodes.map((n) => [n.key, n.label.trim()]));
  const pairs = new Set<string>();
  const linkKeys = new Set<string>();
  model.links.forEach((l, i) => {
    if (!nodeKeys.has(l.from)) problems.push({ path: `links.${i}.from`, message: 'Choose the step this link starts from' });
    if (!nodeKeys.has(l.to)) problems.push({ path: `links.${i}.to`, message: 'Choose the step this link leads to' });
    if (l.from === l.to && nodeKeys.has(l.from))
      problems.push({ path: `links.${i}.to`, message: `A link cannot lead from “${labelOf.get(l.from)}” to itself` });
    const pair = `${l.from}\u0000${l.to}`;
    if (pairs.has(pair)) problems.push({ path: `links.${i}`, message: `“${labelOf.get(l.from)}” already leads to “${labelOf.get(l.to)}”` });
    if (linkKeys.has(l.key)) problems.push({ path: `links.${i}.key`, message: 'Two links have the same key' });
    pairs.add(pair);
    linkKeys.add(l.key);
    l.assumptions.forEach((a, j) => {
      if (!a.text.trim()) problems.push({ path: `links.${i}.assumptions.${j}.text`, message: 'Enter the assumption, or remove it' });
      if (!ASSUMPTION_KINDS.includes(a.kind))
        problems.push({ path: `links.${i}.assumptions.${j}.kind`, message: 'Say whether the assumption is contextual or theoretical' });
    });
  });
  return problems;
}

/** A node found by its label as people type it (case and spacing aside), as imports and mappings name nodes. */
export function nodeByLabel(model: TheoryModel, label: string): TocNode | undefined {
  const wanted = norm(label);
  return model.nodes.find((n) => norm(n.label) === wanted);
}

/** A stage found by its label or its key, as a Kumu element's type or a CSV's stage column names it. */
export function stageByName(stages: readonly Stage[], name: string): Stage | undefined {
  const wanted = norm(name);
  return stages.find((s) => norm(s.label) === wanted || norm(s.key) === wanted);
}

/** A key made from a label, unique among `taken`: readable in exports and stable once made. */
export function keyFrom(label: string, taken: ReadonlySet<string>): string {
  const base =
    label
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48) || 'step';
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}-${n}`;
  return key;
}

/** The stage's position, so links can be read as going forward (left to right) or back. */
export function stageIndex(model: TheoryModel): Map<string, number> {
  return new Map(model.stages.map((s, i) => [s.key, i]));
}
