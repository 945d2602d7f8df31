/**
 * Outlier warnings served with a return: against the partnership's own earlier returns and against the
 * other partnerships' figures for the period, worded for whoever reads them, and never giving a
 * partnership member another partnership's figures.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestContext, startTestApp } from '../../../../test/support/http.js';
import { type RegistryWorld, registryWorld } from '../../../../test/support/registry-world.js';
import { partnerships } from '../../partnerships/schema.js';
import { outlierWarnings } from '../domain/outliers.js';

let t: TestContext;
let w: RegistryWorld;
const ind: Record<string, string> = {};
const period: Record<string, string> = {};
let current: string;

type Figures = Partial<Record<'volunteers' | 'beneficiaries' | 'activities' | 'meetings', number | 'not reported'>>;
type Status = 'draft' | 'submitted' | 'accepted';

// Partnership A's earlier returns: volunteers were usually 45, beneficiaries 1,050, activities 21.
const HISTORY_2019: Figures = { volunteers: 40, beneficiaries: 1000, activities: 20 };
const HISTORY_2020: Figures = { volunteers: 50, beneficiaries: 1100, activities: 22, meetings: 'not reported' };
// A's return being checked, for 2021.
const NOW: Figures = { volunteers: 400, beneficiaries: 2300, activities: 21, meetings: 'not reported' };
// Six other partnerships sent in 2021 returns (an even number, so the medians are no one's own figure).
const PEERS: Figures[] = [
  { volunteers: 377, beneficiaries: 103, activities: 17 },
  { volunteers: 391, beneficiaries: 117, activities: 19 },
  { volunteers: 413, beneficiaries: 121, activities: 23 },
  { volunteers: 437, beneficiaries: 139, activities: 25 },
  { volunteers: 359, beneficiaries: 143, activities: 29 },
  { volunteers: 419, beneficiaries: 157, activities: 31 },
];
const PEER_STATUSES: Status[] = ['submitted', 'accepted', 'submitted', 'accepted', 'submitted', 'submitted'];
// A draft is not a peer (it can still change): its beneficiaries would move the median if it counted.
const DRAFT_PEER: Figures = { volunteers: 90_001, beneficiaries: 90_001, activities: 90_001 };

async function addPartnership(name: string) {
  const [p] = await t.database.db.insert(partnerships).values({ programmeId: w.programmeId, name }).returning();
  return p!.id;
}

/** A return entered by the programme manager on the partnership's behalf, moved to the status given. */
async function sendReturn(partnershipId: string, periodId: string, figures: Figures, status: Status) {
  const opened = await w.manager.post(`${w.base}/returns`, { partnershipId, periodId });
  expect(opened.statusCode, opened.body).toBe(201);
  const id = opened.json().data.id as string;
  const values = Object.entries(figures).map(([key, v]) =>
    v === 'not reported'
      ? { indicatorId: ind[key]!, notReported: true, notReportedReason: 'The survey was not finished' }
      : { indicatorId: ind[key]!, value: v },
  );
  const saved = await w.manager.patch(`${w.base}/returns/${id}`, { values });
  expect(saved.statusCode, saved.body).toBe(200);
  if (status !== 'draft') expect((await w.manager.post(`${w.base}/returns/${id}/submit`)).statusCode).toBe(200);
  if (status === 'accepted') expect((await w.manager.post(`${w.base}/returns/${id}/accept`, {})).statusCode).toBe(200);
  return id;
}

interface ServedValue {
  indicator: { key: string };
  warnings: { code: string; message: string; median: number }[];
  outlierChecks: null | Record<'ownHistory' | 'portfolio', { checked: boolean; code?: string; message?: string }>;
}
const valuesOf = (res: { json(): unknown }) =>
  Object.fromEntries((res.json() as { data: { values: ServedValue[] } }).data.values.map((v) => [v.indicator.key, v]));

beforeAll(async () => {
  t = await startTestApp();
  w = await registryWorld(t, 'outliers');
  const add = async (body: Record<string, unknown>) => {
    const res = await w.manager.post(`${w.base}/indicators`, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().data.id as string;
  };
  ind.volunteers = await add({ key: 'volunteers', label: 'Volunteers', position: 1 });
  ind.beneficiaries = await add({ key: 'beneficiaries', label: 'Beneficiaries', position: 2 });
  ind.activities = await add({ key: 'activities', label: 'Activities', position: 3 });
  ind.meetings = await add({ key: 'meetings', label: 'Public meetings', position: 4 });
  ind.story = await add({ key: 'story', label: 'A change you saw', unit: 'text', position: 5 });
  for (const year of [2019, 2020, 2021, 2022]) {
    const res = await w.manager.post(`${w.base}/reporting-periods`, {
      label: String(year),
      startsOn: `${year}-01-01`,
      endsOn: `${year}-12-31`,
      dueOn: `${year + 1}-01-31`,
    });
    expect(res.statusCode, res.body).toBe(201);
    period[year] = res.json().data.id;
  }

  await sendReturn(w.partnershipA, period[2019]!, HISTORY_2019, 'accepted');
  await sendReturn(w.partnershipA, period[2020]!, HISTORY_2020, 'submitted');
  // A later period is not "history" for 2021, however odd its figure.
  await sendReturn(w.partnershipA, period[2022]!, { volunteers: 90_002, beneficiaries: 90_002 }, 'submitted');
  current = await sendReturn(w.partnershipA, period[2021]!, NOW, 'draft');
  const story = await w.manager.patch(`${w.base}/returns/${current}`, {
    values: [{ indicatorId: ind.story!, textValue: 'A new community garden' }],
  });
  expect(story.statusCode).toBe(200);

  for (const [i, figures] of PEERS.entries()) {
    await sendReturn(await addPartnership(`Peer ${i + 1}`), period[2021]!, figures, PEER_STATUSES[i]!);
  }
  await sendReturn(w.partnershipB, period[2021]!, DRAFT_PEER, 'draft');
});

describe('outlier warnings on a return', () => {
  it('warns about a figure far above the partnership’s two earlier returns, in the member’s own words', async () => {
    const res = await w.memberA.get(`${w.base}/returns/${current}`);
    expect(res.statusCode).toBe(200);
    const { volunteers } = valuesOf(res);
    // The median of 2019 and 2020 (40 and 50): the later 2022 return does not count.
    expect(volunteers!.warnings).toEqual([
      {
        code: 'much-higher-than-own-history',
        median: 45,
        message: 'This is much higher than your last returns (median 45). Check it is right, or add a note.',
      },
    ]);
    expect(volunteers!.outlierChecks).toEqual({ ownHistory: { checked: true }, portfolio: { checked: true } });
  });

  it('warns about a figure far above the other partnerships’ submitted and accepted figures, drafts left out', async () => {
    const { beneficiaries } = valuesOf(await w.memberA.get(`${w.base}/returns/${current}`));
    // 121 and 139 are the middle two of the six sent in; with the draft's 90,001 the median would be 139.
    expect(beneficiaries!.warnings).toEqual([
      {
        code: 'much-higher-than-portfolio',
        median: 130,
        message: 'This is much higher than other partnerships reported for this period (median 130). Check it is right, or add a note.',
      },
    ]);
  });

  it('counts neither a draft nor a returned return among the peers', async () => {
    // Send two of the six back to their partnerships: four remain, too few to compare with.
    const peerReturns = (await w.manager.get(`${w.base}/returns?periodId=${period[2021]}&status=submitted`)).json().data as {
      id: string;
      partnership: { name: string };
    }[];
    const peer1 = peerReturns.find((r) => r.partnership.name === 'Peer 1')!;
    expect(
      (await w.manager.post(`${w.base}/returns/${peer1.id}/send-back`, { comment: 'Please check the activities figure' })).statusCode,
    ).toBe(200);
    const peer3 = peerReturns.find((r) => r.partnership.name === 'Peer 3')!;
    expect(
      (await w.manager.post(`${w.base}/returns/${peer3.id}/send-back`, { comment: 'Please check the activities figure' })).statusCode,
    ).toBe(200);
    const { beneficiaries } = valuesOf(await w.memberA.get(`${w.base}/returns/${current}`));
    expect(beneficiaries!.warnings).toEqual([]);
    expect(beneficiaries!.outlierChecks!.portfolio).toEqual({
      checked: false,
      code: 'too-few-peers',
      message: 'Not compared with other partnerships: 4 other partnerships reported this for the period, and at least 5 are needed.',
    });
    // Sent in again, they count again.
    for (const r of [peer1, peer3]) expect((await w.manager.post(`${w.base}/returns/${r.id}/submit`)).statusCode).toBe(200);
    expect(valuesOf(await w.memberA.get(`${w.base}/returns/${current}`)).beneficiaries!.warnings.map((x) => x.median)).toEqual([130]);
  });

  it('gives an ordinary figure no warning, and says which checks it passed', async () => {
    const { activities } = valuesOf(await w.memberA.get(`${w.base}/returns/${current}`));
    expect(activities!.warnings).toEqual([]);
    expect(activities!.outlierChecks).toEqual({ ownHistory: { checked: true }, portfolio: { checked: true } });
  });

  it('compares nothing for a text answer, a figure not reported, or a figure not entered', async () => {
    const values = valuesOf(await w.memberA.get(`${w.base}/returns/${current}`));
    for (const key of ['story', 'meetings']) {
      expect(values[key]!.warnings).toEqual([]);
      expect(values[key]!.outlierChecks).toBeNull();
    }
    const fresh = await w.manager.post(`${w.base}/returns`, {
      partnershipId: await addPartnership('Nothing entered yet'),
      periodId: period[2021],
    });
    expect(valuesOf(fresh).volunteers!.outlierChecks).toBeNull();
  });

  it('says why it could not compare: a first return has too little history', async () => {
    const firstTimer = await addPartnership('First timer');
    const id = await sendReturn(firstTimer, period[2021]!, { volunteers: 10 }, 'draft');
    const { volunteers } = valuesOf(await w.manager.get(`${w.base}/returns/${id}`));
    expect(volunteers!.outlierChecks!.ownHistory).toEqual({
      checked: false,
      code: 'too-little-history',
      message: 'Not compared with the partnership’s earlier returns: there are none yet with this figure.',
    });
    // 10 is far below the others (median 402), so the portfolio still speaks.
    expect(volunteers!.warnings.map((x) => x.code)).toEqual(['much-lower-than-portfolio']);
  });

  it('words the warnings for a reviewer, and works out the same answer the domain gives from the figures themselves', async () => {
    const res = await w.manager.get(`${w.base}/returns/${current}`);
    const values = valuesOf(res);
    expect(values.volunteers!.warnings[0]!.message).toBe(
      'This is much higher than the partnership’s last returns (median 45). Check it with the partnership, or look for their note.',
    );
    // The database summarises the peers (median, MAD, quartiles); the answer must equal the domain's over the raw figures.
    for (const key of ['volunteers', 'beneficiaries', 'activities'] as const) {
      const history = [HISTORY_2019[key], HISTORY_2020[key]].filter((x): x is number => typeof x === 'number');
      const peers = PEERS.map((p) => p[key] as number);
      const expected = outlierWarnings({ value: NOW[key] as number, history, peers, voice: 'reviewer' });
      expect({ warnings: values[key]!.warnings, ...values[key]!.outlierChecks }, key).toEqual(expected);
    }
  });

  it('never blocks submitting: a return with warnings is submitted', async () => {
    const id = await sendReturn(await addPartnership('Big year'), period[2021]!, { volunteers: 5000 }, 'draft');
    const res = await w.manager.post(`${w.base}/returns/${id}/submit`);
    expect(res.statusCode).toBe(200);
    expect(res.json().data.status).toBe('submitted');
    expect(valuesOf(res).volunteers!.warnings.map((x) => x.code)).toEqual(['much-higher-than-portfolio']);
  });

  it('gives a partnership member no other partnership’s figure, only medians', async () => {
    const res = await w.memberA.get(`${w.base}/returns/${current}`);
    expect(res.statusCode).toBe(200);
    const others = new Set([...PEERS, DRAFT_PEER].flatMap((p) => Object.values(p).filter((x): x is number => typeof x === 'number')));
    // Every number in the answer: JSON numbers, and numbers written in any text (ids, dates and times aside).
    const seen: number[] = [];
    const walk = (x: unknown): void => {
      if (typeof x === 'number') seen.push(x);
      else if (typeof x === 'string' && !/^(\d{4}-\d\d-\d\d|[0-9a-f]{8}-[0-9a-f]{4}-)/.test(x)) {
        for (const m of x.matchAll(/\d[\d,]*(?:\.\d+)?/g)) seen.push(Number(m[0].replace(/,/g, '')));
      } else if (Array.isArray(x)) x.forEach(walk);
      else if (x && typeof x === 'object') Object.values(x).forEach(walk);
    };
    walk(res.json());
    expect(seen.filter((n) => others.has(n))).toEqual([]);
    // The control: the member does see medians and their own figures.
    expect(seen).toEqual(expect.arrayContaining([45, 130, 400, 2300]));
  });

  it('keeps another partnership’s return, warnings and all, from a member', async () => {
    const peerReturn = (await w.manager.get(`${w.base}/returns?periodId=${period[2021]}&q=Peer%201`)).json().data[0].id as string;
    expect((await w.memberA.get(`${w.base}/returns/${peerReturn}`)).statusCode).toBe(404);
  });
});

describe('single indicators and reporting periods', () => {
  it('answers an indicator and a period with what the caller may do', async () => {
    const i = await w.memberA.get(`${w.base}/indicators/${ind.volunteers}`);
    expect(i.statusCode).toBe(200);
    expect(i.json()).toMatchObject({
      data: { id: ind.volunteers, key: 'volunteers', label: 'Volunteers', unit: 'count' },
      abilities: { update: false },
    });
    const p = await w.manager.get(`${w.base}/reporting-periods/${period[2021]}`);
    expect(p.statusCode).toBe(200);
    expect(p.json()).toMatchObject({
      data: { id: period[2021], label: '2021', startsOn: '2021-01-01', dueOn: '2022-01-31' },
      abilities: { update: true },
    });
    // A partnership member's overdue count covers only their own partnership.
    expect((await w.memberA.get(`${w.base}/reporting-periods/${period[2021]}`)).json().data.overdue).toBe(1);
  });

  it('answers 404 for another programme’s indicator or period, and for an id that is nobody’s', async () => {
    expect((await w.admin.get(`${w.otherBase}/indicators/${ind.volunteers}`)).statusCode).toBe(404);
    expect((await w.admin.get(`${w.otherBase}/reporting-periods/${period[2021]}`)).statusCode).toBe(404);
    expect((await w.manager.get(`${w.base}/indicators/00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
    expect((await w.stranger.get(`${w.base}/indicators/${ind.volunteers}`)).statusCode).toBe(404);
  });
});
