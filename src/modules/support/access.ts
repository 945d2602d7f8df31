import type { ProgrammeAccess } from '../access/access.js';

/**
 * Who may see and change support records (issue 16), as plain functions over a caller's access to the
 * programme and the partnerships a facilitator is assigned to (support providers' assignments). The
 * table is in ../access/README.md.
 */

/** Managers and administrators: everything in the programme. */
const manages = (access: ProgrammeAccess) => access.canManage;
const facilitatorFor = (access: ProgrammeAccess, partnershipIds: readonly string[], assigned: readonly string[]) =>
  access.scope === 'programme' && access.role === 'facilitator' && partnershipIds.some((id) => assigned.includes(id));

/**
 * A brokerage case is confidential: managers (and administrators) and the facilitators assigned to its
 * partnership see it; nobody else learns it exists — not the partnership's members, viewers,
 * evaluators or other facilitators.
 */
export function canSeeBrokerage(access: ProgrammeAccess, partnershipId: string, assigned: readonly string[]): boolean {
  return manages(access) || facilitatorFor(access, [partnershipId], assigned);
}

/** Whoever may see a case may also record its steps, agreements and outcome. */
export const canChangeBrokerage = canSeeBrokerage;

/**
 * A plan belongs to partnerships (its own, or for an organisation's plan, the partnerships the
 * organisation is in). Everyone with programme-wide access reads every plan; a partnership member reads
 * their own partnerships' plans.
 */
export function canSeePlan(access: ProgrammeAccess, owners: readonly string[]): boolean {
  if (access.scope === 'programme') return true;
  return owners.some((id) => access.partnershipIds.includes(id));
}

/**
 * Plans are the partnership's own: its members edit them; managers edit every plan; facilitators
 * assigned to the partnership help edit. Evaluators, viewers and other facilitators read only.
 */
export function canEditPlan(access: ProgrammeAccess, owners: readonly string[], assigned: readonly string[]): boolean {
  if (manages(access)) return true;
  if (access.scope === 'partnership') return owners.some((id) => access.partnershipIds.includes(id));
  return facilitatorFor(access, owners, assigned);
}

/** Only managers (and administrators) start a plan for any partnership; members and assigned facilitators for theirs. */
export const canStartPlan = canEditPlan;
