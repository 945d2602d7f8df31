// Evidence for an evaluation: transcripts of interviews and workshops (uploaded as .docx or plain
// text), passages of them coded for a respondent (select text, choose a respondent and a code, apply),
// and quotes with how they may be attributed and whether they may be published. Respondent-level,
// so for evaluators and managers only (the API refuses everyone else).
//
// Selecting a passage works with the mouse (select any words) and with the keyboard: the transcript
// is a list of sentences; arrow keys move between them, Space selects one, Shift with an arrow
// extends the selection, Escape clears it.
import { Fragment, type KeyboardEvent, type MouseEvent, type ReactNode, useEffect, useId, useMemo, useRef, useState } from 'react';
import { segmentTranscript, runsOf, type Segment } from '../../../../src/shared/transcript.js';
import {
  ApiError,
  type CodeFamily,
  type CodeNode,
  type EvaluationAnswer,
  type ListAnswer,
  type Respondent,
  api,
  del,
  patch,
  post,
  qs,
} from '../../api/index.js';
import { useApi } from '../../app/data.js';
import {
  Checkbox,
  ErrorSummary,
  type FieldError,
  FormProblems,
  type FormState,
  Submit,
  SubmitOrCancel,
  TextArea,
  TextField,
  fieldId,
  useForm,
} from '../../ui/forms.js';
import { useProgramme } from '../../app/programme-frame.js';
import { Link, navigate } from '../../app/router.js';
import { Failed, Loading, Page, Panel, SummaryList, Table, formatDate, plural } from '../../ui/index.js';

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
interface QuoteList {
  data: Quote[];
  withdrawnHidden: number;
  attributions: string[];
}
interface TranscriptSummary {
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
interface Passage {
  id: string;
  respondent: { id: string; ref: string };
  code: { id: string; name: string; family: string; familyLabel: string };
  coderId: string | null;
  start: number;
  end: number;
  text: string;
  quoteId: string | null;
  createdAt: string;
}
interface Transcript extends Omit<TranscriptSummary, 'passages'> {
  body: string;
  passages: Passage[];
  passageCount: number;
  withdrawnPassages: number;
  otherCodersHidden: number;
}

const ONLY_EVALUATORS =
  'Only the programme’s evaluators and managers can see transcripts and quotes, because they are records about people.';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

function useEvidencePaths(slug: string) {
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
function AttributionField(props: { form: FormState; name: string; suggestions: (string | null)[]; defaultValue?: string; label?: string }) {
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

// ---------------------------------------------------------------- the list of transcripts, and uploading one

export function Transcripts({ slug }: { slug: string }) {
  const { apiBase, home, base, trail } = useEvidencePaths(slug);
  const evaluation = useApi<EvaluationAnswer>(apiBase);
  const list = useApi<{ data: TranscriptSummary[] }>(`${apiBase}/transcripts`);
  const people = useApi<ListAnswer<Respondent>>(`${apiBase}/respondents${qs({ consent: 'given', pageSize: 200 })}`);
  const form = useForm(async (v) => {
    const file = v.file('file');
    const problems: FieldError[] = [];
    if (!file) problems.push({ field: 'file', message: 'Choose the transcript file: a Word document (.docx) or plain text (.txt)' });
    else if (file.size > 5 * 1024 * 1024)
      problems.push({ field: 'file', message: 'The file is larger than 5 MB: save the transcript as plain text, or split it into parts' });
    if (problems.length) throw new FormProblems(problems);
    const type = /\.docx$/i.test(file!.name) || file!.type === DOCX ? DOCX : 'text/plain';
    const query = qs({
      filename: file!.name,
      title: v.optional('title'),
      heldOn: v.optional('heldOn'),
      respondentIds: v.all('respondentIds').join(',') || undefined,
    });
    const { data } = await api<{ data: Transcript }>(`${apiBase}/transcripts${query}`, { method: 'POST', raw: { body: file!, type } });
    navigate(`${home}/transcripts/${data.id}`);
  });
  if (evaluation.state === 'loading' || list.state === 'loading' || people.state === 'loading') return <Loading what="transcripts" />;
  if (evaluation.state === 'error') return <Failed error={evaluation.error} retry={evaluation.reload} />;
  if (list.state === 'error')
    return list.error.status === 403 ? <NotForYou title="Transcripts" /> : <Failed error={list.error} retry={list.reload} />;
  if (people.state === 'error') return <Failed error={people.error} retry={people.reload} />;
  const e = evaluation.data.data;
  const transcripts = list.data.data;
  return (
    <Page title={`Transcripts – ${e.title}`} heading="Transcripts" caption={e.title} breadcrumbs={trail(e.title)}>
      <p>
        Upload the transcript of an interview or a workshop, then code passages of it for the people who spoke. Each coded passage counts
        that person as having identified the code, in the cross-tab and every analysis.
      </p>
      {transcripts.length === 0 ? (
        <p>There are no transcripts yet.</p>
      ) : (
        <Table caption="Transcripts, newest first" head={['Transcript', 'Held on', 'Who took part', 'Coded passages']}>
          {transcripts.map((t) => (
            <tr key={t.id}>
              <th scope="row">
                <Link href={`${home}/transcripts/${t.id}`}>{t.title}</Link>
              </th>
              <td>{t.heldOn ? formatDate(t.heldOn) : <span className="muted">Not recorded</span>}</td>
              <td>{t.respondents.map((r) => r.ref).join(', ') || <span className="muted">No one named</span>}</td>
              <td>{t.passages}</td>
            </tr>
          ))}
        </Table>
      )}

      <h2 id="upload">Upload a transcript</h2>
      <form onSubmit={form.onSubmit} noValidate aria-labelledby="upload">
        <ErrorSummary form={form} />
        <div className={`form-group${form.errorFor('file') ? ' form-group-error' : ''}`}>
          <label className="label" htmlFor={fieldId('file')}>
            Transcript file
          </label>
          <div className="hint" id={`${fieldId('file')}-hint`}>
            A Word document (.docx) or plain text (.txt), up to 5 MB. Cairn keeps the text only.
          </div>
          {form.errorFor('file') && (
            <p className="error-message" id={`${fieldId('file')}-error`}>
              <span className="visually-hidden">Error:</span> {form.errorFor('file')}
            </p>
          )}
          <input
            id={fieldId('file')}
            name="file"
            type="file"
            className={`file-upload${form.errorFor('file') ? ' input-error' : ''}`}
            accept=".docx,.txt,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            aria-describedby={`${fieldId('file')}-hint${form.errorFor('file') ? ` ${fieldId('file')}-error` : ''}`}
            aria-invalid={form.errorFor('file') ? true : undefined}
          />
        </div>
        <TextField
          form={form}
          name="title"
          label="Title (optional)"
          hint="For example “Riverside workshop, March”. Without one, the file’s name is used."
        />
        <TextField form={form} name="heldOn" type="date" width="medium" label="Date it took place (optional)" />
        {people.data.data.length > 0 && (
          <div className="form-group">
            <fieldset className="fieldset" aria-describedby="took-part-hint">
              <legend className="legend">Who took part (optional)</legend>
              <div className="hint" id="took-part-hint">
                Respondents with consent given. Coding a passage for someone adds them too.
              </div>
              <div className="choices">
                {people.data.data.map((r, i) => (
                  <div className="choice" key={r.id}>
                    <input
                      id={i === 0 ? fieldId('respondentIds') : `took-part-${r.id}`}
                      type="checkbox"
                      name="respondentIds"
                      value={r.id}
                    />
                    <label htmlFor={i === 0 ? fieldId('respondentIds') : `took-part-${r.id}`}>
                      {r.ref}
                      {r.participantType ? ` (${r.participantType})` : ''}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
          </div>
        )}
        <Submit form={form}>Upload transcript</Submit>
      </form>
      <p>
        <Link href={home}>Back to {e.title}</Link> ·{' '}
        <Link href={`${base}/evaluations/${encodeURIComponent(slug)}/crosstab`}>Cross-tabulate the codes</Link>
      </p>
    </Page>
  );
}

function NotForYou({ title }: { title: string }) {
  return (
    <Page title={title} heading={title}>
      <p>{ONLY_EVALUATORS}</p>
    </Page>
  );
}

// ---------------------------------------------------------------- one transcript: reading and coding it

interface Selection {
  start: number;
  end: number;
  /** Sentences selected with the keyboard (or a click), first and last; null for a free mouse selection. */
  sentences: [number, number] | null;
}

export function TranscriptPage({ slug, id }: { slug: string; id: string }) {
  const { apiBase, home, trail } = useEvidencePaths(slug);
  const evaluation = useApi<EvaluationAnswer>(apiBase);
  const loaded = useApi<{ data: Transcript }>(`${apiBase}/transcripts/${encodeURIComponent(id)}`);
  const codebook = useApi<{ data: CodeFamily[] }>(`${apiBase}/codebook`);
  const people = useApi<ListAnswer<Respondent>>(`${apiBase}/respondents${qs({ consent: 'given', pageSize: 200 })}`);
  const [fresh, setFresh] = useState<Transcript | null>(null);
  const [selection, setSelection] = useState<Selection | null>(null);
  const [done, setDone] = useState<{ n: number; message: string } | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [quoting, setQuoting] = useState<string | null>(null);
  const t = fresh ?? (loaded.state === 'ready' ? loaded.data.data : null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the segments depend on the body text alone
  const segments = useMemo(() => (t ? segmentTranscript(t.body) : []), [t?.body]);

  if (evaluation.state === 'loading' || loaded.state === 'loading' || codebook.state === 'loading' || people.state === 'loading')
    return <Loading what="transcript" />;
  if (evaluation.state === 'error') return <Failed error={evaluation.error} retry={evaluation.reload} />;
  if (loaded.state === 'error')
    return loaded.error.status === 403 ? <NotForYou title="Transcript" /> : <Failed error={loaded.error} retry={loaded.reload} />;
  if (codebook.state === 'error') return <Failed error={codebook.error} retry={codebook.reload} />;
  if (people.state === 'error') return <Failed error={people.error} retry={people.reload} />;
  const e = evaluation.data.data;
  const transcript = t!;
  const saved = (message: string, answer: Transcript) => {
    setFresh(answer);
    setDone((d) => ({ n: (d?.n ?? 0) + 1, message }));
  };
  const remove = async (p: Passage) => {
    const { data } = await api<{ data: Transcript }>(`${apiBase}/transcripts/${transcript.id}/passages/${p.id}`, { method: 'DELETE' });
    saved(`Passage removed: ${p.code.name} for ${p.respondent.ref}`, data);
  };
  const named = new Set(transcript.respondents.map((r) => r.id));
  // People named by the transcript first, then everyone else with consent given.
  const respondents = [...people.data.data].sort((a, b) => Number(named.has(b.id)) - Number(named.has(a.id)) || a.ref.localeCompare(b.ref));

  return (
    <Page
      title={`${transcript.title} – ${e.title}`}
      heading={transcript.title}
      caption={`Transcript in ${e.title}`}
      breadcrumbs={trail(e.title, { href: `${home}/transcripts`, label: 'Transcripts' })}
      wide
    >
      {done && <Panel key={done.n} title={done.message} />}
      <SummaryList
        rows={[
          ['Held on', transcript.heldOn ? formatDate(transcript.heldOn) : null],
          ['Who took part', transcript.respondents.map((r) => r.ref).join(', ') || null],
          [
            'File',
            `${transcript.fileName} (${transcript.format === 'docx' ? 'Word document' : 'plain text'}, ${plural(transcript.characters, 'character')})`,
          ],
          ['Coded passages', String(transcript.passages.length)],
        ]}
      />
      {(transcript.withdrawnPassages > 0 || transcript.withdrawnNamed > 0) && (
        <p className="inset">
          {plural(transcript.withdrawnPassages, 'passage')} coded for people who withdrew their consent{' '}
          {transcript.withdrawnPassages === 1 ? 'is' : 'are'} not shown. They are kept for audit and left out of every analysis.
        </p>
      )}

      {transcript.otherCodersHidden > 0 && (
        <p className="inset">
          Blind coding is on: you see only the passages you coded. {plural(transcript.otherCodersHidden, 'passage')} coded by others{' '}
          {transcript.otherCodersHidden === 1 ? 'is' : 'are'} not shown.
        </p>
      )}
      <h2 id="text-heading">Text</h2>
      <TranscriptText transcript={transcript} segments={segments} selection={selection} onSelect={setSelection} />

      <CodePassage
        apiBase={apiBase}
        transcript={transcript}
        selection={selection}
        respondents={respondents}
        families={codebook.data.data}
        onSaved={(message, answer) => {
          setSelection(null);
          saved(message, answer);
        }}
      />

      <h2>Coded passages</h2>
      {transcript.passages.length === 0 ? (
        <p>No passages are coded yet.</p>
      ) : (
        <Table
          caption="Coded passages, in the order they appear"
          head={['Passage', 'Respondent', 'Code', 'Words', 'Quote', <span className="visually-hidden">Actions</span>]}
        >
          {transcript.passages.map((p, i) => (
            <tr key={p.id}>
              <td>{i + 1}</td>
              <td>{p.respondent.ref}</td>
              <td>
                {p.code.name} <span className="muted">({p.code.familyLabel})</span>
              </td>
              <td>“{p.text}”</td>
              <td>
                {p.quoteId ? (
                  'Saved as a quote'
                ) : (
                  <button type="button" className="link-button" onClick={() => setQuoting(p.id)}>
                    Save as a quote<span className="visually-hidden"> (passage {i + 1})</span>
                  </button>
                )}
              </td>
              <td>
                <RemoveButton label={`Remove passage ${i + 1} (${p.code.name} for ${p.respondent.ref})`} onRemove={() => remove(p)} />
              </td>
            </tr>
          ))}
        </Table>
      )}

      {quoting && transcript.passages.some((p) => p.id === quoting) && (
        <PassageQuote
          apiBase={apiBase}
          passage={transcript.passages.find((p) => p.id === quoting)!}
          number={transcript.passages.findIndex((p) => p.id === quoting) + 1}
          participantType={
            people.data.data.find((r) => r.id === transcript.passages.find((p) => p.id === quoting)!.respondent.id)?.participantType
          }
          onCancel={() => setQuoting(null)}
          onDone={async (message) => {
            setQuoting(null);
            const { data } = await api<{ data: Transcript }>(`${apiBase}/transcripts/${transcript.id}`);
            saved(message, data);
          }}
        />
      )}

      <h2>Remove this transcript</h2>
      {deleting ? (
        <DeleteTranscript
          apiBase={apiBase}
          transcript={transcript}
          onDone={() => navigate(`${home}/transcripts`)}
          onCancel={() => setDeleting(false)}
        />
      ) : (
        <p>
          <button type="button" className="button warning" onClick={() => setDeleting(true)}>
            Remove transcript
          </button>
        </p>
      )}
      <p>
        <Link href={`${home}/transcripts`}>All transcripts</Link> · <Link href={`${home}/crosstab`}>Cross-tabulate the codes</Link>
      </p>
    </Page>
  );
}

function RemoveButton({ label, onRemove }: { label: string; onRemove: () => Promise<void> }) {
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

/** Saves an already coded passage as a quote of its respondent. */
function PassageQuote(props: {
  apiBase: string;
  passage: Passage;
  number: number;
  participantType: string | null | undefined;
  onDone: (message: string) => Promise<void>;
  onCancel: () => void;
}) {
  const p = props.passage;
  const title = useRef<HTMLHeadingElement>(null);
  // The form opens below the table: take the reader there.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the title takes focus when another passage opens
  useEffect(() => title.current?.focus(), [p.id]);
  const form = useForm(
    async (v) => {
      if (!v.text('passageAttribution'))
        throw new FormProblems([{ field: 'passageAttribution', message: 'Enter an attribution, e.g. “A beneficiary”' }]);
      await post(`${props.apiBase}/quotes`, {
        respondentId: p.respondent.id,
        text: p.text,
        attribution: v.text('passageAttribution'),
        publishable: v.checked('passagePublishable'),
        passageId: p.id,
      });
      await props.onDone(`Passage ${props.number} saved as a quote from ${p.respondent.ref}`);
    },
    { fieldOf: (path) => (path[0] === 'attribution' ? 'passageAttribution' : path[0] === 'publishable' ? 'passagePublishable' : '') },
  );
  return (
    <section aria-labelledby="passage-quote" className="inset">
      <h3 id="passage-quote" ref={title} tabIndex={-1}>
        Save passage {props.number} as a quote from {p.respondent.ref}
      </h3>
      <blockquote>“{p.text}”</blockquote>
      <form onSubmit={form.onSubmit} noValidate>
        <ErrorSummary form={form} />
        <AttributionField
          form={form}
          name="passageAttribution"
          suggestions={[attributionFor(props.participantType), 'A beneficiary', 'A partner']}
        />
        <Checkbox
          form={form}
          name="passagePublishable"
          label="This quote may be published"
          hint="Leave unticked unless the person agreed to it being published."
        />
        <SubmitOrCancel form={form} onCancel={props.onCancel}>
          Save quote
        </SubmitOrCancel>
      </form>
    </section>
  );
}

function DeleteTranscript(props: { apiBase: string; transcript: Transcript; onDone: () => void; onCancel: () => void }) {
  const form = useForm(async () => {
    await del(`${props.apiBase}/transcripts/${props.transcript.id}`);
    props.onDone();
  });
  return (
    <section aria-labelledby="delete-transcript" className="inset warning-inset">
      <h3 id="delete-transcript">Remove {props.transcript.title}?</h3>
      <p>
        Its {plural(props.transcript.passages.length, 'coded passage')} go with it. A respondent then stops counting as having identified a
        code when those passages were all that stood behind it; codes ticked by hand stay. Quotes saved from it stay.
      </p>
      <form onSubmit={form.onSubmit} noValidate>
        <ErrorSummary form={form} />
        <SubmitOrCancel form={form} onCancel={props.onCancel}>
          Yes, remove the transcript
        </SubmitOrCancel>
      </form>
    </section>
  );
}

/**
 * The transcript as a list of sentences (paragraphs as groups). Keyboard: one sentence is in the tab
 * order at a time; arrows move, Space selects, Shift+arrow extends, Escape clears. Mouse: select any
 * words, or click a sentence (Shift+click extends). Coded passages are marked and numbered in words,
 * not by colour alone.
 */
function TranscriptText(props: {
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

  // Passage numbers follow the table below (by where they start).
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
        [{i + 1}: {p.code.name}, {p.respondent.ref}]
      </span>
    );
  };

  return (
    <>
      <div className="hint" id={helpId}>
        To select with the keyboard, Tab into the text, move between sentences with the arrow keys, press Space to select a sentence and
        Shift with an arrow key to select more; Escape clears the selection and Enter goes on to the form. With a mouse, select any words or
        click a sentence. Coded passages are underlined, with their number, code and respondent in brackets after them.
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
        {paragraphs.map((sentences, p) => (
          <div role="group" aria-label={`Paragraph ${p + 1}`} className="transcript-paragraph" key={p}>
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
                    return (
                      <span key={run.start}>
                        {run.passages.length ? (
                          <mark className="passage" data-at={run.start}>
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
        ))}
      </div>
    </>
  );
}

function CodeOptions({ codes, depth }: { codes: CodeNode[]; depth: number }): ReactNode {
  return codes.map((c) => [
    <option key={c.id} value={c.id}>
      {`${'– '.repeat(depth)}${c.name}`}
    </option>,
    ...(c.children.length ? [<CodeOptions key={`${c.id}-children`} codes={c.children} depth={depth + 1} />] : []),
  ]);
}

function CodePassage(props: {
  apiBase: string;
  transcript: Transcript;
  selection: Selection | null;
  respondents: Respondent[];
  families: CodeFamily[];
  onSaved: (message: string, t: Transcript) => void;
}) {
  const { selection, transcript } = props;
  const [asQuote, setAsQuote] = useState(false);
  const [who, setWho] = useState('');
  const form = useForm(
    async (v) => {
      const problems: FieldError[] = [];
      if (!selection) problems.push({ field: 'selection', message: 'Select the words to code first' });
      if (!v.text('respondentId')) problems.push({ field: 'respondentId', message: 'Choose who said it' });
      if (!v.text('codeId')) problems.push({ field: 'codeId', message: 'Choose a code' });
      if (v.checked('asQuote') && !v.text('attribution'))
        problems.push({ field: 'attribution', message: 'Enter an attribution for the quote, e.g. “A beneficiary”' });
      if (problems.length) throw new FormProblems(problems);
      const body = {
        respondentId: v.text('respondentId'),
        codeId: v.text('codeId'),
        start: selection!.start,
        end: selection!.end,
        ...(v.checked('asQuote') ? { quote: { attribution: v.text('attribution'), publishable: v.checked('publishable') } } : {}),
      };
      const answer = await post<{ data: Transcript; passageId: string }>(`${props.apiBase}/transcripts/${transcript.id}/passages`, body);
      const p = answer.data.passages.find((x) => x.id === answer.passageId);
      props.onSaved(p ? `Passage coded: ${p.code.name} for ${p.respondent.ref}` : 'Passage coded', answer.data);
      setAsQuote(false);
    },
    {
      fieldOf: (path) =>
        path[0] === 'start' || path[0] === 'end' ? 'selection' : path[0] === 'quote' ? 'attribution' : String(path[0] ?? ''),
    },
  );
  const families = props.families.filter((f) => f.codes.length > 0);
  const chosen = props.respondents.find((r) => r.id === who);
  const words = selection ? transcript.body.slice(selection.start, selection.end) : '';
  const codeError = form.errorFor('codeId');
  const whoError = form.errorFor('respondentId');
  return (
    <section aria-labelledby="code-heading">
      <h2 id="code-heading">Code the selected words</h2>
      <div aria-live="polite" className="inset selection-status">
        {selection ? (
          <>
            <strong>
              Selected
              {selection.sentences
                ? ` (${selection.sentences[0] === selection.sentences[1] ? `sentence ${selection.sentences[0] + 1}` : `sentences ${selection.sentences[0] + 1} to ${selection.sentences[1] + 1}`})`
                : ''}
              :
            </strong>{' '}
            “{words.length > 400 ? `${words.slice(0, 400)}…` : words}”
          </>
        ) : (
          'Nothing is selected yet.'
        )}
      </div>
      {families.length === 0 ? (
        <p>The codebook has no codes yet: add codes to the evaluation’s codebook first.</p>
      ) : props.respondents.length === 0 ? (
        <p>There are no respondents with consent given: add the people who took part to the evaluation first.</p>
      ) : (
        <form onSubmit={form.onSubmit} noValidate>
          <ErrorSummary form={form} />
          {form.errorFor('selection') && (
            <p className="error-message" id={`${fieldId('selection')}-error`}>
              <span className="visually-hidden">Error:</span> {form.errorFor('selection')}
            </p>
          )}
          <div className={`form-group${whoError ? ' form-group-error' : ''}`}>
            <label className="label" htmlFor={fieldId('respondentId')}>
              Who said it
            </label>
            {whoError && (
              <p className="error-message" id={`${fieldId('respondentId')}-error`}>
                <span className="visually-hidden">Error:</span> {whoError}
              </p>
            )}
            <select
              id={fieldId('respondentId')}
              name="respondentId"
              className={`select${whoError ? ' input-error' : ''}`}
              value={who}
              onChange={(ev) => setWho(ev.target.value)}
              aria-describedby={whoError ? `${fieldId('respondentId')}-error` : undefined}
              aria-invalid={whoError ? true : undefined}
            >
              <option value="">Choose a respondent</option>
              {props.respondents.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.ref}
                  {r.participantType ? ` (${r.participantType})` : ''}
                </option>
              ))}
            </select>
          </div>
          <div className={`form-group${codeError ? ' form-group-error' : ''}`}>
            <label className="label" htmlFor={fieldId('codeId')}>
              Code
            </label>
            {codeError && (
              <p className="error-message" id={`${fieldId('codeId')}-error`}>
                <span className="visually-hidden">Error:</span> {codeError}
              </p>
            )}
            <select
              id={fieldId('codeId')}
              name="codeId"
              className={`select${codeError ? ' input-error' : ''}`}
              defaultValue=""
              aria-describedby={codeError ? `${fieldId('codeId')}-error` : undefined}
              aria-invalid={codeError ? true : undefined}
            >
              <option value="">Choose a code</option>
              {families.map((f) => (
                <optgroup key={f.id} label={f.label}>
                  <CodeOptions codes={f.codes} depth={0} />
                </optgroup>
              ))}
            </select>
          </div>
          <div className="form-group">
            <div className="choice">
              <input
                id={fieldId('asQuote')}
                type="checkbox"
                name="asQuote"
                value="yes"
                checked={asQuote}
                onChange={(ev) => setAsQuote(ev.target.checked)}
                aria-controls="quote-fields"
              />
              <label htmlFor={fieldId('asQuote')}>Also save the words as a quote</label>
            </div>
          </div>
          {/* Always in the page (hidden until ticked), so the checkbox's aria-controls names something. */}
          {
            <div id="quote-fields" className="conditional" hidden={!asQuote}>
              <AttributionField
                key={who}
                form={form}
                name="attribution"
                suggestions={[attributionFor(chosen?.participantType), 'A beneficiary', 'A partner']}
              />
              <Checkbox
                form={form}
                name="publishable"
                label="This quote may be published"
                hint="Leave unticked unless the person agreed to it being published."
              />
            </div>
          }
          <Submit form={form}>Apply code</Submit>
        </form>
      )}
    </section>
  );
}

// ---------------------------------------------------------------- quotes on the respondent's page

/**
 * The respondent's quotes: add, change (words, attribution, whether it may be published) and remove.
 * A withdrawn respondent's quotes are not shown; the section says how many are kept for audit.
 */
export function RespondentQuotes({ apiBase, respondent }: { apiBase: string; respondent: Respondent }) {
  const loaded = useApi<QuoteList>(`${apiBase}/quotes${qs({ respondentId: respondent.id })}`);
  const [done, setDone] = useState<{ n: number; message: string } | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const note = (message: string) => {
    setDone((d) => ({ n: (d?.n ?? 0) + 1, message }));
    setEditing(null);
    loaded.reload();
  };
  if (loaded.state === 'loading') return <Loading what="quotes" />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const { data: list, withdrawnHidden, attributions } = loaded.data;
  const suggestions = [attributionFor(respondent.participantType), ...attributions, 'A beneficiary', 'A partner'];
  return (
    <section aria-labelledby="quotes-heading">
      <h2 id="quotes-heading">Quotes</h2>
      {done && <Panel key={done.n} title={done.message} />}
      {respondent.consent === 'withdrawn' ? (
        <p className="inset">
          {withdrawnHidden
            ? `${plural(withdrawnHidden, 'quote')} from ${respondent.ref} ${withdrawnHidden === 1 ? 'is' : 'are'} kept for audit but not shown or used anywhere, because they withdrew their consent.`
            : `${respondent.ref} withdrew their consent, so no quotes can be added.`}
        </p>
      ) : (
        <>
          {list.length === 0 ? (
            <p>No quotes from {respondent.ref} yet.</p>
          ) : (
            <ul className="quote-list">
              {list.map((q) => (
                <li key={q.id}>
                  {editing === q.id ? (
                    <QuoteForm
                      apiBase={apiBase}
                      respondent={respondent}
                      quote={q}
                      suggestions={suggestions}
                      onDone={note}
                      onCancel={() => setEditing(null)}
                    />
                  ) : (
                    <figure className="quote">
                      <blockquote>“{q.text}”</blockquote>
                      <figcaption>
                        — {q.attribution}. <strong>{q.publishable ? 'May be published.' : 'Not for publication.'}</strong>
                        {q.transcriptId && ' From a coded passage.'}
                      </figcaption>
                      <div className="button-group">
                        <button type="button" className="link-button" onClick={() => setEditing(q.id)}>
                          Change<span className="visually-hidden"> the quote “{q.text.slice(0, 40)}”</span>
                        </button>
                        <span aria-hidden="true">&nbsp;·&nbsp;</span>
                        <RemoveButton
                          label={`Remove the quote “${q.text.slice(0, 40)}”`}
                          onRemove={async () => {
                            await del(`${apiBase}/quotes/${q.id}`);
                            note('Quote removed');
                          }}
                        />
                      </div>
                    </figure>
                  )}
                </li>
              ))}
            </ul>
          )}
          <h3 id="add-quote">Add a quote</h3>
          <QuoteForm key={`add-${done?.n ?? 0}`} apiBase={apiBase} respondent={respondent} suggestions={suggestions} onDone={note} />
        </>
      )}
    </section>
  );
}

function QuoteForm(props: {
  apiBase: string;
  respondent: Respondent;
  quote?: Quote;
  suggestions: (string | null)[];
  onDone: (message: string) => void;
  onCancel?: () => void;
}) {
  const q = props.quote;
  const prefix = q ? `q-${q.id.slice(0, 8)}-` : 'new-quote-';
  const form = useForm(
    async (v) => {
      const problems: FieldError[] = [];
      if (!v.text(`${prefix}text`)) problems.push({ field: `${prefix}text`, message: 'Enter the quote' });
      if (!v.text(`${prefix}attribution`))
        problems.push({ field: `${prefix}attribution`, message: 'Enter an attribution, e.g. “A beneficiary”' });
      if (problems.length) throw new FormProblems(problems);
      const body = {
        text: v.text(`${prefix}text`),
        attribution: v.text(`${prefix}attribution`),
        publishable: v.checked(`${prefix}publishable`),
      };
      if (q) await patch(`${props.apiBase}/quotes/${q.id}`, body);
      else await post(`${props.apiBase}/quotes`, { ...body, respondentId: props.respondent.id });
      props.onDone(q ? 'Quote saved' : 'Quote added');
    },
    { fieldOf: (path) => `${prefix}${String(path[0] ?? '')}` },
  );
  return (
    <form onSubmit={form.onSubmit} noValidate aria-label={q ? 'Change the quote' : 'Add a quote'}>
      <ErrorSummary form={form} />
      <TextArea
        form={form}
        name={`${prefix}text`}
        label="Quote"
        hint="The person’s words as they said them."
        defaultValue={q?.text}
        rows={3}
      />
      <AttributionField form={form} name={`${prefix}attribution`} suggestions={props.suggestions} defaultValue={q?.attribution} />
      <Checkbox
        form={form}
        name={`${prefix}publishable`}
        label="This quote may be published"
        hint="Leave unticked unless the person agreed to it being published."
        defaultChecked={q?.publishable ?? false}
      />
      <SubmitOrCancel form={form} onCancel={props.onCancel}>
        {q ? 'Save quote' : 'Add quote'}
      </SubmitOrCancel>
    </form>
  );
}
