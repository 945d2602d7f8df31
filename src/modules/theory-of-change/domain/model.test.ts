import { describe, expect, it } from 'vitest';
import { pcfSketch } from './fixtures.js';
import { keyFrom, modelProblems, nodeByLabel, stageByName } from './model.js';

describe('a theory of change model', () => {
  it('has no problems when it is whole', () => {
    expect(modelProblems(pcfSketch())).toEqual([]);
  });

  it('reports every problem at once, each at its path and in words', () => {
    const m = pcfSketch();
    m.nodes.push({ key: 'dup', label: '  improved   CONFIDENCE ', stage: 'nowhere', description: '', questions: [], position: null });
    m.links.push({ key: 'l4', from: 'funding', to: 'funding', rationale: '', interventions: [], assumptions: [] });
    m.links.push({
      key: 'l5',
      from: 'funding',
      to: 'volunteering',
      rationale: '',
      interventions: [],
      assumptions: [{ text: ' ', kind: 'contextual' }],
    });
    m.links.push({ key: 'l6', from: 'ghost', to: 'funding', rationale: '', interventions: [], assumptions: [] });
    expect(modelProblems(m)).toEqual([
      { path: 'nodes.4.label', message: 'There is already a step called “improved   CONFIDENCE”: give each step its own name' },
      { path: 'nodes.4.stage', message: 'Choose a stage for “improved   CONFIDENCE”' },
      { path: 'links.3.to', message: 'A link cannot lead from “Funding for community anchors” to itself' },
      { path: 'links.4', message: '“Funding for community anchors” already leads to “Volunteering and mentoring”' },
      { path: 'links.4.assumptions.0.text', message: 'Enter the assumption, or remove it' },
      { path: 'links.5.from', message: 'Choose the step this link starts from' },
    ]);
  });

  it('needs a stage, and names stages once', () => {
    expect(modelProblems({ stages: [], nodes: [], links: [] })).toEqual([
      { path: 'stages', message: 'A theory of change needs at least one stage' },
    ]);
    const m = pcfSketch();
    m.stages.push({ key: 'x', label: 'activities' });
    expect(modelProblems(m)).toEqual([{ path: 'stages.5.label', message: 'There is already a stage called “activities”' }]);
  });

  it('finds steps and stages as people type them', () => {
    expect(nodeByLabel(pcfSketch(), ' improved  confidence')?.key).toBe('confidence');
    expect(nodeByLabel(pcfSketch(), 'Confidence')).toBeUndefined();
    expect(stageByName(pcfSketch().stages, 'SHORT-TERM outcomes')?.key).toBe('short-term-outcomes');
    expect(stageByName(pcfSketch().stages, 'inputs')?.label).toBe('Inputs');
  });

  it('makes readable, unique keys', () => {
    expect(keyFrom('Café & “Community” Hub', new Set())).toBe('cafe-community-hub');
    expect(keyFrom('Employment', new Set(['employment', 'employment-2']))).toBe('employment-3');
    expect(keyFrom('???', new Set())).toBe('step');
  });
});
