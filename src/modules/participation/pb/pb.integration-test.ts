import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestContext, startTestApp } from '../../../../test/support/http.js';
import { type RegistryWorld, registryWorld } from '../../../../test/support/registry-world.js';
import { projects } from '../../projects/schema.js';
import { castBallot } from './codes.js';
import { pbBallots, pbCodeAttempts, pbRounds } from './schema.js';

let t: TestContext;
let w: RegistryWorld;
let facilitator: Client;
let rounds: string;
let round: string;
const proposals: Record<string, { id: string; ref: string }> = {};
let codes: string[] = [];

const page = (method: 'GET' | 'POST', url: string, form?: Record<string, string | string[]>, ip = '203.0.113.7') => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form ?? {})) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  return t.app.inject({
    method,
    url,
    remoteAddress: ip,
    ...(form ? { payload: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}),
  });
};

beforeAll(async () => {
  t = await startTestApp();
  w = await registryWorld(t, 'pb');
  const f = await t.makeUser('facilitator.pb@cairn.test');
  expect((await w.admin.put(`/api/v1/users/${f.id}/programme-roles/pb`, { role: 'facilitator' })).statusCode).toBe(200);
  facilitator = await t.as('facilitator.pb@cairn.test');
  rounds = `${w.base}/pb/rounds`;
  round = `${rounds}/small-grants`;
  const made = await w.manager.post(rounds, {
    slug: 'small-grants',
    name: 'Small grants 2026',
    budget: 10_000,
    localities: [
      { name: 'Urban', budget: 6_000 },
      { name: 'Rural', budget: 4_000 },
    ],
    maxProjects: 3,
    eligiblePopulation: 400,
    councilBudget: 500_000,
  });
  expect(made.statusCode, made.body).toBe(201);
  for (const [key, body] of Object.entries({
    hall: { name: 'Hall roof repairs', cost: 4_000, locality: 'Urban', evidenceOfNeed: 'The roof leaks', deliveredBy: 'Hall committee' },
    garden: { name: 'Community garden', cost: 3_000, locality: 'Urban' },
    bus: { name: 'Minibus trips', cost: 2_000, locality: 'Urban' },
    bench: { name: 'Benches by the burn', cost: 2_500, locality: 'Rural' },
    wifi: { name: 'Village hall wifi', cost: 2_000, locality: 'Rural' },
    secret: { name: 'Ineligible secret scheme', cost: 1_000, locality: 'Rural' },
  })) {
    const res = await w.manager.post(`${round}/proposals`, body);
    expect(res.statusCode, res.body).toBe(201);
    proposals[key] = res.json().data;
  }
  for (const key of ['hall', 'garden', 'bus', 'bench', 'wifi'])
    expect((await w.manager.patch(`${round}/proposals/${proposals[key]!.id}`, { eligibility: 'eligible' })).statusCode).toBe(200);
});

describe('setting up a round', () => {
  it('records an eligibility check with its reason, and refuses one without', async () => {
    const without = await w.manager.patch(`${round}/proposals/${proposals.secret!.id}`, { eligibility: 'ineligible' });
    expect(without.statusCode).toBe(422);
    expect(without.json().errors[0]).toMatchObject({ path: ['eligibilityReason'] });
    const withReason = await w.manager.patch(`${round}/proposals/${proposals.secret!.id}`, {
      eligibility: 'ineligible',
      eligibilityReason: 'It would pay for a private event',
    });
    expect(withReason.statusCode).toBe(200);
    const detail = (await w.viewer.get(round)).json().data;
    expect(detail.shareOfCouncilBudget).toEqual({ percent: 2, meetsAim: true });
    expect(detail.proposals.map((p: { name: string }) => p.name)).toContain('Ineligible secret scheme');
  });

  it('refuses a proposal for a locality the round does not have', async () => {
    const res = await w.manager.post(`${round}/proposals`, { name: 'Nowhere', cost: 5, locality: 'Moon' });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail).toMatch(/no locality called Moon/);
  });
});

describe('public pages before anything is open or published', () => {
  it('show no vote and no results, and give away nothing of the round', async () => {
    for (const url of ['/take-part/pb/pb/small-grants', '/take-part/pb/pb/small-grants/results', '/take-part/pb/pb/nothing-here']) {
      const res = await page('GET', url);
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('Hall roof');
      expect(res.body).not.toContain('Small grants 2026');
    }
  });

  it('show the checked proposals to anyone once the round is at its deliberation, with the timetable; never an ineligible one', async () => {
    expect((await page('GET', '/take-part/pb/pb/small-grants/proposals')).statusCode).toBe(404);
    const dated = await w.manager.patch(round, {
      stage: 'deliberation',
      phaseDates: {
        deliberation: { startsOn: '2026-03-02', endsOn: '2026-03-20' },
        vote: { startsOn: '2026-04-01', endsOn: '2026-04-30' },
      },
    });
    expect(dated.statusCode, dated.body).toBe(200);
    const res = await page('GET', '/take-part/pb/pb/small-grants/proposals');
    expect(res.statusCode).toBe(200);
    for (const seen of [
      'Hall roof repairs – £4,000',
      'The roof leaks',
      'Hall committee',
      'Benches by the burn',
      '1 April 2026 to 30 April 2026',
    ])
      expect(res.body).toContain(seen);
    expect(res.body).not.toContain('Ineligible secret scheme');
    expect(res.body).not.toContain('Vote now');
    // Dates out of order are refused, naming the field.
    const backwards = await w.manager.patch(round, { phaseDates: { vote: { startsOn: '2026-04-30', endsOn: '2026-04-01' } } });
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json().errors[0]).toMatchObject({ path: ['phaseDates', 'vote', 'endsOn'] });
  });

  it('the API still needs an account for everything', async () => {
    for (const url of [rounds, round, `${round}/count`, `${round}/paper`, `${round}/export.pb?locality=Urban`])
      expect((await t.anonymous().get(url)).statusCode).toBe(401);
    expect((await w.memberA.get(round)).statusCode).toBe(403);
    expect((await w.stranger.get(round)).statusCode).toBe(404);
    expect((await w.viewer.post(`${round}/codes`, { count: 1, locality: 'Urban' })).statusCode).toBe(403);
  });
});

describe('voting with a code', () => {
  beforeAll(async () => {
    expect((await w.manager.patch(round, { stage: 'vote' })).statusCode).toBe(200);
    const made = await w.manager.post(`${round}/codes`, { count: 30, locality: 'Urban' });
    expect(made.statusCode, made.body).toBe(201);
    codes = made.json().data.codes;
  });

  it('makes codes from an unambiguous alphabet, each different, kept only as a hash', async () => {
    expect(codes).toHaveLength(30);
    expect(new Set(codes).size).toBe(30);
    for (const c of codes) expect(c).toMatch(/^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
    const dump = JSON.stringify(await t.database.query('select * from pb_codes'));
    for (const c of codes.slice(0, 5)) expect(dump).not.toContain(c.replace('-', ''));
  });

  it('lets a resident vote without an account, once', async () => {
    const start = await page('GET', '/take-part/pb/pb/small-grants');
    expect(start.statusCode).toBe(200);
    expect(start.body).toContain('Your voting code');
    const wrong = await page('POST', '/take-part/pb/pb/small-grants', { code: 'AAAAA-AAAAA' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('That code does not work');
    const ballot = await page('POST', '/take-part/pb/pb/small-grants', { code: codes[0]!.toLowerCase() });
    expect(ballot.statusCode).toBe(200);
    expect(ballot.body).toContain('Hall roof repairs');
    expect(ballot.body).toContain('The roof leaks');
    expect(ballot.body).not.toContain('Benches by the burn'); // another locality's
    expect(ballot.body).not.toContain('Ineligible secret scheme');
    const tooMany = await page('POST', '/take-part/pb/pb/small-grants/vote', {
      code: codes[0]!,
      choice: [proposals.hall!.ref, proposals.garden!.ref, proposals.bus!.ref, proposals.bench!.ref],
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.body).toContain('is not one you can vote for');
    const ok = await page('POST', '/take-part/pb/pb/small-grants/vote', {
      code: codes[0]!,
      choice: [proposals.hall!.ref, proposals.garden!.ref],
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('Your vote has been counted');
    const again = await page('POST', '/take-part/pb/pb/small-grants/vote', { code: codes[0]!, choice: [proposals.bus!.ref] });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('already been used');
    const [r] = await t.database.db.select().from(pbRounds).where(eq(pbRounds.slug, 'small-grants'));
    const logged = await t.database.db.select().from(pbCodeAttempts).where(eq(pbCodeAttempts.roundId, r!.id));
    expect(logged.map((l) => l.outcome).sort()).toEqual(['unknown', 'used']);
    expect((await w.viewer.get(round)).json().data.refusals).toEqual({ unknown: 1, used: 1, limited: 0 });
  });

  it('votes once however many try the same code at the same moment', async () => {
    const [r] = await t.database.db.select().from(pbRounds).where(eq(pbRounds.slug, 'small-grants'));
    const code = codes[1]!;
    const tries = await Promise.all(
      Array.from({ length: 12 }, (_, i) => castBallot(t.database.db, r!, code, [proposals.garden!.ref], `198.51.100.${i}`)),
    );
    expect(tries.filter((x) => x.ok)).toHaveLength(1);
    expect(tries.filter((x) => !x.ok).every((x) => !x.ok && x.messages[0]!.includes('already been used'))).toBe(true);
    const ballots = await t.database.db.select().from(pbBallots).where(eq(pbBallots.roundId, r!.id));
    expect(ballots).toHaveLength(2);
  });

  it('slows guessing: after too many wrong codes from one address, even a right one waits', async () => {
    for (let i = 0; i < 20; i++)
      await page(
        'POST',
        '/take-part/pb/pb/small-grants',
        { code: `ZZZZZ-ZZZ${String(i).padStart(2, '2').replace(/[01]/g, '3')}` },
        '192.0.2.50',
      );
    const limited = await page('POST', '/take-part/pb/pb/small-grants', { code: codes[2]! }, '192.0.2.50');
    expect(limited.statusCode).toBe(429);
    expect(limited.body).toContain('Too many codes');
    const elsewhere = await page('POST', '/take-part/pb/pb/small-grants', { code: codes[2]! }, '192.0.2.51');
    expect(elsewhere.statusCode).toBe(200);
  });
});

describe('paper ballots', () => {
  const paper = () => `${round}/paper`;
  it('count only when two officers keyed them alike, showing the differences until then', async () => {
    expect((await w.viewer.post(paper(), { paperRef: 'P1', locality: 'Rural', choices: [] })).statusCode).toBe(403);
    expect((await w.manager.post(paper(), { paperRef: 'P1', locality: 'Rural', choices: [proposals.bench!.ref] })).statusCode).toBe(200);
    let state = (
      await facilitator.post(paper(), { paperRef: 'P1', locality: 'Rural', choices: [proposals.bench!.ref, proposals.wifi!.ref] })
    ).json().data;
    expect(state[0]).toMatchObject({ paperRef: 'P1', status: 'differ', differences: { onlyFirst: [], onlySecond: [proposals.wifi!.ref] } });
    await w.manager.post(paper(), { paperRef: 'P2', locality: 'Rural', choices: [proposals.wifi!.ref] });
    let accepted = (await w.manager.post(`${paper()}/accept`)).json().data;
    expect(accepted).toMatchObject({ counted: 0, waiting: 2 });
    // The manager looks at the paper again and corrects their keying.
    state = (
      await w.manager.post(paper(), { paperRef: 'P1', locality: 'Rural', choices: [proposals.wifi!.ref, proposals.bench!.ref] })
    ).json().data;
    expect(state.find((s: { paperRef: string }) => s.paperRef === 'P1').status).toBe('agree');
    accepted = (await w.manager.post(`${paper()}/accept`)).json().data;
    expect(accepted).toMatchObject({ counted: 1, waiting: 1 });
    expect(accepted.paper.find((s: { paperRef: string }) => s.paperRef === 'P2').status).toBe('waiting');
    expect((await w.viewer.get(round)).json().data.ballots).toBe(3);
  });
});

describe('counting and publishing', () => {
  it('gives the same answer every time it is counted, by either rule', async () => {
    const a = (await w.viewer.get(`${round}/count`)).json().data;
    const b = (await w.viewer.get(`${round}/count`)).json().data;
    expect(a).toEqual(b);
    expect(a.rule).toBe('equal-shares');
    expect(a.ballots).toBe(3);
    expect(a.turnoutPercent).toBe(0.8);
    const urban = a.localities.find((l: { name: string }) => l.name === 'Urban');
    expect(urban.projects.map((p: { name: string; votes: number }) => [p.name, p.votes])).toContainEqual(['Hall roof repairs', 1]);
    const greedy = (await w.viewer.get(`${round}/count?rule=greedy`)).json().data;
    expect(greedy.rule).toBe('greedy');
  });

  it('publishes: frozen, the funded proposals are projects, the results page is public', async () => {
    const published = await w.manager.post(`${round}/publish`);
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json().data.matchesPublished).toBe(true);
    const funded = published
      .json()
      .data.localities.flatMap((l: { projects: { selected: boolean; name: string }[] }) =>
        l.projects.filter((p) => p.selected).map((p) => p.name),
      );
    // Urban: both voters chose the garden (equal shares buys it; the hall is out of the one voter's reach, and the
    // greedy completion adds the minibus, which still fits). Rural: the one paper ballot's cheaper choice.
    expect(funded.sort()).toEqual(['Community garden', 'Minibus trips', 'Village hall wifi']);
    const inRegistry = await t.database.db.select({ name: projects.name }).from(projects).where(eq(projects.programmeId, w.programmeId));
    expect(inRegistry.map((p) => p.name)).toEqual(expect.arrayContaining(funded));
    expect((await w.manager.post(`${round}/publish`)).statusCode).toBe(409);
    expect((await w.manager.patch(`${round}/proposals/${proposals.hall!.id}`, { cost: 1 })).statusCode).toBe(409);
    expect((await w.manager.patch(`${round}/proposals/${proposals.garden!.id}`, { delivery: 'under-way' })).statusCode).toBe(200);
    expect(
      (
        await w.manager.post(`${round}/updates`, {
          proposalId: proposals.garden!.id,
          on: '2026-09-01',
          text: 'The roofers start on Monday',
        })
      ).statusCode,
    ).toBe(201);
    const vote = await page('POST', '/take-part/pb/pb/small-grants/vote', { code: codes[5]!, choice: [proposals.hall!.ref] });
    expect(vote.statusCode).toBe(404);
    const results = await page('GET', '/take-part/pb/pb/small-grants/results');
    expect(results.statusCode).toBe(200);
    expect(results.body).toContain('Hall roof repairs');
    expect(results.body).toContain('The roofers start on Monday');
    expect(results.body).toContain('Under way');
    expect(results.body).not.toContain('Ineligible secret scheme');
    expect(results.body).not.toContain('@cairn.test');
  });
});

describe('Pabulib files', () => {
  const FILE = `META
key;value
description;"Wee grants; illustrative"
country;Scotland
unit;Midlothian
instance;2026
num_projects;3
num_votes;4
budget;100
vote_type;approval
rule;equalshares/add1
PROJECTS
project_id;cost;votes;name;category
1;50;3;"Bowls; and a bench";sport
2;30;1;"The ""Wee"" Library";culture
3;20;1;Seeds;environment
VOTES
voter_id;age;vote
a;34;1
b;;1
c;71;1
d;19;2,3
`;
  it('makes a round from a file, counts it by META’s rule, and writes it back', async () => {
    const res = await w.manager.request('POST', `${w.base}/pb/import?round=wee`, FILE, { 'content-type': 'text/plain' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().data).toMatchObject({
      round: 'wee',
      name: 'Wee grants; illustrative',
      rule: 'equal-shares',
      projects: 3,
      ballots: 4,
    });
    const count = (await w.viewer.get(`${rounds}/wee/count`)).json().data;
    expect(
      count.localities[0].projects
        .filter((p: { selected: boolean }) => p.selected)
        .map((p: { ref: string }) => p.ref)
        .sort(),
    ).toEqual(['1', '2', '3']);
    const out = await w.viewer.get(`${rounds}/wee/export.pb`);
    expect(out.statusCode).toBe(200);
    expect(out.body).toContain('description;"Wee grants; illustrative"');
    expect(out.body).toContain(
      'project_id;cost;votes;name;category;selected\n1;50;3;"Bowls; and a bench";sport;1\n2;30;1;"The ""Wee"" Library";culture;1',
    );
    expect(out.body).toContain('voter_id;age;vote\na;34;1\nb;;1\nc;71;1\nd;19;2,3\n');
  });

  it('refuses a bad file whole, every problem by line', async () => {
    const bad = FILE.replace('2;30;1;', '2;thirty;1;').replace('d;19;2,3', 'd;19;2,9');
    const res = await w.manager.request('POST', `${w.base}/pb/import?round=bad`, bad, { 'content-type': 'text/plain' });
    expect(res.statusCode).toBe(422);
    // One sentence saying nothing was stored and the first problem; every problem by line beside it.
    expect(res.json().detail).toBe(
      'Nothing was imported: 2 problems in the file. The first: line 15: Project 2: cost "thirty" is not a whole number',
    );
    expect(JSON.stringify(res.json())).toContain('Voter d voted for project 9, which PROJECTS does not list');
    expect(JSON.stringify(res.json())).toContain('line 22');
    expect((await w.viewer.get(`${rounds}/bad`)).statusCode).toBe(404);
  });
});
