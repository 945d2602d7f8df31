// A theory of change as the editors hold it: stages, steps (nodes) and links, the shape of
// src/modules/theory-of-change/domain/model.ts as the API sends it (the generated types). Every edit either view makes (the
// drawing, the outline) is one of the plain functions below, so both change the same model the same way.

export type Stage = Schemas['TocStage'];
export type Assumption = Schemas['TocAssumption'];
export type AssumptionKind = Assumption['kind'];
export const ASSUMPTION_KINDS = ['contextual', 'theoretical'] as const satisfies readonly AssumptionKind[];
/** A step; `position` is where someone last placed it in the drawing, null while the automatic layout decides. */
export type TocNode = Schemas['TocNode'];
export type TocLink = Schemas['TocLink'];
export type TheoryModel = Schemas['TheoryModel'];
import type { components } from '../../api/schema.generated.js';

type Schemas = components['schemas'];

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('en-GB');

/** A key made from a label, unique among those taken (as the server's keyFrom makes them). */
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

export const nodeLabel = (m: TheoryModel, key: string) => m.nodes.find((n) => n.key === key)?.label ?? key;
export const stageLabel = (m: TheoryModel, key: string) => m.stages.find((s) => s.key === key)?.label ?? key;
export const linkName = (m: TheoryModel, l: Pick<TocLink, 'from' | 'to'>) => `${nodeLabel(m, l.from)} → ${nodeLabel(m, l.to)}`;

/** What is wrong with a step's label before it is saved: empty, or another step's name already. */
export function labelProblem(m: TheoryModel, label: string, self?: string): string | null {
  if (!label.trim()) return 'Enter what this step is';
  const clash = m.nodes.find((n) => n.key !== self && norm(n.label) === norm(label));
  return clash ? `There is already a step called “${clash.label.trim()}”: give each step its own name` : null;
}

/** What is wrong with a new link before it is drawn. */
export function linkProblem(m: TheoryModel, from: string, to: string): { field: 'from' | 'to'; message: string } | null {
  if (!m.nodes.some((n) => n.key === from)) return { field: 'from', message: 'Choose the step the link starts from' };
  if (!m.nodes.some((n) => n.key === to)) return { field: 'to', message: 'Choose the step the link leads to' };
  if (from === to) return { field: 'to', message: `A link cannot lead from “${nodeLabel(m, from)}” to itself` };
  if (m.links.some((l) => l.from === from && l.to === to))
    return { field: 'to', message: `“${nodeLabel(m, from)}” already leads to “${nodeLabel(m, to)}”` };
  return null;
}

/** A new step in a stage, with a label nobody else has ("New step 2" when "New step" is taken). */
export function addNode(
  m: TheoryModel,
  stage: string,
  label?: string,
  position: TocNode['position'] = null,
): { model: TheoryModel; key: string } {
  let name = label?.trim() || 'New step';
  if (!label) for (let n = 2; labelProblem(m, name); n++) name = `New step ${n}`;
  const key = keyFrom(name, new Set(m.nodes.map((n) => n.key)));
  const node: TocNode = { key, label: name, stage, description: '', questions: [], position };
  return { model: { ...m, nodes: [...m.nodes, node] }, key };
}

export function updateNode(m: TheoryModel, key: string, change: Partial<Omit<TocNode, 'key'>>): TheoryModel {
  return { ...m, nodes: m.nodes.map((n) => (n.key === key ? { ...n, ...change } : n)) };
}

/** Removes a step and every link to or from it. */
export function removeNode(m: TheoryModel, key: string): TheoryModel {
  return { ...m, nodes: m.nodes.filter((n) => n.key !== key), links: m.links.filter((l) => l.from !== key && l.to !== key) };
}

export function addLink(m: TheoryModel, from: string, to: string): { model: TheoryModel; key: string } {
  const key = keyFrom(`${from}-to-${to}`, new Set(m.links.map((l) => l.key)));
  const link: TocLink = { key, from, to, rationale: '', interventions: [], assumptions: [] };
  return { model: { ...m, links: [...m.links, link] }, key };
}

export function updateLink(m: TheoryModel, key: string, change: Partial<Omit<TocLink, 'key'>>): TheoryModel {
  return { ...m, links: m.links.map((l) => (l.key === key ? { ...l, ...change } : l)) };
}

export function removeLink(m: TheoryModel, key: string): TheoryModel {
  return { ...m, links: m.links.filter((l) => l.key !== key) };
}

/** Every saved position forgotten, so the automatic layout places every step again. */
export function clearPositions(m: TheoryModel): TheoryModel {
  return { ...m, nodes: m.nodes.map((n) => (n.position ? { ...n, position: null } : n)) };
}

/** One item a line: interventions and evaluation questions as a person types them in a text box. */
export const lines = (text: string) =>
  text
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
