// Evaluation's shared words and addresses: consent tags, cross-tab dimension labels, who may see respondent-level pages.
import type { CROSSTAB_BY, ConsentStatus } from '../api/index.js';
import { useProgramme } from '../app/programme-frame.js';
import { Tag } from '../ui/index.js';
const CONSENT_LABEL: Record<ConsentStatus, string> = { given: 'Consent given', withdrawn: 'Consent withdrawn' };
export const ConsentTag = ({ status }: { status: ConsentStatus }) => (
  <Tag tone={status === 'given' ? 'green' : 'red'}>{CONSENT_LABEL[status]}</Tag>
);

export const BY_LABEL: Record<(typeof CROSSTAB_BY)[number], string> = {
  participant_type: 'Participant type',
  theme: 'Theme',
  coproduction_model: 'Co-production model',
  place: 'Place',
  phase: 'Phase',
};

export const ONLY_EVALUATORS =
  'Only the programme’s evaluators and managers can see and change respondents, because they are records about people.';

/** Addresses and breadcrumbs inside one evaluation. */
export function useEvaluationPaths(slug: string) {
  const { api, base, crumbs } = useProgramme();
  const apiBase = `${api}/evaluations/${encodeURIComponent(slug)}`;
  const home = `${base}/evaluations/${encodeURIComponent(slug)}`;
  const trail = (title?: string) =>
    crumbs({ href: `${base}/evaluations`, label: 'Evaluations' }, ...(title ? [{ href: home, label: title }] : []));
  return { apiBase, home, trail };
}
