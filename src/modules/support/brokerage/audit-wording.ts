// What a brokerage case's audit rows say, in words (see audit/wording.ts). The audit log is read by
// programme managers only, who may see every case.
import { lookupNames } from '../../audit/names.js';
import type { EntityWording } from '../../audit/wording.js';
import { CASE_STATUS_WORDS } from './domain.js';
import { brokerageCases } from './schema.js';

export const brokerageWording: EntityWording = {
  entityType: 'brokerage_case',
  noun: 'Brokerage case',
  self: 'brokerage-case',
  fields: {
    title: 'Name of the case',
    trigger: 'What brought it on',
    status: { label: 'Status', values: CASE_STATUS_WORDS },
    openedOn: 'Opened on',
    closedOn: 'Closed on',
    outcome: 'Outcome',
    parties: 'Parties',
    stepOn: 'Step on',
    stepKind: 'Kind of step',
    stepSummary: 'What happened',
    agreement: 'Agreement',
    agreedOn: 'Agreed on',
  },
};

export const brokerageWordings = [brokerageWording];
export const brokerageNames = { 'brokerage-case': lookupNames(brokerageCases, brokerageCases.id, brokerageCases.title) };
