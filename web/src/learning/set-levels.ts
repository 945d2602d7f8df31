// The three levels of an action-learning set's actions, in the set's own words.
import type { components } from '../api/schema.generated.js';

export type LearningSet = components['schemas']['LearningSet'];

export const LEVELS: { value: LearningSet['actions'][number]['level']; label: string; hint: string }[] = [
  { value: 'by_us', label: 'By us', hint: 'What the partnership does itself' },
  { value: 'with_us', label: 'With us', hint: 'Locally or regionally, with others' },
  { value: 'for_us', label: 'For us', hint: 'What national bodies need to do' },
];
