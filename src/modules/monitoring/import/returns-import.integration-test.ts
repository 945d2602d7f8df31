import { readFileSync } from 'node:fs';
import writeXlsxFile from 'write-excel-file/node';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../../../test/support/http.js';
import { type TestContext, startTestApp } from '../../../../test/support/http.js';
import { DEMO_PASSWORD } from '../../demo/accounts.js';
import { loadDemo } from '../../demo/load.js';
import { partnerships } from '../../partnerships/schema.js';
import { programmes } from '../../programmes/schema.js';

// Over the PBSA demo programme: its ten partnerships and four indicators, and a Phase 2 period whose
// returns are already accepted (so importing into "Phase 2" meets locked returns).
const fixture = (name: string) => readFileSync(new URL(`../../../../test/fixtures/monitoring/${name}`, import.meta.url));

let t: TestContext;
let manager: Client;
beforeAll(async () => {
  t = await startTestApp();
  await loadDemo(t.database.db);
  manager = await t.anonymous().login('manager@cairn-demo.example', DEMO_PASSWORD);
});

const upload = (c: Client, period: string, body: Buffer | string, { preview = false, type = 'text/csv', filename = 'returns.csv' } = {}) =>
  c.request(
    'POST',
    `/api/v1/programmes/pbsa/monitoring/import${preview ? '/preview' : ''}?period=${encodeURIComponent(period)}&filename=${filename}`,
    body,
    {
      'content-type': type,
    },
  );

async function periodNamed(label: string) {
  const res = await manager.get('/api/v1/programmes/pbsa/reporting-periods?pageSize=100');
  return (res.json().data as { id: string; label: string; startsOn: string }[]).find((p) => p.label === label);
}

async function returnsOf(periodId: string) {
  const list = (await manager.get(`/api/v1/programmes/pbsa/returns?periodId=${periodId}&pageSize=200`)).json().data as { id: string }[];
  const full = [];
  for (const r of list) full.push((await manager.get(`/api/v1/programmes/pbsa/returns/${r.id}`)).json());
  return full as { data: any; history: { action: string; summary: string }[] }[];
}

const returnCount = async () => (await manager.get('/api/v1/programmes/pbsa/returns?pageSize=1')).json().page.total as number;

describe('importing returns over HTTP', () => {
  it('previews the PBSA file without writing, saying the period would be created', async () => {
    const before = await returnCount();
    const res = await upload(manager, 'Phase 2 (imported)', fixture('pbsa-phase2-returns.csv'), { preview: true });
    expect(res.statusCode).toBe(200);
    const data = res.json().data;
    expect(data.period).toMatchObject({ id: null, label: 'Phase 2 (imported)', created: false });
    expect(data.rows).toBe(10);
    expect(data.returns.find((r: any) => r.partnership === 'North East Lincolnshire VCSE Alliance')).toMatchObject({
      reported: 0,
      notReported: 4,
    });
    expect(await returnCount()).toBe(before);
    expect(await periodNamed('Phase 2 (imported)')).toBeUndefined();
  });

  it('imports the PBSA file as ten submitted returns with their figures, creating the period, each audited', async () => {
    const res = await upload(manager, 'Phase 2 (imported)', fixture('pbsa-phase2-returns.csv'));
    expect(res.statusCode).toBe(201);
    expect(res.json().data.period).toMatchObject({ label: 'Phase 2 (imported)', created: true });
    const period = (await periodNamed('Phase 2 (imported)'))!;
    expect(period.startsOn).toBe(new Date().toISOString().slice(0, 10));
    const returns = await returnsOf(period.id);
    expect(returns).toHaveLength(10);
    expect(returns.every((r) => r.data.status === 'submitted')).toBe(true);
    const byName: Record<string, (typeof returns)[number]> = Object.fromEntries(returns.map((r) => [r.data.partnership.name, r]));
    const figures = (name: string) => byName[name]!.data.values.map((v: any) => (v.notReported ? '-' : Number(v.value)));
    expect(figures('SAFE Regeneration')).toEqual([285, 25161, 1096, 166]);
    expect(figures('North East Lincolnshire VCSE Alliance')).toEqual(['-', '-', '-', '-']);
    expect(byName['North East Lincolnshire VCSE Alliance']!.data.values[0].notReportedReason).toBe(
      'did not progress to Phase 3 so monitoring data was not shared',
    );
    expect(byName['NHP Ltd and Halifax Opportunities Trust']!.data.comparabilityNote).toBe('reporting period Nov 2021 - Feb 2022');
    const totals = [0, 1, 2, 3].map((i) =>
      returns.reduce((sum, r) => sum + (r.data.values[i].notReported ? 0 : Number(r.data.values[i].value)), 0),
    );
    expect(totals).toEqual([780, 46286, 2504, 853]);
    expect(byName['Grapevine Coventry']!.history.some((h) => h.action === 'import' && /row 3/.test(h.summary))).toBe(true);
  });

  it('replaces a submitted return in place: reviewers’ notes stay, each figure’s old → new is audited, awkward text survives', async () => {
    const header = 'partnership,volunteers,beneficiaries,activities,public_meetings_consultations,note';
    const first = await upload(manager, 'Replace check', `${header}\nSAFE Regeneration,10,100,5,1,\nGrapevine Coventry,20,200,6,2,\n`);
    expect(first.statusCode, first.body).toBe(201);
    const period = (await periodNamed('Replace check'))!;
    const safe = (await returnsOf(period.id)).find((r) => r.data.partnership.name === 'SAFE Regeneration')!;
    const volunteers = safe.data.values[0].indicator.id as string;
    const review = await manager.patch(`/api/v1/programmes/pbsa/returns/${safe.data.id}/values/${volunteers}/review`, {
      reviewerComment: 'Check the volunteer count',
      followUp: true,
    });
    expect(review.statusCode, review.body).toBe(200);
    // A note with a tab, a backslash, a quote and a line break: COPY's escaping must keep every character.
    const note = 'Counted\tby hand \\ "estimate"\nsecond line';
    const second = await upload(manager, 'Replace check', `${header}\nSAFE Regeneration,12,100,5,1,"${note.replace(/"/g, '""')}"\n`);
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json().data.returns).toEqual([expect.objectContaining({ partnership: 'SAFE Regeneration', replaces: 'submitted' })]);
    const after = (await returnsOf(period.id)).find((r) => r.data.partnership.name === 'SAFE Regeneration')!;
    expect(after.data.id).toBe(safe.data.id);
    expect(Number(after.data.values[0].value)).toBe(12);
    expect(after.data.values[0]).toMatchObject({ reviewerComment: 'Check the volunteer count', followUp: true });
    expect(after.data.comparabilityNote).toBe(note);
    const imports = (after.history as unknown as { action: string; changes: Record<string, [unknown, unknown]> }[]).filter(
      (h) => h.action === 'import',
    );
    expect(imports).toHaveLength(2);
    const latest = imports.find((h) => h.changes.volunteers?.[0] === '10')!;
    expect(latest.changes.volunteers).toEqual(['10', '12']);
    expect(latest.changes.beneficiaries).toBeUndefined();
    // Grapevine's row was not in the second file: its return is untouched.
    const grapevine = (await returnsOf(period.id)).find((r) => r.data.partnership.name === 'Grapevine Coventry')!;
    expect(Number(grapevine.data.values[0].value)).toBe(20);
  });

  it('writes nothing when any row is wrong, and lists every bad row and the unknown column', async () => {
    const before = await returnCount();
    const res = await upload(manager, 'Spring check-in', fixture('pbsa-returns-bad-rows.csv'));
    expect(res.statusCode).toBe(422);
    const paths = (res.json().errors as { path: (string | number)[]; message: string }[]).map((e) => e.path);
    expect(paths).toEqual([
      ['columns', 'events_held'],
      ['rows', 3, 'volunteers'],
      ['rows', 4, 'partnership'],
      ['rows', 5, 'beneficiaries'],
    ]);
    expect(res.json().detail).toMatch(/^Nothing was imported/);
    expect(await returnCount()).toBe(before);
    expect(await periodNamed('Spring check-in')).toBeUndefined();
  });

  it('refuses rows whose return is accepted, and says a malformed file is malformed', async () => {
    const locked = await upload(manager, 'phase 2', fixture('pbsa-phase2-returns.csv'));
    expect(locked.statusCode).toBe(422);
    expect(locked.json().errors).toHaveLength(10);
    expect(locked.json().errors[0]).toMatchObject({
      path: ['rows', 2, 'partnership'],
      message: expect.stringMatching(/accepted and locked/),
    });
    const malformed = await upload(manager, 'Another', fixture('pbsa-returns-malformed.csv'));
    expect(malformed.statusCode).toBe(422);
    expect(malformed.json().detail).toMatch(/malformed.*quotation mark/);
  });

  it('reads an Excel workbook the same way', async () => {
    const rows = [
      ['partnership', 'volunteers', 'beneficiaries', 'activities', 'public_meetings_consultations'],
      ['Hackney Volunteer Centre', 74, 1477, 279, 33],
    ];
    const xlsx = await writeXlsxFile(rows.map((r) => r.map((value) => ({ value })))).toBuffer();
    const res = await upload(manager, 'Workbook period', xlsx, {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      filename: 'returns.xlsx',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().data.returns).toEqual([
      { row: 2, partnership: 'Hackney Volunteer Centre', replaces: null, reported: 4, notReported: 0, comparabilityNote: '' },
    ]);
  });

  it('is for programme managers only: a viewer and a partnership member are refused, and nothing is created', async () => {
    const viewer = await t.anonymous().login('viewer@cairn-demo.example', DEMO_PASSWORD);
    expect((await upload(viewer, 'Viewer period', fixture('pbsa-phase2-returns.csv'))).statusCode).toBe(403);
    const member = await t.anonymous().login('grapevine@cairn-demo.example', DEMO_PASSWORD);
    expect((await upload(member, 'Member period', fixture('pbsa-phase2-returns.csv'), { preview: true })).statusCode).toBe(403);
    expect(await periodNamed('Viewer period')).toBeUndefined();
  });

  // Last, as it adds partnerships to the programme. A bad row far down a long file still stops the whole
  // import, and a long good file arrives whole (the figures stream into COPY as the file is read again).
  it('writes nothing when one row far down a long file is bad, and writes every row of a long good file', async () => {
    const [pbsa] = await t.database.db.select({ id: programmes.id }).from(programmes).where(eq(programmes.slug, 'pbsa'));
    const names = Array.from({ length: 2500 }, (_, i) => `Batch Partnership ${String(i + 1).padStart(4, '0')}`);
    await t.database.db.insert(partnerships).values(names.map((name) => ({ programmeId: pbsa!.id, name })));
    const csv = (bad: boolean) =>
      `partnership,volunteers,beneficiaries,activities,public_meetings_consultations\n${names
        .map((n, i) => `${n},${bad && i === 2399 ? -3 : i},${i * 2},${i % 7},${i % 50 === 0 ? '-' : 1}`)
        .join('\n')}\n`;
    const before = await returnCount();

    const refused = await upload(manager, 'Long file', csv(true));
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([{ path: ['rows', 2401, 'volunteers'], message: 'Must be 0 or more (the cell says -3)' }]);
    expect(await returnCount()).toBe(before);
    expect(await periodNamed('Long file')).toBeUndefined();

    const imported = await upload(manager, 'Long file', csv(false));
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json().data.rows).toBe(2500);
    expect(await returnCount()).toBe(before + 2500);
    const period = (await periodNamed('Long file'))!;
    // The Total row of the portfolio table: every batch's figures are in, the last batch's included.
    const csvTable = (await manager.get(`/api/v1/programmes/pbsa/monitoring/table.csv?period=${period.id}`)).body.trimEnd().split('\n');
    // A row per partnership of the programme (its ten others have no return for this period), then Total.
    expect(csvTable).toHaveLength(1 + 2510 + 1);
    expect(csvTable).toContain('Batch Partnership 2500,2499,4998,0,1');
    const total = (n: (i: number) => number) => Array.from({ length: 2500 }, (_, i) => n(i)).reduce((a, b) => a + b, 0);
    expect(csvTable.at(-1)).toBe(`Total,${total((i) => i)},${total((i) => i * 2)},${total((i) => i % 7)},${2500 - 50}`);
  }, 120_000);
});
