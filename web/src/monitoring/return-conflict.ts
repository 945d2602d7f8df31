// What changed, for edit conflicts on forms that do not mirror their record field by field (decision 012).
import type { MonitoringReturn, ReturnValue } from '../api/index.js';
import type { ConflictRow } from '../ui/conflict.js';
import { STATUS_LABEL } from './words.js';

/** A return's figures someone else changed since this form loaded them: indicator, yours, now. */
export function returnConflict(loaded: MonitoringReturn, now: MonitoringReturn, form: HTMLFormElement | null): ConflictRow[] {
  const field = (name: string) => form?.elements.namedItem(name) as HTMLInputElement | HTMLTextAreaElement | null;
  const said = (v: ReturnValue | undefined) =>
    !v
      ? '(empty)'
      : v.notReported
        ? `Not reported${v.notReportedReason ? `: ${v.notReportedReason}` : ''}`
        : String(v.indicator.unit === 'text' ? (v.textValue ?? '') : (v.value ?? '')) || '(empty)';
  const rows: ConflictRow[] = [];
  if ((now.comparabilityNote ?? '') !== loaded.comparabilityNote) {
    rows.push({
      label: 'Note on the whole return',
      yours: field('comparabilityNote')?.value || '(empty)',
      current: now.comparabilityNote || '(empty)',
    });
  }
  loaded.values.forEach((was, i) => {
    const is = now.values?.find((v) => v.indicator.id === was.indicator.id);
    if (said(is) === said(was)) return;
    const notReported = (form?.elements.namedItem(`values.${i}.notReported`) as HTMLInputElement | null)?.checked;
    const typed = notReported
      ? 'Not reported'
      : field(`values.${i}.${was.indicator.unit === 'text' ? 'textValue' : 'value'}`)?.value || '(empty)';
    rows.push({ label: was.indicator.label, yours: typed, current: said(is) });
  });
  if (now.status && now.status !== loaded.status) {
    rows.push({ label: 'Status', yours: STATUS_LABEL[loaded.status], current: STATUS_LABEL[now.status] });
  }
  return rows;
}
