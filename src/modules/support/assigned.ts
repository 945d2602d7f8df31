import type { Queryable } from '../../db/database.js';
import type { Caller } from '../access/access.js';
import type { ProgrammeContext } from '../programmes/context.js';
import { assignedPartnershipIds } from './providers/service.js';

/**
 * The partnerships this caller is assigned to as a facilitator in this programme: their programme role
 * is facilitator AND a support provider linked to their account covers the partnership (the providers
 * service's rule, as `isAssignedFacilitator`). Anyone else — managers included, who need no
 * assignment — gets none. Plans and brokerage cases decide with it (../support/access.ts).
 */
export async function facilitatorAssignments(db: Queryable, ctx: ProgrammeContext, caller: Caller): Promise<string[]> {
  if (ctx.access.scope !== 'programme' || ctx.access.role !== 'facilitator') return [];
  return assignedPartnershipIds(db, ctx.programme.id, caller.userId);
}
