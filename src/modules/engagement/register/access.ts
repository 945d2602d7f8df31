// Who may see and change engagements. Each partnership records its own engagements and sees them; the
// programme's own roles see every engagement; managers and a partnership's members may change them.
import { inArray } from 'drizzle-orm';
import { Forbidden } from '../../../errors.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { engagements } from './schema.js';

/** The engagements the caller may see, as a condition (none: all of the programme). */
export function visibleEngagements(ctx: ProgrammeContext) {
  if (ctx.access.scope === 'programme') return undefined;
  return inArray(engagements.partnershipId, ctx.access.partnershipIds);
}

export function canSeeEngagement(ctx: ProgrammeContext, partnershipId: string | null): boolean {
  return ctx.access.scope === 'programme' || (partnershipId !== null && ctx.access.partnershipIds.includes(partnershipId));
}

/** May the caller record or change an engagement of this partnership (null: the programme team's own)? */
export function canWriteEngagement(ctx: ProgrammeContext, partnershipId: string | null): boolean {
  if (ctx.access.canManage) return true;
  return ctx.access.scope === 'partnership' && partnershipId !== null && ctx.access.partnershipIds.includes(partnershipId);
}

/** Whether the caller may record engagements at all (a manager, or a member of a partnership). */
export const canRecordEngagements = (ctx: ProgrammeContext) => ctx.access.canManage || ctx.access.scope === 'partnership';

export function requireWrite(ctx: ProgrammeContext, partnershipId: string | null): void {
  if (canWriteEngagement(ctx, partnershipId)) return;
  throw new Forbidden(
    ctx.access.scope === 'partnership'
      ? 'You can record engagements only for your own partnership. Choose it as the partnership.'
      : 'Only a programme manager or a member of the partnership can change its engagements.',
  );
}
