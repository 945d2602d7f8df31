// Evidence: the quotes section of a respondent's page: add, change or remove a quote, how it may be attributed and whether it may be published.
import { useState } from 'react';
import { type Respondent, del, patch, post, qs } from '../../api/index.js';
import { useApi } from '../../app/data.js';
import { Checkbox, ErrorSummary, type FieldError, FormProblems, SubmitOrCancel, TextArea, useForm } from '../../ui/forms.js';
import { Failed, Loading, Panel, plural } from '../../ui/index.js';
import { AttributionField, RemoveButton, attributionFor, type Quote, type QuoteList } from './shared.js';

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
