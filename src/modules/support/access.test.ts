import { describe, expect, it } from 'vitest';
import type { ProgrammeAccess } from '../access/access.js';
import { canEditPlan, canSeeBrokerage, canSeePlan } from './access.js';

const programme = (role: 'admin' | 'programme_manager' | 'evaluator' | 'facilitator' | 'viewer'): ProgrammeAccess => ({
  scope: 'programme',
  role,
  canManage: role === 'admin' || role === 'programme_manager',
  canSeeAudit: role === 'admin' || role === 'programme_manager',
});
const member = (...ids: string[]): ProgrammeAccess => ({ scope: 'partnership', partnershipIds: ids, canManage: false, canSeeAudit: false });

describe('brokerage cases are confidential', () => {
  it('shows a case to managers, administrators and the facilitators assigned to its partnership only', () => {
    expect(canSeeBrokerage(programme('admin'), 'A1', [])).toBe(true);
    expect(canSeeBrokerage(programme('programme_manager'), 'A1', [])).toBe(true);
    expect(canSeeBrokerage(programme('facilitator'), 'A1', ['A1'])).toBe(true);
    expect(canSeeBrokerage(programme('facilitator'), 'A1', ['A2'])).toBe(false);
    expect(canSeeBrokerage(programme('viewer'), 'A1', ['A1'])).toBe(false);
    expect(canSeeBrokerage(programme('evaluator'), 'A1', ['A1'])).toBe(false);
    expect(canSeeBrokerage(member('A1'), 'A1', [])).toBe(false);
  });
});

describe('plans belong to their partnerships', () => {
  it('are read by everyone programme-wide and by their own partnerships’ members', () => {
    expect(canSeePlan(programme('viewer'), ['A1'])).toBe(true);
    expect(canSeePlan(member('A1'), ['A1'])).toBe(true);
    expect(canSeePlan(member('A2'), ['A1'])).toBe(false);
    expect(canSeePlan(member('A2'), [])).toBe(false);
  });
  it('are edited by their members, managers and assigned facilitators; not by viewers, evaluators or other facilitators', () => {
    expect(canEditPlan(member('A1'), ['A1'], [])).toBe(true);
    expect(canEditPlan(member('A2'), ['A1'], [])).toBe(false);
    expect(canEditPlan(programme('programme_manager'), ['A1'], [])).toBe(true);
    expect(canEditPlan(programme('facilitator'), ['A1'], ['A1'])).toBe(true);
    expect(canEditPlan(programme('facilitator'), ['A1'], ['A2'])).toBe(false);
    expect(canEditPlan(programme('viewer'), ['A1'], ['A1'])).toBe(false);
    expect(canEditPlan(programme('evaluator'), ['A1'], [])).toBe(false);
  });
});
