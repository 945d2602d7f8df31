/**
 * How every Cairn chart looks, whichever module draws it: the font (DejaVu Sans, shipped: see font.ts),
 * the colours (each readable on white, WCAG AA: text 4.5:1, bars and lines 3:1), one colour and one
 * symbol per series, and notes wrapped to a width. Plain values and functions; no drawing here
 * (draw.ts turns a vega-lite spec into SVG and PNG).
 */

export const CHART_FONT = 'DejaVu Sans';
/** Browsers showing the SVG without DejaVu fall back to Verdana, the nearest in widths. */
export const CHART_FONT_STACK = 'DejaVu Sans, Verdana, sans-serif';

export const COLOURS = {
  background: '#ffffff',
  text: '#0b0c0c',
  /** "Not reported" and other words in place of a figure. */
  quietText: '#505a5f',
  bar: '#1d70b8',
  axis: '#505a5f',
  /** Grid lines only help the eye along; they carry nothing a reader needs, so they may be light. */
  grid: '#e1e3e5',
} as const;

/** One colour and one symbol per partnership line; each colour at least 3:1 on white. */
export const SERIES_COLOURS = [
  '#1d70b8',
  '#d4351c',
  '#00703c',
  '#4c2c92',
  '#b35900',
  '#912b88',
  '#007c7a',
  '#806600',
  '#505a5f',
  '#003078',
  '#c2185b',
  '#6f4e37',
] as const;
export const SERIES_SHAPES = [
  'circle',
  'square',
  'triangle-up',
  'diamond',
  'cross',
  'triangle-down',
  'triangle-right',
  'triangle-left',
  // Vega's other built-in symbols are thin (arrow, stroke, wedge): a star, a hexagon, an X and a bow tie read better.
  'M0,-1L0.24,-0.33L0.95,-0.31L0.38,0.12L0.59,0.81L0,0.4L-0.59,0.81L-0.38,0.12L-0.95,-0.31L-0.24,-0.33Z',
  'M0,-1L0.87,-0.5L0.87,0.5L0,1L-0.87,0.5L-0.87,-0.5Z',
  'M-1,-0.6L-0.6,-1L0,-0.4L0.6,-1L1,-0.6L0.4,0L1,0.6L0.6,1L0,0.4L-0.6,1L-1,0.6L-0.4,0Z',
  'M-1,-0.9L0,0L-1,0.9ZM1,-0.9L0,0L1,0.9Z',
] as const;

/** WCAG relative luminance contrast between two #rrggbb colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Twelve lines already need the legend to tell apart; more turn to spaghetti. */
export const MAX_SERIES = SERIES_COLOURS.length;

/**
 * Lines of at most `width` characters, broken at spaces (a word longer than a line is cut), so notes
 * under a chart wrap instead of running off its edge.
 */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(/\s+/).filter(Boolean)) {
    while (word.length > width) {
      if (line) lines.push(line);
      lines.push(word.slice(0, width));
      word = word.slice(width);
      line = '';
    }
    if (!line) line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
