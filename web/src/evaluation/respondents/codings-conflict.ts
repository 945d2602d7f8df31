// What changed, for edit conflicts on forms that do not mirror their record field by field (decision 012).
import type { RespondentDetail } from '../../api/index.js';
import type { ConflictRow } from '../../ui/conflict.js';

/** Ticks someone (you, in another tab) changed since the coding form loaded: code, your tick, the tick now. */
export function codingsConflict(
  loaded: RespondentDetail['codings'],
  now: RespondentDetail,
  me: string | undefined,
  form: HTMLFormElement | null,
): ConflictRow[] {
  const ticks = (list: RespondentDetail['codings']) => list.filter((c) => c.coderId === me && c.source !== 'passage');
  const had = new Set(ticks(loaded).map((c) => c.codeId));
  const nowTicked = new Set(ticks(now.codings ?? []).map((c) => c.codeId));
  const names = new Map([...loaded, ...(now.codings ?? [])].map((c) => [c.codeId, c.name]));
  const box = (id: string) => form?.querySelector<HTMLInputElement>(`input[name="codeIds"][value="${CSS.escape(id)}"]`);
  return [...new Set([...had, ...nowTicked])]
    .filter((id) => had.has(id) !== nowTicked.has(id))
    .map((id) => ({
      label: names.get(id) ?? 'A code',
      yours: box(id)?.checked ? 'Ticked' : 'Not ticked',
      current: nowTicked.has(id) ? 'Ticked' : 'Not ticked',
    }));
}
