/**
 * No lost updates (issue #12, point 7; decision 012): every editable record answers an ETag, honours
 * If-Match, and a stale write gets 409 with what changed since. Runs on both engines.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { pcfSketch } from '../../src/modules/theory-of-change/domain/fixtures.js';
import type { Client } from '../support/http.js';
import { type TestContext, startTestApp } from '../support/http.js';
import { type RegistryWorld, registryWorld } from '../support/registry-world.js';

let t: TestContext;
let w: RegistryWorld;

beforeAll(async () => {
  t = await startTestApp();
  w = await registryWorld(t, 'versions');
});

const etagOf = (res: { headers: Record<string, unknown> }) => res.headers.etag as string;

/** The checks every versioned record must pass: `url` is its GET and write address, `change(i)` a write body. */
async function checkVersioned(
  who: Client,
  url: string,
  write: { method: 'PATCH' | 'PUT' | 'POST'; url?: string; body: (i: number) => unknown },
) {
  const target = write.url ?? url;
  const send = (i: number, headers: Record<string, string> = {}) => who.request(write.method, target, write.body(i), headers);

  const first = await who.get(url);
  expect(first.statusCode).toBe(200);
  const tag = etagOf(first);
  expect(tag).toMatch(/^"[0-9]+(\.[0-9a-f]{12})?"$/);
  expect(`"${first.json().data.version}"`).toBe(tag);

  // A write without If-Match works as before, and moves the ETag on.
  const plain = await send(1);
  expect(plain.statusCode, plain.body).toBe(200);
  const afterPlain = await who.get(url);
  expect(etagOf(afterPlain)).not.toBe(tag);
  expect(etagOf(plain)).toBe(etagOf(afterPlain));

  // The old ETag is now stale: 409 with the current record, and nothing written.
  const stale = await send(2, { 'if-match': tag });
  expect(stale.statusCode, stale.body).toBe(409);
  expect(stale.headers['content-type']).toContain('application/problem+json');
  const problem = stale.json();
  expect(problem.type).toBe('urn:cairn:problem:edit-conflict');
  expect(problem.detail).toMatch(/Someone else changed this record since you opened it/);
  expect(`"${problem.current.version}"`).toBe(etagOf(afterPlain));
  expect(etagOf(await who.get(url))).toBe(etagOf(afterPlain));
  expect(stale.headers.etag).toBeUndefined();

  // 20 simultaneous writes with the same (current) If-Match: exactly one lands.
  const current = etagOf(afterPlain);
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => send(10 + i, { 'if-match': current })));
  const codes = results.map((r) => r.statusCode).sort();
  expect(codes.filter((c) => c === 200)).toHaveLength(1);
  expect(codes.filter((c) => c === 409)).toHaveLength(19);
  const winner = results.find((r) => r.statusCode === 200)!;
  const loser = results.find((r) => r.statusCode === 409)!;
  expect(`"${loser.json().current.version}"`).toBe(etagOf(winner));
  expect(etagOf(await who.get(url))).toBe(etagOf(winner));

  // A malformed If-Match is a plain 400, not a 500 and not a write.
  const bad = await send(99, { 'if-match': 'not-quoted' });
  expect(bad.statusCode).toBe(400);
  expect(bad.json().detail).toMatch(/If-Match/);
  expect(etagOf(await who.get(url))).toBe(etagOf(winner));

  // The current ETag works, and * means any version.
  expect((await send(100, { 'if-match': etagOf(winner) })).statusCode).toBe(200);
  expect((await send(101, { 'if-match': '*' })).statusCode).toBe(200);
  return { problem };
}

describe('record versions', () => {
  it('a place: ETag, If-Match, 409 with what changed since', async () => {
    const res = await w.manager.post(`${w.base}/places`, { name: 'Grimsby' });
    const url = `${w.base}/places/${res.json().data.id}`;
    const { problem } = await checkVersioned(w.manager, url, { method: 'PATCH', body: (i) => ({ region: `Region ${i}` }) });
    // Managers may read the history, so they hear what changed since their version.
    expect(problem.changes).toEqual([expect.objectContaining({ changes: { region: ['', 'Region 1'] } })]);
    expect(problem.current.region).toBe('Region 1');
  });

  it('does not tell a stranger a record exists by its ETag', async () => {
    const res = await w.manager.post(`${w.base}/places`, { name: 'Hidden' });
    const other = await w.stranger.get(`${w.base}/places/${res.json().data.id}`);
    expect(other.statusCode).toBe(404);
    expect(other.headers.etag).toBeUndefined();
    const stale = await w.stranger.patch(`${w.base}/places/${res.json().data.id}`, { region: 'x' });
    expect(stale.statusCode).toBe(404);
  });

  it('a monitoring return: its figures, and a submit with a stale version', async () => {
    const ind = await w.manager.post(`${w.base}/indicators`, { key: 'volunteers', label: 'Volunteers', required: true });
    const indicatorId = ind.json().data.id as string;
    await checkVersioned(w.manager, `${w.base}/indicators/${indicatorId}`, {
      method: 'PATCH',
      body: (i) => ({ definition: `Definition ${i}` }),
    });
    const per = await w.manager.post(`${w.base}/reporting-periods`, {
      label: '2021',
      startsOn: '2021-01-01',
      endsOn: '2021-12-31',
      dueOn: '2022-01-31',
    });
    const periodId = per.json().data.id as string;
    await checkVersioned(w.manager, `${w.base}/reporting-periods/${periodId}`, {
      method: 'PATCH',
      body: (i) => ({ label: `Period ${i}` }),
    });
    const opened = await w.memberA.post(`${w.base}/returns`, { partnershipId: w.partnershipA, periodId });
    const url = `${w.base}/returns/${opened.json().data.id}`;
    const { problem } = await checkVersioned(w.memberA, url, { method: 'PATCH', body: (i) => ({ values: [{ indicatorId, value: i }] }) });
    // A partnership member may not read the audit log, so hears the current record but not the history.
    expect(problem.changes).toBeUndefined();
    expect(problem.current.values[0].value).toBe(1);

    // Submitting a return someone changed since you looked is a conflict too; nothing is submitted.
    const seen = await w.memberA.get(url);
    expect((await w.manager.patch(url, { comparabilityNote: 'Counted differently this year' })).statusCode).toBe(200);
    const submit = await w.memberA.post(`${url}/submit`, {});
    expect(submit.statusCode).toBe(200);
    const reopened = await w.manager.post(`${url}/send-back`, { comment: 'Check the volunteers figure' });
    expect(reopened.statusCode).toBe(200);
    const stale = await w.memberA.request('POST', `${url}/submit`, {}, { 'if-match': seen.headers.etag as string });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().current.status).toBe('returned');
    expect((await w.memberA.get(url)).json().data.status).toBe('returned');
    const review = await w.manager.request(
      'PATCH',
      `${url}/values/${indicatorId}/review`,
      { followUp: true },
      { 'if-match': seen.headers.etag as string },
    );
    expect(review.statusCode).toBe(409);
    expect(review.json().changes.map((c: { summary: string }) => c.summary).length).toBeGreaterThan(0);
  });

  it('an evaluation, a code and a respondent with their codings', async () => {
    expect((await w.manager.post(`${w.base}/evaluations`, { slug: 'review', title: 'Review' })).statusCode).toBe(201);
    const ev = `${w.base}/evaluations/review`;
    await checkVersioned(w.manager, ev, { method: 'PATCH', body: (i) => ({ disclosureThreshold: i }) });

    const book = await w.manager.post(`${ev}/codebook/codes`, { family: 'context', name: 'Trust' });
    expect(book.statusCode, book.body).toBe(201);
    await w.manager.post(`${ev}/codebook/codes`, { family: 'context', name: 'Isolation' });
    const tree = (await w.manager.get(`${ev}/codebook`))
      .json()
      .data.flatMap((f: { codes: { id: string; name: string; version: string }[] }) => f.codes);
    const trust = tree.find((c: { name: string }) => c.name === 'Trust');
    const isolation = tree.find((c: { name: string }) => c.name === 'Isolation');
    expect(trust.version).toMatch(/^[0-9]+$/);
    expect((await w.manager.patch(`${ev}/codebook/codes/${trust.id}`, { name: 'Trust in others' })).statusCode).toBe(200);
    const staleCode = await w.manager.request(
      'PATCH',
      `${ev}/codebook/codes/${trust.id}`,
      { name: 'Trusting' },
      { 'if-match': `"${trust.version}"` },
    );
    expect(staleCode.statusCode).toBe(409);
    expect(staleCode.json().current).toMatchObject({ id: trust.id, name: 'Trust in others' });

    const r = await w.manager.post(`${ev}/respondents`, { ref: 'R01', consent: { status: 'given' } });
    expect(r.statusCode, r.body).toBe(201);
    const url = `${ev}/respondents/${r.json().data.id}`;
    await checkVersioned(w.manager, url, { method: 'PATCH', body: (i) => ({ attributes: { round: String(i) } }) });
    const sets = [[trust.id], [isolation.id], [trust.id, isolation.id], []];
    // A write that changes nothing leaves the version as it was, so a second writer holding that version
    // rightly lands too. The simultaneous writes (i ≥ 10) therefore each ask for something other than what
    // send(1) left ([isolation]), so whichever lands first changes the record.
    const { problem } = await checkVersioned(w.manager, url, {
      method: 'PUT',
      url: `${url}/codings`,
      body: (i) => ({ codeIds: i >= 10 && i < 100 && i % 4 === 1 ? sets[2] : sets[i % 4] }),
    });
    expect(problem.current.codings.map((c: { codeId: string }) => c.codeId)).toEqual([isolation.id]);

    // Another coder's ticks are theirs: they do not make this coder's version stale.
    const seen = await w.manager.get(url);
    expect((await w.admin.put(`${url}/codings`, { codeIds: [trust.id] })).statusCode).toBe(200);
    expect((await w.manager.get(url)).headers.etag).toBe(seen.headers.etag);
    const mine = await w.manager.request('PUT', `${url}/codings`, { codeIds: [trust.id] }, { 'if-match': seen.headers.etag as string });
    expect(mine.statusCode).toBe(200);
    // ... but a tick by the same coder elsewhere (a second tab) does.
    const again = await w.manager.request('PUT', `${url}/codings`, { codeIds: [] }, { 'if-match': seen.headers.etag as string });
    expect(again.statusCode).toBe(409);
    expect(again.json().current.codings.filter((c: { coderId: string | null }) => c.coderId !== null)).toHaveLength(2);
  });

  it('organisations, grants, projects, partnerships and their members', async () => {
    const org = await w.manager.post(`${w.base}/organisations`, { name: 'Grimsby Trust' });
    expect(org.statusCode, org.body).toBe(201);
    const orgId = org.json().data.id as string;
    await checkVersioned(w.manager, `${w.base}/organisations/${orgId}`, { method: 'PATCH', body: (i) => ({ name: `Grimsby Trust ${i}` }) });

    const grant = await w.manager.post(`${w.base}/grants`, { title: 'Start-up', recipientOrganisationId: orgId, amountGbp: 1000 });
    expect(grant.statusCode, grant.body).toBe(201);
    await checkVersioned(w.manager, `${w.base}/grants/${grant.json().data.id}`, {
      method: 'PATCH',
      body: (i) => ({ amountGbp: 1000 + i }),
    });

    const project = await w.manager.post(`${w.base}/projects`, { name: 'Garden' });
    expect(project.statusCode, project.body).toBe(201);
    const projectUrl = `${w.base}/projects/${project.json().data.id}`;
    await checkVersioned(w.manager, projectUrl, { method: 'PATCH', body: (i) => ({ description: `Growing ${i}` }) });

    const partnershipUrl = `${w.base}/partnerships/${w.partnershipA}`;
    await checkVersioned(w.manager, partnershipUrl, { method: 'PATCH', body: (i) => ({ description: `Working together ${i}` }) });
    const added = await w.manager.post(`${partnershipUrl}/members`, { organisationId: orgId, joinedOn: '2020-01-01' });
    expect(added.statusCode, added.body).toBe(201);
    const memberId = added.json().data.id as string;
    const seen = (await w.manager.get(partnershipUrl)).json().data.members.find((m: { id: string }) => m.id === memberId);
    expect(seen.version).toMatch(/^[0-9]+$/);
    const memberUrl = `${partnershipUrl}/members/${memberId}`;
    const first = await w.manager.request('PATCH', memberUrl, { role: 'host' }, { 'if-match': `"${seen.version}"` });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.headers.etag).toBe(`"${first.json().data.version}"`);
    const stale = await w.manager.request('PATCH', memberUrl, { role: 'funder' }, { 'if-match': `"${seen.version}"` });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().current).toMatchObject({ id: memberId, role: 'host' });
  });

  it('a programme, its phases and its vocabulary terms', async () => {
    await checkVersioned(w.manager, w.base, { method: 'PATCH', body: (i) => ({ description: `About ${i}` }) });
    const phase = await w.manager.post(`${w.base}/phases`, { number: 1, name: 'Start' });
    expect(phase.statusCode, phase.body).toBe(201);
    const listed = (await w.manager.get(w.base)).json().data;
    const seen = listed.phases.find((p: { id: string }) => p.id === phase.json().data.id);
    const phaseUrl = `${w.base}/phases/${seen.id}`;
    expect((await w.manager.request('PATCH', phaseUrl, { name: 'Beginning' }, { 'if-match': `"${seen.version}"` })).statusCode).toBe(200);
    const stalePhase = await w.manager.request('PATCH', phaseUrl, { name: 'Opening' }, { 'if-match': `"${seen.version}"` });
    expect(stalePhase.statusCode).toBe(409);
    expect(stalePhase.json().current.name).toBe('Beginning');

    const term = await w.manager.post(`${w.base}/vocabularies/theme/terms`, { label: 'Food' });
    expect(term.statusCode, term.body).toBe(201);
    const terms = (await w.manager.get(`${w.base}/vocabularies`)).json().data.theme;
    const food = terms.find((x: { label: string }) => x.label === 'Food');
    const termUrl = `${w.base}/vocabulary-terms/${food.id}`;
    expect((await w.manager.request('PATCH', termUrl, { label: 'Food and growing' }, { 'if-match': `"${food.version}"` })).statusCode).toBe(
      200,
    );
    // Removing a term someone renamed since you looked is a conflict: nothing is removed.
    const staleDelete = await w.manager.request('DELETE', termUrl, undefined, { 'if-match': `"${food.version}"` });
    expect(staleDelete.statusCode).toBe(409);
    expect(staleDelete.json().current.label).toBe('Food and growing');
    const fresh = (await w.manager.get(`${w.base}/vocabularies`)).json().data.theme.find((x: { id: string }) => x.id === food.id);
    expect((await w.manager.request('DELETE', termUrl, undefined, { 'if-match': `"${fresh.version}"` })).statusCode).toBe(204);
  });

  it('a partnership’s progression from a phase: two managers recording it at once', async () => {
    const phase = (await w.manager.post(`${w.base}/phases`, { number: 7, name: 'Delivery' })).json().data;
    const url = `${w.base}/phases/${phase.id}/progressions/${w.partnershipA}`;
    const progressionNow = async () =>
      (await w.manager.get(w.base))
        .json()
        .data.phases.find((p: { id: string }) => p.id === phase.id)
        .progressions.find((g: { partnershipId: string }) => g.partnershipId === w.partnershipA);

    // The first record has no earlier version to lose; its answer carries the version.
    const first = await w.manager.put(url, { progressed: true });
    expect(first.statusCode, first.body).toBe(200);
    const seen = await progressionNow();
    expect(`"${seen.version}"`).toBe(first.headers.etag);
    expect(first.json().data.version).toBe(seen.version);

    // Another manager records it otherwise; the first, still holding the old version, is told, and nothing is overwritten.
    const other = await w.manager.request(
      'PUT',
      url,
      { progressed: false, reason: 'Lost its lead organisation' },
      { 'if-match': `"${seen.version}"` },
    );
    expect(other.statusCode, other.body).toBe(200);
    const stale = await w.manager.request('PUT', url, { progressed: true }, { 'if-match': `"${seen.version}"` });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().type).toBe('urn:cairn:problem:edit-conflict');
    expect(stale.json().current).toMatchObject({ progressed: false, reason: 'Lost its lead organisation' });
    expect(await progressionNow()).toMatchObject({ progressed: false, reason: 'Lost its lead organisation' });

    // Of 20 simultaneous writes holding the current version, one lands.
    const current = `"${(await progressionNow()).version}"`;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        w.manager.request('PUT', url, { progressed: false, reason: `Reason ${i}` }, { 'if-match': current }),
      ),
    );
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(19);

    // A viewer is refused as before, whatever version they send.
    expect((await w.viewer.request('PUT', url, { progressed: true }, { 'if-match': current })).statusCode).toBe(403);
  });

  it('a transcript with its coded passages, and a quote', async () => {
    expect((await w.manager.post(`${w.base}/evaluations`, { slug: 'evidence', title: 'Evidence' })).statusCode).toBe(201);
    const ev = `${w.base}/evaluations/evidence`;
    await w.manager.post(`${ev}/codebook/codes`, { family: 'context', name: 'Trust' });
    const codeId = (await w.manager.get(`${ev}/codebook`)).json().data.flatMap((f: { codes: { id: string }[] }) => f.codes)[0].id as string;
    const r = await w.manager.post(`${ev}/respondents`, { ref: 'R01', consent: { status: 'given' } });
    const respondentId = r.json().data.id as string;
    const up = await w.manager.request(
      'POST',
      `${ev}/transcripts?title=Interview&respondentIds=${respondentId}`,
      'We trust each other here now.',
      { 'content-type': 'text/plain' },
    );
    expect(up.statusCode, up.body).toBe(201);
    const url = `${ev}/transcripts/${up.json().data.id}`;
    await checkVersioned(w.manager, url, { method: 'PATCH', body: (i) => ({ title: `Interview ${i}` }) });

    // Coding a passage moves the transcript's version on (and the respondent's): a form opened before is stale.
    const seen = await w.manager.get(url);
    const coded = await w.manager.post(`${url}/passages`, { respondentId, codeId, start: 3, end: 8, quote: { attribution: 'A resident' } });
    expect(coded.statusCode, coded.body).toBe(201);
    expect(coded.json().data.version).not.toBe(seen.json().data.version);
    const stale = await w.manager.request('PATCH', url, { title: 'Old title' }, { 'if-match': seen.headers.etag as string });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().current.passages).toHaveLength(1);

    const quote = (await w.manager.get(`${ev}/quotes`)).json().data[0];
    expect(quote.version).toMatch(/^[0-9]+$/);
    const q = `${ev}/quotes/${quote.id}`;
    const first = await w.manager.request('PATCH', q, { publishable: true }, { 'if-match': `"${quote.version}"` });
    expect(first.statusCode, first.body).toBe(200);
    const staleDelete = await w.manager.request('DELETE', q, undefined, { 'if-match': `"${quote.version}"` });
    expect(staleDelete.statusCode).toBe(409);
    expect(staleDelete.json().current.publishable).toBe(true);
    expect((await w.manager.request('DELETE', q, undefined, { 'if-match': first.headers.etag as string })).statusCode).toBe(204);
  });
  it('the evidence mapped to a theory of change’s version: two people mapping at once keep both', async () => {
    const made = await w.manager.post(`${w.base}/theories-of-change`, { name: 'Mapped theory', level: 'programme' });
    expect(made.statusCode, made.body).toBe(201);
    const theory = made.json().data;
    const url = `${w.base}/theories-of-change/${theory.id}/versions/${theory.versions[0].id}`;
    expect((await w.manager.put(`${url}/model`, { model: pcfSketch() })).statusCode).toBe(200);
    expect((await w.manager.post(`${w.base}/evaluations`, { slug: 'mapped', title: 'Mapped' })).statusCode).toBe(201);
    const ev = `${w.base}/evaluations/mapped`;
    for (const name of ['Trust', 'Skills', 'Confidence']) await w.manager.post(`${ev}/codebook/codes`, { family: 'context', name });
    const codes = (await w.manager.get(`${ev}/codebook`)).json().data.flatMap((f: { codes: { id: string; name: string }[] }) => f.codes);
    const code = (name: string) => codes.find((c: { name: string }) => c.name === name).id as string;
    const map = (name: string) => ({ nodeKey: 'funding', codeId: code(name) });
    const mapped = (res: { json: () => { data: { code: { name: string } | null }[] } }) =>
      res
        .json()
        .data.map((m) => m.code?.name)
        .sort();

    // Two pages open on the same list; each saves the whole list with the version it loaded.
    const opened = await w.manager.get(`${url}/mappings`);
    expect(etagOf(opened)).toMatch(/^"[0-9]+\.[0-9a-f]{12}"$/);
    const first = await w.manager.request('PUT', `${url}/mappings`, { mappings: [map('Trust')] }, { 'if-match': etagOf(opened) });
    expect(first.statusCode, first.body).toBe(200);
    expect(etagOf(first)).not.toBe(etagOf(opened));
    const second = await w.manager.request('PUT', `${url}/mappings`, { mappings: [map('Skills')] }, { 'if-match': etagOf(opened) });
    expect(second.statusCode).toBe(409);
    // The second hears the list as it is now, so saving again adds to it instead of undoing the first.
    const now = second.json().current;
    expect(now.mappings.map((m: { code: { name: string } }) => m.code.name)).toEqual(['Trust']);
    expect(mapped(await w.manager.get(`${url}/mappings`))).toEqual(['Trust']);
    const again = await w.manager.request(
      'PUT',
      `${url}/mappings`,
      { mappings: [map('Trust'), map('Skills')] },
      { 'if-match': `"${now.version}"` },
    );
    expect(again.statusCode, again.body).toBe(200);
    expect(mapped(again)).toEqual(['Skills', 'Trust']);

    // Of ten saves at once holding the same version, each changing the list, one lands.
    const current = etagOf(await w.manager.get(`${url}/mappings`));
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        w.manager.request('PUT', `${url}/mappings`, { mappings: [map(i % 2 ? 'Confidence' : 'Trust')] }, { 'if-match': current }),
      ),
    );
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(9);
    // A viewer is refused as before, whatever version they send.
    expect((await w.viewer.request('PUT', `${url}/mappings`, { mappings: [] }, { 'if-match': current })).statusCode).toBe(403);
  });
});
