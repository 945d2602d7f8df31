/**
 * Highlighted snippets, safely. PostgreSQL's ts_headline marks each match with two control characters
 * that no stored text can hold (Cairn refuses control characters in every form and file), and this turns
 * its answer into plain parts: the web shows each part as text, a match inside <mark>, so nothing a
 * person typed is ever read as HTML.
 */
export const START_MATCH = '\u0002';
export const STOP_MATCH = '\u0003';

export interface SnippetPart {
  text: string;
  match: boolean;
}

export function snippetParts(marked: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  const push = (text: string, match: boolean) => {
    if (!text) return;
    const last = parts[parts.length - 1];
    if (last && last.match === match) last.text += text;
    else parts.push({ text, match });
  };
  let rest = marked;
  while (rest.length) {
    const start = rest.indexOf(START_MATCH);
    if (start < 0) {
      push(rest, false);
      break;
    }
    push(rest.slice(0, start), false);
    const stop = rest.indexOf(STOP_MATCH, start + 1);
    const end = stop < 0 ? rest.length : stop;
    push(rest.slice(start + 1, end), true);
    rest = stop < 0 ? '' : rest.slice(stop + 1);
  }
  // Any stray marker left is dropped rather than shown.
  return parts.map((p) => ({ ...p, text: p.text.split(START_MATCH).join('').split(STOP_MATCH).join('') })).filter((p) => p.text);
}
