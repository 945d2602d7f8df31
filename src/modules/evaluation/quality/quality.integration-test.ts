import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestContext, startTestApp } from '../../../../test/support/http.js';
import { type RegistryWorld, registryWorld } from '../../../../test/support/registry-world.js';
import { auditEvents } from '../../audit/schema.js';
import { quotes } from '../schema.js';
import { eq } from 'drizzle-orm';

let t: TestContext;
let w: RegistryWorld;
let coderA: Client;
let coderB: Client;
let otherEvaluator: Client;
const ids = { coderA: '', coderB: '' };

type Codes = Record<string, string>;
type Respondents = Record<string, string>;

/** An evaluation with the named codes (family → names); answers each code's id by name. */
async function evaluationWith(slug: string, families: Record<string, string[]>): Promise<Codes> {
  expect((await coderA.post(`${w.base}/evaluations`, { slug, title: `Evaluation ${slug}` })).statusCode).toBe(201);
  const out: Codes = {};
  for (const [family, names] of Object.entries(families)) {
    for (const name of names) {
      const res = await coderA.post(`${w.base}/evaluations/${slug}/codebook/codes`, { family, name });
      expect(res.statusCode, res.body).toBe(201);
      const codes = res.json().data.find((f: { key: string }) => f.key === family).codes as { id: string; name: string }[];
      out[name] = codes.find((c) => c.name === name)!.id;
    }
  }
  return out;
}

/** Respondents by ref, each with consent given unless listed as withdrawn. */
async function respondentsOf(slug: string, refs: string[], withdrawn: string[] = []): Promise<Respondents> {
  const out: Respondents = {};
  for (const ref of refs) {
    const res = await coderA.post(`${w.base}/evaluations/${slug}/respondents`, {
      ref,
      consent: { status: withdrawn.includes(ref) ? 'withdrawn' : 'given' },
    });
    expect(res.statusCode, res.body).toBe(201);
    out[ref] = res.json().data.id;
  }
  return out;
}

async function tick(client: Client, slug: string, respondentId: string, codeIds: string[]) {
  const res = await client.put(`${w.base}/evaluations/${slug}/respondents/${respondentId}/codings`, { codeIds });
  expect(res.statusCode, res.body).toBe(200);
}

beforeAll(async () => {
  t = await startTestApp();
  w = await registryWorld(t, 'quality');
  const a = await t.makeUser('coder.a@quality.test', { name: 'Asha Coder' });
  const b = await t.makeUser('coder.b@quality.test', { name: 'Ben Coder' });
  const o = await t.makeUser('evaluator@elsewhere-quality.test');
  for (const [id, slug] of [
    [a.id, 'quality'],
    [b.id, 'quality'],
    [o.id, 'quality-other'],
  ] as const) {
    expect((await w.admin.put(`/api/v1/users/${id}/programme-roles/${slug}`, { role: 'evaluator' })).statusCode).toBe(200);
  }
  ids.coderA = a.id;
  ids.coderB = b.id;
  coderA = await t.as('coder.a@quality.test');
  coderB = await t.as('coder.b@quality.test');
  otherEvaluator = await t.as('evaluator@elsewhere-quality.test');
});

describe('configurations', () => {
  const slug = 'cmo';
  const base = () => `${w.base}/evaluations/${slug}`;
  let c: Codes;
  let r: Respondents;
  const triples = (res: { json(): unknown }) =>
    (
      res.json() as {
        data: {
          configurations: {
            context: { name: string };
            mechanism: { name: string };
            outcome: { name: string };
            support: number;
            lift: number;
            small: boolean;
          }[];
        };
      }
    ).data.configurations.map(
      (x) =>
        `${x.context.name} → ${x.mechanism.name} → ${x.outcome.name}: ${x.support}, lift ${x.lift.toFixed(4)}${x.small ? ' small' : ''}`,
    );

  beforeAll(async () => {
    c = await evaluationWith(slug, {
      context: ['Isolation', 'Trust in services'],
      mechanism: ['Being listened to', 'Shared ownership'],
      short_term_outcome: ['Confidence'],
      long_term_outcome: ['Wellbeing'],
    });
    r = await respondentsOf(slug, ['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8', 'R9'], ['R9']);
    const cmo = [c.Isolation!, c['Being listened to']!, c.Confidence!];
    for (const ref of ['R1', 'R2', 'R3', 'R5']) await tick(coderA, slug, r[ref]!, cmo);
    await tick(coderA, slug, r.R4!, [...cmo, c.Wellbeing!]);
    for (const ref of ['R6', 'R7']) await tick(coderA, slug, r[ref]!, [c['Trust in services']!, c['Shared ownership']!, c.Confidence!]);
    await tick(coderA, slug, r.R8!, [c['Trust in services']!, c['Being listened to']!, c.Wellbeing!]);
    // R9 withdrew: identical codings, never counted.
    await tick(coderA, slug, r.R9!, cmo);
  });

  it('ranks every context → mechanism → outcome by support then lift, against the hand count', async () => {
    // n = 8 (R9 withdrew). Isolation 5, Trust 3, Listened 6, Ownership 2, Confidence 7, Wellbeing 2.
    // Lift = support · n² / (nC · nM · nO): 5·64/(5·6·7) = 1.5238; 2·64/(3·2·7) = 3.0476; 64/(3·6·2) = 1.7778; 64/(5·6·2) = 1.0667.
    const res = await coderA.get(`${base()}/configurations?minSupport=1`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data).toMatchObject({ total: 8, minSupport: 1, raisedFrom: null, disclosureThreshold: 5 });
    expect(triples(res)).toEqual([
      'Isolation → Being listened to → Confidence: 5, lift 1.5238',
      'Trust in services → Shared ownership → Confidence: 2, lift 3.0476 small',
      'Trust in services → Being listened to → Wellbeing: 1, lift 1.7778 small',
      'Isolation → Being listened to → Wellbeing: 1, lift 1.0667 small',
    ]);
    const pairs = res
      .json()
      .data.contextMechanism.map(
        (p: { from: { name: string }; to: { name: string }; support: number; confidence: number }) =>
          `${p.from.name} → ${p.to.name}: ${p.support} (${p.confidence.toFixed(3)})`,
      );
    expect(pairs).toEqual([
      'Isolation → Being listened to: 5 (1.000)',
      'Trust in services → Shared ownership: 2 (0.667)',
      'Trust in services → Being listened to: 1 (0.333)',
    ]);
    // One outcome family only.
    const longTerm = await coderA.get(`${base()}/configurations?minSupport=1&outcomeFamily=long_term_outcome`);
    expect(triples(longTerm)).toEqual([
      'Trust in services → Being listened to → Wellbeing: 1, lift 1.7778 small',
      'Isolation → Being listened to → Wellbeing: 1, lift 1.0667 small',
    ]);
  });

  it('shows the programme’s viewer only combinations at or over the disclosure threshold, and says so', async () => {
    const res = await w.viewer.get(`${base()}/configurations?minSupport=1`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data).toMatchObject({ minSupport: 5, raisedFrom: 1 });
    expect(triples(res)).toEqual(['Isolation → Being listened to → Confidence: 5, lift 1.5238']);
    expect(res.json().abilities).toEqual({ respondents: false });
    expect(res.body).not.toContain('R1');
    // Filters narrowing to fewer people than the threshold leave nothing to show a viewer.
    expect(triples(await w.viewer.get(`${base()}/configurations?participantType=Partner`))).toEqual([]);
  });

  it('drills from a cell to the respondents behind it, for evaluators and managers only', async () => {
    const cell = `context=${c.Isolation}&mechanism=${c['Being listened to']}&outcome=${c.Confidence}`;
    const res = await coderA.get(`${base()}/configurations/respondents?${cell}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data.respondents.map((x: { ref: string }) => x.ref)).toEqual(['R1', 'R2', 'R3', 'R4', 'R5']);
    expect(res.json().data.respondents[0]).toMatchObject({ id: r.R1 });
    expect(res.json().data).toMatchObject({ total: 8, found: 5 });
    expect(res.json().data.cell.outcome).toEqual({ id: c.Confidence, name: 'Confidence', family: 'short_term_outcome' });
    // A pair or a single code drills too.
    const pair = await w.manager.get(`${base()}/configurations/respondents?mechanism=${c['Being listened to']}&outcome=${c.Wellbeing}`);
    expect(pair.json().data.respondents.map((x: { ref: string }) => x.ref)).toEqual(['R4', 'R8']);

    expect((await w.viewer.get(`${base()}/configurations/respondents?${cell}`)).statusCode).toBe(403);
    expect((await w.memberA.get(`${base()}/configurations/respondents?${cell}`)).statusCode).toBe(403);
    expect((await w.memberA.get(`${base()}/configurations`)).statusCode).toBe(403);
    for (const url of [`${base()}/configurations/respondents?${cell}`, `${base()}/configurations`]) {
      const other = await otherEvaluator.get(url);
      expect(other.statusCode, url).toBe(404);
      expect(other.body).not.toContain('Isolation');
    }
  });

  it('brings the publishable quotes of the respondents behind a cell, and no others', async () => {
    await t.database.db.insert(quotes).values([
      { respondentId: r.R2!, text: 'They actually wrote down what I said.', attribution: 'A community member', publishable: true },
      { respondentId: r.R2!, text: 'My neighbour at number 4 told me about it.', attribution: 'A community member', publishable: false },
      { respondentId: r.R6!, text: 'We run the garden ourselves now.', attribution: 'A volunteer', publishable: true },
    ]);
    const res = await coderA.get(
      `${base()}/configurations/respondents?context=${c.Isolation}&mechanism=${c['Being listened to']}&outcome=${c.Confidence}`,
    );
    const byRef = Object.fromEntries(res.json().data.respondents.map((x: { ref: string; quotes: unknown[] }) => [x.ref, x.quotes]));
    expect(byRef.R2).toEqual([
      { id: expect.any(String), text: 'They actually wrote down what I said.', attribution: 'A community member' },
    ]);
    expect(byRef.R1).toEqual([]);
    expect(res.body).not.toContain('number 4');
    // R6 is not behind this cell.
    expect(res.body).not.toContain('garden');
  });

  it('answers a code of the wrong family, or no code at all, with a 422 naming the field', async () => {
    const wrong = await coderA.get(`${base()}/configurations/respondents?context=${c['Being listened to']}`);
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors).toEqual([{ path: ['context'], message: 'That is not a context code of this evaluation' }]);
    const none = await coderA.get(`${base()}/configurations/respondents`);
    expect(none.statusCode).toBe(422);
    expect(none.json().errors[0].message).toBe('Choose at least one code: a context, a mechanism or an outcome');
    const bad = await coderA.get(`${base()}/configurations?minSupport=0`);
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('The minimum support is 1 respondent or more');
  });

  it('withdrawing consent takes the respondent out of the next configurations and drill-down', async () => {
    const res = await coderA.post(`${base()}/respondents/${r.R1}/consent`, { status: 'withdrawn' });
    expect(res.statusCode, res.body).toBe(200);
    // 7 left: Isolation 4, Listened 5, Confidence 6 → 4·49/(4·5·6) = 1.6333.
    expect(triples(await coderA.get(`${base()}/configurations?minSupport=4`))).toEqual([
      'Isolation → Being listened to → Confidence: 4, lift 1.6333 small',
    ]);
    // Now under the threshold: the viewer sees nothing.
    expect(triples(await w.viewer.get(`${base()}/configurations`))).toEqual([]);
    const cell = await coderA.get(
      `${base()}/configurations/respondents?context=${c.Isolation}&mechanism=${c['Being listened to']}&outcome=${c.Confidence}`,
    );
    expect(cell.json().data.respondents.map((x: { ref: string }) => x.ref)).toEqual(['R2', 'R3', 'R4', 'R5']);
  });
});

describe('agreement between two coders', () => {
  const slug = 'kappa';
  const base = () => `${w.base}/evaluations/${slug}`;
  let c: Codes;
  let r: Respondents;

  beforeAll(async () => {
    c = await evaluationWith(slug, { context: ['Isolation', 'Trust in services'], mechanism: ['Being listened to'] });
    r = await respondentsOf(slug, ['K1', 'K2', 'K3', 'K4', 'K5', 'K6', 'K7', 'K8', 'K9', 'K10'], ['K9']);
    const iso = c.Isolation!;
    const trust = c['Trust in services']!;
    // Coder A: Isolation K1–K5, Trust K6–K8. Coder B: Isolation K1–K3 and K6, Trust K4–K8.
    const a: Record<string, string[]> = {
      K1: [iso],
      K2: [iso],
      K3: [iso],
      K4: [iso],
      K5: [iso],
      K6: [trust],
      K7: [trust],
      K8: [trust],
      K9: [iso],
      K10: [iso],
    };
    const b: Record<string, string[]> = {
      K1: [iso],
      K2: [iso],
      K3: [iso],
      K4: [trust],
      K5: [trust],
      K6: [iso, trust],
      K7: [trust],
      K8: [trust],
      K9: [trust],
    };
    for (const [ref, codes] of Object.entries(a)) await tick(coderA, slug, r[ref]!, codes);
    for (const [ref, codes] of Object.entries(b)) await tick(coderB, slug, r[ref]!, codes);
  });

  it('lists who has coded, for choosing two', async () => {
    const res = await coderA.get(`${base()}/agreement`);
    expect(res.statusCode, res.body).toBe(200);
    // K9 withdrew, so it is not counted for either; K10 was coded by A alone.
    expect(res.json().data.coders).toEqual([
      { id: ids.coderA, name: 'Asha Coder', email: 'coder.a@quality.test', respondents: 9 },
      { id: ids.coderB, name: 'Ben Coder', email: 'coder.b@quality.test', respondents: 8 },
    ]);
    expect(res.json().data.agreement).toBeNull();
  });

  it('gives kappa per code and pooled overall, matching the hand calculation', async () => {
    const res = await coderB.get(`${base()}/agreement?coderA=${ids.coderA}&coderB=${ids.coderB}&family=context`);
    expect(res.statusCode, res.body).toBe(200);
    const g = res.json().data.agreement;
    expect(g).toMatchObject({ respondents: 8, onlyCodedByA: 1, onlyCodedByB: 0, coderA: { name: 'Asha Coder' } });
    // Isolation: both 3 (K1–K3), only A 2 (K4, K5), only B 1 (K6), neither 2 (K7, K8).
    //   po = 5/8, pe = 5/8·4/8 + 3/8·4/8 = 1/2, κ = (0.625 − 0.5)/0.5 = 0.25.
    // Trust: both 3 (K6–K8), only A 0, only B 2 (K4, K5), neither 3. po = 6/8, pe = 3/8·5/8 + 5/8·3/8 = 30/64, κ = (48 − 30)/(64 − 30) = 0.5294.
    // Pooled: P̄o = (5/8 + 6/8)/2 = 11/16, P̄e = (32/64 + 30/64)/2 = 31/64, κ = (44 − 31)/(64 − 31) = 13/33 = 0.3939.
    const [iso, trust] = g.perCode;
    expect(iso).toMatchObject({
      code: 'Isolation',
      family: 'context',
      both: 3,
      onlyA: 2,
      onlyB: 1,
      neither: 2,
      observed: 0.625,
      expected: 0.5,
      kappa: 0.25,
      reading: { band: 'fair' },
    });
    expect(trust).toMatchObject({ code: 'Trust in services', both: 3, onlyA: 0, onlyB: 2, neither: 3 });
    expect(trust.kappa).toBeCloseTo(18 / 34, 12);
    expect(trust.reading.band).toBe('moderate');
    expect(g.overall.kappa).toBeCloseTo(13 / 33, 12);
    expect(g.overall).toMatchObject({ method: 'pooled', codes: 2, codesWithoutVariation: 0, reading: { band: 'fair' } });
    // Every code when no family is named: the mechanism nobody ticked has no kappa, with the reason.
    const all = (await coderA.get(`${base()}/agreement?coderA=${ids.coderA}&coderB=${ids.coderB}`)).json().data.agreement;
    expect(all.perCode.map((p: { code: string }) => p.code)).toEqual(['Isolation', 'Trust in services', 'Being listened to']);
    expect(all.perCode[2]).toMatchObject({ kappa: null, reading: { band: null } });
    expect(all.perCode[2].reason).toContain('same answer');
    expect(all.overall.codesWithoutVariation).toBe(1);
  });

  it('refuses viewers, partnership members and other programmes; a wrong coder or family is a 422', async () => {
    const url = `${base()}/agreement?coderA=${ids.coderA}&coderB=${ids.coderB}`;
    expect((await w.viewer.get(url)).statusCode).toBe(403);
    expect((await w.memberA.get(url)).statusCode).toBe(403);
    const other = await otherEvaluator.get(url);
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toContain('Asha');
    expect((await w.manager.get(url)).statusCode).toBe(200);

    const same = await coderA.get(`${base()}/agreement?coderA=${ids.coderA}&coderB=${ids.coderA}`);
    expect(same.statusCode).toBe(422);
    expect(same.json().errors).toEqual([{ path: ['coderB'], message: 'Choose two different coders' }]);
    const one = await coderA.get(`${base()}/agreement?coderA=${ids.coderA}`);
    expect(one.json().errors[0].path).toEqual(['coderB']);
    const stranger = await coderA.get(`${base()}/agreement?coderA=${ids.coderA}&coderB=${w.programmeId}`);
    expect(stranger.json().errors).toEqual([
      { path: ['coderB'], message: 'That person has not coded any respondent (with consent given) in this evaluation' },
    ]);
    const family = await coderA.get(`${base()}/agreement?family=outcomes`);
    expect(family.statusCode).toBe(422);
    expect(family.json().errors[0].path).toEqual(['family']);
  });

  it('leaves a respondent who withdraws out of the comparison', async () => {
    expect((await coderA.post(`${base()}/respondents/${r.K6}/consent`, { status: 'withdrawn' })).statusCode).toBe(200);
    const g = (await coderA.get(`${base()}/agreement?coderA=${ids.coderA}&coderB=${ids.coderB}&family=context`)).json().data.agreement;
    expect(g.respondents).toBe(7);
    // Isolation without K6: both 3, only A 2, neither 2 → po 5/7, pe = 5/7·3/7 + 2/7·4/7 = 23/49, κ = (35 − 23)/(49 − 23) = 6/13.
    expect(g.perCode[0]).toMatchObject({ both: 3, onlyA: 2, onlyB: 0, neither: 2 });
    expect(g.perCode[0].kappa).toBeCloseTo(6 / 13, 12);
  });
});

describe('blind coding', () => {
  const slug = 'blind';
  const base = () => `${w.base}/evaluations/${slug}`;
  let c: Codes;
  let r: Respondents;
  const seen = async (client: Client) =>
    ((await client.get(`${base()}/respondents/${r.B1}`)).json().data.codings as { name: string; coderId: string | null }[])
      .map((x) => x.name)
      .sort();

  beforeAll(async () => {
    c = await evaluationWith(slug, { context: ['Isolation', 'Trust in services'] });
    r = await respondentsOf(slug, ['B1']);
    await tick(coderA, slug, r.B1!, [c.Isolation!]);
    await tick(coderB, slug, r.B1!, [c['Trust in services']!]);
  });

  it('is off at first: each coder sees the other’s ticks on the respondent', async () => {
    expect((await coderA.get(base())).json().data.blindCoding).toBe(false);
    expect(await seen(coderB)).toEqual(['Isolation', 'Trust in services']);
  });

  it('when on, a coder sees only their own ticks, also in the answer to saving them; it is audited', async () => {
    expect((await w.viewer.patch(base(), { blindCoding: true })).statusCode).toBe(403);
    const on = await coderA.patch(base(), { blindCoding: true });
    expect(on.statusCode, on.body).toBe(200);
    expect(on.json().data.blindCoding).toBe(true);
    expect(await seen(coderA)).toEqual(['Isolation']);
    expect(await seen(coderB)).toEqual(['Trust in services']);
    // A manager who has ticked nothing sees nothing either.
    expect(await seen(w.manager)).toEqual([]);
    const saved = await coderB.put(`${base()}/respondents/${r.B1}/codings`, { codeIds: [c['Trust in services']!, c.Isolation!] });
    expect(saved.json().data.codings.map((x: { coderId: string }) => x.coderId)).toEqual([ids.coderB, ids.coderB]);
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.summary, 'Turned blind coding on for the evaluation Evaluation blind'));
    expect(audit).toHaveLength(1);
  });

  it('when off again, everyone’s ticks show', async () => {
    expect((await coderA.patch(base(), { blindCoding: false })).statusCode).toBe(200);
    expect(await seen(coderA)).toEqual(['Isolation', 'Isolation', 'Trust in services']);
  });

  it('refuses a blind-coding value that is not true or false', async () => {
    const bad = await coderA.patch(base(), { blindCoding: 'yes' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].path).toEqual(['blindCoding']);
  });
});
