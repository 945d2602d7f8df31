// Where each step goes: ELK's layered layout, left to right, one partition per stage in the stages'
// order, so every stage is a column and links run forward. Steps someone placed by hand keep their
// place; the stage columns (lanes) are drawn around whatever the steps' places are.
import ElkBundle from 'elkjs/lib/elk.bundled.js';
import type { TheoryModel } from './model.js';

export const NODE_WIDTH = 200;
const LINE_HEIGHT = 20;
const CHARS_PER_LINE = 24;
const LANE_PAD = 24;
const LANE_HEAD = 64;

/** A step's height: its label's lines at about 24 characters a line, and room for its counts and indicators. */
export const nodeHeight = (label: string, withCounts: boolean, indicators: readonly string[] = []) =>
  (Math.max(1, Math.ceil(label.length / CHARS_PER_LINE)) + (withCounts ? 1 : 0)) * LINE_HEIGHT +
  indicators.reduce((h, line) => h + Math.ceil(line.length / 30) * 17, 0) +
  28;

export interface Lane {
  stage: string;
  label: string;
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface Layout {
  positions: Map<string, { x: number; y: number }>;
  lanes: Lane[];
}

// The bundle is CommonJS: its constructor is the module itself and also its `default`, which is what TypeScript sees.
const elk = new ElkBundle.default();

export async function layoutModel(
  model: TheoryModel,
  withCounts: boolean,
  indicators: ReadonlyMap<string, readonly string[]> = new Map(),
): Promise<Layout> {
  const partition = new Map(model.stages.map((s, i) => [s.key, i]));
  // A stage without steps still gets its column: a thin placeholder in its partition.
  const empty = model.stages.filter((s) => !model.nodes.some((n) => n.stage === s.key));
  const keys = new Set(model.nodes.map((n) => n.key));
  const graph = {
    id: 'theory',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.partitioning.activate': 'true',
      // Steps without links would otherwise be packed as separate graphs, outside their stage's column.
      'elk.separateConnectedComponents': 'false',
      'elk.spacing.nodeNode': '32',
      // With the evidence shown, each link carries its counts: room for them between the columns.
      'elk.layered.spacing.nodeNodeBetweenLayers': withCounts ? '176' : '96',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    },
    children: [
      ...model.nodes.map((n) => ({
        id: n.key,
        width: NODE_WIDTH,
        height: nodeHeight(n.label, withCounts, indicators.get(n.key)),
        layoutOptions: { 'elk.partitioning.partition': String(partition.get(n.stage) ?? 0) },
      })),
      ...empty.map((s) => ({
        id: `stage:${s.key}`,
        width: NODE_WIDTH,
        height: 1,
        layoutOptions: { 'elk.partitioning.partition': String(partition.get(s.key)) },
      })),
    ],
    // A link back to an earlier stage would fight the partitions: ELK lays out only the forward ones.
    edges: model.links
      .filter((l) => keys.has(l.from) && keys.has(l.to))
      .filter((l) => {
        const from = model.nodes.find((n) => n.key === l.from)!;
        const to = model.nodes.find((n) => n.key === l.to)!;
        return (partition.get(from.stage) ?? 0) <= (partition.get(to.stage) ?? 0);
      })
      .map((l) => ({ id: l.key, sources: [l.from], targets: [l.to] })),
  };
  const out = await elk.layout(graph);
  const placed = new Map<string, { x: number; y: number }>();
  for (const c of out.children ?? []) placed.set(c.id, { x: c.x ?? 0, y: (c.y ?? 0) + LANE_HEAD });
  const positions = new Map<string, { x: number; y: number }>();
  for (const n of model.nodes) positions.set(n.key, n.position ?? placed.get(n.key) ?? { x: 0, y: LANE_HEAD });
  return { positions, lanes: lanesAround(model, positions, placed, (n) => nodeHeight(n.label, withCounts, indicators.get(n.key))) };
}

/** Each stage's column: from its leftmost step to its rightmost, split halfway between neighbours. */
function lanesAround(
  model: TheoryModel,
  positions: Map<string, { x: number; y: number }>,
  placed: Map<string, { x: number; y: number }>,
  heightOf: (n: TheoryModel['nodes'][number]) => number,
): Lane[] {
  let bottom = LANE_HEAD + 80;
  const spans = model.stages.map((s) => {
    const xs: number[] = [];
    for (const n of model.nodes) {
      if (n.stage !== s.key) continue;
      const p = positions.get(n.key)!;
      xs.push(p.x);
      bottom = Math.max(bottom, p.y + heightOf(n));
    }
    const holder = placed.get(`stage:${s.key}`);
    if (!xs.length && holder) xs.push(holder.x);
    return { stage: s, min: Math.min(...xs), max: Math.max(...xs) + NODE_WIDTH };
  });
  return spans.map((span, i) => {
    const before = spans[i - 1];
    const after = spans[i + 1];
    const left = before ? (before.max + span.min) / 2 : span.min - LANE_PAD;
    const right = after ? (span.max + after.min) / 2 : span.max + LANE_PAD;
    return {
      stage: span.stage.key,
      label: span.stage.label,
      x: left,
      y: 0,
      width: Math.max(right - left, NODE_WIDTH + LANE_PAD),
      height: bottom + LANE_PAD,
    };
  });
}

/** The stage whose column holds the point x (the nearest one beyond either end). */
export function stageAt(lanes: Lane[], x: number): string | null {
  if (!lanes.length) return null;
  const hit = lanes.find((l) => x >= l.x && x < l.x + l.width);
  if (hit) return hit.stage;
  return x < lanes[0]!.x ? lanes[0]!.stage : lanes[lanes.length - 1]!.stage;
}
