// How a link's class looks, everywhere it shows: a colour, a line pattern and a word, so it is never told
// by colour alone (WCAG 1.4.1). Colours are 3:1 or more against white, as graphics need (WCAG 1.4.11).
import './evidence.css';
import type { LinkClass, LinkValidation } from './api.js';

export const CLASS_LOOK: Record<LinkClass, { label: string; colour: string; dash: string | undefined; width: number; meaning: string }> = {
  supported: {
    label: 'Supported',
    colour: '#00703c',
    dash: undefined,
    width: 4,
    meaning: 'enough respondents at both ends, more often together than chance would give',
  },
  weak: {
    label: 'Weak',
    colour: '#8f4b00',
    dash: '10 6',
    width: 3,
    meaning: 'mapped at both ends, but too few at both, no clearer than chance, or nobody at an end',
  },
  contradicted: {
    label: 'Contradicted',
    colour: '#b0281a',
    dash: '2 5',
    width: 4,
    meaning: 'enough respondents to expect them together, and they were not',
  },
  untested: {
    label: 'Untested',
    colour: '#505a5f',
    dash: '16 6 2 6',
    width: 2,
    meaning: 'a step at one end has no mapped code, so the evidence cannot speak to it',
  },
};
export const UNCLASSED = { colour: '#0b0c0c', dash: undefined, width: 2 };

const count = (n: number | null) => (n === null ? 'too few to show' : String(n));

/** The counts on a link, short enough for the drawing. */
export function countsShort(v: LinkValidation): string {
  if (v.status === 'untested') return CLASS_LOOK.untested.label;
  const both = v.respondentsBoth === null ? 'few' : v.respondentsBoth;
  const lift = v.lift === null ? '' : `, lift ${v.lift.toFixed(2)}`;
  return `${CLASS_LOOK[v.status].label}: ${both} at both${lift}`;
}

/** The counts in full, for the side panel and the outline. */
export function countsInWords(v: LinkValidation): string[] {
  if (v.status === 'untested') return [v.reason];
  return [
    `${count(v.respondentsFrom)} respondents at its start, ${count(v.respondentsTo)} where it leads, ${count(v.respondentsBoth)} at both`,
    v.lift !== null
      ? `Lift ${v.lift.toFixed(2)} (1 is what chance gives)`
      : v.suppressed
        ? 'Lift not shown (it would give a small count away)'
        : 'No lift: nobody at one end to compare with',
    v.reason,
  ];
}

/** A short line drawn as the class draws its links. */
export function ClassSample({ status }: { status: LinkClass }) {
  const look = CLASS_LOOK[status];
  return (
    <svg width="48" height="12" viewBox="0 0 48 12" aria-hidden="true" focusable="false" className="toc-sample">
      <line x1="2" y1="6" x2="46" y2="6" stroke={look.colour} strokeWidth={look.width} strokeDasharray={look.dash} />
    </svg>
  );
}

export function Legend() {
  return (
    <div className="toc-legend">
      <h2 className="toc-legend-title">Key to the links</h2>
      <ul>
        {(Object.keys(CLASS_LOOK) as LinkClass[]).map((c) => (
          <li key={c}>
            <ClassSample status={c} /> <strong>{CLASS_LOOK[c].label}</strong>: {CLASS_LOOK[c].meaning}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ClassTag({ status }: { status: LinkClass }) {
  return (
    <span className={`toc-class toc-class-${status}`}>
      <ClassSample status={status} /> {CLASS_LOOK[status].label}
    </span>
  );
}
