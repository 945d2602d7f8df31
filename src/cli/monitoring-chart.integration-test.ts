// One engine: chart files drawn by the CLI; the SQL beneath is the same on both engines.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliWorkspace } from '../../test/support/cli.js';

// `cairn monitoring chart` as people run it: a child process over the demo data (PBSA Phase 2 returns,
// accepted), in a data folder of its own or, in the postgres project, a fresh database on the server.
const ws = cliWorkspace('cairn-cli-chart-');
const cairn = ws.cairn;

beforeAll(async () => {
  expect((await cairn(['seed', 'demo'])).code).toBe(0);
}, 120_000);

describe('cairn monitoring chart', () => {
  it('writes a PNG and an SVG of one indicator by partnership, and says where', async () => {
    const png = join(ws.dir, 'volunteers.png');
    const run = await cairn([
      'monitoring',
      'chart',
      '--programme',
      'pbsa',
      '--indicator',
      'volunteers',
      '--period',
      'Phase 2',
      '--out',
      png,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(`Wrote “Volunteers by partnership, Phase 2” (PNG) to ${png}\n`);
    const bytes = readFileSync(png);
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(bytes.length).toBeGreaterThan(20_000);

    const svgFile = join(ws.dir, 'chart.svg');
    const svg = await cairn([
      'monitoring',
      'chart',
      '--programme',
      'pbsa',
      '--indicator',
      'beneficiaries',
      '--format',
      'svg',
      '--out',
      svgFile,
    ]);
    expect(svg.code, svg.stderr).toBe(0);
    const text = readFileSync(svgFile, 'utf8');
    expect(text).toMatch(/^<svg /);
    expect(text).toContain('>SAFE Regeneration<');
    expect(text).toContain('>25,161<');
    expect(text).toContain('Total 46,286, from 9 of 10 partnerships.');
  }, 120_000);

  it('names the file itself when --out is a folder, and draws across periods', async () => {
    const run = await cairn([
      'monitoring',
      'chart',
      '--programme',
      'pbsa',
      '--indicator',
      'activities',
      '--across-periods',
      '--partnerships',
      '--format',
      'svg',
      '--out',
      ws.dir,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const written = join(ws.dir, 'pbsa-activities-across-periods.svg');
    expect(run.stdout).toBe(`Wrote “Activities across reporting periods” (SVG) to ${written}\n`);
    const text = readFileSync(written, 'utf8');
    expect(text).toContain('Each partnership');
    expect(text).toContain('>Phase 2<');
  }, 120_000);

  it('fails in one line for an unknown indicator or a clash of options, writing nothing', async () => {
    const out = join(ws.dir, 'never.png');
    const unknown = await cairn(['monitoring', 'chart', '--programme', 'pbsa', '--indicator', 'volunters', '--out', out]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe(
      'cairn: There is no indicator “volunters” in this programme. Charts can show: volunteers, beneficiaries, activities, public_meetings_consultations.\n',
    );
    const clash = await cairn([
      'monitoring',
      'chart',
      '--programme',
      'pbsa',
      '--indicator',
      'volunteers',
      '--format',
      'png',
      '--out',
      join(ws.dir, 'x.svg'),
    ]);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toBe('cairn: --out names a .svg file but --format is png: make them agree.\n');
    const both = await cairn([
      'monitoring',
      'chart',
      '--programme',
      'pbsa',
      '--indicator',
      'volunteers',
      '--period',
      'Phase 2',
      '--across-periods',
    ]);
    expect(both.stderr).toBe('cairn: --period and --across-periods do not go together: a chart across periods shows every period.\n');
    expect(existsSync(out)).toBe(false);
  }, 120_000);
});
