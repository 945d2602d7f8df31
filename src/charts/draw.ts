/**
 * Drawing a chart, and nothing else: a vega-lite spec to SVG (vega, in Node, no browser), an SVG to PNG
 * (resvg). This runs on the worker threads (src/workers/), which call it with plain data; the modules
 * (monitoring's charts, evaluation's figures) decide what a chart says, on the main thread.
 */
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { FONT_FILES, measureWithDejaVu } from './font.js';
import { CHART_FONT, COLOURS } from './style.js';

// Vega measures text to lay it out; with no canvas in Node it would guess. Charts are its only use here.
// (vega exports textMetrics at run time; its type definitions leave it out.)
(vega as unknown as { textMetrics: { width: typeof measureWithDejaVu } }).textMetrics.width = measureWithDejaVu;

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The SVG vega draws, with the chart's title and description inside it (`<title>`, `<desc>`, and
 * role="img" pointing at both, ids `<id>-title` and `<id>-desc`), so a screen reader or a file browser
 * says what a downloaded chart shows.
 */
export async function vegaSvg(spec: TopLevelSpec, about: { title: string; description: string; id: string }): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const open = svg.indexOf('>', svg.indexOf('<svg')) + 1;
    return (
      `${svg.slice(0, open - 1)} role="img" aria-labelledby="${about.id}-title ${about.id}-desc">` +
      `<title id="${about.id}-title">${escapeXml(about.title)}</title><desc id="${about.id}-desc">${escapeXml(about.description)}</desc>` +
      svg.slice(open)
    );
  } finally {
    view.finalize();
  }
}

/** resvg set up as charts need it: twice the size (sharp on high-density screens and in print), in the shipped font only. */
export function resvgOf(svg: string): Resvg {
  return new Resvg(svg, {
    fitTo: { mode: 'zoom', value: 2 },
    background: COLOURS.background,
    // The shipped DejaVu files and nothing else: the same picture on every server, fonts installed or not.
    font: {
      loadSystemFonts: false,
      fontFiles: [FONT_FILES.regular, FONT_FILES.bold],
      defaultFontFamily: CHART_FONT,
      sansSerifFamily: CHART_FONT,
    },
  });
}

export const svgToPng = (svg: string): Buffer => resvgOf(svg).render().asPng();
