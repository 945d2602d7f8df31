/**
 * The demo's engagement register in Place Based Social Action (issue 17, point 9). **Illustrative**:
 * the PBSA report lists no engagements, so every engagement, date, cost, rating, answer and "you said,
 * we did" entry here is made up, and each engagement's title ends "(illustrative)". What it shows:
 * - a visible overlap: in East Marsh in March 2026 the council, East Marsh United and the NHS all plan to
 *   ask people about housing ("Three partners plan consultations on housing in East Marsh in March 2026");
 * - one partner's own follow-up (Grapevine's two Coventry sessions on food), which is not flagged;
 * - National Standards self-assessments over two cycles, so the portfolio has strengths and gaps;
 * - six participants' answers on one engagement (enough to be shown) and two on another (too few);
 * - a public "you said, we did" page for Coventry (/you-said-we-did/pbsa/coventry), with one entry
 *   left unpublished so the page can be seen to leave it out.
 * Topics are stemmed by the database as the register's own writes do (topicKeySql).
 */
import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/database.js';
import { type Actor, recordAudit } from '../audit/audit.js';
import type { NationalStandard, Rating } from '../engagement/domain/standards.js';
import { engagementFeedback } from '../engagement/feedback/schema.js';
import { type Level, engagementTopics, engagements } from '../engagement/register/schema.js';
import { newFeedbackCode } from '../engagement/register/service.js';
import { topicKeySql } from '../engagement/register/topics.js';
import { standardRatings } from '../engagement/standards/schema.js';
import { type CommitmentStatus, youSaidWeDid } from '../engagement/you-said-we-did/schema.js';
import { partnerships } from '../partnerships/schema.js';

interface DemoEngagement {
  title: string;
  topics: string[];
  locality: string;
  startsOn: string;
  endsOn: string;
  level: Level;
  leadPartner: string;
  /** The PBSA partnership that recorded it; none: the programme team. */
  partnership?: string;
  targetGroups: string[];
  methods: string[];
  costGbp: number;
  reach: number;
  published?: boolean;
  ratings?: { cycle: number; rated: Partial<Record<NationalStandard, Rating>> }[];
  feedback?: ['yes' | 'partly' | 'no', 'yes' | 'partly' | 'no', 'yes' | 'partly' | 'no'][];
  saidDid?: { said: string; did: string; status: CommitmentStatus; progress: number; published: boolean }[];
}

const ILLUSTRATIVE = ' (illustrative)';

export const DEMO_ENGAGEMENTS: DemoEngagement[] = [
  {
    title: 'East Marsh housing conditions survey',
    topics: ['Housing', 'Repairs'],
    locality: 'East Marsh',
    startsOn: '2026-03-02',
    endsOn: '2026-03-13',
    level: 'consult',
    leadPartner: 'North East Lincolnshire Council',
    targetGroups: ['Private tenants', 'Landlords'],
    methods: ['Door-to-door survey'],
    costGbp: 2400,
    reach: 310,
    ratings: [
      { cycle: 1, rated: { Inclusion: 'partly', Planning: 'largely', Methods: 'largely', Communication: 'partly', Impact: 'not yet' } },
    ],
  },
  {
    title: 'Homes and health drop-in',
    topics: ['houses', 'health'],
    locality: 'East Marsh',
    startsOn: '2026-03-18',
    endsOn: '2026-03-18',
    level: 'consult',
    leadPartner: 'NHS Humber Health Partnership',
    targetGroups: ['Older people', 'Families with young children'],
    methods: ['Drop-in session'],
    costGbp: 600,
    reach: 45,
  },
  {
    title: 'Tenants’ housing forum',
    topics: ['housing'],
    locality: 'East Marsh',
    startsOn: '2026-03-26',
    endsOn: '2026-03-26',
    level: 'involve',
    leadPartner: 'East Marsh United',
    partnership: 'North East Lincolnshire VCSE Alliance',
    targetGroups: ['Private tenants'],
    methods: ['Community meeting'],
    costGbp: 350,
    reach: 60,
    ratings: [{ cycle: 1, rated: { Inclusion: 'fully', Support: 'largely', 'Working Together': 'partly', Impact: 'partly' } }],
  },
  {
    title: 'Hillfields community food conversations',
    topics: ['Food', 'Community spaces'],
    locality: 'Coventry',
    startsOn: '2026-01-12',
    endsOn: '2026-01-30',
    level: 'collaborate',
    leadPartner: 'Grapevine Coventry',
    partnership: 'Grapevine Coventry',
    targetGroups: ['People using food banks', 'Volunteers'],
    methods: ['Kitchen-table conversations', 'Workshop'],
    costGbp: 1800,
    reach: 120,
    published: true,
    ratings: [
      {
        cycle: 1,
        rated: {
          Inclusion: 'partly',
          Support: 'partly',
          Planning: 'largely',
          'Working Together': 'largely',
          Methods: 'largely',
          Communication: 'partly',
          Impact: 'not yet',
        },
      },
      {
        cycle: 2,
        rated: {
          Inclusion: 'largely',
          Support: 'largely',
          Planning: 'largely',
          'Working Together': 'fully',
          Methods: 'fully',
          Communication: 'largely',
          Impact: 'partly',
        },
      },
    ],
    feedback: [
      ['yes', 'yes', 'yes'],
      ['yes', 'yes', 'yes'],
      ['yes', 'partly', 'yes'],
      ['partly', 'yes', 'yes'],
      ['yes', 'yes', 'partly'],
      ['no', 'partly', 'no'],
    ],
    saidDid: [
      {
        said: 'The food bank is only open when people are at work.',
        did: 'The community pantry now opens on Thursday evenings and Saturday mornings.',
        status: 'done',
        progress: 100,
        published: true,
      },
      {
        said: 'There is nowhere warm to meet that does not cost money.',
        did: 'The church hall is opening as a free warm space two afternoons a week; volunteers are being trained.',
        status: 'in progress',
        progress: 60,
        published: true,
      },
      {
        said: 'A named resident’s complaint about a neighbour.',
        did: 'Passed privately to the housing officer; not for the public page.',
        status: 'done',
        progress: 100,
        published: false,
      },
    ],
  },
  {
    title: 'Community food follow-up',
    topics: ['food'],
    locality: 'Coventry',
    startsOn: '2026-02-09',
    endsOn: '2026-02-09',
    level: 'involve',
    leadPartner: 'Grapevine Coventry',
    partnership: 'Grapevine Coventry',
    targetGroups: ['Volunteers'],
    methods: ['Workshop'],
    costGbp: 250,
    reach: 30,
    published: true,
    feedback: [
      ['yes', 'yes', 'yes'],
      ['partly', 'yes', 'yes'],
    ],
    saidDid: [
      {
        said: 'Volunteers want to learn food hygiene.',
        did: 'Twelve volunteers are booked on a food hygiene course.',
        status: 'planned',
        progress: 0,
        published: true,
      },
    ],
  },
];

/** Loads the register into the PBSA programme, inside the demo's transaction. */
export async function loadEngagementDemo(tx: Tx, actor: Actor, programmeId: string): Promise<void> {
  const named = await tx
    .select({ id: partnerships.id, name: partnerships.name })
    .from(partnerships)
    .where(eq(partnerships.programmeId, programmeId));
  const partnershipId = (name: string | undefined) => {
    if (!name) return null;
    const p = named.find((x) => x.name === name);
    if (!p) throw new Error(`The engagement demo names a partnership PBSA lacks: ${name}`);
    return p.id;
  };
  for (const d of DEMO_ENGAGEMENTS) {
    const [e] = await tx
      .insert(engagements)
      .values({
        programmeId,
        partnershipId: partnershipId(d.partnership),
        title: d.title + ILLUSTRATIVE,
        locality: d.locality,
        startsOn: d.startsOn,
        endsOn: d.endsOn,
        targetGroups: d.targetGroups,
        methods: d.methods,
        level: d.level,
        leadPartner: d.leadPartner,
        costPence: d.costGbp * 100,
        reach: d.reach,
        published: d.published ?? false,
        feedbackCode: newFeedbackCode(),
      })
      .returning();
    const id = e!.id;
    await tx
      .insert(engagementTopics)
      .values(d.topics.map((label, position) => ({ engagementId: id, position, label, key: topicKeySql(label) })));
    await recordAudit(tx, actor, {
      programmeId,
      entityType: 'engagement',
      entityId: id,
      action: 'create',
      summary: `Recorded the engagement ${e!.title} (demo data)`,
      after: {
        title: e!.title,
        topics: d.topics,
        locality: d.locality,
        startsOn: d.startsOn,
        endsOn: d.endsOn,
        leadPartner: d.leadPartner,
      },
    });
    for (const { cycle, rated } of d.ratings ?? [])
      await tx.insert(standardRatings).values(
        Object.entries(rated).map(([standard, rating]) => ({
          engagementId: id,
          cycle,
          standard: standard as NationalStandard,
          rating: rating as Rating,
          evidence: `Illustrative: the partner’s own notes on ${standard.toLowerCase()} (cycle ${cycle}).`,
          indicators: cycle === 1 ? 'Who came, compared with who lives here; what people say afterwards.' : '',
        })),
      );
    if (d.feedback?.length)
      await tx
        .insert(engagementFeedback)
        .values(d.feedback.map(([valued, understood, again]) => ({ engagementId: id, valued, understood, again, address: '' })));
    if (d.saidDid?.length) await tx.insert(youSaidWeDid).values(d.saidDid.map((x) => ({ engagementId: id, ...x })));
  }
}
