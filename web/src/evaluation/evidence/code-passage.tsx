// Evidence: coding the selected passage of a transcript for a respondent (and, optionally, saving it as a quote).
import { type ReactNode, useState } from 'react';
import { type CodeFamily, type CodeNode, type Respondent, post } from '../../api/index.js';
import { Checkbox, ErrorSummary, type FieldError, FormProblems, Submit, fieldId, useForm } from '../../ui/forms.js';
import { AttributionField, attributionFor, type Selection, type Transcript } from './shared.js';

function CodeOptions({ codes, depth }: { codes: CodeNode[]; depth: number }): ReactNode {
  return codes.map((c) => [
    <option key={c.id} value={c.id}>
      {`${'– '.repeat(depth)}${c.name}`}
    </option>,
    ...(c.children.length ? [<CodeOptions key={`${c.id}-children`} codes={c.children} depth={depth + 1} />] : []),
  ]);
}

export function CodePassage(props: {
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
