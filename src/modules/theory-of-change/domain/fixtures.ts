// A small theory of change for the domain tests: the PCF review's five stages, four steps, three links.
import { DEFAULT_STAGES, type TheoryModel } from './model.js';

export function pcfSketch(): TheoryModel {
  return {
    stages: DEFAULT_STAGES.map((s) => ({ ...s })),
    nodes: [
      { key: 'funding', label: 'Funding for community anchors', stage: 'inputs', description: '', questions: [], position: null },
      {
        key: 'volunteering',
        label: 'Volunteering and mentoring',
        stage: 'activities',
        description: 'Placements',
        questions: [],
        position: null,
      },
      {
        key: 'confidence',
        label: 'Improved confidence',
        stage: 'short-term-outcomes',
        description: '',
        questions: ['Did people feel more confident?'],
        position: { x: 10, y: 20 },
      },
      { key: 'employment', label: 'Employment', stage: 'long-term-outcomes', description: '', questions: [], position: null },
    ],
    links: [
      {
        key: 'l1',
        from: 'funding',
        to: 'volunteering',
        rationale: 'Money pays for placements',
        interventions: ['Grants'],
        assumptions: [],
      },
      {
        key: 'l2',
        from: 'volunteering',
        to: 'confidence',
        rationale: 'Doing builds belief',
        interventions: [],
        assumptions: [{ text: 'Volunteers are made to feel welcome', kind: 'contextual' }],
      },
      { key: 'l3', from: 'confidence', to: 'employment', rationale: '', interventions: [], assumptions: [] },
    ],
  };
}
