/**
 * The one typeface charts are drawn in: DejaVu Sans, shipped by the dejavu-fonts-ttf package (Bitstream
 * Vera licence, DejaVu changes public domain), so a server with no fonts installed still prints text.
 *
 * Vega lays text out before anything draws it. In Node it has no canvas to measure with and guesses
 * 0.8 em for every character, which leaves wide gaps beside labels and cuts long partnership names
 * short. `fontWidths` reads the real advance widths out of the TTF file (its `cmap` and `hmtx` tables),
 * and `measureWithDejaVu` hands them to vega, so the layout matches what resvg and browsers draw.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const FONT_FILES = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
} as const;

export interface FontWidths {
  /** The width of a line of text in pixels at a font size. Kerning is left out: it moves text by a pixel or two. */
  width(text: string, fontSize: number): number;
}

/**
 * Advance widths from a TrueType font's bytes. Reads the tables every TTF has: `head` (units per em),
 * `hhea` (how many widths `hmtx` lists), `hmtx` (the widths) and a Unicode `cmap` subtable in format 4
 * (the Basic Multilingual Plane, where every character a partnership name or label uses lives).
 * A character the font lacks is measured as the font's missing-glyph box, as it will be drawn.
 */
export function fontWidths(bytes: Uint8Array): FontWidths {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tables = new Map<string, number>();
  const count = view.getUint16(4);
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16;
    const tag = String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
    tables.set(tag, view.getUint32(at + 8));
  }
  const table = (tag: string) => {
    const at = tables.get(tag);
    if (at === undefined) throw new Error(`The font has no ${tag} table: it is not a TrueType font Cairn can measure`);
    return at;
  };
  const unitsPerEm = view.getUint16(table('head') + 18);
  const metricCount = view.getUint16(table('hhea') + 34);
  const hmtx = table('hmtx');
  const advance = (glyph: number) => view.getUint16(hmtx + 4 * Math.min(glyph, metricCount - 1));

  const cmap = table('cmap');
  let format4 = -1;
  for (let i = 0; i < view.getUint16(cmap + 2); i++) {
    const rec = cmap + 4 + i * 8;
    const platform = view.getUint16(rec);
    const encoding = view.getUint16(rec + 2);
    const sub = cmap + view.getUint32(rec + 4);
    // Windows Unicode BMP (3,1) or any Unicode-platform (0,*) subtable in format 4.
    if ((platform === 3 && encoding === 1) || platform === 0) {
      if (view.getUint16(sub) === 4) {
        format4 = sub;
        break;
      }
    }
  }
  if (format4 < 0) throw new Error('The font has no Unicode character map in format 4');
  const segments = view.getUint16(format4 + 6) / 2;
  const ends = format4 + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const rangeOffsets = deltas + segments * 2;

  const glyphOf = (code: number): number => {
    if (code > 0xffff) return 0;
    for (let s = 0; s < segments; s++) {
      if (code > view.getUint16(ends + s * 2)) continue;
      const start = view.getUint16(starts + s * 2);
      if (code < start) return 0;
      const delta = view.getUint16(deltas + s * 2);
      const offsetAt = rangeOffsets + s * 2;
      const rangeOffset = view.getUint16(offsetAt);
      if (rangeOffset === 0) return (code + delta) & 0xffff;
      const glyph = view.getUint16(offsetAt + rangeOffset + 2 * (code - start));
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };

  const cache = new Map<number, number>();
  const unitsOf = (code: number) => {
    let w = cache.get(code);
    if (w === undefined) cache.set(code, (w = advance(glyphOf(code))));
    return w;
  };
  return {
    width(text, fontSize) {
      let units = 0;
      for (const ch of text) units += unitsOf(ch.codePointAt(0)!);
      return (units / unitsPerEm) * fontSize;
    },
  };
}

let loaded: { regular: FontWidths; bold: FontWidths } | null = null;
export function dejaVuWidths() {
  loaded ??= { regular: fontWidths(readFileSync(FONT_FILES.regular)), bold: fontWidths(readFileSync(FONT_FILES.bold)) };
  return loaded;
}

/** What vega hands a text-measuring function: a text mark's item. */
interface TextItem {
  fontSize?: number | string;
  fontWeight?: number | string;
  limit?: number;
}

const isBold = (weight: TextItem['fontWeight']) => weight === 'bold' || weight === 'bolder' || Number(weight) >= 600;

/**
 * A `textMetrics.width` for vega: the text's width in DejaVu Sans (bold where the item is bold).
 * Vega also calls this while cutting a label down to its `limit`, measuring the candidate pieces; an
 * over-long text answers the limit itself, which tells vega to keep cutting without measuring the
 * cut text again (it would call back into this function for ever).
 */
export function measureWithDejaVu(item: TextItem, text: unknown): number {
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  if (size <= 0 || text == null) return 0;
  const line = String(text).trim();
  const fonts = dejaVuWidths();
  const w = (isBold(item.fontWeight) ? fonts.bold : fonts.regular).width(line, size);
  const limit = Number(item.limit) || 0;
  return limit > 0 && w > limit ? limit : w;
}
