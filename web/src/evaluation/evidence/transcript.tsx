// Evidence: one transcript, its coded passages (remove one, save one as a quote) and deleting it.
// Selecting and coding a passage are in transcript-text.tsx and code-passage.tsx.
import { useEffect, useMemo, useRef, useState } from 'react';
import { segmentTranscript } from '../../../../src/shared/transcript.js';
import { type CodeFamily, type EvaluationAnswer, api, del, post } from '../../api/index.js';
import { useApi } from '../../app/data.js';
import { Checkbox, ErrorSummary, FormProblems, SubmitOrCancel, useForm } from '../../ui/forms.js';
import { Link, navigate } from '../../app/router.js';
import { Failed, Loading, Page, Panel, SummaryList, Table, formatDate, plural } from '../../ui/index.js';
import { CodePassage } from './code-passage.js';
import { CodeSwatch, type Found, MemoEditor } from './coding-parts.js';

import {
  AttributionField,
  NotForYou,
  RemoveButton,
  attributionFor,
  type Passage,
  type Selection,
  type Transcript,
  useEvidencePaths,
} from './shared.js';
import { TranscriptText } from './transcript-text.js';
// ---------------------------------------------------------------- one transcript: reading and coding it
export function TranscriptPage({ slug, id }: { slug: string; id: string }) {
  const { apiBase, home, trail } = useEvidencePaths(slug);
  const evaluation = useApi<EvaluationAnswer>(apiBase);
  const loaded = useApi<{ data: Transcript }>(`${apiBase}/transcripts/${encodeURIComponent(id)}`);
  const codebook = useApi<{ data: CodeFamily[] }>(`${apiBase}/codebook`);
  // Consent given only; for who may be coded at all, and a quote's suggested attribution.
  const people = useApi<{ data: Found[]; total: number }>(`${apiBase}/respondent-search?limit=200`);
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
      <div className="coding-layout">
        <div>
          <h2 id="text-heading">Text</h2>
          <TranscriptText transcript={transcript} segments={segments} selection={selection} onSelect={setSelection} />
          <h2>Coded passages</h2>
          {transcript.passages.length === 0 ? (
            <p>No passages are coded yet.</p>
          ) : (
            <Table
              caption="Coded passages, in the order they appear (each keeps its number)"
              head={['Passage', 'Respondent', 'Code', 'Words', 'Quote', 'Memo', <span className="visually-hidden">Actions</span>]}
            >
              {transcript.passages.map((p) => (
                <tr key={p.id}>
                  <td>{p.number}</td>
                  <td>{p.respondent.ref}</td>
                  <td>
                    <CodeSwatch code={p.code} />
                    {p.code.name} <span className="muted">({p.code.familyLabel})</span>
                  </td>
                  <td className="retrieved-text">“{p.text}”</td>
                  <td>
                    {p.quoteId ? (
                      'Saved as a quote'
                    ) : (
                      <button type="button" className="link-button" onClick={() => setQuoting(p.id)}>
                        Save as a quote<span className="visually-hidden"> (passage {p.number})</span>
                      </button>
                    )}
                  </td>
                  <td>
                    <MemoEditor
                      url={`${apiBase}/transcripts/${transcript.id}/passages/${p.id}/memo`}
                      about={`passage ${p.number}`}
                      memo={p.memo}
                    />
                  </td>
                  <td>
                    <RemoveButton
                      label={`Remove passage ${p.number} (${p.code.name} for ${p.respondent.ref})`}
                      onRemove={() => remove(p)}
                    />
                  </td>
                </tr>
              ))}
            </Table>
          )}
        </div>
        <div className="coding-panel">
          <CodePassage
            apiBase={apiBase}
            transcript={transcript}
            selection={selection}
            anyone={people.data.total > 0}
            families={codebook.data.data}
            onSaved={(message, answer) => {
              setSelection(null);
              saved(message, answer);
            }}
          />
        </div>
      </div>

      {quoting && transcript.passages.some((p) => p.id === quoting) && (
        <PassageQuote
          apiBase={apiBase}
          passage={transcript.passages.find((p) => p.id === quoting)!}
          number={transcript.passages.find((p) => p.id === quoting)!.number}
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
