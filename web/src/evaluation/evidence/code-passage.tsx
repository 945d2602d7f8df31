// Evidence: coding the selected passage of a transcript for a respondent (and, optionally, saving it as a quote).
import { useState } from 'react';
import { type CodeFamily, type CodeNode, post } from '../../api/index.js';
import { plural } from '../../ui/index.js';
import { CodeSwatch, type Found, MemoEditor, RespondentPicker } from './coding-parts.js';
import { Checkbox, ErrorSummary, type FieldError, FormProblems, Submit, fieldId, useForm } from '../../ui/forms.js';
import { AttributionField, attributionFor, type Selection, type Transcript } from './shared.js';

interface Flat {
  code: CodeNode;
  family: CodeFamily;
  depth: number;
}
const flatCodes = (families: CodeFamily[]): Flat[] => {
  const out: Flat[] = [];
  const walk = (family: CodeFamily, codes: CodeNode[], depth: number) => {
    for (const c of codes) {
      out.push({ code: c, family, depth });
      walk(family, c.children, depth + 1);
    }
  };
  for (const f of families) walk(f, f.codes, 0);
  return out;
};

export function CodePassage(props: {
  apiBase: string;
  transcript: Transcript;
  selection: Selection | null;
  /** Whether anyone has consent given (the picker finds them). */
  anyone: boolean;
  families: CodeFamily[];
  onSaved: (message: string, t: Transcript) => void;
}) {
  const { selection, transcript } = props;
  const [asQuote, setAsQuote] = useState(false);
  const [chosen, setChosen] = useState<Found[]>([]);
  const [codeFilter, setCodeFilter] = useState('');
  const [codeId, setCodeId] = useState('');
  const who = chosen[0]?.id ?? '';
  const form = useForm(
    async (v) => {
      const problems: FieldError[] = [];
      if (!selection) problems.push({ field: 'selection', message: 'Select the words to code first' });
      if (!who) problems.push({ field: 'respondentId', message: 'Choose who said it' });
      if (!codeId) problems.push({ field: 'codeId', message: 'Choose a code' });
      if (v.checked('asQuote') && !v.text('attribution'))
        problems.push({ field: 'attribution', message: 'Enter an attribution for the quote, e.g. “A beneficiary”' });
      if (problems.length) throw new FormProblems(problems);
      const body = {
        respondentId: who,
        codeId,
        start: selection!.start,
        end: selection!.end,
        ...(v.checked('asQuote') ? { quote: { attribution: v.text('attribution'), publishable: v.checked('publishable') } } : {}),
      };
      const answer = await post<{ data: Transcript; passageId: string }>(`${props.apiBase}/transcripts/${transcript.id}/passages`, body);
      const p = answer.data.passages.find((x) => x.id === answer.passageId);
      props.onSaved(p ? `Passage coded: ${p.code.name} for ${p.respondent.ref}` : 'Passage coded', answer.data);
      setAsQuote(false);
      setCodeId('');
    },
    {
      fieldOf: (path) =>
        path[0] === 'start' || path[0] === 'end' ? 'selection' : path[0] === 'quote' ? 'attribution' : String(path[0] ?? ''),
    },
  );
  const families = props.families.filter((f) => f.codes.length > 0);
  const all = flatCodes(families);
  const wanted = codeFilter.trim().toLowerCase();
  const codes = wanted ? all.filter((c) => c.code.name.toLowerCase().includes(wanted) || c.code.id === codeId) : all;
  const used = new Map<string, number>();
  for (const p of transcript.passages) used.set(p.code.id, (used.get(p.code.id) ?? 0) + 1);
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
      ) : !props.anyone ? (
        <p>There are no respondents with consent given: add the people who took part to the evaluation first.</p>
      ) : (
        <form onSubmit={form.onSubmit} noValidate>
          <ErrorSummary form={form} />
          {form.errorFor('selection') && (
            <p className="error-message" id={`${fieldId('selection')}-error`}>
              <span className="visually-hidden">Error:</span> {form.errorFor('selection')}
            </p>
          )}
          <RespondentPicker
            apiBase={props.apiBase}
            name="respondentId"
            label="Who said it"
            first={transcript.respondents}
            chosen={chosen}
            onChange={setChosen}
            error={whoError}
          />
          {chosen[0] && (
            <details className="details">
              <summary>Memo on {chosen[0].ref}</summary>
              <MemoEditor key={chosen[0].id} url={`${props.apiBase}/respondents/${chosen[0].id}/memo`} about={chosen[0].ref} memo={null} />
            </details>
          )}
          <div className={`form-group${codeError ? ' form-group-error' : ''}`}>
            <fieldset className="fieldset" aria-describedby={`${fieldId('codeId')}-hint${codeError ? ` ${fieldId('codeId')}-error` : ''}`}>
              <legend className="legend">Code</legend>
              <div className="hint" id={`${fieldId('codeId')}-hint`}>
                Each code’s colour is its underline and stripe in the text; the number is how many passages it has here.
              </div>
              {codeError && (
                <p className="error-message" id={`${fieldId('codeId')}-error`}>
                  <span className="visually-hidden">Error:</span> {codeError}
                </p>
              )}
              {all.length > 8 && (
                <>
                  <label className="label" htmlFor={fieldId('codeFilter')}>
                    Find a code
                  </label>
                  <input
                    id={fieldId('codeFilter')}
                    type="search"
                    className="input width-full"
                    value={codeFilter}
                    onChange={(e) => setCodeFilter(e.target.value)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter') e.preventDefault();
                    }}
                    autoComplete="off"
                  />
                </>
              )}
              <div className="choices code-choices">
                {codes.length === 0 && <p className="muted">No code is called that.</p>}
                {codes.map(({ code, family, depth }, i) => (
                  <div className="choice" key={code.id} style={{ marginLeft: `${depth * 1.2}em` }}>
                    <input
                      id={i === 0 ? fieldId('codeId') : `code-${code.id}`}
                      type="radio"
                      name="codeId"
                      value={code.id}
                      checked={codeId === code.id}
                      onChange={() => setCodeId(code.id)}
                    />
                    <label htmlFor={i === 0 ? fieldId('codeId') : `code-${code.id}`}>
                      <CodeSwatch code={code} />
                      <span>
                        {code.name}
                        <span className="muted">
                          {' '}
                          ({family.label}
                          {used.get(code.id) ? `, ${plural(used.get(code.id)!, 'passage')} here` : ''})
                        </span>
                      </span>
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
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
                suggestions={[attributionFor(chosen[0]?.participantType), 'A beneficiary', 'A partner']}
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
