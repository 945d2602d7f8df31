import { beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../../test/support/http.js';
import { type TestContext, startTestApp } from '../../../test/support/http.js';
import { prepareData, startupBanner } from '../../cli/startup.js';
import { DEMO_PASSWORD } from './accounts.js';
import { loadDemo } from './load.js';

let t: TestContext;
let admin: Client;
beforeAll(async () => {
  t = await startTestApp();
  // The same path `cairn serve` takes on an empty database.
  const data = await prepareData(t.database, { loadDemo: true });
  expect(data.loadedDemo).toEqual([
    'Place Based Social Action',
    'JRF Neighbourhood Programme',
    'People and Communities Fund',
    'Community Participation Action Learning',
  ]);
  admin = await t.anonymous().login('admin@cairn-demo.example', DEMO_PASSWORD);
});

const all = async (c: Client, url: string) => {
  const res = await c.get(`${url}${url.includes('?') ? '&' : '?'}pageSize=200`);
  expect(res.statusCode, url).toBe(200);
  return res.json() as { data: Record<string, any>[]; page: { total: number } };
};

describe('demo data', () => {
  it('has five published case studies from the action learning report, searchable, and a set that produced them', async () => {
    const base = '/api/v1/programmes/cpp-action-learning';
    const hits = (await admin.get(`${base}/exchange?q=participatory%20budgeting`)).json().data;
    expect(hits[0].caseStudy.title).toBe('Starting participatory budgeting in our communities');
    expect((await admin.get(`${base}/exchange`)).json().page.total).toBe(5);
    const [set] = (await admin.get(`${base}/learning-sets`)).json().data;
    const full = (await admin.get(`${base}/learning-sets/${set.id}`)).json().data;
    expect(full.sessions).toHaveLength(2);
    expect(new Set(full.actions.map((a: { level: string }) => a.level))).toEqual(new Set(['by_us', 'with_us', 'for_us']));
    expect(full.caseStudies).toHaveLength(5);
    const stories = await t.anonymous().get('/stories/cpp-action-learning');
    expect(stories.statusCode).toBe(200);
    expect(stories.body).toContain('Joining up regeneration and community planning');
    expect(stories.body).not.toContain('Four localities');
  });

  it('has the ten PBSA partnerships in their places, with their lead organisations', async () => {
    const { data, page } = await all(admin, '/api/v1/programmes/pbsa/partnerships');
    expect(page.total).toBe(10);
    const byName = Object.fromEntries(data.map((p) => [p.name, p]));
    expect(byName['Grapevine Coventry']).toMatchObject({ place: { name: 'Coventry' }, leadOrganisation: { name: 'Grapevine Coventry' } });
    expect(byName['NHP Ltd and Halifax Opportunities Trust']).toMatchObject({
      place: { name: 'Halifax' },
      leadOrganisation: { name: 'Halifax Opportunities Trust' },
    });
    expect(byName['SAFE Regeneration']!.place.name).toBe('Bootle');
    expect(byName['North East Lincolnshire VCSE Alliance']!.place.name).toBe('East Marsh');
    const places = await all(admin, '/api/v1/programmes/pbsa/places');
    expect(places.data.find((p) => p.name === 'Halifax')).toMatchObject({
      localAuthority: 'Calderdale',
      region: 'Yorkshire and Humber',
      nation: 'England',
    });
  });

  it('records phases 1 to 3, and that N.E. Lincolnshire alone did not go on to Phase 3, with the reason', async () => {
    const res = await admin.get('/api/v1/programmes/pbsa/phases');
    const phases = res.json().data as {
      number: number;
      startsOn: string;
      endsOn: string | null;
      progressions: { partnershipName: string; progressed: boolean; reason: string }[];
    }[];
    expect(phases.map((p) => [p.number, p.startsOn, p.endsOn])).toEqual([
      [1, null, '2018-12-31'],
      [2, '2019-01-01', '2022-01-31'],
      [3, '2022-02-01', null],
    ]);
    const phase2 = phases[1]!.progressions;
    expect(phase2.filter((g) => g.progressed)).toHaveLength(9);
    const notProgressed = phase2.filter((g) => !g.progressed);
    expect(notProgressed.map((g) => g.partnershipName)).toEqual(['North East Lincolnshire VCSE Alliance']);
    expect(notProgressed[0]!.reason).toMatch(/could not reach a decision about which of them should hold the money/);
  });

  it('tags each PBSA partnership’s Phase 2 delivery with its social action typology, as the seed says', async () => {
    const { data } = await all(admin, '/api/v1/programmes/pbsa/projects');
    expect(data).toHaveLength(10);
    expect(data.every((p) => p.provenance === 'real')).toBe(true);
    const coventry = data.find((p) => p.name === 'Grapevine Coventry Phase 2 delivery')!;
    expect(coventry.typology.map((t: { label: string }) => t.label).sort()).toEqual([
      'Advocacy and social movements',
      'Befriending and helping',
      'Community organising',
      'Formal volunteering',
      'Peer support and learning',
    ]);
    const neLincs = data.find((p) => p.name.startsWith('North East Lincolnshire'))!;
    expect(neLincs.typology.map((t: { label: string }) => t.label)).toEqual(['Co-production']);
  });

  it('has the PBSA indicators and the Phase 2 returns as accepted, with N.E. Lincolnshire not reported and Calderdale’s different window', async () => {
    const indicators = (await all(admin, '/api/v1/programmes/pbsa/indicators')).data;
    expect(indicators.map((i) => [i.key, i.unit, i.aggregation, i.required])).toEqual([
      ['volunteers', 'count', 'sum', true],
      ['beneficiaries', 'count', 'sum', true],
      ['activities', 'count', 'sum', true],
      ['public_meetings_consultations', 'count', 'sum', true],
    ]);
    expect(indicators[0]!.definition).toMatch(/^Number of people supporting the delivery of activities/);
    const periods = (await all(admin, '/api/v1/programmes/pbsa/reporting-periods')).data;
    expect(periods.map((p) => [p.label, p.phase?.number, p.startsOn, p.endsOn, p.dueOn])).toEqual([
      ['Phase 2', 2, '2019-01-01', '2022-01-31', '2022-03-31'],
    ]);
    const list = (await all(admin, `/api/v1/programmes/pbsa/returns?periodId=${periods[0]!.id}`)).data;
    expect(list).toHaveLength(10);
    expect(list.every((r) => r.status === 'accepted')).toBe(true);
    const totals: Record<string, number> = {};
    const byName: Record<string, any> = {};
    for (const row of list) {
      const r = (await admin.get(`/api/v1/programmes/pbsa/returns/${row.id}`)).json().data;
      byName[r.partnership.name] = r;
      for (const v of r.values) if (!v.notReported) totals[v.indicator.key] = (totals[v.indicator.key] ?? 0) + Number(v.value);
    }
    expect(totals).toEqual({ volunteers: 780, beneficiaries: 46286, activities: 2504, public_meetings_consultations: 853 });
    const neLincs = byName['North East Lincolnshire VCSE Alliance'];
    expect(
      neLincs.values.every(
        (v: any) => v.notReported && v.notReportedReason === 'did not progress to Phase 3 so monitoring data was not shared',
      ),
    ).toBe(true);
    expect(byName['NHP Ltd and Halifax Opportunities Trust'].comparabilityNote).toBe('reporting period Nov 2021 - Feb 2022');
    expect(byName['Grapevine Coventry'].values.map((v: any) => Number(v.value))).toEqual([164, 720, 395, 476]);
  });

  it('has the twenty JRF groups across England, Scotland and Wales, each in its town', async () => {
    const orgs = await all(admin, '/api/v1/programmes/jrf-neighbourhood/organisations');
    expect(orgs.page.total).toBe(20);
    const places = await all(admin, '/api/v1/programmes/jrf-neighbourhood/places');
    expect(places.page.total).toBe(20);
    const byNation = (n: string) => places.data.filter((p) => p.nation === n).length;
    expect([byNation('England'), byNation('Scotland'), byNation('Wales')]).toEqual([12, 4, 4]);
    expect(places.data.find((p) => p.name === 'Todmorden')).toMatchObject({ region: 'Yorkshire and Humber' });
  });

  it('gives PCF its three themes, five numbered co-production models and three participant types, with illustrative projects', async () => {
    const res = await admin.get('/api/v1/programmes/pcf');
    const vocab = res.json().data.vocabularies as Record<string, { label: string }[]>;
    const labels = (v: string) => vocab[v]!.map((t) => t.label);
    expect(labels('theme')).toEqual(['Advice/support service', 'Training and upskilling', 'Volunteering and mentoring']);
    expect(labels('coproduction_model')).toEqual([
      '1. Traditional',
      '2. Employability and Skills',
      '3. Two level support',
      '4. Progression',
      '5. Double progression',
    ]);
    expect(labels('participant_type')).toEqual(['Partner', 'Community Anchor', 'Community Member']);
    const { data: all24 } = await all(admin, '/api/v1/programmes/pcf/projects');
    // Twelve illustrative projects, and the synthetic evaluation's own twelve.
    const data = all24.filter((p) => p.provenance === 'illustrative');
    expect(data).toHaveLength(12);
    expect(
      all24
        .filter((p) => p.provenance === 'synthetic')
        .map((p) => p.name)
        .every((n: string) => n.endsWith('(synthetic)')),
    ).toBe(true);
    expect(all24).toHaveLength(24);
    expect(data.some((p) => p.themes.length > 1)).toBe(true);
    expect(new Set(data.map((p) => p.coproductionModel.label)).size).toBe(5);
    const places = await all(admin, '/api/v1/programmes/pcf/places');
    expect(places.data.every((p) => p.nation === 'Scotland')).toBe(true);
  });

  it('has a synthetic PCF evaluation, labelled so, with the review’s group sizes by participant type, theme and model', async () => {
    const list = (await all(admin, '/api/v1/programmes/pcf/evaluations')).data;
    expect(list.map((e) => [e.slug, e.title])).toEqual([['pcf-review-synthetic', 'PCF review (synthetic)']]);
    expect(list[0]!.description).toMatch(/^Synthetic: generated to the review’s published group sizes; not real respondents\./);
    const crosstab = async (by: string) => {
      const res = await admin.get(`/api/v1/programmes/pcf/evaluations/pcf-review-synthetic/crosstab?family=mechanism&by=${by}`);
      expect(res.statusCode, by).toBe(200);
      return res.json() as {
        total: number;
        groups: { group: string; nGroup: number }[];
        rows: { group: string; code: string; nCode: number }[];
      };
    };
    const sizes = (t: { groups: { group: string; nGroup: number }[] }) => Object.fromEntries(t.groups.map((g) => [g.group, g.nGroup]));
    const byType = await crosstab('participant_type');
    expect(byType.total).toBe(120);
    expect(byType.groups).toEqual([
      { group: 'Partner', nGroup: 16, small: false, suppressed: false, reason: null },
      { group: 'Community Anchor', nGroup: 39, small: false, suppressed: false, reason: null },
      { group: 'Community Member', nGroup: 65, small: false, suppressed: false, reason: null },
    ]);
    // Partners almost all identify trust, as the review says: 94% of 16 is 15.
    expect(byType.rows.find((r) => r.group === 'Partner' && r.code === 'Trust / relationship building')!.nCode).toBe(15);
    expect(sizes(await crosstab('theme'))).toEqual({
      'Advice/support service': 31,
      'Training and upskilling': 44,
      'Volunteering and mentoring': 45,
    });
    expect(sizes(await crosstab('coproduction_model'))).toEqual({
      '1. Traditional': 29,
      '2. Employability and Skills': 15,
      '3. Two level support': 15,
      '4. Progression': 43,
      '5. Double progression': 18,
    });
    // C.1–C.3 rest on their own base, as in the review: 19 / 34 / 56 (and 29 / 44 / 36 by theme).
    const outcomes = await admin.get(
      '/api/v1/programmes/pcf/evaluations/pcf-review-synthetic/crosstab?family=self_identified_outcome&by=participant_type',
    );
    expect(outcomes.json()).toMatchObject({ total: 109, everyoneAsked: false });
    expect(sizes(outcomes.json())).toEqual({ Partner: 19, 'Community Anchor': 34, 'Community Member': 56 });
    const byTheme = await admin.get(
      '/api/v1/programmes/pcf/evaluations/pcf-review-synthetic/crosstab?family=self_identified_outcome&by=theme',
    );
    expect(sizes(byTheme.json())).toEqual({
      'Advice/support service': 29,
      'Training and upskilling': 44,
      'Volunteering and mentoring': 36,
    });
    for (const family of ['context', 'short_term_outcome', 'long_term_outcome']) {
      const res = await admin.get(`/api/v1/programmes/pcf/evaluations/pcf-review-synthetic/crosstab?family=${family}&by=participant_type`);
      expect(sizes(res.json()), family).toEqual({ Partner: 16, 'Community Anchor': 39, 'Community Member': 65 });
    }
  });

  it('has demo accounts with the roles the banner promises', async () => {
    const member = await t.anonymous().login('grapevine@cairn-demo.example', DEMO_PASSWORD);
    expect((await all(member, '/api/v1/programmes/pbsa/partnerships')).data.map((p) => p.name)).toEqual(['Grapevine Coventry']);
    const viewer = await t.anonymous().login('viewer@cairn-demo.example', DEMO_PASSWORD);
    expect((await all(viewer, '/api/v1/programmes/pbsa/partnerships')).page.total).toBe(10);
    expect((await viewer.get('/api/v1/programmes/pcf')).statusCode).toBe(404);
    const manager = await t.anonymous().login('manager@cairn-demo.example', DEMO_PASSWORD);
    expect((await manager.get('/api/v1/programmes/pbsa')).json().abilities.manageRegistry).toBe(true);
    const banner = await startupBanner(t.database, { loadedDemo: [], emptyWithoutDemo: false }, 'http://localhost:3000');
    expect(banner).toContain(`Demo accounts (password ${DEMO_PASSWORD}, unless changed)`);
    expect(banner).toContain('grapevine@cairn-demo.example');
  });

  it('gives each demo role something to do on its home page, with illustrative dates marked so', async () => {
    const login = (who: string) => t.anonymous().login(`${who}@cairn-demo.example`, DEMO_PASSWORD);
    const home = async (who: string) => (await (await login(who)).get('/api/v1/home')).json().data;

    // PBSA's Phase 2 returns: sent in before their due date (illustrative), and the review comment says so.
    const pbsa = (await all(admin, '/api/v1/programmes/pbsa/returns')).data;
    expect(pbsa.every((r) => r.submittedAt! <= '2022-03-31' && r.submittedAt! >= '2022-01-01')).toBe(true);
    const one = (await admin.get(`/api/v1/programmes/pbsa/returns/${pbsa[0]!.id}`)).json().data;
    expect(one.reviewComment).toMatch(/illustrative/);

    const manager = await home('manager');
    expect(manager.programmes.map((p: any) => [p.slug, p.role])).toEqual([
      ['pcf', 'programme_manager'],
      ['pbsa', 'programme_manager'],
    ]);
    const pcf = manager.review.find((r: any) => r.programme.slug === 'pcf');
    expect(pcf.submitted.returns.map((r: any) => r.partnership.name)).toEqual(['Dundee community anchor partnership']);
    expect(pcf.imported).toEqual([expect.objectContaining({ returns: 1 })]);
    // Ayr and Aberdeen never sent theirs; Inverness's was sent back.
    expect(pcf.overdue).toEqual([expect.objectContaining({ partnerships: 3 })]);

    const evaluator = await home('evaluator');
    expect(evaluator.evaluation.map((e: any) => e.programme.slug)).toEqual(['pcf', 'pbsa']);
    expect(evaluator.evaluation[0].evaluations.map((e: any) => e.evaluation.slug)).toEqual(['pcf-review-synthetic']);

    const member = await home('inverness');
    expect(member.returns.map((r: any) => [r.status, r.overdue])).toEqual([
      ['returned', true],
      ['not_started', false],
    ]);
    expect(member.returns[0].reviewComment).toMatch(/^Illustrative/);

    const facilitator = await home('facilitator');
    expect(facilitator).toMatchObject({ nothingToDo: true, programmes: [{ slug: 'jrf-neighbourhood', role: 'facilitator' }] });
  });

  it('has an illustrative engagement register in PBSA with a visible overlap, self-assessments and a public Coventry page', async () => {
    const register = (await admin.get('/api/v1/programmes/pbsa/engagements')).json().data;
    expect(register).toHaveLength(5);
    expect(register.every((e: { title: string }) => e.title.endsWith('(illustrative)'))).toBe(true);
    const overlaps = (await admin.get('/api/v1/programmes/pbsa/engagement-overlaps')).json().data.clusters;
    expect(overlaps.map((c: { message: string }) => c.message)).toEqual([
      'Three partners plan consultations on housing in East Marsh in March 2026',
    ]);
    const portfolio = (await admin.get('/api/v1/programmes/pbsa/engagement-standards')).json().data;
    expect(portfolio.engagementsAssessed).toBe(3);
    const grapevineInclusion = portfolio.cells.find(
      (c: { partner: string; standard: string }) => c.partner === 'Grapevine Coventry' && c.standard === 'Inclusion',
    );
    expect(grapevineInclusion).toMatchObject({ rated: 1, strengths: 1 });
    const page = await t.anonymous().get('/you-said-we-did/pbsa/coventry');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('The community pantry now opens on Thursday evenings');
    expect(page.body).not.toContain('complaint about a neighbour');
  });

  it('has an action plan with an annual review for each JRF group, a PBSA Phase 3 plan and two confidential brokerage cases', async () => {
    const jrf = (await admin.get('/api/v1/programmes/jrf-neighbourhood/plans')).json().data as Record<string, any>[];
    expect(jrf).toHaveLength(20);
    expect(jrf.every((p) => p.kind === 'action' && p.lastReviewedOn === '2004-03-20' && p.title.includes('(illustrative)'))).toBe(true);
    // Two groups' plans were made by one or two people, for the page's nudge.
    expect(jrf.filter((p) => p.people <= 2)).toHaveLength(2);
    const pbsa = (await admin.get('/api/v1/programmes/pbsa/plans')).json().data as Record<string, any>[];
    expect(pbsa.map((p) => [p.kind, p.owner.name])).toEqual([['phase', 'Grapevine Coventry']]);
    const phase = (await admin.get(`/api/v1/programmes/pbsa/plans/${pbsa[0]!.id}`)).json().data.content.phase;
    expect(phase.milestones).toHaveLength(3);
    expect(phase.reducedFunding).toContain('taper');
    const cases = (await admin.get('/api/v1/programmes/jrf-neighbourhood/brokerage-cases')).json().data as Record<string, any>[];
    expect(cases.map((c) => [c.partnership.name, c.status])).toEqual([
      ['Boothtown Partnership', 'open'],
      ['Caia Park Partnership', 'resolved'],
    ]);
    const caia = (await admin.get(`/api/v1/programmes/jrf-neighbourhood/brokerage-cases/${cases[1]!.id}`)).json().data;
    expect(caia.steps[0].kind).toBe('Soundings report');
    expect(caia.agreements.map((a: { title: string }) => a.title)).toEqual(['Protocol for joint working']);
  });

  it('has Inverclyde-style Place Standard surveys in the PCF, adult and young people’s, two localities, marked illustrative', async () => {
    const { data } = (await admin.get('/api/v1/programmes/pcf/place-surveys')).json();
    expect(data.map((s: any) => [s.slug, s.version, s.illustrative, s.status])).toEqual([
      ['our-place', 'adult', true, 'open'],
      ['our-place-young-people', 'young_people', true, 'open'],
    ]);
    const adult = (await admin.get('/api/v1/programmes/pcf/place-surveys/our-place')).json().data;
    expect(adult.title).toMatch(/illustrative/);
    expect(adult.groups.map((g: any) => [g.locality, g.wave, g.charted])).toEqual([
      ['Greenock', '1', true],
      ['Greenock', '2', true],
      ['Port Glasgow', '1', true],
      ['Port Glasgow', '2', false],
    ]);
    const start = await t.anonymous().request('GET', '/place-standard/pcf/our-place');
    expect(start.body).toContain('illustrative survey in Cairn’s demonstration data');
  });

  it('adds nothing when loaded again, and start-up leaves a database with data alone', async () => {
    expect(await loadDemo(t.database.db)).toEqual({ programmes: [], accounts: [], alreadyLoaded: true });
    expect(await prepareData(t.database, { loadDemo: true })).toEqual({ loadedDemo: [], emptyWithoutDemo: false });
    expect((await all(admin, '/api/v1/programmes/pbsa/partnerships')).page.total).toBe(10);
    expect((await all(admin, '/api/v1/programmes')).page.total).toBe(4);
  });
});
