/**
 * Who may do what with a programme's theories of change:
 * - programme managers and evaluators (and administrators) read and edit them: drafts, publishing,
 *   mappings, thresholds, comments, imports;
 * - facilitators and viewers read them (every version, the diff, the evidence as published counts with
 *   small numbers hidden) and may not change anything, comments included;
 * - partnership members see none of them (403): a theory of change holds the programme's evaluation
 *   findings, which are the programme team's.
 * Naming respondents (the drill from a link to the people behind it) is for managers and evaluators only.
 */
import { Forbidden } from '../../../errors.js';
import type { ProgrammeContext } from '../../programmes/context.js';

export const canEditTheories = (ctx: ProgrammeContext) =>
  ctx.access.scope === 'programme' && (ctx.access.canManage || ctx.access.role === 'evaluator');

export function requireTheoryReader(ctx: ProgrammeContext) {
  if (ctx.access.scope !== 'programme') throw new Forbidden('Theories of change are open to the programme’s team only.');
}

export function requireTheoryEditor(ctx: ProgrammeContext) {
  requireTheoryReader(ctx);
  if (!canEditTheories(ctx)) throw new Forbidden('Only the programme’s managers and evaluators can change its theories of change.');
}
