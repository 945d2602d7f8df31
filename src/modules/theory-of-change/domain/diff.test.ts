import { describe, expect, it } from 'vitest';
import { diffModels } from './diff.js';
import { pcfSketch } from './fixtures.js';

describe('the difference between two versions', () => {
  it('is empty between a version and its copy', () => {
    expect(diffModels(pcfSketch(), pcfSketch())).toEqual([]);
  });

  it('tells renamed, re-staged, added and removed steps and links, and changed assumptions, in words', () => {
    const before = pcfSketch();
    const after = pcfSketch();
    after.nodes[2]!.label = 'Greater confidence';
    after.nodes[1]!.stage = 'learning-and-action';
    after.nodes = after.nodes.filter((n) => n.key !== 'employment');
    after.links = after.links.filter((l) => l.key !== 'l3');
    after.nodes.push({
      key: 'wellbeing',
      label: 'Improved well-being',
      stage: 'long-term-outcomes',
      description: '',
      questions: [],
      position: null,
    });
    after.links.push({ key: 'l9', from: 'confidence', to: 'wellbeing', rationale: '', interventions: [], assumptions: [] });
    after.links[1]!.assumptions = [
      { text: 'volunteers are made to feel  welcome', kind: 'theoretical' },
      { text: 'Benefit rules allow volunteering', kind: 'contextual' },
    ];
    after.links[0]!.rationale = 'Money pays for placements and travel';
    after.links[0]!.interventions = ['Grants', 'Credit'];
    expect(diffModels(before, after).map((c) => `${c.kind} | ${c.subject} | ${c.words}`)).toEqual([
      'step re-staged | Volunteering and mentoring | “Volunteering and mentoring” moved from Activities to Change in learning and action',
      'step renamed | Greater confidence | “Improved confidence” renamed “Greater confidence”',
      'step added | Improved well-being | New step “Improved well-being” in Long-term outcomes',
      'step removed | Employment | Step “Employment” removed',
      'rationale changed | Funding for community anchors → Volunteering and mentoring | Why: now “Money pays for placements and travel”',
      'interventions changed | Funding for community anchors → Volunteering and mentoring | Interventions: added “Credit”',
      'assumption changed | Volunteering and mentoring → Greater confidence | “volunteers are made to feel  welcome” is now theoretical, not contextual',
      'assumption added | Volunteering and mentoring → Greater confidence | New contextual assumption: “Benefit rules allow volunteering”',
      'link added | Greater confidence → Improved well-being | New link Greater confidence → Improved well-being',
      'link removed | Improved confidence → Employment | Link Improved confidence → Employment removed',
    ]);
  });

  it('tells stages added, renamed and removed', () => {
    const before = pcfSketch();
    const after = pcfSketch();
    after.stages[0]!.label = 'Inputs (resources)';
    after.stages.push({ key: 'impact', label: 'Impact' });
    before.stages.push({ key: 'old', label: 'Old stage' });
    expect(diffModels(before, after).map((c) => c.words)).toEqual([
      'Stage “Inputs” renamed “Inputs (resources)”',
      'New stage “Impact”',
      'Stage “Old stage” removed',
    ]);
  });
});
