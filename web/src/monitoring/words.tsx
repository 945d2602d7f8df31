// Monitoring's shared words and helpers: status tags, unit and aggregation labels, the breadcrumb trail,
// how a figure reads, loading one return, and the reviewer's message on it.
import type { Indicator, ReturnAnswer, ReturnStatus, ReturnValue } from '../api/index.js';
import { useApi } from '../app/data.js';
import { useProgramme } from '../app/programme-frame.js';
import { Tag } from '../ui/index.js';
import './monitoring.css';

export const STATUS_LABEL: Record<ReturnStatus, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  returned: 'Returned',
  accepted: 'Accepted',
};
const STATUS_TONE = { draft: 'grey', submitted: 'blue', returned: 'red', accepted: 'green' } as const;
export const StatusTag = ({ status }: { status: ReturnStatus }) => <Tag tone={STATUS_TONE[status]}>{STATUS_LABEL[status]}</Tag>;

export const UNIT_LABEL: Record<Indicator['unit'], string> = {
  count: 'Count',
  gbp: 'Pounds (£)',
  percent: 'Percent',
  hours: 'Hours',
  text: 'Words',
};
export const FIGURE_LABEL: Record<Indicator['unit'], string> = {
  count: 'Number',
  gbp: 'Amount',
  percent: 'Percentage',
  hours: 'Hours',
  text: 'Answer',
};
export const AGGREGATION_LABEL: Record<Indicator['aggregation'], string> = { sum: 'Add them up', mean: 'Average', latest: 'Latest figure' };

export const monitoringCrumbs = (
  crumbs: ReturnType<typeof useProgramme>['crumbs'],
  base: string,
  ...more: { href: string; label: string }[]
) => crumbs({ href: `${base}/monitoring`, label: 'Monitoring' }, ...more);

/** A figure as a person reads it: 1,234 · £4,500.50 · 12% · 3.5 hours. */
export function showFigure(
  v: Pick<ReturnValue, 'value' | 'textValue' | 'notReported' | 'notReportedReason'>,
  unit: Indicator['unit'],
): string {
  if (v.notReported) return `Not reported${v.notReportedReason ? `: ${v.notReportedReason}` : ''}`;
  if (unit === 'text') return v.textValue ?? '';
  if (v.value === null) return '';
  const n = v.value.toLocaleString('en-GB', { maximumFractionDigits: 2 });
  return unit === 'gbp'
    ? `£${v.value.toLocaleString('en-GB', { minimumFractionDigits: Number.isInteger(v.value) ? 0 : 2, maximumFractionDigits: 2 })}`
    : unit === 'percent'
      ? `${n}%`
      : unit === 'hours'
        ? `${n} hours`
        : n;
}

// ---------------------------------------------------------------- the section's front page

export function useReturn(id: string) {
  const { api } = useProgramme();
  return useApi<ReturnAnswer>(`${api}/returns/${id}`);
}

export const returnTitle = (r: ReturnAnswer['data']) => `${r.partnership.name}: ${r.period.label}`;

/** Reads a typed figure the way people write them: 1,200 · £4,500.50 · 12% all count. */
export function figureOf(raw: string): number | null | 'bad' {
  const clean = raw.replace(/[£,%\s]/g, '');
  if (!clean) return null;
  const n = Number(clean);
  return Number.isFinite(n) ? n : 'bad';
}

export function ReviewerMessage({ r }: { r: ReturnAnswer['data'] }) {
  return (
    <div className="inset warning-inset" role="note" aria-label="Comments from the reviewer">
      <h2>What the reviewer asked</h2>
      <p>{r.reviewComment || 'The reviewer did not leave a comment.'}</p>
      {r.values.some((v) => v.reviewerComment) && <p>Comments on single figures are shown beside them.</p>}
    </div>
  );
}

// ---------------------------------------------------------------- one return: check answers, submit, review
