import { describe, expect, it } from 'vitest';
import { type Caller, canSeePartnershipRecord, programmeAccess, visibleProgrammeIds } from './access.js';

const caller = (over: Partial<Caller> = {}): Caller => ({
  userId: 'u1',
  email: 'a@b.c',
  name: 'A',
  isAdmin: false,
  programmeRoles: new Map(),
  partnerships: new Map(),
  ...over,
});

describe('programmeAccess', () => {
  it('gives an administrator the whole of any programme, with management and audit', () => {
    expect(programmeAccess(caller({ isAdmin: true }), 'p1')).toEqual({
      scope: 'programme',
      role: 'admin',
      canManage: true,
      canSeeAudit: true,
    });
  });

  it('lets only programme managers manage and read the audit log among programme roles', () => {
    for (const role of ['evaluator', 'facilitator', 'viewer'] as const) {
      const a = programmeAccess(caller({ programmeRoles: new Map([['p1', role]]) }), 'p1');
      expect(a).toMatchObject({ scope: 'programme', canManage: false, canSeeAudit: false });
    }
    expect(programmeAccess(caller({ programmeRoles: new Map([['p1', 'programme_manager']]) }), 'p1')).toMatchObject({
      canManage: true,
      canSeeAudit: true,
    });
  });

  it('scopes a partnership member to their own partnerships in that programme only', () => {
    const c = caller({
      partnerships: new Map([
        ['ps1', 'p1'],
        ['ps9', 'p2'],
      ]),
    });
    expect(programmeAccess(c, 'p1')).toEqual({ scope: 'partnership', partnershipIds: ['ps1'], canManage: false, canSeeAudit: false });
    expect(programmeAccess(c, 'p3')).toBeNull();
  });

  it('prefers a programme role over partnership membership in the same programme', () => {
    const c = caller({ programmeRoles: new Map([['p1', 'viewer']]), partnerships: new Map([['ps1', 'p1']]) });
    expect(programmeAccess(c, 'p1')).toMatchObject({ scope: 'programme', role: 'viewer' });
  });

  it('gives nothing to someone with no membership', () => {
    expect(programmeAccess(caller(), 'p1')).toBeNull();
  });
});

describe('record visibility', () => {
  it('shows a partnership member records of their partnership only, never unattached ones', () => {
    const a = programmeAccess(caller({ partnerships: new Map([['ps1', 'p1']]) }), 'p1')!;
    expect(canSeePartnershipRecord(a, 'ps1')).toBe(true);
    expect(canSeePartnershipRecord(a, 'ps2')).toBe(false);
    expect(canSeePartnershipRecord(a, null)).toBe(false);
  });

  it('lists the programmes a person can open: all for admins, their own otherwise', () => {
    expect(visibleProgrammeIds(caller({ isAdmin: true }))).toBeNull();
    const c = caller({
      programmeRoles: new Map([['p1', 'viewer']]),
      partnerships: new Map([
        ['ps1', 'p2'],
        ['ps2', 'p1'],
      ]),
    });
    expect(visibleProgrammeIds(c)?.sort()).toEqual(['p1', 'p2']);
  });
});
