// Registry's shared words: vocabulary names and how a phase is titled.
import type { Vocabulary } from '../api/index.js';

export const VOCABULARY_LABELS: Record<Vocabulary, string> = {
  theme: 'Themes',
  coproduction_model: 'Co-production models',
  typology: 'Social action typology',
  participant_type: 'Participant types',
  organisation_type: 'Organisation types',
};

export function phaseTitle(phase: { number: number; name: string }): string {
  const plain = `Phase ${phase.number}`;
  if (phase.name.trim().toLowerCase() === plain.toLowerCase()) return plain;
  return phase.name.toLowerCase().startsWith(plain.toLowerCase()) ? phase.name : `${plain}: ${phase.name}`;
}
