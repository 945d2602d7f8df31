import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestContext, startTestApp } from '../../../../test/support/http.js';
import { type RegistryWorld, registryWorld } from '../../../../test/support/registry-world.js';
import { pcfSketch } from '../domain/fixtures.js';

let t: TestContext;
let w: RegistryWorld;
let base: string;

beforeAll(async () => {
  t = await startTestApp();
  w = await registryWorld(t, 'toc-versions');
  base = `${w.base}/theories-of-change`;
});

describe('theories of change and their versions', () => {
  it('makes a theory with a draft in the default stages, saves its model with If-Match, publishes it, and keeps it fixed', async () => {
    const made = await w.manager.post(base, { name: 'PCF theory of change', level: 'programme' });
    expect(made.statusCode).toBe(201);
    const theory = made.json().data;
    expect(theory.versions).toHaveLength(1);
    const draftId = theory.versions[0].id;
    const url = `${base}/${theory.id}/versions/${draftId}`;

    const got = await w.viewer.get(url);
    expect(got.statusCode).toBe(200);
    expect(got.json().data.model.stages.map((s: { label: string }) => s.label)).toEqual([
      'Inputs',
      'Activities',
      'Change in learning and action',
      'Short-term outcomes',
      'Long-term outcomes',
    ]);
    expect(got.json().abilities).toEqual({ update: false });
    const etag = got.headers.etag as string;

    // A viewer reads but cannot save.
    expect((await w.viewer.put(`${url}/model`, { model: pcfSketch() })).statusCode).toBe(403);
    // A partnership member and a stranger see nothing.
    expect((await w.memberA.get(base)).statusCode).toBe(403);
    expect((await w.stranger.get(url)).statusCode).toBe(404);

    const saved = await w.manager.request('PUT', `${url}/model`, { model: pcfSketch() }, { 'if-match': etag });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().data.steps).toBe(4);
    // The old ETag is stale now.
    const stale = await w.manager.request('PUT', `${url}/model`, { model: pcfSketch() }, { 'if-match': etag });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().type).toBe('urn:cairn:problem:edit-conflict');

    // Every problem of a model at once, each at its path.
    const bad = pcfSketch();
    bad.links.push({ key: 'l9', from: 'funding', to: 'funding', rationale: '', interventions: [], assumptions: [] });
    const refused = await w.manager.put(`${url}/model`, { model: bad });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0].path).toEqual(['model', 'links', 3, 'to']);

    expect((await w.manager.post(`${url}/publish`, { changeNote: ' ' })).statusCode).toBe(422);
    const published = await w.manager.post(`${url}/publish`, { changeNote: 'original' });
    expect(published.statusCode).toBe(200);
    expect(published.json().data.status).toBe('published');

    // Published: the service refuses, and so does the database.
    expect((await w.manager.put(`${url}/model`, { model: pcfSketch() })).statusCode).toBe(409);
    expect((await w.manager.patch(url, { name: 'Renamed' })).statusCode).toBe(409);
    expect((await w.manager.delete(url)).statusCode).toBe(409);
    await expect(t.database.db.execute(sql`update toc_versions set change_note = 'sneaky' where id = ${draftId}`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`delete from toc_versions where id = ${draftId}`)).rejects.toThrow();

    // A new draft copies it; the diff says what changed in words.
    const next = await w.manager.post(`${base}/${theory.id}/versions`, { fromVersionId: draftId, name: 'refined' });
    expect(next.statusCode).toBe(201);
    const refined = next.json().data;
    const model = refined.model;
    model.nodes[2].label = 'Greater confidence';
    model.links.pop();
    expect((await w.manager.put(`${base}/${theory.id}/versions/${refined.id}/model`, { model })).statusCode).toBe(200);
    const diff = await w.viewer.get(`${base}/${theory.id}/diff?from=${draftId}&to=${refined.id}`);
    expect(diff.statusCode).toBe(200);
    expect(diff.json().data.changes.map((c: { words: string }) => c.words)).toEqual([
      '“Improved confidence” renamed “Greater confidence”',
      'Link Improved confidence → Employment removed',
    ]);

    // The audit log has each change.
    const history = await t.database.query<{ summary: string }>(
      `select summary from audit_events where entity_type in ('theory_of_change', 'toc_version') order by id`,
    );
    expect(history.map((h) => h.summary)).toEqual([
      'Added the theory of change PCF theory of change',
      'Started the draft Version 1 of PCF theory of change',
      expect.stringMatching(/^Saved Version 1 of PCF theory of change: New step/),
      'Published Version 1 of PCF theory of change: original',
      'Started the draft refined of PCF theory of change',
      expect.stringMatching(/^Saved refined of PCF theory of change: “Improved confidence” renamed/),
    ]);
  });

  it('comments on a step and resolves it; refuses a comment on something the version lacks', async () => {
    const list = (await w.manager.get(base)).json().data;
    const theory = list[0];
    const v = theory.versions[0];
    const url = `${base}/${theory.id}/versions/${v.id}/comments`;
    const added = await w.manager.post(url, { target: 'node', targetKey: 'confidence', body: 'What evidence shows this?' });
    expect(added.statusCode).toBe(201);
    expect((await w.manager.post(url, { target: 'link', targetKey: 'nope', body: 'x' })).statusCode).toBe(422);
    expect((await w.viewer.post(url, { target: 'node', targetKey: 'confidence', body: 'x' })).statusCode).toBe(403);
    const resolved = await w.manager.patch(`${url}/${added.json().data.id}`, { resolved: true });
    expect(resolved.json().data.resolved).toBe(true);
    expect((await w.viewer.get(url)).json().data).toHaveLength(1);
  });

  it('makes a place-level theory only for one of the programme’s places', async () => {
    const noPlace = await w.manager.post(base, { name: 'Place theory', level: 'place' });
    expect(noPlace.statusCode).toBe(422);
    expect(noPlace.json().errors[0].path).toEqual(['placeId']);
    const place = (await w.manager.post(`${w.base}/places`, { name: 'Grimsby' })).json().data;
    const ok = await w.manager.post(base, { name: 'Grimsby theory', level: 'place', placeId: place.id });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().data.place).toEqual({ id: place.id, name: 'Grimsby' });
  });
});
