// Evidence for an evaluation: transcripts of interviews and workshops (uploaded as .docx or plain
// text), passages of them coded for a respondent (select text, choose a respondent and a code, apply),
// and quotes with how they may be attributed and whether they may be published. Respondent-level,
// so for evaluators and managers only (the API refuses everyone else).
//
// Selecting a passage works with the mouse (select any words) and with the keyboard: the transcript
// is a list of sentences; arrow keys move between them, Space selects one, Shift with an arrow
// extends the selection, Escape clears it.
//
// This file: the shapes the API answers with and the pieces the evidence pages share.
import { useId, useState } from 'react';
import { ApiError } from '../../api/index.js';
import { type FormState, fieldId } from '../../ui/forms.js';
import { useProgramme } from '../../app/programme-frame.js';
import { Page } from '../../ui/index.js';

// ---------------------------------------------------------------- shapes the API answers with

export interface Quote {
  id: string;
  respondent: { id: string; ref: string; participantType: string | null };
  text: string;
  attribution: string;
  publishable: boolean;
  passageId: string | null;
  transcriptId: string | null;
  createdAt: string;
  updatedAt: string;
}
export interface QuoteList {
  data: Quote[];
  withdrawnHidden: number;
  attributions: string[];
}
export interface TranscriptSummary {
  id: string;
  title: string;
  heldOn: string | null;
  fileName: string;
  format: 'text' | 'docx';
  characters: number;
  passages: number;
  respondents: { id: string; ref: string }[];
  withdrawnNamed: number;
  createdAt: string;
}
export interface Passage {
  id: string;
  /** Its number in the transcript: stored, never shifts. */
  number: number;
  respondent: { id: string; ref: string };
  code: { id: string; name: string; family: string; familyLabel: string; colour: string | null; parentId: string | null };
  coderId: string | null;
  start: number;
  end: number;
  text: string;
  quoteId: string | null;
  memo: string | null;
  createdAt: string;
}
export interface Transcript extends Omit<TranscriptSummary, 'passages'> {
  body: string;
  passages: Passage[];
  passageCount: number;
  withdrawnPassages: number;
  otherCodersHidden: number;
}

const ONLY_EVALUATORS =
  'Only the programme’s evaluators and managers can see transcripts and quotes, because they are records about people.';
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export function useEvidencePaths(slug: string) {
  const { api: programmeApi, base, crumbs } = useProgramme();
  const apiBase = `${programmeApi}/evaluations/${encodeURIComponent(slug)}`;
  const home = `${base}/evaluations/${encodeURIComponent(slug)}`;
  const trail = (title: string, ...more: { href: string; label: string }[]) =>
    crumbs({ href: `${base}/evaluations`, label: 'Evaluations' }, { href: home, label: title }, ...more);
  return { apiBase, home, base, trail };
}

/** "A partner", "An evaluator": the suggestion a participant type gives for an attribution. */
export const attributionFor = (participantType: string | null | undefined) => {
  if (!participantType) return null;
  const t = participantType.trim().toLowerCase();
  return `${/^[aeiou]/.test(t) ? 'An' : 'A'} ${t}`;
};

/** An attribution field with suggestions (a datalist): the respondent's own type first, then those used before. */
export function AttributionField(props: {
  form: FormState;
  name: string;
  suggestions: (string | null)[];
  defaultValue?: string;
  label?: string;
}) {
  const listId = useId();
  const error = props.form.errorFor(props.name);
  const id = fieldId(props.name);
  const options = [...new Set(props.suggestions.filter((s): s is string => Boolean(s)))];
  return (
    <div className={`form-group${error ? ' form-group-error' : ''}`}>
      <label className="label" htmlFor={id}>
        {props.label ?? 'Attribution'}
      </label>
      <div className="hint" id={`${id}-hint`}>
        How the quote may be credited without naming anyone, for example “A beneficiary” or “A partner”.
      </div>
      {error && (
        <p className="error-message" id={`${id}-error`}>
          <span className="visually-hidden">Error:</span> {error}
        </p>
      )}
      <input
        id={id}
        name={props.name}
        className={`input width-full${error ? ' input-error' : ''}`}
        list={listId}
        defaultValue={props.defaultValue ?? options[0] ?? ''}
        autoComplete="off"
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        aria-invalid={error ? true : undefined}
      />
      <datalist id={listId}>
        {options.map((o) => (
          <option key={o} value={o} />
        ))}
      </datalist>
    </div>
  );
}

export function NotForYou({ title }: { title: string }) {
  return (
    <Page title={title} heading={title}>
      <p>{ONLY_EVALUATORS}</p>
    </Page>
  );
}

export interface Selection {
  start: number;
  end: number;
  /** Sentences selected with the keyboard (or a click), first and last; null for a free mouse selection. */
  sentences: [number, number] | null;
}

export function RemoveButton({ label, onRemove }: { label: string; onRemove: () => Promise<void> }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <>
      <button
        type="button"
        className="link-button"
        aria-disabled={busy || undefined}
        onClick={() => {
          if (busy) return;
          setBusy(true);
          onRemove().catch((err: unknown) => {
            setError(err instanceof ApiError ? err.message : 'Cairn could not remove it. Try again.');
            setBusy(false);
          });
        }}
      >
        Remove<span className="visually-hidden"> {label.replace(/^Remove /, '')}</span>
      </button>
      {error && (
        <p className="error-message" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
