/**
 * Transcripts as the coding page and the service see them: the text split into paragraphs and
 * sentences (what a keyboard user selects, one sentence at a time), and a passage's offsets checked
 * against the text. Pure, so the web page uses the same rules as the server.
 *
 * Offsets count UTF-16 code units, as the browser's text selection does, end exclusive.
 */

export interface Segment {
  /** 0-based position in the transcript, the number a person sees is this + 1. */
  index: number;
  paragraph: number;
  start: number;
  end: number;
}

/** Where one sentence ends: . ! ? or … (with any closing quotes or brackets) followed by white space. */
const SENTENCE_END = /[.!?…]+["'”’)\]]*(?=\s)/g;

/**
 * The transcript's sentences, in order, each within one paragraph (a paragraph is text between blank
 * lines, or a line on its own when the file has no blank lines). White space at either end of a
 * sentence is left out, so selecting a sentence selects only its words.
 */
export function segmentTranscript(body: string): Segment[] {
  const blankLines = /\n[ \t]*\n/.test(body);
  const breaks = blankLines ? /\n[ \t]*\n\s*/g : /\n/g;
  const paragraphs: [number, number][] = [];
  let from = 0;
  for (const m of body.matchAll(breaks)) {
    paragraphs.push([from, m.index]);
    from = m.index + m[0].length;
  }
  paragraphs.push([from, body.length]);

  const out: Segment[] = [];
  let p = 0;
  for (const [ps, pe] of paragraphs) {
    const text = body.slice(ps, pe);
    if (!text.trim()) continue;
    let s = 0;
    const pieces: [number, number][] = [];
    for (const m of text.matchAll(SENTENCE_END)) {
      const e = m.index + m[0].length;
      pieces.push([s, e]);
      s = e;
    }
    pieces.push([s, text.length]);
    for (const [a, b] of pieces) {
      const trimmed = trimRange(text, a, b);
      if (trimmed) out.push({ index: out.length, paragraph: p, start: ps + trimmed[0], end: ps + trimmed[1] });
    }
    p++;
  }
  return out;
}

function trimRange(text: string, a: number, b: number): [number, number] | null {
  while (a < b && /\s/.test(text[a]!)) a++;
  while (b > a && /\s/.test(text[b - 1]!)) b--;
  return a < b ? [a, b] : null;
}

/** Why a passage's offsets do not fit the transcript, or null when they do. */
export function passageProblem(body: string, start: number, end: number): string | null {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0)
    return 'The passage must start at or after the beginning of the transcript';
  if (end > body.length) return 'The passage runs past the end of the transcript';
  if (end <= start) return 'The passage must end after it starts';
  if (!body.slice(start, end).trim()) return 'The passage has no words in it: select some text';
  return null;
}

/** The passage's offsets without white space at either end (a mouse selection often takes some). */
export function tightenPassage(body: string, start: number, end: number): { start: number; end: number } {
  const t = trimRange(body, start, end);
  return t ? { start: t[0], end: t[1] } : { start, end };
}

export interface Run {
  start: number;
  end: number;
  /** Indexes (into the list given) of the passages covering this run. */
  passages: number[];
}

/**
 * A segment's text cut where passages start and end, each run with the passages covering it, so a
 * page can mark coded text (passages may overlap) without losing any character.
 */
export function runsOf(segment: { start: number; end: number }, passages: { start: number; end: number }[]): Run[] {
  const cuts = new Set([segment.start, segment.end]);
  for (const p of passages) {
    if (p.start > segment.start && p.start < segment.end) cuts.add(p.start);
    if (p.end > segment.start && p.end < segment.end) cuts.add(p.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const runs: Run[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    runs.push({ start, end, passages: passages.flatMap((p, j) => (p.start < end && p.end > start ? [j] : [])) });
  }
  return runs;
}
