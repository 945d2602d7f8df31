// The drawing's pure parts (web/src/theory-of-change/drawing): the edits both editors make to the model,
// and the automatic layout (ELK) putting each stage in a column of its own, left to right.
import { describe, expect, it } from 'vitest';
import { layoutModel, stageAt } from '../../web/src/theory-of-change/drawing/layout.js';
import {
  type TheoryModel,
  addLink,
  addNode,
  clearPositions,
  labelProblem,
  linkProblem,
  removeNode,
  updateNode,
} from '../../web/src/theory-of-change/drawing/model.js';

const STAGES = [
  { key: 'inputs', label: 'Inputs' },
  { key: 'activities', label: 'Activities' },
  { key: 'learning-and-action', label: 'Change in learning and action' },
  { key: 'short-term-outcomes', label: 'Short-term outcomes' },
  { key: 'long-term-outcomes', label: 'Long-term outcomes' },
];
const empty = (): TheoryModel => ({ stages: STAGES, nodes: [], links: [] });

function sample(): TheoryModel {
  let m = empty();
  m = addNode(m, 'short-term-outcomes', 'Less isolation').model;
  m = addNode(m, 'inputs', 'Volunteers’ time').model;
  m = addNode(m, 'activities', 'Drop-in sessions').model;
  m = addNode(m, 'activities', 'Home visits').model;
  m = addLink(m, 'volunteers-time', 'drop-in-sessions').model;
  m = addLink(m, 'drop-in-sessions', 'less-isolation').model;
  // A link back to an earlier stage must not pull the stages out of order.
  m = addLink(m, 'less-isolation', 'volunteers-time').model;
  return m;
}

describe('editing the model', () => {
  it('names new steps uniquely, keys them from the label, and refuses a second step of the same name', () => {
    let m = addNode(empty(), 'inputs').model;
    const second = addNode(m, 'inputs');
    expect(second.model.nodes.map((n) => n.label)).toEqual(['New step', 'New step 2']);
    expect(second.key).toBe('new-step-2');
    m = second.model;
    expect(labelProblem(m, ' new   STEP ')).toBe('There is already a step called “New step”: give each step its own name');
    expect(labelProblem(m, 'New step', 'new-step')).toBeNull();
    expect(labelProblem(m, '  ')).toBe('Enter what this step is');
  });

  it('refuses a link to itself or drawn twice, and removes a step with its links', () => {
    const m = sample();
    expect(linkProblem(m, 'home-visits', 'home-visits')?.message).toBe('A link cannot lead from “Home visits” to itself');
    expect(linkProblem(m, 'volunteers-time', 'drop-in-sessions')?.message).toBe('“Volunteers’ time” already leads to “Drop-in sessions”');
    expect(linkProblem(m, 'nobody', 'home-visits')?.field).toBe('from');
    expect(linkProblem(m, 'volunteers-time', 'home-visits')).toBeNull();
    const without = removeNode(m, 'drop-in-sessions');
    expect(without.nodes).toHaveLength(3);
    expect(without.links.map((l) => [l.from, l.to])).toEqual([['less-isolation', 'volunteers-time']]);
  });
});

describe('the automatic layout', () => {
  it('puts each stage in its own column, left to right in the stages’ order, empty stages too', async () => {
    const layout = await layoutModel(sample(), false);
    expect(layout.lanes.map((l) => l.stage)).toEqual(STAGES.map((s) => s.key));
    for (let i = 1; i < layout.lanes.length; i++)
      expect(layout.lanes[i]!.x).toBeGreaterThanOrEqual(layout.lanes[i - 1]!.x + layout.lanes[i - 1]!.width - 0.5);
    const x = (key: string) => layout.positions.get(key)!.x;
    expect(x('volunteers-time')).toBeLessThan(x('drop-in-sessions'));
    expect(x('drop-in-sessions')).toBeLessThan(x('less-isolation'));
    // Two steps of one stage share its column, one above the other.
    expect(x('home-visits')).toBe(x('drop-in-sessions'));
    expect(layout.positions.get('home-visits')!.y).not.toBe(layout.positions.get('drop-in-sessions')!.y);
    // The point at a step's centre is in its own stage's column.
    for (const n of sample().nodes) expect(stageAt(layout.lanes, layout.positions.get(n.key)!.x + 100)).toBe(n.stage);
  });

  it('keeps a step where someone put it until the layout is tidied', async () => {
    const moved = updateNode(sample(), 'home-visits', { position: { x: 5000, y: 40 } });
    expect((await layoutModel(moved, false)).positions.get('home-visits')).toEqual({ x: 5000, y: 40 });
    const tidied = await layoutModel(clearPositions(moved), false);
    expect(tidied.positions.get('home-visits')!.x).toBe(tidied.positions.get('drop-in-sessions')!.x);
    expect(stageAt(tidied.lanes, -1000)).toBe('inputs');
    expect(stageAt(tidied.lanes, 1e6)).toBe('long-term-outcomes');
  });
});
