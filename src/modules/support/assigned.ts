import type { Queryable } from '../../db/database.js';
import type { ProgrammeContext } from '../programmes/context.js';

/**
 * The partnerships a facilitator is assigned to in this programme (through a support provider's
 * assignments), which decides whether they may see a brokerage case and help edit a plan. Only a
 * caller whose programme role is facilitator has any; everyone else gets none.
 */
export async function assignedPartnershipIds(_db: Queryable, ctx: ProgrammeContext): Promise<string[]> {
  if (ctx.access.scope !== 'programme' || ctx.access.role !== 'facilitator') return [];
  return [];
}
