import { beforeAll, describe, expect, it } from 'vitest';
import { type TestContext, startTestApp } from '../../../test/support/http.js';

let t: TestContext;
beforeAll(async () => {
  t = await startTestApp();
  await t.makeUser('admin@cairn.test', { isAdmin: true });
  await t.makeUser('stranger@cairn.test');
});

describe('programmes', () => {
  it('lets an administrator create a programme that starts with the default vocabularies', async () => {
    const admin = await t.as('admin@cairn.test');
    const res = await admin.post('/api/v1/programmes', { slug: 'pbsa', name: 'Place Based Social Action' });
    expect(res.statusCode).toBe(201);
    const detail = await admin.get('/api/v1/programmes/pbsa');
    expect(detail.statusCode).toBe(200);
    const body = detail.json();
    expect(body.data.vocabularies.typology.map((t: { label: string }) => t.label)).toContain('Community organising');
    expect(body.data.vocabularies.organisation_type.map((t: { label: string }) => t.label)).toContain('Registered charity');
    expect(body.history[0]).toMatchObject({ action: 'create', actor: 'admin@cairn.test' });
  });

  it('refuses a duplicate slug with a field-level conflict and writes nothing', async () => {
    const admin = await t.as('admin@cairn.test');
    await admin.post('/api/v1/programmes', { slug: 'dup', name: 'First' });
    const res = await admin.post('/api/v1/programmes', { slug: 'dup', name: 'Second' });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors[0].path).toEqual(['slug']);
    const list = await admin.get('/api/v1/programmes?q=dup');
    expect(list.json().data.map((p: { name: string }) => p.name)).toEqual(['First']);
  });

  it('names each bad field: unknown fields, wrong types, over-long strings', async () => {
    const admin = await t.as('admin@cairn.test');
    const unknown = await admin.post('/api/v1/programmes', { slug: 'x1', name: 'X', colour: 'red' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors).toEqual([
      expect.objectContaining({ path: ['colour'], message: expect.stringContaining('Unknown field') }),
    ]);
    const wrongType = await admin.post('/api/v1/programmes', { slug: 'x2', name: 42 });
    expect(wrongType.statusCode).toBe(422);
    expect(wrongType.json().errors[0].path).toEqual(['name']);
    const long = await admin.post('/api/v1/programmes', { slug: 'x3', name: 'n'.repeat(201) });
    expect(long.statusCode).toBe(422);
    expect(long.json().errors[0].message).toMatch(/200 characters or fewer/);
    const badSlug = await admin.post('/api/v1/programmes', { slug: 'Not A Slug', name: 'X' });
    expect(badSlug.json().errors[0].path).toEqual(['slug']);
  });

  it('hides programmes from people who do not belong to them, as if they did not exist', async () => {
    const stranger = await t.as('stranger@cairn.test');
    const list = await stranger.get('/api/v1/programmes');
    expect(list.json().data).toEqual([]);
    const one = await stranger.get('/api/v1/programmes/pbsa');
    expect(one.statusCode).toBe(404);
    const missing = await stranger.get('/api/v1/programmes/no-such-programme');
    expect(missing.json().detail).toBe(one.json().detail);
    const create = await stranger.post('/api/v1/programmes', { slug: 'mine', name: 'Mine' });
    expect(create.statusCode).toBe(403);
  });

  it('records a partnership that did not progress only with its reason', async () => {
    const admin = await t.as('admin@cairn.test');
    const phase = (
      await admin.post('/api/v1/programmes/pbsa/phases', { number: 2, name: 'Phase 2', startsOn: '2019-01-01', endsOn: '2022-01-31' })
    ).json().data;
    const backwards = await admin.post('/api/v1/programmes/pbsa/phases', {
      number: 3,
      name: 'Phase 3',
      startsOn: '2022-02-01',
      endsOn: '2021-01-01',
    });
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json().errors[0].path).toEqual(['endsOn']);
    expect(phase.number).toBe(2);
  });

  it('refuses anonymous callers with 401 and writes without a CSRF token with 403', async () => {
    const anon = t.anonymous();
    expect((await anon.get('/api/v1/programmes')).statusCode).toBe(401);
    const admin = await t.as('admin@cairn.test');
    const res = await admin.request('POST', '/api/v1/programmes', { slug: 'nocsrf', name: 'X' }, { 'x-csrf-token': 'forged' });
    expect(res.statusCode).toBe(403);
    // The web UI refreshes its token and retries on exactly this problem type.
    expect(res.json().type).toBe('urn:cairn:problem:csrf-token');
    expect((await admin.get('/api/v1/programmes?q=nocsrf')).json().data).toEqual([]);
  });

  it('compresses large answers for slow connections when the browser accepts gzip', async () => {
    const admin = await t.as('admin@cairn.test');
    const res = await admin.request('GET', '/api/openapi.json', undefined, { 'accept-encoding': 'gzip' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.rawPayload.length).toBeLessThan(JSON.stringify(t.app.swagger()).length / 3);
  });
});
