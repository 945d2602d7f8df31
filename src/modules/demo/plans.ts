// Demo action plans, phase plans and brokerage cases (issue 16, points 5, 7 and 11). ILLUSTRATIVE: the JRF
// seed says every group made a one-year and three-year action plan and reviewed it each year, and
// describes brokerage in Caia Park (a soundings report and a joint-working protocol) and with a council
// that withdrew Neighbourhood Renewal Funding at short notice; the plans' words, dates, people and
// judgements are invented within that, and each plan's title says "(illustrative)". The PBSA Phase 3
// plan follows the learning report's summary of Grapevine Coventry's plan; its milestones and sums are invented.
import { randomUUID } from 'node:crypto';
import type { Tx } from '../../db/database.js';
import { type Actor, recordAudit } from '../audit/audit.js';
import type { PlanContent, Priority, ReviewJudgement } from '../support/plans/domain.js';
import { brokerageAgreements, brokerageCases, brokerageSteps } from '../support/brokerage/schema.js';
import { actionPlanReviews, actionPlanVersions, actionPlans } from '../support/plans/schema.js';

const SHORT = [
  'Get the residents’ newsletter out every quarter',
  'Find a regular home for meetings',
  'Bring younger people onto the committee',
  'Apply for two small grants for summer activities',
  'Hold an open day so new people can join in',
];
const LONG = [
  'Take on a community building as an asset the group owns',
  'Raise enough income to employ a part-time worker',
  'Have a say in how the council spends regeneration money here',
  'Set up a community enterprise that pays its way',
];
const JUDGED: ReviewJudgement['judgement'][] = ['on_track', 'some_progress', 'on_track', 'not_started', 'some_progress', 'dropped'];

function actionPlanFor(name: string, i: number): PlanContent {
  const priorities: Priority[] = [
    { id: randomUUID(), horizon: 'short', text: SHORT[i % SHORT.length]! },
    { id: randomUUID(), horizon: 'short', text: SHORT[(i + 2) % SHORT.length]! },
    { id: randomUUID(), horizon: 'long', text: LONG[i % LONG.length]! },
  ];
  // Two groups' plans were made by one or two people: the page nudges them to widen it.
  const participants =
    i % 9 === 4
      ? [{ who: 'The chair and the secretary', count: 2 }]
      : [
          { who: 'Action planning session with the facilitator', count: 8 + (i % 7) },
          ...(i % 3 === 0 ? [{ who: 'Residents at the open meeting', count: 12 + i }] : []),
        ];
  return {
    title: `${name}: action plan 2003 (illustrative)`,
    purpose: 'To make the neighbourhood a better place to live, with residents deciding what matters most.',
    priorities,
    actions: [
      {
        id: randomUUID(),
        priorityId: priorities[0]!.id,
        text: 'Agree who does what at the next committee',
        owner: 'Chair',
        dueOn: '2003-05-31',
        status: 'done',
      },
      {
        id: randomUUID(),
        priorityId: priorities[2]!.id,
        text: 'Ask the council what buildings may come free',
        owner: 'Secretary',
        dueOn: '2003-09-30',
        status: i % 2 ? 'in_progress' : 'not_started',
      },
    ],
    participants,
    phase: null,
  };
}

const PBSA_PHASE3: PlanContent = {
  title: 'Grapevine Coventry: Phase 3 plan (illustrative milestones and sums)',
  purpose:
    'Lasting impact: a stronger community full of self-renewing initiatives that give residents and workers the experiences and confidence to tackle their challenges.',
  priorities: [
    { id: randomUUID(), horizon: 'short', text: 'A community-led campaign on fly tipping and the area’s image' },
    { id: randomUUID(), horizon: 'short', text: 'Campaigns on youth facilities, youth crime and street safety' },
    {
      id: randomUUID(),
      horizon: 'long',
      text: 'Community organisers embedded in anchor organisations through the Change Maker University',
    },
  ],
  actions: [],
  participants: [{ who: 'Partnership steering group and community organisers', count: 14 }],
  phase: {
    impact:
      'Residents’ own initiatives carry on without the programme; anchor organisations work with community organisers as a matter of course.',
    milestones: [
      { id: randomUUID(), text: 'Fly-tipping campaign launched with residents', dueOn: '2022-06-30' },
      { id: randomUUID(), text: 'Ten organisers through the Change Maker University', dueOn: '2023-03-31' },
      { id: randomUUID(), text: 'Public narrative training run by local trainers', dueOn: '2024-01-31' },
    ],
    matchFunding: [
      { source: 'Coventry City Council community grant', amountPence: 1_500_000, confirmed: true },
      { source: 'Charitable trust application', amountPence: 2_000_000, confirmed: false },
    ],
    reducedFunding:
      'With the same sum shared among nine places, paid organiser hours taper over the phase as trained residents take on the campaigns; training moves to local trainers.',
  },
};

/** Plans, reviews and brokerage cases for a demo programme, each audited as the API would write it. */
export async function loadSupportPlans(tx: Tx, actor: Actor, slug: string, programmeId: string, partnershipIds: Map<string, string>) {
  const plan = async (partnershipId: string, kind: 'action' | 'phase', content: PlanContent) => {
    const [row] = await tx.insert(actionPlans).values({ programmeId, kind, partnershipId, content, version: 1 }).returning();
    await tx.insert(actionPlanVersions).values({ planId: row!.id, version: 1, content, savedBy: actor.label });
    await recordAudit(tx, actor, {
      programmeId,
      entityType: 'action_plan',
      entityId: row!.id,
      action: 'create',
      summary: `Started the ${kind === 'phase' ? 'phase plan' : 'action plan'} “${content.title}” (demo data)`,
      after: { title: content.title, kind, version: 1 },
    });
    return row!.id;
  };
  if (slug === 'pbsa') {
    const grapevine = partnershipIds.get('Grapevine Coventry');
    if (grapevine) await plan(grapevine, 'phase', PBSA_PHASE3);
    return;
  }
  if (slug !== 'jrf-neighbourhood') return;
  let i = 0;
  for (const [name, partnershipId] of partnershipIds) {
    const content = actionPlanFor(name, i);
    const planId = await plan(partnershipId, 'action', content);
    // Every group reviewed its plan after a year.
    const judgements = content.priorities.map((p, k) => ({
      priorityId: p.id,
      judgement: JUDGED[(i + k) % JUDGED.length]!,
      notes: k === 0 ? 'Going well; more people are coming forward.' : '',
      next: k === 2 ? 'Keep talking to the council about a building.' : '',
    }));
    await tx.insert(actionPlanReviews).values({
      planId,
      planVersion: 1,
      reviewedOn: '2004-03-20',
      judgements,
      participants: [{ who: 'Annual review meeting', count: 6 + (i % 9) }],
      summary: 'The first annual review, with the facilitator.',
    });
    await recordAudit(tx, actor, {
      programmeId,
      entityType: 'action_plan',
      entityId: planId,
      action: 'review',
      summary: `Reviewed “${content.title}” on 2004-03-20 (demo data)`,
      after: { reviewedOn: '2004-03-20' },
    });
    i++;
  }
  await brokerage(tx, actor, programmeId, partnershipIds);
}

async function brokerage(tx: Tx, actor: Actor, programmeId: string, partnershipIds: Map<string, string>) {
  const cases = [
    {
      partnership: 'Caia Park Partnership',
      title: 'Caia Park Partnership and the new Communities First Partnership (illustrative dates)',
      trigger:
        'An uneasy relationship between the Caia Park Partnership and the new Communities First Partnership in the same neighbourhood.',
      parties: [
        { name: 'Caia Park Partnership', kind: 'organisation' as const, organisationId: null },
        { name: 'Communities First Partnership', kind: 'public_body' as const, organisationId: null },
        { name: 'Wrexham County Borough Council', kind: 'public_body' as const, organisationId: null },
      ],
      status: 'resolved' as const,
      openedOn: '2003-02-10',
      closedOn: '2003-11-28',
      outcome: 'The three agencies agreed a protocol for joint working; the process of negotiating mattered more than its clauses.',
      steps: [
        {
          on: '2003-03-05',
          kind: 'Soundings report',
          summary: 'The facilitator sounded out the partners in advance and wrote up their views.',
        },
        { on: '2003-04-16', kind: 'Meeting', summary: 'First meeting of the main community agencies in the neighbourhood.' },
        { on: '2003-07-09', kind: 'Meeting', summary: 'Draft protocol discussed clause by clause.' },
      ],
      agreements: [
        {
          title: 'Protocol for joint working',
          agreedOn: '2003-11-28',
          summary: 'Each partner signing up consults the others on any new initiative likely to affect them.',
        },
      ],
    },
    {
      partnership: 'Boothtown Partnership',
      title: 'Neighbourhood Renewal Funding withdrawn at short notice (illustrative)',
      trigger: 'The local authority gave very short notice of withdrawing substantial Neighbourhood Renewal Funding, without due process.',
      parties: [{ name: 'Calderdale Council', kind: 'public_body' as const, organisationId: null }],
      status: 'open' as const,
      openedOn: '2004-01-12',
      closedOn: null,
      outcome: '',
      steps: [
        { on: '2004-01-20', kind: 'Letter or email', summary: 'JRF wrote to the chief executive asking for the decision to be reviewed.' },
        {
          on: '2004-02-17',
          kind: 'Meeting',
          summary: 'Senior JRF staff, the partnership and council officers met; a phased withdrawal was discussed.',
        },
      ],
      agreements: [],
    },
  ];
  for (const c of cases) {
    const partnershipId = partnershipIds.get(c.partnership);
    if (!partnershipId) continue;
    const [row] = await tx
      .insert(brokerageCases)
      .values({
        programmeId,
        partnershipId,
        title: c.title,
        trigger: c.trigger,
        parties: c.parties,
        status: c.status,
        openedOn: c.openedOn,
        closedOn: c.closedOn,
        outcome: c.outcome,
      })
      .returning();
    if (c.steps.length) await tx.insert(brokerageSteps).values(c.steps.map((s) => ({ caseId: row!.id, ...s })));
    if (c.agreements.length) await tx.insert(brokerageAgreements).values(c.agreements.map((a) => ({ caseId: row!.id, ...a })));
    await recordAudit(tx, actor, {
      programmeId,
      entityType: 'brokerage_case',
      entityId: row!.id,
      action: 'create',
      summary: `Opened the brokerage case “${c.title}” (demo data)`,
      after: { title: c.title, status: c.status, openedOn: c.openedOn },
    });
  }
}
