// Evidence: a transcript's text, where a passage is selected with the mouse (select any words) or the keyboard:
// the transcript is a list of sentences; arrow keys move between them, Space selects one, Shift with an arrow
// extends the selection, Escape clears it.
import { type CSSProperties, Fragment, type KeyboardEvent, type MouseEvent, type ReactNode, useId, useRef, useState } from 'react';
import { runsOf, type Segment } from '../../../../src/shared/transcript.js';
import { fieldId } from '../../ui/forms.js';
import { plural } from '../../ui/index.js';

import { CodeSwatch, colourOf } from './coding-parts.js';
import type { Passage, Selection, Transcript } from './shared.js';

/**
 * The transcript as a list of sentences (paragraphs as groups). Keyboard: one sentence is in the tab
 * order at a time; arrows move, Space selects, Shift+arrow extends, Escape clears. Mouse: select any
 * words, or click a sentence (Shift+click extends). Coded passages are underlined in their code's colour
 * and labelled with their stored number, code and respondent; a stripe per code beside each paragraph
 * (aria-hidden) is said in words by the paragraph's label: colour is never the only cue.
 */
export function TranscriptText(props: {
  transcript: Transcript;
  segments: Segment[];
  selection: Selection | null;
  onSelect: (s: Selection | null) => void;
}) {
  const { transcript, segments, selection, onSelect } = props;
  const [active, setActive] = useState(0);
  const anchor = useRef<number | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const helpId = useId();
  const passages = transcript.passages;

  const select = (a: number, b: number) => {
    const [first, last] = a <= b ? [a, b] : [b, a];
    onSelect({ start: segments[first]!.start, end: segments[last]!.end, sentences: [first, last] });
  };
  const focusSentence = (i: number) => {
    setActive(i);
    box.current?.querySelector<HTMLElement>(`[data-sentence="${i}"]`)?.focus();
  };
  const isSelected = (seg: Segment) => (selection ? seg.start < selection.end && seg.end > selection.start : false);

  const onKeyDown = (ev: KeyboardEvent<HTMLDivElement>) => {
    const last = segments.length - 1;
    const move = (to: number) => {
      ev.preventDefault();
      const next = Math.max(0, Math.min(last, to));
      focusSentence(next);
      if (ev.shiftKey) {
        if (anchor.current === null) anchor.current = active;
        select(anchor.current, next);
      }
    };
    switch (ev.key) {
      case 'ArrowDown':
      case 'ArrowRight':
        return move(active + 1);
      case 'ArrowUp':
      case 'ArrowLeft':
        return move(active - 1);
      case 'Home':
        return move(0);
      case 'End':
        return move(last);
      case ' ':
      case 'Spacebar': {
        ev.preventDefault();
        if (ev.shiftKey && anchor.current !== null) return select(anchor.current, active);
        const only = selection?.sentences && selection.sentences[0] === active && selection.sentences[1] === active;
        if (only) {
          anchor.current = null;
          return onSelect(null);
        }
        anchor.current = active;
        return select(active, active);
      }
      case 'Escape':
        if (selection) {
          ev.preventDefault();
          anchor.current = null;
          onSelect(null);
        }
        return;
      case 'Enter':
        // On to the form: the respondent is the next thing to choose.
        if (selection) {
          ev.preventDefault();
          document.getElementById(fieldId('respondentId'))?.focus();
        }
        return;
    }
  };

  /** A character offset in the transcript for a point in the page, from the run or sentence it is in. */
  const offsetOf = (node: Node, offset: number): number | null => {
    const el = node.nodeType === Node.TEXT_NODE ? node.parentElement : (node as Element);
    const run = el?.closest<HTMLElement>('[data-at]');
    if (run && node.nodeType === Node.TEXT_NODE) return Number(run.dataset.at) + offset;
    // In a passage's label: just after the words it follows.
    const before = el?.closest('.passage-label')?.previousElementSibling as HTMLElement | null | undefined;
    if (before?.dataset.at) return Number(before.dataset.at) + (before.textContent ?? '').length;
    // In the space between two sentences: the end of the one before.
    const previous = node.nodeType === Node.TEXT_NODE ? (node.previousSibling as HTMLElement | null) : null;
    if (previous?.dataset?.end) return Number(previous.dataset.end);
    const sentence = el?.closest<HTMLElement>('[data-sentence]');
    if (sentence) return offset === 0 ? Number(sentence.dataset.start) : Number(sentence.dataset.end);
    return null;
  };

  const onMouseUp = (ev: MouseEvent<HTMLDivElement>) => {
    const sel = window.getSelection();
    if (
      sel &&
      !sel.isCollapsed &&
      sel.anchorNode &&
      sel.focusNode &&
      box.current?.contains(sel.anchorNode) &&
      box.current.contains(sel.focusNode)
    ) {
      const a = offsetOf(sel.anchorNode, sel.anchorOffset);
      const b = offsetOf(sel.focusNode, sel.focusOffset);
      if (a !== null && b !== null && a !== b) {
        const start = Math.min(a, b);
        const end = Math.max(a, b);
        if (transcript.body.slice(start, end).trim()) {
          anchor.current = null;
          onSelect({ start, end, sentences: null });
          return;
        }
      }
    }
    // A click: that sentence, or up to it with Shift.
    const sentence = (ev.target as Element).closest<HTMLElement>('[data-sentence]');
    if (!sentence) return;
    const i = Number(sentence.dataset.sentence);
    setActive(i);
    if (ev.shiftKey && anchor.current !== null) select(anchor.current, i);
    else {
      anchor.current = i;
      select(i, i);
    }
  };

  // Each passage's label follows its last words; its number is its own, stored (it never shifts).
  const endsAt = new Map<number, number[]>();
  passages.forEach((p, i) => {
    endsAt.set(p.end, [...(endsAt.get(p.end) ?? []), i]);
  });
  const paragraphs: Segment[][] = [];
  for (const s of segments) (paragraphs[s.paragraph] ??= []).push(s);

  const label = (i: number): ReactNode => {
    const p = passages[i]!;
    return (
      <span className="passage-label" key={`label-${i}`}>
        [<CodeSwatch code={p.code} />
        {p.number}: {p.code.name}, {p.respondent.ref}]
      </span>
    );
  };

  /** The codes coded in a paragraph, each with the numbers of its passages there: a stripe each, and the words for it. */
  const stripesOf = (sentences: Segment[]) => {
    const from = sentences[0]!.start;
    const to = sentences[sentences.length - 1]!.end;
    const byCode = new Map<string, { code: Passage['code']; numbers: number[] }>();
    for (const p of passages) {
      if (p.start >= to || p.end <= from) continue;
      const entry = byCode.get(p.code.id) ?? { code: p.code, numbers: [] };
      entry.numbers.push(p.number);
      byCode.set(p.code.id, entry);
    }
    return [...byCode.values()];
  };
  const numbersInWords = (n: number[]) => (n.length === 1 ? `passage ${n[0]}` : `passages ${n.slice(0, -1).join(', ')} and ${n.at(-1)}`);

  return (
    <>
      <div className="hint" id={helpId}>
        To select with the keyboard, Tab into the text, move between sentences with the arrow keys, press Space to select a sentence and
        Shift with an arrow key to select more; Escape clears the selection and Enter goes on to the form. With a mouse, select any words or
        click a sentence. Coded passages are underlined in their code’s colour, with their number, code and respondent in brackets after
        them; the stripes beside each paragraph show its codes, with their passage numbers.
      </div>
      <div
        ref={box}
        id={fieldId('selection')}
        className="transcript"
        role="listbox"
        aria-multiselectable="true"
        aria-label={`Transcript: ${plural(segments.length, 'sentence')}`}
        aria-describedby={helpId}
        onKeyDown={onKeyDown}
        onMouseUp={onMouseUp}
        tabIndex={-1}
      >
        {paragraphs.map((sentences, p) => {
          const stripes = stripesOf(sentences);
          const coded = stripes.map((st) => `${st.code.name} (${numbersInWords(st.numbers)})`).join('; ');
          return (
            <div role="group" aria-label={`Paragraph ${p + 1}${coded ? `, coded: ${coded}` : ''}`} className="coded-paragraph" key={p}>
              {/* Coding stripes: one per code, its passage numbers above it; the group's label says the same in words. */}
              <div className="stripes" aria-hidden="true">
                {stripes.map((st) => (
                  <span className="stripe" key={st.code.id} title={`${st.code.name}: ${numbersInWords(st.numbers)}`}>
                    <span>{st.numbers.join(',')}</span>
                    <span className="stripe-bar" style={{ background: colourOf(st.code) }} />
                  </span>
                ))}
              </div>
              <div className="transcript-paragraph">
                {sentences.map((s) => (
                  <Fragment key={s.index}>
                    <span
                      role="option"
                      aria-selected={isSelected(s)}
                      tabIndex={s.index === active ? 0 : -1}
                      data-sentence={s.index}
                      data-start={s.start}
                      data-end={s.end}
                      className={`sentence${isSelected(s) ? ' sentence-selected' : ''}`}
                      onFocus={() => setActive(s.index)}
                    >
                      {runsOf(s, passages).map((run) => {
                        const words = transcript.body.slice(run.start, run.end);
                        const ending = (endsAt.get(run.end) ?? []).filter((i) => run.passages.includes(i));
                        // The innermost (last-starting) passage's code colours the underline; the labels name every code.
                        const top = run.passages.length ? passages[run.passages[run.passages.length - 1]!]! : null;
                        return (
                          <span key={run.start}>
                            {top ? (
                              <mark
                                className="passage"
                                data-at={run.start}
                                data-colour=""
                                style={{ '--code-colour': colourOf(top.code) } as CSSProperties}
                              >
                                {words}
                              </mark>
                            ) : (
                              <span data-at={run.start}>{words}</span>
                            )}
                            {ending.map(label)}
                          </span>
                        );
                      })}
                    </span>{' '}
                  </Fragment>
                ))}
              </div>
            </div>
          );
        })}
      </div>
    </>
  );
}
