/**
 * Demo data for case studies, the exchange and action-learning sets (issue 17, point 9): a programme of
 * Community Planning Partnerships taking part in action learning (after the Scottish Government's 2018
 * Community Participation Action Learning report), five case studies retold in Cairn's own words from the
 * report's examples (West Lothian, East Ayrshire, Stirling, Inverclyde, Midlothian), and one regional
 * set with two sessions and by us / with us / for us actions. The case studies summarise the report's
 * examples; the set's sessions, attendees and actions are illustrative, not a record of what happened.
 */
import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/database.js';
import { type Actor, recordAudit } from '../audit/audit.js';
import { caseStudies, learningActions, learningSessions, learningSetPartnerships, learningSets } from '../learning/schema.js';
import { programmes } from '../programmes/schema.js';
import { seedVocabularies } from '../programmes/service.js';
import { defaultVocabularies } from '../programmes/vocabularies.js';
import { insertOrganisation, insertPartnership, insertPlace } from '../registry-import/write.js';

export const LEARNING_DEMO_SLUG = 'cpp-action-learning';

interface DemoCaseStudy {
  area: string;
  title: string;
  themes: string[];
  standards: string[];
  audience: 'programme' | 'public';
  problem: string;
  whatWeDid: string;
  whatHelped: string;
  barriers: string;
  learning: string;
}

const CASE_STUDIES: DemoCaseStudy[] = [
  {
    area: 'West Lothian',
    title: 'Joining up regeneration and community planning',
    themes: ['Information and Knowledge'],
    standards: ['Inclusion', 'Planning', 'Working Together'],
    audience: 'public',
    problem:
      'The Community Empowerment Act asked every partnership for locality plans. West Lothian already had eight regeneration plans, so the partnership chose to build its locality plans on them, and needed the work to stay joined up, with community organisations actively involved rather than consulted at the end.',
    whatWeDid:
      'Communities asked for two large areas to be split, so there are now 13 regeneration areas, each with a steering group supported by one of five regeneration officers. Each local group named its own themes and issues, and the local actions that came out of them also link to the wider priorities.',
    whatHelped:
      'Robust community engagement, and thinking hard about who we were trying to reach and how. What people told us sometimes differed from the statistics, so we had to weigh the two. We stopped talking only to the usual people: in Whitburn we engaged with the food bank, where the anti-poverty strategy was shared in public.',
    barriers:
      'Membership of the groups is not the same everywhere: GP surgeries take part in some areas and not in others, and participation depends on which organisations are present. The process is long, with evidence gathering and asset mapping with the community before opportunities can be highlighted.',
    learning:
      'Even when we think we have reached the right people, we could do better: go where people already are (the shop, the bus station, the job centre, the pub), keep in touch with groups we already work with, and be clear about the purpose. Are we asking people to validate our plans, or are we empowering them? Engagement has to be two-way and worth people’s time.',
  },
  {
    area: 'East Ayrshire',
    title: 'Community representatives at the partnership table',
    themes: ['Building and Developing Relationships', 'Changing Culture and Sharing Power'],
    standards: ['Support', 'Working Together', 'Communication'],
    audience: 'public',
    problem:
      'Community councils were represented on the partnership by two organisations whose own role was changing. A survey of community councils and a consultation event asked whether communities were well represented and how representation could be stronger, at a time when the council and its partners were moving to working with, not for, communities.',
    whatWeDid:
      'Representation was widened beyond community councils to Community Led Action Plan groups. Through Vibrant Communities every community council heard what the partnership does and what a representative would be asked to do; two representatives were chosen from the north and two from the south of the area.',
    whatHelped:
      'An induction for every representative; a worker to support them between meetings and help them share information with their communities; and a meeting with a member of the partnership before each board meeting to go through the agenda and papers in a more relaxed setting.',
    barriers:
      'Daytime meetings do not suit people who work. Papers arrive close to meetings, leaving little time to consult the wider group, and the amount of paperwork for one meeting can overwhelm people new to strategic decisions.',
    learning:
      'Reports and updates need less jargon. Empowered community representatives bring a fresh view and a constructive challenge. Good engagement is two-way: communities shape decisions, and the partnership’s direction is shared back, closing the circle.',
  },
  {
    area: 'Stirling',
    title: 'Four localities instead of one size fits all',
    themes: ['Communication and Participation', 'Participation Methods'],
    standards: ['Inclusion', 'Methods', 'Planning'],
    audience: 'programme',
    problem:
      'One approach to community participation across the whole area no longer worked: Stirling runs from urban neighbourhoods to remote rural communities, and people in each take part in different ways.',
    whatWeDid:
      'While writing its Local Outcomes Improvement Plan, the partnership split the area into four localities (urban north, urban south, rural north and rural south) so it could learn how participation works in each. Participatory budgeting in the localities added to that learning.',
    whatHelped:
      'Treating each locality on its own terms, and learning from participatory budgeting about how many more people take part when they decide something real.',
    barriers: 'Reaching rural communities costs more time and travel, and volunteers in small places are asked to do a great deal.',
    learning:
      'Participation has to fit the place. Offering people a choice of how, and how much, to take part brings in people who never come to a meeting.',
  },
  {
    area: 'Inverclyde',
    title: 'Our Place, Our Future: asking everyone before planning',
    themes: ['Participation Methods', 'Information and Knowledge'],
    standards: ['Inclusion', 'Methods', 'Impact'],
    audience: 'public',
    problem:
      'The partnership wanted its Local Outcomes Improvement Plan to rest on what would make most difference to people’s lives, recognising that communities hold many of the answers to the problems in their area.',
    whatWeDid:
      'In 2016 it ran a six-month engagement: the Our Place Our Future survey, built on the Place Standard tool (housing, safety, public transport, facilities, play and recreation), an adapted version for children and young people, and community events. Almost 2% of residents aged 16 and over answered, its highest rate of engagement, and the findings set the plan’s priorities.',
    whatHelped:
      'Many ways in: social media and online adverts, drop-in days, stalls in busy public places, and existing community networks and groups. A small grant from the Big Lottery Fund paid for coordination and publicity.',
    barriers:
      'Some groups were hard to reach at first, and events in venues the partnership hired were less effective, and dearer, than going to where people already are, such as shopping centres and supermarkets.',
    learning:
      'This will not be a one-off: the survey will be repeated after three years to see what has changed on the issues people said mattered most, and the community will be involved in delivering the plan.',
  },
  {
    area: 'Midlothian',
    title: 'Starting participatory budgeting in our communities',
    themes: ['Changing Culture and Sharing Power'],
    standards: ['Impact', 'Working Together', 'Support'],
    audience: 'programme',
    problem: 'Making a start on participatory budgeting in our target communities, with the resources of the community work team.',
    whatWeDid:
      'The community work team piloted participatory budgeting in three communities, with match funding from NHS Lothian Health Promotion and the Scottish Government, then a second round of three pilots on topics each community chose. An external review followed the first phase; participants’ feedback and short videos showed the work to the wider partnership and the public.',
    whatHelped:
      'A long-standing, honest relationship between the community work team and the third sector. People who took part were very positive, and the process brought many networks together for important conversations.',
    barriers:
      'Challenge came from unexpected places: some partners feared that using participatory budgeting for grants would weaken links to policy priorities and evidence of need, and argued that panels including professional staff would decide better.',
    learning:
      'Power shifts between communities, elected members and professional staff are complex. Participatory budgeting is meant to be deliberative, with voters fully informed before they vote; that is a high standard of participation and needs a lot of staff time to deliver.',
  },
];

/** Loads the programme, its five partnerships, the case studies and an action-learning set, unless the slug exists. */
export async function loadLearningDemo(tx: Tx, actor: Actor): Promise<string | null> {
  const [exists] = await tx.select({ id: programmes.id }).from(programmes).where(eq(programmes.slug, LEARNING_DEMO_SLUG));
  if (exists) return null;
  const [p] = await tx
    .insert(programmes)
    .values({
      slug: LEARNING_DEMO_SLUG,
      name: 'Community Participation Action Learning',
      funder: 'Scottish Government',
      description:
        'Community Planning Partnerships learning together about community participation in regional clusters: case studies in five questions, shared through the exchange, and actions by us, with us and for us. Illustrative data after the 2018 Community Participation Action Learning report.',
    })
    .returning();
  const programmeId = p!.id;
  await recordAudit(tx, actor, {
    programmeId,
    entityType: 'programme',
    entityId: programmeId,
    action: 'create',
    summary: `Created programme ${p!.name} (demo data)`,
    after: { slug: p!.slug, name: p!.name, funder: p!.funder },
  });
  await seedVocabularies(tx, programmeId, { ...defaultVocabularies(), theme: ['Participatory budgeting'] });
  const partnershipOf = new Map<string, { id: string; placeId: string; orgId: string; orgName: string }>();
  for (const c of CASE_STUDIES) {
    const place = await insertPlace(tx, actor, programmeId, { name: c.area, nation: 'Scotland', localAuthority: c.area });
    const org = await insertOrganisation(tx, actor, programmeId, { name: `${c.area} Council`, type: 'Local authority' });
    const partnership = await insertPartnership(tx, actor, programmeId, {
      name: `${c.area} Community Planning Partnership`,
      placeId: place.id,
      leadOrganisationId: org.id,
    });
    partnershipOf.set(c.area, { id: partnership.id, placeId: place.id, orgId: org.id, orgName: `${c.area} Council` });
  }

  const [set] = await tx
    .insert(learningSets)
    .values({
      programmeId,
      name: 'South and West cluster',
      description:
        'Five partnerships meeting twice over four months: the first session to share stories and agree actions, the second to reflect on what came of them.',
      learning:
        'Consultations run by different partners in the same places tire communities: map every engagement before planning the next. Go where people already are. Say what changed because people spoke.',
    })
    .returning();
  await tx.insert(learningSetPartnerships).values([...partnershipOf.values()].map((x) => ({ setId: set!.id, partnershipId: x.id })));
  const sessions = await tx
    .insert(learningSessions)
    .values([
      {
        setId: set!.id,
        heldOn: '2018-02-21',
        title: 'Session 1: sharing stories of practice',
        attendees: [
          'Community planning officers from the five partnerships',
          'Two community representatives',
          'Facilitators from IS and SCDC',
        ],
        notes: 'Each partnership told one story in the five questions and chose actions to try before the second session.',
      },
      {
        setId: set!.id,
        heldOn: '2018-05-16',
        title: 'Session 2: what came of our actions',
        attendees: ['Community planning officers from the five partnerships', 'Facilitators from IS and SCDC'],
        notes: 'Reflected on each action, named what we are learning, and agreed which stories to publish as case studies.',
      },
    ])
    .returning();
  const first = sessions[0]!.id;
  const actions: (typeof learningActions.$inferInsert)[] = [
    {
      area: 'West Lothian',
      level: 'by_us',
      action: 'Map every engagement our partners plan in each regeneration area',
      priority: 'high',
      status: 'done',
      followUp: 'A shared list of 41 planned engagements; three clashes found and merged.',
      followUpOn: '2018-05-16',
    },
    {
      area: 'East Ayrshire',
      level: 'by_us',
      action: 'Rewrite board papers for community representatives in plain language',
      priority: 'high',
      status: 'done',
      followUp: 'A one-page summary now goes with every paper.',
      followUpOn: '2018-05-16',
    },
    {
      area: 'Stirling',
      level: 'with_us',
      action: 'Run a rural participation event with the third sector interface',
      priority: 'medium',
      status: 'open',
      followUp: '',
    },
    {
      area: 'Inverclyde',
      level: 'with_us',
      action: 'Share the Our Place Our Future survey questions with neighbouring partnerships',
      priority: 'medium',
      status: 'done',
      followUp: 'Two partnerships are adapting it.',
      followUpOn: '2018-05-16',
    },
    {
      area: 'Midlothian',
      level: 'for_us',
      action: 'Ask national bodies for lighter scrutiny of small participatory budgeting grants',
      priority: 'low',
      status: 'open',
      followUp: 'Raised at the national learning event; no answer yet.',
    },
  ].map(
    ({ area, ...a }) =>
      ({ ...a, setId: set!.id, partnershipId: partnershipOf.get(area)!.id, sessionId: first }) as typeof learningActions.$inferInsert,
  );
  await tx.insert(learningActions).values(actions);

  const published = new Date('2018-09-12T10:00:00Z');
  await tx.insert(caseStudies).values(
    CASE_STUDIES.map((c) => {
      const x = partnershipOf.get(c.area)!;
      return {
        programmeId,
        partnershipId: x.id,
        learningSetId: set!.id,
        title: c.title,
        themes: c.themes,
        standards: c.standards,
        placeId: x.placeId,
        organisationId: x.orgId,
        organisationName: x.orgName,
        problem: c.problem,
        whatWeDid: c.whatWeDid,
        whatHelped: c.whatHelped,
        barriers: c.barriers,
        learning: c.learning,
        contact: `Community planning team, ${c.area} (illustrative)`,
        status: 'published' as const,
        audience: c.audience,
        publishedAt: published,
      };
    }),
  );
  return p!.name;
}
