/**
 * No lost updates in support (decision 012): every PATCH and PUT — a provider and whom it covers, the
 * settings, an allowance, an event and who came — honours If-Match; a stale write gets 409 with the
 * record as it is now and nothing is written; of simultaneous writes with one version, one lands.
 * (Plans and brokerage cases: their own integration tests.) Runs on both engines.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestContext, startTestApp } from '../../../test/support/http.js';
import { type RegistryWorld, registryWorld } from '../../../test/support/registry-world.js';

let t: TestContext;
let w: RegistryWorld;

beforeAll(async () => {
  t = await startTestApp();
  w = await registryWorld(t, 'support-versions');
});

type Res = Awaited<ReturnType<Client['get']>>;
const tagOf = (res: Res) => res.headers.etag as string;

/**
 * `read()` gives the record's version now (quoted); `write(i, ifMatch)` a change. Checks: a plain write
 * lands and moves the version; the old one then gets 409 (nothing written); 10 simultaneous writes with
 * the current one: exactly one lands; a malformed If-Match is a 400.
 */
async function checkGuarded(read: () => Promise<string>, write: (i: number, ifMatch?: string) => Promise<Res>, ok = 200) {
  const first = await read();
  expect(first).toMatch(/^"[0-9]+(\.[0-9a-f]{12})?"$/);
  const plain = await write(1);
  expect(plain.statusCode, plain.body).toBe(ok);
  const second = await read();
  expect(second).not.toBe(first);
  expect(tagOf(plain)).toBe(second);

  const stale = await write(2, first);
  expect(stale.statusCode, stale.body).toBe(409);
  expect(stale.json().type).toBe('urn:cairn:problem:edit-conflict');
  expect(stale.json().detail).toMatch(/Someone else changed this record since you opened it/);
  expect(`"${stale.json().current.version}"`).toBe(second);
  expect(await read()).toBe(second);

  const results = await Promise.all(Array.from({ length: 10 }, (_, i) => write(10 + i, second)));
  const codes = results.map((r) => r.statusCode);
  expect(codes.filter((c) => c === ok)).toHaveLength(1);
  expect(codes.filter((c) => c === 409)).toHaveLength(9);
  const third = await read();
  expect(tagOf(results.find((r) => r.statusCode === ok)!)).toBe(third);

  const bad = await write(99, 'not-quoted');
  expect(bad.statusCode).toBe(400);
  expect(await read()).toBe(third);
  expect((await write(100, '*')).statusCode).toBe(ok);
  return stale.json();
}

describe('support record versions', () => {
  it('a support provider, and the named contact at a partnership it covers', async () => {
    const made = await w.manager.post(`${w.base}/support/providers`, { role: 'facilitator', name: 'Versioned Facilitator' });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().data.id as string;
    const read = async () => {
      const p = (await w.manager.get(`${w.base}/support/providers`)).json().data.find((x: { id: string }) => x.id === id);
      return `"${p.version}"`;
    };
    const url = `${w.base}/support/providers/${id}`;
    const patch = (i: number, ifMatch?: string) =>
      w.manager.request('PATCH', url, { regions: `Region ${i}` }, ifMatch ? { 'if-match': ifMatch } : {});
    const problem = await checkGuarded(read, patch);
    expect(problem.current.regions).toBe('Region 1');

    // Covering a partnership (and changing the contact there) is part of the provider's version.
    const cover = (i: number, ifMatch?: string) =>
      w.manager.request(
        'PUT',
        `${url}/partnerships/${w.partnershipA}`,
        { contactName: `Contact ${i}` },
        ifMatch ? { 'if-match': ifMatch } : {},
      );
    const covered = await checkGuarded(read, cover);
    expect(covered.current.covers).toEqual([expect.objectContaining({ partnershipId: w.partnershipA, contactName: 'Contact 1' })]);
    // Nobody else hears of the provider through a conflict.
    expect((await w.stranger.request('PATCH', url, { regions: 'x' }, { 'if-match': '"1"' })).statusCode).toBe(404);
  });

  it('the programme’s settings (hours in a facilitator day) and a partnership’s allowance', async () => {
    const settings = `${w.base}/support/settings`;
    const readSettings = async () => tagOf(await w.manager.get(settings));
    // None written yet: no version to compare, so the first write goes ahead whatever it is sent with.
    expect((await w.manager.request('PUT', settings, { minutesPerDay: 450 }, { 'if-match': '"1"' })).statusCode).toBe(200);
    const problem = await checkGuarded(readSettings, (i, m) =>
      w.manager.request('PUT', settings, { minutesPerDay: 420 + i }, m ? { 'if-match': m } : {}),
    );
    expect(problem.current.minutesPerDay).toBe(421);

    const url = `${w.base}/support/allowances/${w.partnershipA}`;
    const body = (i: number) => ({
      startOn: '2025-04-01',
      endOn: '2028-03-31',
      dayHundredths: 2400 + i,
      creditAllowedPence: 750_000,
      dayRatePence: 35_000,
    });
    expect((await w.manager.put(url, body(0))).statusCode).toBe(204);
    const readAllowance = async () => {
      const row = (await w.manager.get(`${w.base}/support/allowances`))
        .json()
        .data.find((r: { partnershipId: string }) => r.partnershipId === w.partnershipA);
      return `"${row.allowance.version}"`;
    };
    const stale = await checkGuarded(readAllowance, (i, m) => w.manager.request('PUT', url, body(i), m ? { 'if-match': m } : {}), 204);
    expect(stale.current.daysAllowed).toBe(24.01);
  });

  it('an event, and who came to it', async () => {
    const made = await w.manager.post(`${w.base}/support/events`, {
      name: 'Versioned networking',
      heldOn: '2025-05-20',
      costPence: 90_000,
    });
    const id = made.json().data.id as string;
    const read = async () => {
      const e = (await w.manager.get(`${w.base}/support/events`)).json().data.find((x: { id: string }) => x.id === id);
      return `"${e.version}"`;
    };
    const url = `${w.base}/support/events/${id}`;
    const problem = await checkGuarded(read, (i, m) => w.manager.request('PATCH', url, { place: `Hall ${i}` }, m ? { 'if-match': m } : {}));
    expect(problem.current.place).toBe('Hall 1');
    const attendance = await checkGuarded(
      read,
      (i, m) => w.manager.request('PUT', `${url}/partnerships/${w.partnershipB}`, { people: i }, m ? { 'if-match': m } : {}),
      204,
    );
    expect(attendance.current.attendance).toEqual([expect.objectContaining({ partnershipId: w.partnershipB, people: 1 })]);
  });
});
