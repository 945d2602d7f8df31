import { beforeAll, describe, expect, it } from 'vitest';
import { type TestContext, startTestApp } from '../../../test/support/http.js';
import { type RegistryWorld, registryWorld } from '../../../test/support/registry-world.js';
import { topicKeys } from './register/topics.js';

let t: TestContext;
let w: RegistryWorld;

const engagement = (over: Record<string, unknown> = {}) => ({
  title: 'Housing survey',
  topics: ['Housing'],
  locality: 'Whitburn',
  startsOn: '2026-03-02',
  endsOn: '2026-03-06',
  level: 'consult',
  leadPartner: 'West Lothian Council',
  ...over,
});

beforeAll(async () => {
  t = await startTestApp();
  w = await registryWorld(t, 'engage');
});

describe('topics are stemmed by the database', () => {
  it('gives "Housing" and "houses", "parks" and "Park" the same key, and keeps stop-word topics by their words', async () => {
    const keys = await topicKeys(t.database.db, [
      'Housing',
      'houses',
      'parks',
      'Park',
      'Green spaces',
      'green space',
      'IT',
      'volunteering',
    ]);
    expect(keys.map((k) => k.key)).toEqual(['hous', 'hous', 'park', 'park', 'green space', 'green space', 'it', 'volunt']);
  });
});

describe('the engagement register and its overlaps', () => {
  let mine: { id: string; feedbackPath: string };
  let theirs: { id: string };

  it('lets a partnership member record their own engagement, not another partnership’s', async () => {
    const res = await w.memberA.post(
      `${w.base}/engagements`,
      engagement({ partnershipId: w.partnershipA, targetGroups: ['Tenants'], costGbp: 120.5, reach: 40 }),
    );
    expect(res.statusCode, res.body).toBe(201);
    mine = res.json().data;
    expect(res.json().overlap).toBeNull();
    expect(res.json().data).toMatchObject({ topics: ['Housing'], costGbp: 120.5, reach: 40, partnership: { id: w.partnershipA } });
    expect((await w.memberA.post(`${w.base}/engagements`, engagement({ partnershipId: w.partnershipB }))).statusCode).toBe(403);
    expect((await w.memberA.post(`${w.base}/engagements`, engagement())).statusCode).toBe(403);
    expect((await w.viewer.post(`${w.base}/engagements`, engagement())).statusCode).toBe(403);
    expect((await w.stranger.get(`${w.base}/engagements`)).statusCode).toBe(404);
  });

  it('refuses an engagement that ends before it starts, or has no topic, naming the field', async () => {
    const res = await w.manager.post(`${w.base}/engagements`, engagement({ endsOn: '2026-03-01', topics: [] }));
    expect(res.statusCode).toBe(422);
    expect(
      res
        .json()
        .errors.map((e: { path: string[] }) => e.path.join('.'))
        .sort(),
    ).toEqual(['endsOn', 'topics']);
  });

  it('warns before saving, and on saving, when another partner plans the same thing in the same place', async () => {
    const check = await w.manager.get(
      `${w.base}/engagements/overlap-check?locality=WHITBURN&startsOn=2026-03-20&endsOn=2026-03-21&topics=houses;parks&leadPartner=NHS%20Lothian`,
    );
    expect(check.statusCode, check.body).toBe(200);
    expect(check.json().data.message).toBe('Two partners plan consultations on housing in Whitburn in March 2026');
    const res = await w.manager.post(
      `${w.base}/engagements`,
      engagement({
        title: 'Homes drop-in',
        topics: ['houses', 'parks'],
        locality: ' whitburn ',
        startsOn: '2026-03-20',
        endsOn: '2026-03-21',
        leadPartner: 'NHS Lothian',
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    theirs = res.json().data;
    expect(res.json().overlap.partners).toEqual(['West Lothian Council', 'NHS Lothian']);
    // The member does not see the programme team's engagement in their register, but is warned of it.
    const list = (await w.memberA.get(`${w.base}/engagements`)).json().data;
    expect(list.map((e: { id: string }) => e.id)).toEqual([mine.id]);
    const one = (await w.memberA.get(`${w.base}/engagements/${mine.id}`)).json();
    expect(one.overlap.engagements.map((e: { title: string }) => e.title)).toEqual(['Housing survey', 'Homes drop-in']);
    expect((await w.memberA.get(`${w.base}/engagements/${theirs.id}`)).statusCode).toBe(404);
  });

  it('leaves one partner’s own follow-up alone, and lists flagged clusters with a row per engagement', async () => {
    const followUp = await w.manager.post(
      `${w.base}/engagements`,
      engagement({ title: 'Play park follow-up', topics: ['Play'], locality: 'Armadale', leadPartner: 'NHS Lothian' }),
    );
    await w.manager.post(
      `${w.base}/engagements`,
      engagement({
        title: 'Play park second round',
        topics: ['play'],
        locality: 'Armadale',
        startsOn: '2026-03-10',
        endsOn: '2026-03-10',
        leadPartner: 'nhs lothian',
      }),
    );
    expect(followUp.json().overlap).toBeNull();
    const clusters = (await w.manager.get(`${w.base}/engagement-overlaps`)).json().data;
    expect(clusters.windowDays).toBe(28);
    expect(clusters.clusters).toHaveLength(1);
    expect(clusters.clusters[0].engagements).toHaveLength(2);
  });

  it('uses the programme’s own window: 13 days apart overlap at 14, not at 12', async () => {
    // mine ends 6 March; theirs starts 20 March: 14 days apart.
    expect((await w.manager.put(`${w.base}/engagement-settings`, { overlapWindowDays: 13 })).statusCode).toBe(200);
    expect((await w.manager.get(`${w.base}/engagement-overlaps`)).json().data.clusters).toHaveLength(0);
    expect((await w.manager.put(`${w.base}/engagement-settings`, { overlapWindowDays: 14 })).statusCode).toBe(200);
    expect((await w.manager.get(`${w.base}/engagement-overlaps`)).json().data.clusters).toHaveLength(1);
    expect((await w.viewer.put(`${w.base}/engagement-settings`, { overlapWindowDays: 28 })).statusCode).toBe(403);
    expect((await w.manager.put(`${w.base}/engagement-settings`, { overlapWindowDays: 28 })).statusCode).toBe(200);
  });

  it('downloads the calendar of a locality as iCalendar', async () => {
    const res = await w.manager.get(`${w.base}/engagements/calendar.ics?locality=whitburn`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/calendar');
    expect(res.body).toContain('BEGIN:VCALENDAR');
    expect(res.body.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    expect(res.body).toContain('DTSTART;VALUE=DATE:20260302');
    expect(res.body).toContain('DTEND;VALUE=DATE:20260307');
    expect(res.body).not.toContain('Play park');
  });

  it('self-assesses against the National Standards cycle by cycle and shows strengths and gaps by partner', async () => {
    const url = `${w.base}/engagements/${mine.id}/self-assessments`;
    const rate = (cycle: number, rating: string) =>
      w.memberA.put(`${url}/${cycle}`, {
        ratings: [
          { standard: 'Inclusion', rating, evidence: 'Door-knocking in the flats', indicators: 'Tenants of every block take part' },
          { standard: 'Impact', rating: 'partly' },
        ],
      });
    expect((await rate(1, 'not yet')).statusCode).toBe(200);
    expect((await rate(3, 'fully')).statusCode).toBe(422);
    expect((await rate(2, 'fully')).statusCode).toBe(200);
    const cycles = (await w.memberA.get(url)).json().data;
    expect(cycles.map((c: { cycle: number }) => c.cycle)).toEqual([2, 1]);
    expect(cycles[0].ratings[0]).toMatchObject({ standard: 'Inclusion', rating: 'fully', indicators: 'Tenants of every block take part' });
    const cells = (await w.manager.get(`${w.base}/engagement-standards`)).json().data.cells;
    expect(cells.find((c: { standard: string }) => c.standard === 'Inclusion')).toMatchObject({
      partner: 'West Lothian Council',
      strengths: 1,
      gaps: 0,
    });
    expect(cells.find((c: { standard: string }) => c.standard === 'Impact')).toMatchObject({ strengths: 0, gaps: 1 });
    expect((await w.viewer.put(`${url}/3`, { ratings: [{ standard: 'Inclusion', rating: 'fully' }] })).statusCode).toBe(403);
  });

  it('takes participants’ feedback without an account and shows the partner totals only from five answers', async () => {
    const anon = t.anonymous();
    const page = await anon.get(mine.feedbackPath);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Did you feel your input was valued?');
    const missing = await anon.request('POST', mine.feedbackPath, 'valued=yes', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(missing.statusCode).toBe(422);
    expect(missing.body).toContain('href="#understood-yes"');
    const send = (valued: string) =>
      anon.request('POST', mine.feedbackPath, `valued=${valued}&understood=yes&again=partly`, {
        'content-type': 'application/x-www-form-urlencoded',
      });
    for (const v of ['yes', 'yes', 'no', 'partly']) expect((await send(v)).statusCode).toBe(200);
    const url = `${w.base}/engagements/${mine.id}/feedback`;
    expect((await w.memberA.get(url)).json().data).toEqual({ responses: null, fewerThan: 5, questions: [] });
    await send('yes');
    const summary = (await w.memberA.get(url)).json().data;
    expect(summary.responses).toBe(5);
    expect(summary.questions[0].answers.map((a: { count: number }) => a.count)).toEqual([3, 1, 1]);
    expect((await anon.get('/feedback/AAAAAAAAAAAAAAAAAAAAAA')).statusCode).toBe(404);
  });

  it('shows the public locality page without an account: published engagements and entries only, no contact details', async () => {
    const ysyd = `${w.base}/engagements/${mine.id}/you-said-we-did`;
    const ok = await w.memberA.post(ysyd, {
      said: 'Repairs take too long (ask jo.bloggs@example.org, 01506 775000)',
      did: 'A repairs line open every evening',
      status: 'in progress',
      progress: 60,
      published: true,
    });
    expect(ok.statusCode, ok.body).toBe(201);
    await w.memberA.post(ysyd, { said: 'A draft not yet agreed with residents', published: false });
    await w.manager.patch(`${w.base}/engagements/${theirs.id}`, { title: 'Unpublished drop-in' });
    const anon = t.anonymous();
    expect((await anon.get('/you-said-we-did/engage/whitburn')).statusCode).toBe(404);
    expect((await w.memberA.patch(`${w.base}/engagements/${mine.id}`, { published: true })).statusCode).toBe(200);
    const page = await anon.get('/you-said-we-did/engage/whitburn');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('Repairs take too long (ask [email address removed], [phone number removed])');
    expect(page.body).toContain('A repairs line open every evening');
    expect(page.body).toContain('60% done');
    for (const hidden of [
      'A draft not yet agreed',
      'Unpublished drop-in',
      'Partnership A',
      '@cairn.test',
      'feedback/',
      'Tenants',
      '@example.org',
      '775000',
    ])
      expect(page.body).not.toContain(hidden);
    const index = await anon.get('/you-said-we-did/engage');
    expect(index.body).toContain('href="/you-said-we-did/engage/whitburn"');
    expect(index.body).not.toContain('Armadale');
    // The API behind it still needs signing in.
    expect((await anon.get(`${w.base}/engagements`)).statusCode).toBe(401);
  });
});
