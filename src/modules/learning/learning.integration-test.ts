import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestContext, startTestApp } from '../../../test/support/http.js';
import { type RegistryWorld, registryWorld } from '../../../test/support/registry-world.js';
import { organisations } from '../organisations/schema.js';
import { places } from '../places/schema.js';

let t: TestContext;
let w: RegistryWorld;
let memberB: Client;
let facilitator: Client;
let scotland: string;
let wales: string;
let trust: string;

const body = (over: object) => ({
  partnershipId: null,
  themes: [],
  standards: [],
  problem: '',
  whatWeDid: '',
  status: 'published',
  ...over,
});

beforeAll(async () => {
  t = await startTestApp();
  w = await registryWorld(t, 'learning');
  const admin = w.admin;
  const b = await t.makeUser('member-b.learning@cairn.test');
  const f = await t.makeUser('facilitator.learning@cairn.test');
  expect((await admin.put(`/api/v1/users/${b.id}/partnerships/${w.partnershipB}`)).statusCode).toBe(200);
  expect((await admin.put(`/api/v1/users/${f.id}/programme-roles/learning`, { role: 'facilitator' })).statusCode).toBe(200);
  memberB = await t.as('member-b.learning@cairn.test');
  facilitator = await t.as('facilitator.learning@cairn.test');
  const [s, wl] = await t.database.db
    .insert(places)
    .values([
      { programmeId: w.programmeId, name: 'Whitburn', nation: 'Scotland' },
      { programmeId: w.programmeId, name: 'Wrexham', nation: 'Wales' },
    ])
    .returning();
  scotland = s!.id;
  wales = wl!.id;
  const [org] = await t.database.db
    .insert(organisations)
    .values({ programmeId: w.programmeId, name: 'Whitburn Development Trust', type: 'Community Development Trust' })
    .returning();
  trust = org!.id;
  // A small corpus: the word in the title of one, in the answers of others, in none of the last.
  const corpus = [
    {
      title: 'Volunteers run the food bank',
      problem: 'The food bank needed more hands.',
      placeId: scotland,
      themes: ['Participation Methods'],
      standards: ['Inclusion'],
    },
    {
      title: 'A community café',
      whatWeDid: 'Residents volunteered at the café every week.',
      placeId: wales,
      themes: ['Participation Methods'],
      standards: ['Methods'],
    },
    {
      title: 'Youth forum',
      whatWeDid: 'Young people took part.',
      problem: 'Volunteering was low among young people.',
      organisationId: trust,
      themes: ['Building and Developing Relationships'],
    },
    { title: 'Locality plans', problem: 'Eight regeneration plans became locality plans.', themes: ['Information and Knowledge'] },
  ];
  for (const c of corpus) expect((await w.manager.post(`${w.base}/case-studies`, body(c))).statusCode).toBe(201);
});

const titles = (res: { json(): { data: { caseStudy: { title: string } }[] } }) => res.json().data.map((h) => h.caseStudy.title);

describe('case studies: drafts and publishing', () => {
  it('shows a draft only to its partnership and the programme’s managers', async () => {
    const res = await w.memberA.post(`${w.base}/case-studies`, {
      ...body({
        title: 'Drafting our engagement plan',
        partnershipId: w.partnershipA,
        status: 'draft',
        contact: 'Jo Bloggs, jo@example.org',
      }),
      problem: 'Too many plans.',
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().data.id;
    const url = `${w.base}/case-studies/${id}`;
    expect((await w.memberA.get(url)).statusCode).toBe(200);
    expect((await w.manager.get(url)).statusCode).toBe(200);
    expect((await w.admin.get(url)).statusCode).toBe(200);
    for (const other of [w.viewer, memberB, facilitator, w.stranger]) expect((await other.get(url)).statusCode).toBe(404);
    const listB = await memberB.get(`${w.base}/case-studies`);
    expect(listB.json().data.map((c: { title: string }) => c.title)).not.toContain('Drafting our engagement plan');
    // A member of B can neither change it nor write for A.
    expect((await memberB.patch(url, { title: 'Taken over' })).statusCode).toBe(404);
    expect((await memberB.post(`${w.base}/case-studies`, body({ title: 'For A', partnershipId: w.partnershipA }))).statusCode).toBe(403);
    expect((await w.viewer.post(`${w.base}/case-studies`, body({ title: 'Viewer', partnershipId: null }))).statusCode).toBe(403);

    // Published to the exchange: everyone in the programme reads it, with its contact; nobody outside does.
    const pub = await w.memberA.patch(url, { status: 'published', audience: 'programme' });
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json().data.publishedAt).not.toBeNull();
    const seen = await memberB.get(url);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().data.contact).toBe('Jo Bloggs, jo@example.org');
    expect(seen.json().data.abilities.update).toBe(false);
    expect((await w.stranger.get(url)).statusCode).toBe(404);
  });

  it('checks themes and standards against the lists, naming each wrong one', async () => {
    const res = await w.manager.post(`${w.base}/case-studies`, body({ title: 'Odd', themes: ['Participation methods', 'Knitting'] }));
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Knitting');
    const ok = await w.manager.post(
      `${w.base}/case-studies`,
      body({ title: 'Power', themes: ['changing and sharing power'], standards: ['Impact'], status: 'draft' }),
    );
    expect(ok.json().data.themes).toEqual(['Changing Culture and Sharing Power']);
  });
});

describe('the exchange', () => {
  it('finds every form of a word (English stemming), the title match first', async () => {
    const res = await w.viewer.get(`${w.base}/exchange?q=volunteer`);
    expect(res.statusCode, res.body).toBe(200);
    expect(titles(res)).toEqual(
      ['Volunteers run the food bank', 'A community café', 'Youth forum'].slice(0, 1).concat(titles(res).slice(1)),
    );
    expect(new Set(titles(res))).toEqual(new Set(['Volunteers run the food bank', 'A community café', 'Youth forum']));
    const first = res.json().data[0];
    expect(first.position).toBe(1);
    expect(first.score).toBeGreaterThan(res.json().data[1].score);
    const cafe = res.json().data.find((h: { caseStudy: { title: string } }) => h.caseStudy.title === 'A community café');
    expect(cafe.snippet).toContainEqual({ text: 'volunteered', match: true });
  });

  it('filters by theme, standard, nation and organisation type, and reads odd input safely', async () => {
    const get = async (qs: string) => titles(await w.viewer.get(`${w.base}/exchange?${qs}`));
    expect(await get('q=volunteer&theme=Participation%20Methods')).toHaveLength(2);
    expect(await get('q=volunteer&standard=Methods')).toEqual(['A community café']);
    expect(await get('q=volunteer&nation=Scotland')).toEqual(['Volunteers run the food bank']);
    expect(await get('q=volunteer&organisationType=community%20development%20trust')).toEqual(['Youth forum']);
    expect(await get('q=%22food%20bank%22%20-cafe')).toEqual(['Volunteers run the food bank']);
    const odd = await w.viewer.get(`${w.base}/exchange?q=${encodeURIComponent("<script>'&|!:*(")}`);
    expect(odd.statusCode).toBe(200);
    expect((await w.viewer.get(`${w.base}/exchange`)).json().page.total).toBeGreaterThanOrEqual(5);
  });

  it('never lists a draft, and downloads CSV (rank,title first) and Word', async () => {
    const all = await get(w.manager, `${w.base}/exchange?pageSize=100`);
    expect(all).not.toContain('Power');
    const csv = await w.viewer.get(`${w.base}/exchange.csv?q=volunteer`);
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.trim().split('\n');
    expect(lines[0]!.startsWith('rank,title,')).toBe(true);
    expect(lines[1]!.startsWith('1,Volunteers run the food bank,')).toBe(true);
    expect(csv.body).not.toContain('jo@example.org');
    const docx = await w.viewer.get(`${w.base}/exchange.docx?q=volunteer`);
    expect(docx.statusCode).toBe(200);
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('suggests similar case studies by shared themes, standards and title words', async () => {
    const hits = (await w.viewer.get(`${w.base}/exchange?q=food`)).json().data;
    const id = hits[0].caseStudy.id;
    const res = await w.viewer.get(`${w.base}/case-studies/${id}/similar`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data[0]).toMatchObject({ title: 'A community café', sharedThemes: ['Participation Methods'] });
    expect(res.json().data.map((s: { id: string }) => s.id)).not.toContain(id);
  });
});

async function get(c: Client, url: string) {
  return titles(await c.get(url));
}

describe('action-learning sets', () => {
  it('runs a set: sessions, actions at three levels with follow-up, and the case studies it produced', async () => {
    expect((await w.memberA.post(`${w.base}/learning-sets`, { name: 'Nope' })).statusCode).toBe(403);
    const made = await facilitator.post(`${w.base}/learning-sets`, { name: 'East cluster', partnershipIds: [w.partnershipA] });
    expect(made.statusCode, made.body).toBe(201);
    const set = made.json().data;
    const url = `${w.base}/learning-sets/${set.id}`;
    const session = await facilitator.post(`${url}/sessions`, {
      heldOn: '2018-02-20',
      title: 'First session',
      attendees: ['Partnership A officer'],
      notes: 'Shared stories.',
    });
    expect(session.statusCode, session.body).toBe(201);
    const sessionId = session.json().data.sessions[0].id;
    const action = await w.memberA.post(`${url}/actions`, {
      partnershipId: w.partnershipA,
      sessionId,
      level: 'by_us',
      action: 'Map every engagement',
      priority: 'high',
    });
    expect(action.statusCode, action.body).toBe(201);
    expect((await memberB.post(`${url}/actions`, { partnershipId: w.partnershipB, level: 'for_us', action: 'x' })).statusCode).toBe(404);
    expect((await w.manager.post(`${url}/actions`, { partnershipId: w.partnershipB, level: 'for_us', action: 'x' })).statusCode).toBe(422);
    const actionId = action.json().data.actions[0].id;
    const done = await w.memberA.patch(`${url}/actions/${actionId}`, {
      status: 'done',
      followUp: 'Mapped 14 engagements',
      followUpOn: '2018-05-01',
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().data.actions[0]).toMatchObject({ level: 'by_us', status: 'done', followUp: 'Mapped 14 engagements' });
    const study = await w.memberA.post(
      `${w.base}/case-studies`,
      body({ title: 'Mapping engagement', partnershipId: w.partnershipA, learningSetId: set.id, problem: 'Duplication.' }),
    );
    expect(study.statusCode, study.body).toBe(201);
    const read = await w.memberA.get(url);
    expect(read.json().data.caseStudies.map((c: { title: string }) => c.title)).toEqual(['Mapping engagement']);
    expect((await memberB.get(url)).statusCode).toBe(404);
    expect((await w.viewer.get(url)).statusCode).toBe(200);
    expect((await memberB.get(`${w.base}/learning-sets`)).json().data).toEqual([]);
  });

  it('links and lets go of the case studies a set produced, only among those the changer can see', async () => {
    const set = (await w.manager.post(`${w.base}/learning-sets`, { name: 'Linking cluster', partnershipIds: [w.partnershipB] })).json()
      .data;
    const url = `${w.base}/learning-sets/${set.id}`;
    const draft = (
      await w.manager.post(
        `${w.base}/case-studies`,
        body({ title: 'Draft from B', partnershipId: w.partnershipB, status: 'draft', problem: 'Not yet.' }),
      )
    ).json().data;
    const shown = (
      await w.manager.post(`${w.base}/case-studies`, body({ title: 'Published from B', partnershipId: w.partnershipB, problem: 'Shared.' }))
    ).json().data;
    const linked = await w.manager.patch(url, { caseStudyIds: [draft.id, shown.id], learning: 'Two stories so far.' });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json().data.caseStudies.map((c: { title: string }) => c.title)).toEqual(['Draft from B', 'Published from B']);
    expect((await w.manager.get(`${w.base}/case-studies/${draft.id}`)).json().data.learningSet).toEqual({ id: set.id, name: set.name });
    // A facilitator cannot see the draft: naming it is refused by the field, and letting go of the
    // published one leaves the draft where it was.
    const refused = await facilitator.patch(url, { caseStudyIds: [draft.id] });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0]).toMatchObject({ path: ['caseStudyIds', 0] });
    const letGo = await facilitator.patch(url, { caseStudyIds: [] });
    expect(letGo.statusCode, letGo.body).toBe(200);
    expect((await w.manager.get(url)).json().data.caseStudies.map((c: { title: string }) => c.title)).toEqual(['Draft from B']);
    expect((await w.memberA.patch(url, { caseStudyIds: [] })).statusCode).toBe(403);
  });
});

describe('public case-study pages', () => {
  it('shows a case study published to the public to anyone, without its contact; nothing else is reachable', async () => {
    const made = await w.manager.post(
      `${w.base}/case-studies`,
      body({
        title: 'Open to all',
        problem: 'Public problem words. Ring Morag on 07700 900123 or email morag@example.org.',
        contact: 'secret.contact@example.org',
        audience: 'public',
        placeId: scotland,
      }),
    );
    const exchangeOnly = await w.manager.post(`${w.base}/case-studies`, body({ title: 'Exchange only', problem: 'Members only.' }));
    const draft = await w.manager.post(
      `${w.base}/case-studies`,
      body({ title: 'Draft for public', problem: 'x', audience: 'public', status: 'draft' }),
    );
    const anon = t.anonymous();
    const list = await anon.get('/stories/learning');
    expect(list.statusCode).toBe(200);
    expect(list.headers['content-type']).toContain('text/html');
    expect(list.body).toContain('Open to all');
    expect(list.body).not.toContain('Exchange only');
    expect(list.body).not.toContain('Draft for public');
    const page = await anon.get(`/stories/learning/${made.json().data.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Public problem words.');
    expect(page.body).toContain('Whitburn');
    expect(page.body).not.toContain('secret.contact@example.org');
    expect(page.body).toContain('Ring Morag on [phone number removed] or email [email address removed].');
    expect(page.body).not.toContain('<script');
    for (const id of [exchangeOnly.json().data.id, draft.json().data.id, 'not-a-uuid'])
      expect((await anon.get(`/stories/learning/${id}`)).statusCode).toBe(404);
    expect((await anon.get(`/stories/learning-other/${made.json().data.id}`)).statusCode).toBe(404);
    // Similar case studies on the public page: public ones only (the exchange-only one shares a theme too).
    const alike = await w.manager.post(
      `${w.base}/case-studies`,
      body({ title: 'Also open to all', problem: 'Public too.', audience: 'public', themes: ['Participation Methods'] }),
    );
    await w.manager.patch(`${w.base}/case-studies/${made.json().data.id}`, { themes: ['Participation Methods'] });
    await w.manager.patch(`${w.base}/case-studies/${exchangeOnly.json().data.id}`, { themes: ['Participation Methods'] });
    const withSimilar = (await anon.get(`/stories/learning/${made.json().data.id}`)).body;
    expect(withSimilar).toContain('Similar case studies');
    expect(withSimilar).toContain(`/stories/learning/${alike.json().data.id}`);
    expect(withSimilar).not.toContain('Exchange only');
    // The API stays closed to anyone not signed in.
    expect((await anon.get(`${w.base}/case-studies/${made.json().data.id}`)).statusCode).toBe(401);
    expect((await anon.get(`${w.base}/exchange`)).statusCode).toBe(401);
  });
});
