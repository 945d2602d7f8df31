// One engine: the access rules are code that runs the same on both engines; each route's SQL is tested on both by its module's own tests.
/**
 * The authorisation matrix: every operation in /api/openapi.json, called by every kind of caller, with
 * real ids of programme A's records and a valid body. A route added without a role or scope check
 * fails here without anyone writing a new test for it.
 *
 * Fixture: programme A (partnerships A1, A2 — each with its own place, organisation and membership;
 * A1 also has a project, a grant in a phase and a monitoring return holding one figure for A's required indicator;
 * A has an evaluation with two codes and one coded respondent),
 * A1 also has an action plan with one priority and a confidential brokerage case),
 * A has an evaluation with two codes and one coded respondent; A1 has a draft case study and an action-learning
 * set of its own with a session and an action),
 * programme B (partnership B1). Callers: an
 * administrator, A's programme manager, A's viewer, one member each of A1, A2 and B1, and two of A's
 * facilitators, one assigned to A1 and one to A2 (through support providers).
 */
import { writeFigures } from '../../src/modules/monitoring/returns/figures.js';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  caseStudies,
  learningActions,
  learningSessions,
  learningSetPartnerships,
  learningSets,
  codeFamilies,
  codes,
  codings,
  consentRecords,
  evaluations,
  passages,
  quotes,
  transcripts,
  placeSurveys,
  grants,
  indicators,
  monitoringReturns,
  respondents,
  organisations,
  partnershipOrganisations,
  partnerships,
  pbProposals,
  pbRounds,
  places,
  projects,
  projectTerms,
  reportingPeriods,
  engagements,
  engagementTopics,
  youSaidWeDid,
  supportAssignments,
  supportAttendance,
  supportContacts,
  supportCredit,
  supportEvents,
  supportProviders,
  theoriesOfChange,
  tocComments,
  tocVersions,
} from '../../src/db/schema.js';
import { STANDARD_FAMILIES } from '../../src/modules/evaluation/domain/qdc-families.js';
import { type Client, type TestContext, startTestApp } from '../support/http.js';
import { CannotSample, type JsonSchema, type Operation, operationsOf, sample } from './request-samples.js';

/** Open to anyone, signed in or not. Each is checked below for what it gives away. */
const PUBLIC = new Set([
  'GET /api/v1/auth/session',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/logout',
  'GET /api/v1/invitations/{token}',
  'POST /api/v1/invitations/{token}/accept',
  'GET /api/v1/password-resets/{token}',
  'POST /api/v1/password-resets/{token}',
]);

/** Open to any signed-in person whatever their roles; each answers only with the caller's own things. */
const ANY_SIGNED_IN = new Set(['GET /api/v1/programmes', 'GET /api/v1/home']);

/** Path parameters that name one of A1's own records (as opposed to the programme and its shared lists). */
const A1_RECORD_PARAMS = new Set([
  'partnershipId',
  'placeId',
  'organisationId',
  'memberId',
  'projectId',
  'grantId',
  'returnId',
  'engagementId',
  'entryId',
  'planId',
  'caseId',
  'contactId',
  'creditId',
  // A1's draft case study, and an action-learning set of A1 alone with its session and action
  'caseStudyId',
  'setId',
  'sessionId',
  'actionId',
]);

/**
 * Confidential records (brokerage cases): only A's manager, the administrator and the facilitator
 * assigned to the record's partnership (A1) may know one exists. To anyone else every route naming one
 * answers 404 — a write included, where a visible record would answer 403 — and lists leave it out.
 */
const CONFIDENTIAL_PARAMS = new Set(['caseId']);
const namesConfidential = (op: { pathParams: string[] }) => op.pathParams.some((p) => CONFIDENTIAL_PARAMS.has(p));

const EMAIL = {
  admin: 'admin@matrix.test',
  managerA: 'manager.a@matrix.test',
  viewerA: 'viewer.a@matrix.test',
  memberA1: 'member.a1@matrix.test',
  memberA2: 'member.a2@matrix.test',
  memberB1: 'member.b1@matrix.test',
  facilitatorA1: 'facilitator.a1@matrix.test',
  facilitatorA2: 'facilitator.a2@matrix.test',
} as const;
type Who = keyof typeof EMAIL;

interface Fixture {
  programmeA: { id: string; slug: string; name: string };
  programmeB: { id: string; slug: string; name: string };
  a1: string;
  a2: string;
  b1: string;
  placeA1: string;
  placeA2: string;
  orgA1: string;
  orgA2: string;
  memberRowA1: string;
  projectA1: string;
  grantA1: string;
  indicatorA: string;
  periodA: string;
  returnA1: string;
  phaseA: string;
  termA: string;
  themeA: string;
  coproductionA: string;
  typologyA: string;
  evaluationA: string;
  codeA: string;
  codeA2: string;
  respondentA: string;
  transcriptA: string;
  passageA: string;
  quoteA: string;
  /** A1's engagement, with one "you said, we did" entry. */
  engagementA1: string;
  entryA1: string;
  planA1: string;
  /** The id of the one priority in A1's plan, which a review judges. */
  priorityA1: string;
  caseA1: string;
  /** A participatory budgeting round of A (at its deliberation stage) and one of its proposals. */
  roundA: string;
  proposalA: string;
  caseStudyA1: string;
  setA1: string;
  sessionA1: string;
  actionA1: string;
  /** A Word report of A's evaluation made for A's manager: a job only its starter may see. */
  reportA: string;
  /** Support: a facilitator covering A1, a contact and a credit spend of A1's, an event A1 went to. */
  providerA: string;
  contactA1: string;
  creditA1: string;
  eventA: string;
  /** A theory of change of A with a draft (steps n1, n2, n3; link l1 from n1 to n2) and a comment on n1. */
  theoryA: string;
  versionA: string;
  commentA: string;
  users: Record<Who, string>;
}

let t: TestContext;
let f: Fixture;
let doc: Parameters<typeof operationsOf>[0];
let ops: Operation[];
const clients = new Map<Who, Client>();

async function ok(res: LightMyRequestResponse, what: string) {
  if (res.statusCode >= 300) throw new Error(`fixture: ${what} answered ${res.statusCode} ${res.body}`);
  return res.json();
}

beforeAll(async () => {
  t = await startTestApp();
  const users = {} as Record<Who, string>;
  for (const who of Object.keys(EMAIL) as Who[]) users[who] = (await t.makeUser(EMAIL[who], { isAdmin: who === 'admin' })).id;
  const admin = await t.as(EMAIL.admin);

  const progA = (
    await ok(
      await admin.post('/api/v1/programmes', { slug: 'matrix-a', name: 'Alderbrook Programme', funder: 'Alderbrook Community Trust' }),
      'programme A',
    )
  ).data;
  const progB = (await ok(await admin.post('/api/v1/programmes', { slug: 'matrix-b', name: 'Birchfield Programme' }), 'programme B')).data;
  const addTerm = async (vocabulary: string, label: string) =>
    (await ok(await admin.post(`/api/v1/programmes/matrix-a/vocabularies/${vocabulary}/terms`, { label }), `${vocabulary} term`)).data as {
      id: string;
    };
  const term = await addTerm('theme', 'Quarry Lane allotments'); // unused, so removing it is allowed
  const theme = await addTerm('theme', 'Matrix food');
  const coproduction = await addTerm('coproduction_model', 'Matrix co-design');
  const typology = await addTerm('typology', 'Matrix larders');
  const phase = (await ok(await admin.post('/api/v1/programmes/matrix-a/phases', { number: 1, name: 'Alderbrook phase one' }), 'phase'))
    .data;

  // Registry records go straight into the database: the fixture must not depend on the routes under test.
  const { db } = t.database;
  const [placeA1, placeA2] = await db
    .insert(places)
    .values([
      { programmeId: progA.id, name: 'Alderbrook Hollow', nation: 'England' },
      { programmeId: progA.id, name: 'Ashcombe Rise', nation: 'England' },
    ])
    .returning();
  await db.insert(places).values({ programmeId: progB.id, name: 'Birchfield Green', nation: 'Wales' });
  const [orgA1, orgA2, orgB1, orgA1b] = await db
    .insert(organisations)
    .values([
      { programmeId: progA.id, name: 'Hollow Lane Food Co-op' },
      { programmeId: progA.id, name: 'Ashcombe Youth Forum' },
      { programmeId: progB.id, name: 'Birchfield Tenants Union' },
      { programmeId: progA.id, name: 'Hollow Lane Allotment Society' },
    ])
    .returning();
  const [a1, a2, b1] = await db
    .insert(partnerships)
    .values([
      { programmeId: progA.id, name: 'Alderbrook Hollow Partnership', placeId: placeA1!.id, leadOrganisationId: orgA1!.id },
      { programmeId: progA.id, name: 'Ashcombe Rise Partnership', placeId: placeA2!.id, leadOrganisationId: orgA2!.id },
      { programmeId: progB.id, name: 'Birchfield Partnership', leadOrganisationId: orgB1!.id },
    ])
    .returning();
  const [memberRow] = await db
    .insert(partnershipOrganisations)
    .values([
      { partnershipId: a1!.id, organisationId: orgA1b!.id, role: 'member', joinedOn: '2019-06-01' },
      { partnershipId: a1!.id, organisationId: orgA1!.id, role: 'lead', joinedOn: '2019-01-01' },
      { partnershipId: a2!.id, organisationId: orgA2!.id, role: 'lead', joinedOn: '2019-01-01' },
      { partnershipId: b1!.id, organisationId: orgB1!.id, role: 'lead', joinedOn: '2019-01-01' },
    ])
    .returning();
  const [project] = await db
    .insert(projects)
    .values({ programmeId: progA.id, partnershipId: a1!.id, name: 'Hollow Lane community larder' })
    .returning();
  await db.insert(projectTerms).values({ projectId: project!.id, termId: theme.id });
  const [grant] = await db
    .insert(grants)
    .values({
      programmeId: progA.id,
      title: 'Larder fit-out grant',
      recipientOrganisationId: orgA1!.id,
      partnershipId: a1!.id,
      phaseId: phase.id,
      amountPence: 1_250_000,
      awardedOn: '2021-03-01',
    })
    .returning();
  // A1's return is a draft with its one required figure filled in, so submitting it is allowed.
  const [indicator] = await db
    .insert(indicators)
    .values({ programmeId: progA.id, key: 'volunteers', label: 'Matrix volunteers', required: true })
    .returning();
  const [period] = await db
    .insert(reportingPeriods)
    .values({ programmeId: progA.id, label: 'Matrix 2021', startsOn: '2021-01-01', endsOn: '2021-12-31', dueOn: '2022-01-31' })
    .returning();
  const [ret] = await db
    .insert(monitoringReturns)
    .values({ programmeId: progA.id, partnershipId: a1!.id, periodId: period!.id })
    .returning();
  await writeFigures(db, ret!.id, [
    { indicatorId: indicator!.id, value: '41', textValue: null, notReported: false, notReportedReason: '' },
  ]);
  // An evaluation with a code to rename, one to merge into it, and a coded respondent.
  const [evaluation] = await db
    .insert(evaluations)
    .values({ programmeId: progA.id, slug: 'matrix-eval', title: 'Matrix evaluation' })
    .returning();
  const families = await db
    .insert(codeFamilies)
    .values(STANDARD_FAMILIES.map((fam, position) => ({ evaluationId: evaluation!.id, ...fam, position })))
    .returning();
  const [codeA, codeA2] = await db
    .insert(codes)
    .values([
      { evaluationId: evaluation!.id, familyId: families[0]!.id, name: 'Matrix trust' },
      { evaluationId: evaluation!.id, familyId: families[0]!.id, name: 'Matrix belonging' },
    ])
    .returning();
  const [respondent] = await db
    .insert(respondents)
    .values({ evaluationId: evaluation!.id, ref: 'MATRIX-R1', projectId: project!.id, consent: 'given' })
    .returning();
  await db.insert(consentRecords).values({ respondentId: respondent!.id, status: 'given', on: '2021-05-01' });
  await db.insert(codings).values({ respondentId: respondent!.id, codeId: codeA!.id, source: 'import' });
  // Evidence: a transcript with a passage coded for the respondent, saved as a quote.
  const [transcript] = await db
    .insert(transcripts)
    .values({
      evaluationId: evaluation!.id,
      title: 'Matrix transcript',
      fileName: 'matrix.txt',
      format: 'text',
      body: 'Matrix interview words.',
      passagesNumbered: 1,
    })
    .returning();
  const [passage] = await db
    .insert(passages)
    .values({
      transcriptId: transcript!.id,
      respondentId: respondent!.id,
      codeId: codeA!.id,
      number: 1,
      startOffset: 7,
      endOffset: 16,
      text: 'interview',
    })
    .returning();
  const [quote] = await db
    .insert(quotes)
    .values({ respondentId: respondent!.id, text: 'Matrix quote words', attribution: 'A partner', passageId: passage!.id })
    .returning();
  // An engagement A1 recorded, with what people said; the matrix's own samples record others.
  const [engagement] = await db
    .insert(engagements)
    .values({
      programmeId: progA.id,
      partnershipId: a1!.id,
      title: 'Matrix larder consultation',
      locality: 'Matrix Lane',
      startsOn: '2021-05-01',
      endsOn: '2021-05-02',
      level: 'consult',
      leadPartner: 'Matrix council',
      feedbackCode: 'matrixfeedback01',
    })
    .returning();
  await db.insert(engagementTopics).values({ engagementId: engagement!.id, position: 0, label: 'food', key: 'food' });
  const [entry] = await db
    .insert(youSaidWeDid)
    .values({ engagementId: engagement!.id, said: 'Matrix residents said open later' })
    .returning();
  const [theory] = await db
    .insert(theoriesOfChange)
    .values({ programmeId: progA.id, name: 'Matrix theory of change', level: 'programme' })
    .returning();
  const stages = [
    { key: 'inputs', label: 'Inputs' },
    { key: 'outcomes', label: 'Outcomes' },
  ];
  const step = (key: string, stage: string) => ({
    key,
    label: `Matrix step ${key}`,
    stage,
    description: '',
    questions: [],
    position: null,
  });
  const [tocVersion] = await db
    .insert(tocVersions)
    .values({
      theoryId: theory!.id,
      number: 1,
      name: 'Matrix draft',
      model: {
        stages,
        nodes: [step('n1', 'inputs'), step('n2', 'outcomes'), step('n3', 'outcomes')],
        links: [{ key: 'l1', from: 'n1', to: 'n2', rationale: 'Matrix rationale', interventions: [], assumptions: [] }],
      },
    })
    .returning();
  const [tocComment] = await db
    .insert(tocComments)
    .values({ versionId: tocVersion!.id, target: 'node', targetKey: 'n1', body: 'Matrix comment', authorLabel: 'matrix' })
    .returning();
  // A Place Standard survey not yet open: its resident page must answer as if it did not exist.
  await db
    .insert(placeSurveys)
    .values({ programmeId: progA.id, slug: 'matrix-survey', title: 'Matrix survey words', localities: ['Alderbrook Hollow'] });
  const [pbRound] = await db
    .insert(pbRounds)
    .values({ programmeId: progA.id, slug: 'matrix-round', name: 'Matrix PB round', budget: 1000, stage: 'deliberation' })
    .returning();
  const [pbProposal] = await db
    .insert(pbProposals)
    .values({ roundId: pbRound!.id, ref: '1', position: 1, name: 'Matrix PB proposal', cost: 400, eligibility: 'eligible' })
    .returning();
  // A1's draft case study, and an action-learning set of A1 alone with a session and an action.
  const [caseStudy] = await db
    .insert(caseStudies)
    .values({ programmeId: progA.id, partnershipId: a1!.id, title: 'Matrix case study draft', problem: 'Matrix problem words' })
    .returning();
  const [learningSet] = await db.insert(learningSets).values({ programmeId: progA.id, name: 'Matrix action-learning set' }).returning();
  await db.insert(learningSetPartnerships).values({ setId: learningSet!.id, partnershipId: a1!.id });
  const [session] = await db
    .insert(learningSessions)
    .values({ setId: learningSet!.id, heldOn: '2021-02-01', title: 'Matrix session one' })
    .returning();
  const [action] = await db
    .insert(learningActions)
    .values({ setId: learningSet!.id, partnershipId: a1!.id, sessionId: session!.id, level: 'by_us', action: 'Matrix action words' })
    .returning();
  await ok(
    await admin.put(`/api/v1/programmes/matrix-a/phases/${phase.id}/progressions/${a1!.id}`, {
      progressed: false,
      reason: 'Alderbrook paused for the larder',
    }),
    'progression',
  );

  const [provider] = await db
    .insert(supportProviders)
    .values({ programmeId: progA.id, role: 'facilitator', name: 'Matrix facilitator', email: 'matrix.facilitator@cairn.test' })
    .returning();
  await db.insert(supportAssignments).values({ providerId: provider!.id, partnershipId: a1!.id, contactName: 'Matrix contact' });
  const [contact] = await db
    .insert(supportContacts)
    .values({
      programmeId: progA.id,
      partnershipId: a1!.id,
      providerId: provider!.id,
      contactOn: '2021-02-01',
      minutes: 90,
      type: 'facilitation',
    })
    .returning();
  const [credit] = await db
    .insert(supportCredit)
    .values({
      programmeId: progA.id,
      partnershipId: a1!.id,
      kind: 'spend',
      entryOn: '2021-02-02',
      amountPence: 12_000,
      purpose: 'Matrix hall hire',
    })
    .returning();
  const [event] = await db
    .insert(supportEvents)
    .values({ programmeId: progA.id, name: 'Matrix networking day', heldOn: '2021-03-01', costPence: 50_000 })
    .returning();
  await db.insert(supportAttendance).values({ eventId: event!.id, partnershipId: a1!.id, people: 2 });

  await ok(await admin.put(`/api/v1/users/${users.managerA}/programme-roles/matrix-a`, { role: 'programme_manager' }), 'manager role');
  await ok(await admin.put(`/api/v1/users/${users.viewerA}/programme-roles/matrix-a`, { role: 'viewer' }), 'viewer role');
  await ok(await admin.put(`/api/v1/users/${users.memberA1}/partnerships/${a1!.id}`), 'A1 membership');
  await ok(await admin.put(`/api/v1/users/${users.memberA2}/partnerships/${a2!.id}`), 'A2 membership');
  await ok(await admin.put(`/api/v1/users/${users.memberB1}/partnerships/${b1!.id}`), 'B1 membership');
  for (const who of ['facilitatorA1', 'facilitatorA2'] as const)
    await ok(await admin.put(`/api/v1/users/${users[who]}/programme-roles/matrix-a`, { role: 'facilitator' }), `${who} role`);
  const facilitators = await db
    .insert(supportProviders)
    .values([
      { programmeId: progA.id, role: 'facilitator', name: 'Matrix facilitator one', userId: users.facilitatorA1 },
      { programmeId: progA.id, role: 'facilitator', name: 'Matrix facilitator two', userId: users.facilitatorA2 },
    ])
    .returning();
  await db.insert(supportAssignments).values([
    { providerId: facilitators[0]!.id, partnershipId: a1!.id },
    { providerId: facilitators[1]!.id, partnershipId: a2!.id },
  ]);
  // A1's plan and its confidential brokerage case, made through the API by the manager.
  const plan = (
    await ok(
      await admin.post('/api/v1/programmes/matrix-a/plans', {
        kind: 'action',
        partnershipId: a1!.id,
        title: 'Hollow Lane action plan',
        priorities: [{ horizon: 'short', text: 'Matrix priority words' }],
      }),
      'plan',
    )
  ).data;
  const brokerage = (
    await ok(
      await admin.post('/api/v1/programmes/matrix-a/brokerage-cases', {
        partnershipId: a1!.id,
        title: 'Hollow Lane and the council',
        trigger: 'Matrix brokerage words',
        parties: [{ name: 'Alderbrook Borough Council', kind: 'public_body', organisationId: null }],
        openedOn: '2020-01-01',
      }),
      'brokerage case',
    )
  ).data;

  f = {
    programmeA: { id: progA.id, slug: 'matrix-a', name: progA.name },
    programmeB: { id: progB.id, slug: 'matrix-b', name: progB.name },
    a1: a1!.id,
    a2: a2!.id,
    b1: b1!.id,
    placeA1: placeA1!.id,
    placeA2: placeA2!.id,
    orgA1: orgA1!.id,
    orgA2: orgA2!.id,
    memberRowA1: memberRow!.id,
    projectA1: project!.id,
    grantA1: grant!.id,
    indicatorA: indicator!.id,
    periodA: period!.id,
    returnA1: ret!.id,
    phaseA: phase.id,
    termA: term.id,
    themeA: theme.id,
    coproductionA: coproduction.id,
    typologyA: typology.id,
    evaluationA: 'matrix-eval',
    codeA: codeA!.id,
    codeA2: codeA2!.id,
    respondentA: respondent!.id,
    transcriptA: transcript!.id,
    passageA: passage!.id,
    quoteA: quote!.id,
    engagementA1: engagement!.id,
    entryA1: entry!.id,
    planA1: plan.id,
    priorityA1: plan.content.priorities[0].id,
    caseA1: brokerage.id,
    roundA: 'matrix-round',
    proposalA: pbProposal!.id,
    caseStudyA1: caseStudy!.id,
    setA1: learningSet!.id,
    sessionA1: session!.id,
    actionA1: action!.id,
    reportA: '',
    providerA: provider!.id,
    contactA1: contact!.id,
    creditA1: credit!.id,
    eventA: event!.id,
    theoryA: theory!.id,
    versionA: tocVersion!.id,
    commentA: tocComment!.id,
    users,
  };
  for (const who of Object.keys(EMAIL) as Who[]) clients.set(who, await t.as(EMAIL[who]));
  // A's manager's report, made to the end, so its status and file answer 200 to them and to nobody else.
  const reports = '/api/v1/programmes/matrix-a/evaluations/matrix-eval/figure-reports';
  f.reportA = (await ok(await clients.get('managerA')!.post(reports), 'figure report')).data.id;
  for (let status = 'running'; status === 'running'; ) {
    await new Promise((r) => setTimeout(r, 50));
    status = (await ok(await clients.get('managerA')!.get(`${reports}/${f.reportA}`), 'figure report status')).data.status;
  }

  // The route list comes from the app itself, as a client would see it.
  const res = await t.anonymous().get('/api/openapi.json');
  doc = res.json();
  ops = operationsOf(doc);
});

// ---- building a request for an operation

function pathValue(param: string, caller: Who | 'anonymous'): string {
  switch (param) {
    case 'programme':
      return f.programmeA.slug;
    case 'partnershipId':
      return f.a1;
    case 'placeId':
      return f.placeA1;
    case 'organisationId':
      return f.orgA1;
    case 'memberId':
      return f.memberRowA1;
    case 'projectId':
      return f.projectA1;
    case 'grantId':
      return f.grantA1;
    case 'phaseId':
      return f.phaseA;
    case 'indicatorId':
      return f.indicatorA;
    case 'periodId':
      return f.periodA;
    case 'returnId':
      return f.returnA1;
    case 'termId':
      return f.termA;
    case 'vocabulary':
      return 'theme';
    case 'evaluation':
      return f.evaluationA;
    case 'codeId':
      return f.codeA;
    case 'respondentId':
      return f.respondentA;
    // A code family of A's evaluation, by key (its base: who was asked its question).
    case 'family':
      return 'context';
    case 'transcriptId':
      return f.transcriptA;
    case 'passageId':
      return f.passageA;
    // A Place Standard survey of A, by its short name.
    case 'survey':
      return 'matrix-survey';
    case 'quoteId':
      return f.quoteA;
    case 'engagementId':
      return f.engagementA1;
    case 'entryId':
      return f.entryA1;
    // A self-assessment cycle of A1's engagement: its first.
    case 'cycle':
      return '1';
    case 'planId':
      return f.planA1;
    // A plan's versions are numbered from 1.
    case 'version':
      return '1';
    case 'caseId':
      return f.caseA1;
    // A theory of change of A, its draft, a comment on it and a link of it.
    case 'theoryId':
      return f.theoryA;
    case 'versionId':
      return f.versionA;
    case 'commentId':
      return f.commentA;
    case 'linkKey':
      return 'l1';
    case 'round':
      return f.roundA;
    case 'proposalId':
      return f.proposalA;
    case 'caseStudyId':
      return f.caseStudyA1;
    case 'setId':
      return f.setA1;
    case 'sessionId':
      return f.sessionA1;
    case 'actionId':
      return f.actionA1;
    // A job belongs to whoever started it: everyone but A's manager is told it does not exist.
    case 'report':
      return f.reportA;
    case 'providerId':
      return f.providerA;
    case 'contactId':
      return f.contactA1;
    case 'creditId':
      return f.creditA1;
    case 'eventId':
      return f.eventA;
    // Someone changing their own roles is the escalation worth trying; the administrator changes the viewer's.
    case 'userId':
      return caller === 'admin' || caller === 'anonymous' ? f.users.viewerA : f.users[caller];
    case 'token':
      return 'no-such-invitation-token-0000000000';
    default:
      throw new CannotSample(`no fixture value for the path parameter {${param}}: add it to pathValue() in the authorisation matrix`);
  }
}

/** Body and query fields that need a real value; anything else is made up from its schema. */
function fieldValue(field: string, s: JsonSchema): unknown {
  const ids: Record<string, string> = {
    partnershipId: f.a1,
    placeId: f.placeA1,
    organisationId: f.orgA1,
    leadOrganisationId: f.orgA1,
    recipientOrganisationId: f.orgA1,
    phaseId: f.phaseA,
    projectId: f.projectA1,
    termId: f.termA,
    coproductionModelId: f.coproductionA,
    themeIds: f.themeA,
    typologyIds: f.typologyA,
    userId: f.users.viewerA,
    indicatorId: f.indicatorA,
    periodId: f.periodA,
    // Codings tick A's first code; a merge folds the second into it.
    codeIds: f.codeA,
    mergeCodeIds: f.codeA2,
    // Quotes and coded passages are of A's respondent; a passage is coded with A's first code.
    respondentId: f.respondentA,
    codeId: f.codeA,
    // A theory of change's versions: the diff compares the draft with itself; a new draft copies it.
    fromVersionId: f.versionA,
    from: f.versionA,
    to: f.versionA,
    proposalId: f.proposalA,
    // A case study or an action is A1's; an action is agreed at the set's session.
    learningSetId: f.setA1,
    sessionId: f.sessionA1,
  };
  if (s.format === 'uuid' && ids[field]) return ids[field];
  switch (field) {
    case 'slug':
      return 'matrix-new';
    // A Place Standard response: a score for each of the 14 themes.
    case 'scores':
      return Array.from({ length: 14 }, () => 4);
    case 'key':
      return 'matrix-indicator';
    case 'programme':
      return f.programmeA.slug;
    case 'email':
      return 'matrix.new@cairn.test';
    case 'password':
      return 'a long enough matrix password';
    case 'areaCode':
      return 'E08000026';
    case 'year':
      return 2020;
    case 'filename':
      return 'registry.csv';
    // Charts name an indicator by its key: A's one indicator.
    case 'indicator':
      return 'volunteers';
    // A Pabulib import names the round it makes.
    case 'round':
      return 'matrix-imported';
    // An evaluation's code family, by key.
    case 'family':
      return 'context';
    // A review judges A1's plan's one priority.
    case 'priorityId':
      return f.priorityA1;
    // An evaluation by slug (a theory of change is tested against it).
    case 'evaluation':
      return s.type === 'string' ? f.evaluationA : undefined;
    // A theory of change's steps: comment on n1; a suggested link from n1 to n3 (not yet joined).
    case 'targetKey':
      return 'n1';
    case 'from':
      return s.type === 'string' ? 'n1' : undefined;
    case 'to':
      return s.type === 'string' ? 'n3' : undefined;
    // A partnership member's role: plain membership (making one the lead goes through the partnership).
    case 'role':
      return s.enum?.includes('member') || !s.enum ? 'member' : undefined;
  }
  return undefined;
}

/**
 * Routes that take a spreadsheet as the raw body. The OpenAPI document says which file types a route takes
 * (its requestBody is binary), not what a valid file holds: these lists give each upload a file it accepts.
 */
const SPREADSHEET_UPLOADS = new Set([
  'POST /api/v1/programmes/{programme}/registry-import/preview',
  'POST /api/v1/programmes/{programme}/registry-import',
]);
/** Other routes taking a raw CSV body, each with a file that route accepts. */
const CSV_UPLOADS: Record<string, string> = {
  'POST /api/v1/programmes/{programme}/indicators/import': 'indicator,definition\nmatrix_helpers,People helping without pay\n',
  'POST /api/v1/programmes/{programme}/monitoring/import/preview': 'partnership,volunteers\nAlderbrook Hollow Partnership,3\n',
  'POST /api/v1/programmes/{programme}/monitoring/import': 'partnership,volunteers\nAlderbrook Hollow Partnership,3\n',
  'POST /api/v1/programmes/{programme}/place-surveys/{survey}/import': `respondent,locality,wave,${Array.from({ length: 14 }, (_, i) => `theme_${i + 1}`).join(',')}\nM1,Alderbrook Hollow,1,${Array(14).fill(3).join(',')}\n`,
};
/** Routes taking a REFI-QDA codebook (.qdc) as the raw body: a one-code codebook placed by its top-level code. */
const QDC_UPLOADS = new Set([
  'POST /api/v1/programmes/{programme}/evaluations/{evaluation}/codebook/import/preview',
  'POST /api/v1/programmes/{programme}/evaluations/{evaluation}/codebook/import',
]);
const QDC =
  '<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>' +
  '<Code guid="6f1d2c9e-3b7a-4c1e-9a55-0d3e8b7c4a21" name="Contexts" isCodable="false">' +
  '<Code guid="a3c5e7f9-1b2d-4e6f-8a9b-c1d2e3f4a5b6" name="Matrix imported" isCodable="true"/></Code></Codes></CodeBook>';
/** Optional query fields a route needs to answer at all: the configurations drill-down needs a code to drill into. */
const QUERY_SAMPLES: Record<string, () => Record<string, string>> = {
  'GET /api/v1/programmes/{programme}/evaluations/{evaluation}/configurations/respondents': () => ({ context: f.codeA }),
  // A Kumu blueprint goes into a theory named here (the manager's writes add a second programme-level one).
  'POST /api/v1/programmes/{programme}/theories-of-change/import': () => ({ theory: 'Matrix imported theory' }),
  'POST /api/v1/programmes/{programme}/theories-of-change/import-csv': () => ({ theory: 'Matrix imported theory' }),
};
/** JSON bodies a route needs whole (a model, a file), for routes whose schema cannot say what makes one valid. */
const JSON_BODIES: Record<string, () => unknown> = {
  'PUT /api/v1/programmes/{programme}/theories-of-change/{theoryId}/versions/{versionId}/model': () => ({
    model: {
      stages: [
        { key: 'inputs', label: 'Inputs' },
        { key: 'outcomes', label: 'Outcomes' },
      ],
      nodes: [
        { key: 'n1', label: 'Matrix step n1', stage: 'inputs' },
        { key: 'n2', label: 'Matrix step n2', stage: 'outcomes' },
        { key: 'n3', label: 'Matrix step n3', stage: 'outcomes' },
      ],
      links: [{ key: 'l1', from: 'n1', to: 'n2' }],
    },
  }),
  'POST /api/v1/programmes/{programme}/theories-of-change/import': () => ({
    elements: [{ label: 'Matrix imported step', type: 'Inputs' }],
    connections: [],
  }),
  'POST /api/v1/programmes/{programme}/theories-of-change/import-csv': () => ({
    files: [{ name: 'elements.csv', text: 'Label,Type\nMatrix imported step,Inputs\n' }],
  }),
  'PUT /api/v1/programmes/{programme}/theories-of-change/{theoryId}/thresholds/{evaluation}': () => ({
    minBoth: 5,
    supportLift: 1.2,
    contradictLift: 0.8,
  }),
};
/** Routes taking a Pabulib .pb file as the raw body. */
const PB_UPLOADS = new Set(['POST /api/v1/programmes/{programme}/pb/import']);
const PB_FILE =
  'META\nkey;value\nbudget;100\nrule;greedy\nPROJECTS\nproject_id;cost;name\n1;60;Matrix swings\nVOTES\nvoter_id;vote\nv1;1\n';
/** Routes taking a transcript (plain text or .docx) as the raw body. */
const TRANSCRIPT_UPLOADS = new Set(['POST /api/v1/programmes/{programme}/evaluations/{evaluation}/transcripts']);
const CSV =
  'partnership,place,region,nation,lead_organisation,organisation_type\nMatrix Partnership,Matrix Place,North West,England,Matrix Org,Registered charity\n';

async function call(client: Client, op: Operation, caller: Who | 'anonymous'): Promise<LightMyRequestResponse> {
  const sctx = { doc, valueFor: fieldValue };
  const url = op.path.replace(/\{(\w+)\}/g, (_, p: string) => encodeURIComponent(pathValue(p, caller)));
  const query = new URLSearchParams();
  for (const q of op.requiredQuery) query.set(q.name, String(sample(sctx, q.schema, q.name, `${op.name} ?${q.name}`)));
  for (const [name, value] of Object.entries(QUERY_SAMPLES[op.name]?.() ?? {})) query.set(name, value);
  const full = query.size ? `${url}?${query}` : url;
  if (op.method === 'GET' || op.method === 'DELETE') return client.request(op.method, full);
  if (SPREADSHEET_UPLOADS.has(op.name))
    return client.request(op.method, `${full}?filename=registry.csv`, CSV, { 'content-type': 'text/csv' });
  if (QDC_UPLOADS.has(op.name)) return client.request(op.method, full, QDC, { 'content-type': 'application/xml' });
  if (PB_UPLOADS.has(op.name)) return client.request(op.method, full, PB_FILE, { 'content-type': 'text/plain' });
  if (TRANSCRIPT_UPLOADS.has(op.name)) return client.request(op.method, full, 'Matrix interview words.', { 'content-type': 'text/plain' });
  if (CSV_UPLOADS[op.name]) return client.request(op.method, full, CSV_UPLOADS[op.name], { 'content-type': 'text/csv' });
  if (JSON_BODIES[op.name]) return client.request(op.method, full, JSON_BODIES[op.name]!());
  if (!op.body) return client.request(op.method, full, {});
  if (op.body.contentType === 'application/json')
    return client.request(op.method, full, sample(sctx, op.body.schema, 'body', op.name, true));
  if (op.body.contentType.startsWith('text/csv')) return client.request(op.method, full, CSV, { 'content-type': 'text/csv' });
  throw new CannotSample(`${op.name}: no sample body for ${op.body.contentType}: teach the authorisation matrix one`);
}

const isWrite = (op: Operation) => op.method !== 'GET';
const underProgramme = (op: Operation) => op.path.startsWith('/api/v1/programmes/{programme}');
const namesA1Record = (op: Operation) => op.pathParams.some((p) => A1_RECORD_PARAMS.has(p));

/** Everything in the database except sessions (signing in writes those), so any other change shows. */
// Sessions and the count of failed sign-ins are bookkeeping a refused caller is meant to leave behind.
async function snapshot(): Promise<Record<string, string>> {
  const tables = await t.database.query<{ name: string }>(
    `select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not in ('sessions', 'sign_in_attempts') order by 1`,
  );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await t.database.query<{ n: number; h: string | null }>(
      `select count(*)::int as n, md5(string_agg(x::text, '|' order by x::text)) as h from "${name}" x`,
    );
    out[name] = `${row!.n} rows ${row!.h ?? ''}`;
  }
  return out;
}

/** Ids and names that only someone who may see programme A (or only partnership A1) should ever read. */
function secretsOfA(): string[] {
  return [
    f.programmeA.id,
    f.programmeA.name,
    f.a1,
    f.a2,
    f.placeA1,
    f.placeA2,
    f.orgA1,
    f.orgA2,
    f.memberRowA1,
    f.projectA1,
    f.grantA1,
    f.returnA1,
    f.phaseA,
    f.termA,
    'Alderbrook Hollow Partnership',
    'Hollow Lane Allotment Society',
    'Hollow Lane Food Co-op',
    'Hollow Lane community larder',
    'Larder fit-out grant',
    'Quarry Lane allotments',
    f.respondentA,
    'MATRIX-R1',
    'Matrix trust',
    'Matrix evaluation',
    'Matrix transcript',
    'Matrix interview words',
    'Matrix quote words',
    'Hollow Lane action plan',
    'Hollow Lane and the council',
    'Matrix brokerage words',
    'Matrix survey words',
    'Matrix PB round',
    'Matrix PB proposal',
    'Matrix case study draft',
    'Matrix action-learning set',
  ];
}
function secretsOfA1(): string[] {
  return [
    f.a1,
    f.placeA1,
    f.orgA1,
    f.memberRowA1,
    f.projectA1,
    f.grantA1,
    f.returnA1,
    'Alderbrook Hollow Partnership',
    'Hollow Lane Allotment Society',
    'Alderbrook Hollow',
    'Hollow Lane Food Co-op',
    'Hollow Lane community larder',
    'Larder fit-out grant',
    'Alderbrook paused for the larder',
    f.engagementA1,
    'Matrix larder consultation',
    'Matrix residents said open later',
    'Hollow Lane action plan',
    'Matrix priority words',
    'Hollow Lane and the council',
    'Matrix brokerage words',
    'Matrix hall hire',
    'Matrix contact',
    'Matrix case study draft',
    'Matrix problem words',
    'Matrix action-learning set',
    'Matrix session one',
    'Matrix action words',
  ];
}
/** What only those who may see A1's brokerage case should ever read. */
const secretsOfCase = () => [f.caseA1, 'Hollow Lane and the council', 'Matrix brokerage words', 'Alderbrook Borough Council'];
const leaked = (res: LightMyRequestResponse, secrets: string[], url: string) =>
  secrets.filter((s) => !url.includes(s) && res.body.includes(s));

describe('authorisation matrix over every route in the OpenAPI document', () => {
  it('has a fixture value for every path parameter and a valid sample for every body', () => {
    // Fails by name when a new route brings a parameter the matrix cannot fill yet.
    const problems: string[] = [];
    for (const op of ops) {
      try {
        for (const p of op.pathParams) pathValue(p, 'managerA');
        const sctx = { doc, valueFor: fieldValue };
        for (const q of op.requiredQuery) sample(sctx, q.schema, q.name, op.name);
        if (op.body?.contentType === 'application/json') sample(sctx, op.body.schema, 'body', op.name);
      } catch (err) {
        problems.push((err as Error).message);
      }
    }
    expect(problems).toEqual([]);
  });

  it('covers the whole API, and every route answers A’s manager (or the administrator) with real fixture ids', async () => {
    expect(ops.length).toBeGreaterThan(25);
    for (const known of ['GET /api/v1/programmes/{programme}', 'PATCH /api/v1/programmes/{programme}', 'GET /api/v1/users']) {
      expect(ops.map((o) => o.name)).toContain(known);
    }
    // Controls for the refusals below: a 404 means nothing if the record was not there to begin with.
    const failures: string[] = [];
    for (const op of ops.filter((o) => o.method === 'GET' && !PUBLIC.has(o.name))) {
      const who: Who = underProgramme(op) ? 'managerA' : 'admin';
      const res = await call(clients.get(who)!, op, who);
      if (res.statusCode !== 200) failures.push(`${op.name} as ${who}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
  });

  it('answers 401 to an anonymous caller on every route except the public ones', async () => {
    const anon = t.anonymous();
    const before = await snapshot();
    const failures: string[] = [];
    for (const op of ops.filter((o) => !PUBLIC.has(o.name))) {
      const res = await call(anon, op, 'anonymous');
      if (res.statusCode !== 401) failures.push(`${op.name}: ${res.statusCode}`);
      if (leaked(res, secretsOfA(), '').length) failures.push(`${op.name}: the 401 names programme A's records`);
    }
    expect(failures).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('lists its public routes explicitly, and they give nothing away to an anonymous caller', async () => {
    for (const name of PUBLIC)
      expect(
        ops.map((o) => o.name),
        `public route ${name} is gone: update PUBLIC`,
      ).toContain(name);
    const anon = t.anonymous();
    const before = await snapshot();

    const session = await anon.get('/api/v1/auth/session');
    expect(session.statusCode).toBe(200);
    expect(session.json().user).toBeNull();

    const login = await anon.post('/api/v1/auth/login', { email: EMAIL.memberA1, password: 'not the password at all' });
    expect(login.statusCode).toBe(401);
    expect(login.json()).not.toHaveProperty('user');
    const unknown = await anon.post('/api/v1/auth/login', { email: 'nobody@matrix.test', password: 'not the password at all' });
    // Same answer for a wrong password and an unknown address: the form does not confirm who has an account.
    expect(unknown.json().detail).toBe(login.json().detail);

    const logout = await anon.post('/api/v1/auth/logout');
    expect(logout.statusCode).toBe(204);
    expect(logout.body).toBe('');

    const invitation = await anon.get('/api/v1/invitations/no-such-invitation-token-0000000000');
    expect(invitation.statusCode).toBe(404);
    expect(invitation.json()).not.toHaveProperty('email');
    const accept = await anon.post('/api/v1/invitations/no-such-invitation-token-0000000000/accept', {
      name: 'Mallory',
      password: 'a long enough matrix password',
    });
    expect(accept.statusCode).toBe(404);
    expect(accept.json()).not.toHaveProperty('user');

    const reset = await anon.get('/api/v1/password-resets/no-such-invitation-token-0000000000');
    expect(reset.statusCode).toBe(404);
    expect(reset.json()).not.toHaveProperty('email');
    const useReset = await anon.post('/api/v1/password-resets/no-such-invitation-token-0000000000', {
      password: 'a long enough matrix password',
    });
    expect(useReset.statusCode).toBe(404);
    expect(useReset.json()).not.toHaveProperty('email');

    for (const res of [session, login, unknown, logout, invitation, accept, reset, useReset])
      expect(leaked(res, [...secretsOfA(), ...Object.values(f.users)], '')).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('serves residents’ pages without signing in, showing a survey only while it is open, and nothing else of A', async () => {
    const anon = t.anonymous();
    const before = await snapshot();
    const page = '/place-standard/matrix-a/matrix-survey';
    for (const res of [
      await anon.request('GET', page),
      await anon.request('POST', page, '', { 'content-type': 'application/x-www-form-urlencoded' }),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(leaked(res, secretsOfA(), '')).toEqual([]);
    }
    expect(await snapshot()).toEqual(before);
    await t.database.query(`update place_surveys set status = 'open' where slug = 'matrix-survey'`);
    try {
      const open = await anon.request('GET', page);
      expect(open.statusCode).toBe(200);
      expect(open.body).toContain('Matrix survey words');
      // The survey's own title and its programme's name are what an open survey shows; nothing else of A.
      expect(
        leaked(
          open,
          secretsOfA().filter((x) => x !== 'Matrix survey words' && x !== f.programmeA.name),
          '',
        ),
      ).toEqual([]);
    } finally {
      await t.database.query(`update place_surveys set status = 'draft' where slug = 'matrix-survey'`);
    }
  });

  it('refuses a member of another programme’s partnership (B1) everything of A, and changes nothing', async () => {
    const b1 = clients.get('memberB1')!;
    const before = await snapshot();
    const failures: string[] = [];
    for (const op of ops.filter((o) => !PUBLIC.has(o.name))) {
      const res = await call(b1, op, 'memberB1');
      if (ANY_SIGNED_IN.has(op.name)) {
        if (res.statusCode !== 200) failures.push(`${op.name}: ${res.statusCode} (open to anyone signed in)`);
      } else if (res.statusCode !== 403 && res.statusCode !== 404) {
        failures.push(`${op.name}: ${res.statusCode} ${res.body.slice(0, 160)}`);
      }
      const url = op.path.replace(/\{(\w+)\}/g, (_, p: string) => pathValue(p, 'memberB1'));
      const seen = leaked(res, secretsOfA(), url);
      if (seen.length) failures.push(`${op.name}: the answer shows ${seen.join(', ')}`);
    }
    expect(failures).toEqual([]);
    expect(await snapshot()).toEqual(before);
    // Their own programme is still there for them: the refusals are about A, not a broken account.
    const mine = (await b1.get('/api/v1/programmes')).json().data.map((p: { slug: string }) => p.slug);
    expect(mine).toEqual(['matrix-b']);
  });

  it('refuses a member of partnership A2 every record of A1 and every write in A; what A2 may read shows nothing of A1', async () => {
    const a2 = clients.get('memberA2')!;
    const before = await snapshot();
    const failures: string[] = [];
    for (const op of ops.filter((o) => !PUBLIC.has(o.name))) {
      const res = await call(a2, op, 'memberA2');
      const url = op.path.replace(/\{(\w+)\}/g, (_, p: string) => pathValue(p, 'memberA2'));
      // Reading the programme's outline and their own partnership's records is what A2's member is for.
      const mayRead = op.method === 'GET' && (ANY_SIGNED_IN.has(op.name) || (underProgramme(op) && !namesA1Record(op)));
      if (mayRead) {
        if (![200, 403, 404].includes(res.statusCode)) failures.push(`${op.name}: ${res.statusCode} ${res.body.slice(0, 160)}`);
      } else if (res.statusCode !== 403 && res.statusCode !== 404) {
        failures.push(`${op.name}: ${res.statusCode} ${res.body.slice(0, 160)}`);
      }
      const seen = leaked(res, secretsOfA1(), url);
      if (seen.length) failures.push(`${op.name}: the answer shows A1's ${seen.join(', ')}`);
    }
    expect(failures).toEqual([]);
    expect(await snapshot()).toEqual(before);
    // A control: A2's member does see A2 (the filter is a filter, not a blanket refusal).
    const own = await a2.get(`/api/v1/programmes/matrix-a/partnerships/${f.a2}`);
    expect(own.statusCode).toBe(200);
  });

  it('shows a background job (a Word report) to the person who started it and to nobody else, the administrator included', async () => {
    const jobRoutes = ops.filter((o) => o.pathParams.includes('report'));
    expect(jobRoutes.length).toBeGreaterThan(0);
    const failures: string[] = [];
    for (const op of jobRoutes) {
      const url = op.path.replace(/\{(\w+)\}/g, (_, p: string) => pathValue(p, 'managerA'));
      for (const who of Object.keys(EMAIL) as Who[]) {
        const res = await clients.get(who)!.get(url);
        const expected = who === 'managerA' ? 200 : 404;
        if (res.statusCode !== expected) failures.push(`${op.name} as ${who}: ${res.statusCode}, not ${expected}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers 403 to A’s viewer on every write, and changes nothing', async () => {
    const viewer = clients.get('viewerA')!;
    const before = await snapshot();
    const failures: string[] = [];
    for (const op of ops.filter((o) => isWrite(o) && !PUBLIC.has(o.name))) {
      const res = await call(viewer, op, 'viewerA');
      // A confidential record is not there for the viewer at all: 404, as if it did not exist.
      const expected = namesConfidential(op) ? 404 : 403;
      if (res.statusCode !== expected) failures.push(`${op.name}: ${res.statusCode}, not ${expected} ${res.body.slice(0, 160)}`);
    }
    expect(failures).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('keeps a brokerage case from everyone but A’s manager, the administrator and the facilitator assigned to A1: 404s, and lists without it', async () => {
    const confidential = ops.filter(namesConfidential);
    expect(confidential.length).toBeGreaterThan(0);
    // Lists of the same records: they answer, but leave the case out (and do not count it).
    const lists = ops.filter((o) => o.method === 'GET' && !namesConfidential(o) && o.path.endsWith('/brokerage-cases'));
    expect(lists.length).toBeGreaterThan(0);
    const before = await snapshot();
    const failures: string[] = [];
    for (const who of ['memberA1', 'memberA2', 'viewerA', 'facilitatorA2'] as const) {
      for (const op of confidential) {
        const res = await call(clients.get(who)!, op, who);
        if (res.statusCode !== 404) failures.push(`${op.name} as ${who}: ${res.statusCode}, not 404`);
        if (res.headers.etag) failures.push(`${op.name} as ${who}: an ETag tells the case exists`);
        const seen = leaked(res, secretsOfCase(), '');
        if (seen.length) failures.push(`${op.name} as ${who}: the answer shows ${seen.join(', ')}`);
      }
      for (const op of lists) {
        const res = await call(clients.get(who)!, op, who);
        if (res.statusCode !== 200 || res.json().data.length !== 0)
          failures.push(`${op.name} as ${who}: ${res.statusCode} ${res.body.slice(0, 160)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await snapshot()).toEqual(before);
    // The controls: those entitled read it, through the same requests.
    for (const who of ['managerA', 'admin', 'facilitatorA1'] as const) {
      for (const op of [...confidential.filter((o) => o.method === 'GET'), ...lists]) {
        const res = await call(clients.get(who)!, op, who);
        if (res.statusCode !== 200 || !res.body.includes('Hollow Lane and the council'))
          failures.push(`${op.name} as ${who}: ${res.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('lets A1’s member and the facilitator assigned to A1 change A1’s plan, and nobody else outside A’s managers', async () => {
    const url = `/api/v1/programmes/matrix-a/plans/${f.planA1}`;
    const expected: Record<Who, number> = {
      admin: 200,
      managerA: 200,
      memberA1: 200,
      facilitatorA1: 200,
      viewerA: 403,
      facilitatorA2: 403,
      memberA2: 404,
      memberB1: 404,
    };
    const failures: string[] = [];
    for (const who of Object.keys(EMAIL) as Who[]) {
      const res = await clients.get(who)!.patch(url, { purpose: `Matrix purpose from ${who}` });
      if (res.statusCode !== expected[who]) failures.push(`${who}: ${res.statusCode}, not ${expected[who]}`);
    }
    expect(failures).toEqual([]);
  });

  it('answers an empty change (PATCH {}) on every record without a 500', async () => {
    // A form saved with nothing changed sends exactly this; "Something went wrong" is not an answer.
    const failures: string[] = [];
    for (const op of ops.filter((o) => o.method === 'PATCH')) {
      const who: Who = underProgramme(op) ? 'managerA' : 'admin';
      const url = op.path.replace(/\{(\w+)\}/g, (_, p: string) => pathValue(p, who));
      const res = await clients.get(who)!.patch(url, {});
      if (res.statusCode >= 500) failures.push(`${op.name}: ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it('lets A’s manager (or the administrator, outside programmes) make every write with the same requests', async () => {
    // The control for every refusal above: the same request from someone entitled gets through.
    // Removals go last, so nothing the other writes need has gone.
    const writes = ops
      .filter((o) => isWrite(o) && !PUBLIC.has(o.name))
      .sort((x, y) => Number(x.method === 'DELETE') - Number(y.method === 'DELETE'));
    const failures: string[] = [];
    for (const op of writes) {
      const who: Who = underProgramme(op) ? 'managerA' : 'admin';
      const res = await call(clients.get(who)!, op, who);
      // 409 is a rule of the data (a duplicate, a term in use): the caller was allowed to ask.
      if (res.statusCode >= 300 && res.statusCode !== 409)
        failures.push(`${op.name} as ${who}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
  });
});
