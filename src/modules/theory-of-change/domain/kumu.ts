/**
 * Kumu blueprints, the JSON Kumu imports and exports: `{"elements": [...], "connections": [...]}`.
 * An element is a step: its `label`, its `type` naming its stage, its `description`; a connection joins
 * two elements by label (`from`, `to`), its `description` the rationale. Kumu's project backups nest the
 * same under `attributes` ("element type", "connection type") and join by `_id`; both are read.
 *
 * What Kumu has no field for (a link's interventions and assumptions, a step's evaluation questions) is
 * written as custom fields, which Kumu keeps and shows, so a Cairn model survives the trip through Kumu.
 */
import { ASSUMPTION_KINDS, type Assumption, type ModelProblem, type Stage, type TheoryModel, keyFrom, stageByName } from './model.js';

export interface KumuBlueprint {
  elements: KumuElement[];
  connections: KumuConnection[];
}
export interface KumuElement {
  label: string;
  type: string;
  description?: string;
  'evaluation questions'?: string[];
  [field: string]: unknown;
}
export interface KumuConnection {
  from: string;
  to: string;
  description?: string;
  interventions?: string[];
  'contextual assumptions'?: string[];
  'theoretical assumptions'?: string[];
  [field: string]: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
/** A list field: Kumu writes one value as a string and several as an array (or "a | b" in spreadsheets). */
const list = (v: unknown): string[] =>
  (Array.isArray(v) ? v.map(text) : typeof v === 'string' ? v.split('|') : []).map((s) => s.trim()).filter(Boolean);

export function isKumuBlueprint(data: unknown): boolean {
  return isObject(data) && Array.isArray(data.elements) && !('format' in data);
}

export interface KumuRead {
  model: TheoryModel;
  problems: ModelProblem[];
}

/**
 * A model from a blueprint. Stages are the given ones, matched by label or key (case aside); an element
 * type naming no stage adds one after them, in the order first met. Every problem is reported at once.
 */
export function readKumu(data: unknown, stages: readonly Stage[]): KumuRead {
  const problems: ModelProblem[] = [];
  const model: TheoryModel = { stages: stages.map((s) => ({ ...s })), nodes: [], links: [] };
  if (!isObject(data) || !Array.isArray(data.elements)) {
    return { model, problems: [{ path: 'elements', message: 'This is not a Kumu blueprint: it has no list of "elements"' }] };
  }
  const connections = Array.isArray(data.connections) ? data.connections : [];
  const stageKeys = new Set(model.stages.map((s) => s.key));
  const nodeKeys = new Set<string>();
  const byRef = new Map<string, string>();
  data.elements.forEach((raw, i) => {
    const el = isObject(raw) ? raw : {};
    const attrs = isObject(el.attributes) ? el.attributes : el;
    const label = text(attrs.label).trim();
    const type = text(attrs.type ?? attrs['element type']).trim();
    const where = `elements.${i}`;
    if (!label) {
      problems.push({ path: `${where}.label`, message: `Element ${i + 1} has no label` });
      return;
    }
    if (!type) {
      problems.push({ path: `${where}.type`, message: `Element ${i + 1} (“${label}”) has no type: its type names its stage` });
      return;
    }
    let stage = stageByName(model.stages, type);
    if (!stage) {
      stage = { key: keyFrom(type, stageKeys), label: type };
      stageKeys.add(stage.key);
      model.stages.push(stage);
    }
    const key = keyFrom(label, nodeKeys);
    nodeKeys.add(key);
    model.nodes.push({
      key,
      label,
      stage: stage.key,
      description: text(attrs.description),
      questions: list(attrs['evaluation questions']),
      position: null,
    });
    byRef.set(label.toLocaleLowerCase('en-GB'), key);
    if (typeof el._id === 'string') byRef.set(el._id, key);
    if (typeof el.id === 'string') byRef.set(el.id, key);
  });
  const linkKeys = new Set<string>();
  connections.forEach((raw, i) => {
    const c = isObject(raw) ? raw : {};
    const attrs = isObject(c.attributes) ? c.attributes : c;
    const ref = (v: unknown) => byRef.get(text(v)) ?? byRef.get(text(v).trim().toLocaleLowerCase('en-GB'));
    const from = ref(c.from);
    const to = ref(c.to);
    if (!from)
      problems.push({
        path: `connections.${i}.from`,
        message: `Connection ${i + 1} starts from “${text(c.from)}”, which is no element here`,
      });
    if (!to)
      problems.push({ path: `connections.${i}.to`, message: `Connection ${i + 1} leads to “${text(c.to)}”, which is no element here` });
    if (!from || !to) return;
    const assumptions: Assumption[] = ASSUMPTION_KINDS.flatMap((kind) =>
      list(attrs[`${kind} assumptions`]).map((t) => ({ text: t, kind })),
    );
    const key = keyFrom(`${from}-${to}`, linkKeys);
    linkKeys.add(key);
    model.links.push({ key, from, to, rationale: text(attrs.description), interventions: list(attrs.interventions), assumptions });
  });
  return { model, problems };
}

/** A blueprint Kumu imports, with each step's stage as its element type. */
export function writeKumu(model: TheoryModel): KumuBlueprint {
  const stageLabel = new Map(model.stages.map((s) => [s.key, s.label]));
  const labelOf = new Map(model.nodes.map((n) => [n.key, n.label]));
  return {
    elements: model.nodes.map((n) => ({
      label: n.label,
      type: stageLabel.get(n.stage) ?? n.stage,
      ...(n.description ? { description: n.description } : {}),
      ...(n.questions.length ? { 'evaluation questions': n.questions } : {}),
    })),
    connections: model.links.map((l) => {
      const byKind = (kind: string) => l.assumptions.filter((a) => a.kind === kind).map((a) => a.text);
      const contextual = byKind('contextual');
      const theoretical = byKind('theoretical');
      return {
        from: labelOf.get(l.from) ?? l.from,
        to: labelOf.get(l.to) ?? l.to,
        ...(l.rationale ? { description: l.rationale } : {}),
        ...(l.interventions.length ? { interventions: l.interventions } : {}),
        ...(contextual.length ? { 'contextual assumptions': contextual } : {}),
        ...(theoretical.length ? { 'theoretical assumptions': theoretical } : {}),
      };
    }),
  };
}
