import { readFileSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { FONT_FILES, fontWidths, measureWithDejaVu } from '../../../charts/font.js';
import { renderSvg, resvgOf, svgToPng } from './service.js';
import { byPartnershipChart } from '../domain/charts.js';
import { portfolioTable } from '../domain/portfolio-table.js';

const chart = byPartnershipChart({
  programme: 'Place Based Social Action',
  period: { id: 'p2', label: 'Phase 2' },
  scope: 'programme',
  indicatorKey: 'volunteers',
  table: portfolioTable({
    indicators: [{ key: 'volunteers', label: 'Volunteers', unit: 'count', aggregation: 'sum' }],
    partnerships: [
      { id: 'a', name: 'Joseph Rowntree Housing Trust' },
      { id: 'b', name: 'SAFE Regeneration' },
      { id: 'c', name: 'North East Lincolnshire VCSE Alliance' },
    ],
    values: [
      { partnershipId: 'a', indicatorKey: 'volunteers', value: 36, notReported: false },
      { partnershipId: 'b', indicatorKey: 'volunteers', value: 285, notReported: false },
      { partnershipId: 'c', indicatorKey: 'volunteers', value: null, notReported: true, note: 'monitoring data was not shared' },
    ],
  }),
});

/** Pixels darker than light grey in a box of an RGBA image: text and bars, not the white page. */
function darkPixels(image: { pixels: Buffer; width: number }, box: { x0: number; y0: number; x1: number; y1: number }): number {
  // resvg's `pixels` copies the whole image on every read: take it once.
  const px = image.pixels;
  let n = 0;
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      const i = (y * image.width + x) * 4;
      if (px[i]! < 160 && px[i + 1]! < 160 && px[i + 2]! < 160) n++;
    }
  }
  return n;
}

describe('the chart font', () => {
  it('reads DejaVu Sans’s real advance widths from the TTF', () => {
    const regular = fontWidths(readFileSync(FONT_FILES.regular));
    // DejaVu Sans: M is 1767 and i 569 units of a 2048-unit em.
    expect(regular.width('M', 2048)).toBe(1767);
    expect(regular.width('i', 2048)).toBe(569);
    expect(regular.width('Mi', 10)).toBeCloseTo((1767 + 569) / 204.8, 6);
    // A character outside the font is measured as the box drawn in its place, not as nothing.
    expect(regular.width('\u{1F600}', 10)).toBeGreaterThan(0);
  });

  it('measures bold wider, answers the limit for text too long for it, and nothing for no text', () => {
    const text = 'Hartcliffe & Withywood Community Partnership';
    const plain = measureWithDejaVu({ fontSize: 12 }, text);
    expect(plain).toBeGreaterThan(250);
    expect(plain).toBeLessThan(330);
    expect(measureWithDejaVu({ fontSize: 12, fontWeight: 'bold' }, text)).toBeGreaterThan(plain);
    expect(measureWithDejaVu({ fontSize: 12, limit: 100 }, text)).toBe(100);
    expect(measureWithDejaVu({ fontSize: 12 }, null)).toBe(0);
    // Vega's default size is 11 when an item gives none.
    expect(measureWithDejaVu({}, 'abc')).toBeCloseTo(measureWithDejaVu({ fontSize: 11 }, 'abc'), 9);
  });
});

describe('drawing a chart', () => {
  it('makes an SVG that says what it shows and keeps long names whole', async () => {
    const svg = await renderSvg(chart);
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="chart-title chart-desc"/);
    expect(svg).toContain('<title id="chart-title">Volunteers by partnership, Phase 2</title>');
    expect(svg).toContain('<desc id="chart-desc">Bar chart of Volunteers (number) for each partnership');
    expect(svg).toContain('font-family="DejaVu Sans, Verdana, sans-serif"');
    // Measured with the font's real widths, a 29-character name fits; vega's guess would have cut it.
    expect(svg).toContain('>Joseph Rowntree Housing Trust<');
    expect(svg).toContain('>Not reported *<');
  });

  it('draws the text in the shipped font, with no system fonts', async () => {
    const svg = await renderSvg(chart);
    const image = resvgOf(svg).render();
    // The title sits top left, 16px in; at 2x it is in this band.
    const title = { x0: 32, y0: 32, x1: 500, y1: 76 };
    expect(image.width).toBe(2 * Number(/width="(\d+)"/.exec(svg)![1]));
    expect(darkPixels(image, title)).toBeGreaterThan(1500);
    // The control: the same picture with no font at all has nothing there, so the pixels above are the text.
    const fontless = new Resvg(svg, {
      fitTo: { mode: 'zoom', value: 2 },
      background: '#ffffff',
      font: { loadSystemFonts: false, fontFiles: [] },
    }).render();
    expect(darkPixels(fontless, title)).toBe(0);
  });

  it('makes a PNG with the PNG signature', async () => {
    const png = svgToPng(await renderSvg(chart));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.length).toBeGreaterThan(10_000);
  });
});
