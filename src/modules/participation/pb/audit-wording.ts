// What a participatory budgeting round's and proposal's audit rows say, in words (see audit/wording.ts).
import { lookupNames } from '../../audit/names.js';
import type { EntityWording } from '../../audit/wording.js';
import { pbProposals, pbRounds } from './schema.js';

const STAGES = {
  ideas: 'Ideas',
  feasibility: 'Feasibility check',
  deliberation: 'Deliberation',
  vote: 'Vote',
  results: 'Results',
  delivery: 'Delivery',
} as const;

export const pbRoundWording: EntityWording = {
  entityType: 'pb_round',
  noun: 'Participatory budgeting round',
  self: 'pb-round',
  fields: {
    slug: 'Short name',
    name: 'Name',
    budget: { label: 'Budget', as: 'money' },
    localities: 'Localities and their budgets',
    stage: { label: 'Stage', values: STAGES },
    mode: { label: 'Who decides', values: { vote: 'Residents vote', panel: 'A resident panel' } },
    rule: { label: 'Counting rule', values: { greedy: 'Greedy', 'equal-shares': 'Method of Equal Shares' } },
    ballotKind: { label: 'Ballot', values: { approval: 'Approval', knapsack: 'Knapsack (within the budget)' } },
    minProjects: 'Least projects a voter chooses',
    maxProjects: 'Most projects a voter chooses',
    minSpendPercent: 'Least share of the budget a ballot spends (%)',
    eligiblePopulation: 'People who may vote',
    councilBudget: { label: 'Council budget', as: 'money' },
    panelMembers: 'Panel members',
    panelReasons: 'Panel’s reasons',
    panelChoices: 'What the panel chose, and why',
    codesMade: 'Voting codes made',
    codesLocality: 'Locality of the codes',
    paperRef: 'Paper ballot number',
    paperChoices: 'Projects keyed',
    paperCounted: 'Paper ballots counted',
    funded: 'Proposals funded',
  },
};

export const pbProposalWording: EntityWording = {
  entityType: 'pb_proposal',
  noun: 'Proposal',
  self: 'pb-proposal',
  fields: {
    name: 'Name',
    cost: { label: 'Cost', as: 'money' },
    locality: 'Locality',
    category: 'Category',
    proposedBy: 'Proposed by',
    evidenceOfNeed: 'Evidence of need',
    deliveredBy: 'Who will deliver it',
    eligibility: { label: 'Eligibility', values: { pending: 'Not checked yet', eligible: 'Eligible', ineligible: 'Not eligible' } },
    eligibilityReason: 'Reason',
    delivery: { label: 'Delivery', values: { 'not-started': 'Not started', 'under-way': 'Under way', done: 'Done' } },
    updateOn: 'Date of the update',
    updateText: 'You said, we did',
  },
};

export const pbWordings = [pbRoundWording, pbProposalWording];
export const pbNames = {
  'pb-round': lookupNames(pbRounds, pbRounds.id, pbRounds.name),
  'pb-proposal': lookupNames(pbProposals, pbProposals.id, pbProposals.name),
};
