import type { ProgrammeRole } from '../accounts/schema.js';

/**
 * Who is asking, with every membership they hold. Loaded once per request; every access decision in
 * Cairn is a plain function of this and the record's programme and partnership.
 */
export interface Caller {
  userId: string;
  email: string;
  name: string;
  isAdmin: boolean;
  /** programmeId → role */
  programmeRoles: Map<string, ProgrammeRole>;
  /** partnershipId → the programme it belongs to */
  partnerships: Map<string, string>;
}

/**
 * What a caller may do within one programme.
 * - `programme`: sees the whole programme (admin, or any programme role).
 * - `partnership`: a partnership member sees the programme's outline and only their own partnerships' records.
 */
export type ProgrammeAccess =
  | { scope: 'programme'; role: ProgrammeRole | 'admin'; canManage: boolean; canSeeAudit: boolean }
  | { scope: 'partnership'; partnershipIds: string[]; canManage: false; canSeeAudit: false };

export function programmeAccess(caller: Caller, programmeId: string): ProgrammeAccess | null {
  if (caller.isAdmin) return { scope: 'programme', role: 'admin', canManage: true, canSeeAudit: true };
  const role = caller.programmeRoles.get(programmeId);
  if (role) {
    const manager = role === 'programme_manager';
    return { scope: 'programme', role, canManage: manager, canSeeAudit: manager };
  }
  const mine = [...caller.partnerships].filter(([, p]) => p === programmeId).map(([id]) => id);
  if (mine.length > 0) return { scope: 'partnership', partnershipIds: mine, canManage: false, canSeeAudit: false };
  return null;
}

/** Programme ids the caller can open at all; `null` means every programme (an admin). */
export function visibleProgrammeIds(caller: Caller): string[] | null {
  if (caller.isAdmin) return null;
  return [...new Set([...caller.programmeRoles.keys(), ...caller.partnerships.values()])];
}

/** Can the caller see a record that belongs to this partnership (or to none, when `partnershipId` is null)? */
export function canSeePartnershipRecord(access: ProgrammeAccess, partnershipId: string | null): boolean {
  if (access.scope === 'programme') return true;
  return partnershipId !== null && access.partnershipIds.includes(partnershipId);
}

export const isAdmin = (caller: Caller) => caller.isAdmin;
