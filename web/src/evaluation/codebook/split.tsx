// Codebook: splitting a code into two or more new codes.
import { useState } from 'react';
import { post } from '../../api/index.js';
import { useApi } from '../../app/data.js';
import { Choices, ErrorSummary, type FieldError, FormProblems, Submit, TextField, fieldId, useForm } from '../../ui/forms.js';
import { Failed, Loading, Table, plural } from '../../ui/index.js';
import { CodeStep, after, type CodeUse, useCodebookPaths } from './shared.js';
import type { Retrieval } from '../evidence/coding-parts.js';

// ---------------------------------------------------------------- splitting

const SPLIT_SLOTS = 4;

export function SplitCode({ slug, codeId }: { slug: string; codeId: string }) {
  const { apiBase, codePage } = useCodebookPaths(slug);
  const use = useApi<{ data: CodeUse }>(`${apiBase}/codebook/codes/${codeId}/codings`);
  const [plan, setPlan] = useState<{ names: { name: string; description: string }[]; place: 'beside' | 'under' } | null>(null);
  // The passages and quotes behind each respondent's coding (the first 200 of each), shown before anything moves.
  const evidence = useApi<{ data: Retrieval }>(plan ? `${apiBase}/codebook/codes/${codeId}/retrieval?pageSize=200` : null);
  const [confirm, setConfirm] = useState<Confirmation | null>(null);

  const name = useForm(async (v) => {
    const names = Array.from({ length: SPLIT_SLOTS }, (_, i) => ({
      name: v.text(`name${i}`),
      description: v.text(`description${i}`),
    })).filter((n) => n.name);
    const problems: FieldError[] = [];
    if (!names.length) problems.push({ field: 'name0', message: 'Enter a name for at least one new code' });
    const seen = new Set<string>();
    Array.from({ length: SPLIT_SLOTS }, (_, i) => v.text(`name${i}`)).forEach((n, i) => {
      if (n && seen.has(n.toLowerCase()))
        problems.push({ field: `name${i}`, message: `Two new codes are called ${n}: give each its own name` });
      seen.add(n.toLowerCase());
    });
    if (problems.length) throw new FormProblems(problems);
    setPlan({ names, place: v.text('place') === 'under' ? 'under' : 'beside' });
  });

  const assign = useForm(
    async (v) => {
      if (!plan || use.state !== 'ready') return;
      const moves = use.data.data.respondents.flatMap((r) => {
        const to = plan.names.map((_, i) => i).filter((i) => v.checked(`to-${r.id}-${i}`));
        const keep = v.checked(`keep-${r.id}`);
        return to.length || !keep ? [{ respondentId: r.id, to, keep }] : [];
      });
      const lost = use.data.data.respondents.filter(
        (r) => !v.checked(`keep-${r.id}`) && !plan.names.some((_, i) => v.checked(`to-${r.id}-${i}`)),
      );
      if (lost.length) {
        throw new FormProblems(
          lost.map((r) => ({
            field: `keep-${r.id}`,
            message: `${r.ref} would lose their coding: keep it on the original or tick a new code`,
          })),
        );
      }
      const passagesOf = (id: string) =>
        evidence.state === 'ready' ? evidence.data.data.passages.items.filter((p) => p.respondent.id === id).length : 0;
      setConfirm({
        body: {
          moves: moves.map((m) => {
            const first = m.to[0];
            return v.checked(`passages-${m.respondentId}`) && first !== undefined ? { ...m, passagesTo: first } : m;
          }),
        },
        lines: moves.map((m) => {
          const r = use.data.data.respondents.find((x) => x.id === m.respondentId)!;
          const to = m.to.map((i) => plan.names[i]!.name);
          const passages = v.checked(`passages-${m.respondentId}`) && to.length ? passagesOf(m.respondentId) : 0;
          return `${r.ref}: ${to.length ? `to ${to.join(' and ')}` : ''}${to.length && m.keep ? ', ' : ''}${m.keep ? 'kept on the original' : ' and taken off the original'}${passages ? `, with ${passages} coded passage${passages === 1 ? '' : 's'}` : ''}`;
        }),
      });
    },
    {
      // The server's problems (a name taken since the first step) are said here, without a link to a field not on screen.
      fieldOf: () => '',
    },
  );

  const split = useForm(
    async () => {
      if (!plan || !confirm) return;
      await post(`${apiBase}/codebook/codes/${codeId}/split`, {
        codes: plan.names.map((n) => ({ name: n.name, ...(n.description ? { description: n.description } : {}) })),
        place: plan.place,
        ...confirm.body,
      });
      after(codePage, codeId, `Split into ${plan.names.map((n) => n.name).join(', ')}`);
    },
    { fieldOf: () => '' },
  );

  return (
    <CodeStep slug={slug} codeId={codeId} heading={(n) => `Split ${n}`} wide={Boolean(plan)}>
      {({ here }) => {
        if (use.state === 'loading') return <Loading what="codings" />;
        if (use.state === 'error') return <Failed error={use.error} retry={use.reload} />;
        const u = use.data.data;
        if (!plan) {
          return (
            <form onSubmit={name.onSubmit} noValidate>
              <ErrorSummary form={name} />
              <p>
                When a code turns out to hold two ideas, make a new code for each. Next you choose, for each of the{' '}
                {plural(u.respondentCount, 'respondent')} coded with {here.code.name}, which code their coding goes to. Anyone you leave as
                they are stays coded with {here.code.name}. No coding is lost.
              </p>
              {Array.from({ length: SPLIT_SLOTS }, (_, i) => (
                <fieldset className="fieldset inset" key={i}>
                  <legend className="legend">
                    New code {i + 1}
                    {i > 0 ? ' (optional)' : ''}
                  </legend>
                  <TextField form={name} name={`name${i}`} label="Name" />
                  <TextField form={name} name={`description${i}`} label="Description (optional)" />
                </fieldset>
              ))}
              <Choices
                form={name}
                type="radio"
                name="place"
                label="Where the new codes go"
                checked={['beside']}
                options={[
                  {
                    value: 'beside',
                    label: `Beside ${here.code.name}`,
                    hint: here.parent ? `Under ${here.parent.name}, as ${here.code.name} is` : `At the top of ${here.family.label}`,
                  },
                  { value: 'under', label: `Under ${here.code.name}`, hint: 'When the new codes are narrower kinds of it' },
                ]}
              />
              <Submit form={name}>Continue</Submit>
            </form>
          );
        }
        if (confirm)
          return (
            <form onSubmit={split.onSubmit} noValidate>
              <ErrorSummary form={split} />
              <h2>Check the split before it is made</h2>
              <p>
                New code{plan.names.length === 1 ? '' : 's'}{' '}
                {plan.place === 'under' ? `under ${here.code.name}` : `beside ${here.code.name}`}:{' '}
                {plan.names.map((n) => n.name).join(', ')}.
              </p>
              {confirm.moveAll !== undefined ? (
                <p>
                  Everything coded with {here.code.name} moves to {plan.names[confirm.moveAll]!.name}:{' '}
                  {plural(u.respondentCount, 'respondent')}
                  {evidence.state === 'ready'
                    ? `, ${plural(evidence.data.data.passages.total, 'coded passage')} and ${plural(evidence.data.data.quotes.total, 'quote')} saved from them`
                    : ''}
                  . {here.code.name} keeps none of them.
                </p>
              ) : confirm.lines.length ? (
                <ul className="list">
                  {confirm.lines.map((l) => (
                    <li key={l}>{l}</li>
                  ))}
                </ul>
              ) : (
                <p>Nobody’s coding moves: only the new codes are added.</p>
              )}
              <div className="button-group">
                <Submit form={split}>Yes, split {here.code.name}</Submit>
                <button type="button" className="button secondary" onClick={() => setConfirm(null)}>
                  Go back
                </button>
              </div>
            </form>
          );
        const byRespondent = (id: string) =>
          evidence.state === 'ready'
            ? {
                passages: evidence.data.data.passages.items.filter((p) => p.respondent.id === id),
                quotes: evidence.data.data.quotes.items.filter((q) => q.respondent.id === id),
              }
            : { passages: [], quotes: [] };
        return (
          <>
            {u.respondents.length > 0 && (
              <div className="inset">
                <h2>Move everything</h2>
                <p>Every respondent’s coding of {here.code.name}, every coded passage and the quotes saved from them, to one new code.</p>
                <div className="button-group">
                  {plan.names.map((n, i) => (
                    <button
                      type="button"
                      className="button secondary"
                      key={n.name}
                      onClick={() => setConfirm({ body: { moveAllTo: i }, lines: [], moveAll: i })}
                    >
                      Move everything to {n.name}
                    </button>
                  ))}
                </div>
              </div>
            )}
            <form onSubmit={assign.onSubmit} noValidate>
              <ErrorSummary form={assign} />
              <p>
                Or choose for each respondent: tick the new code or codes their coding goes to. Untick “keep on {here.code.name}” to take it
                off the original. Tick “passages too” to move their coded passages (and the quotes saved from them) to the first new code
                ticked. Each respondent keeps at least one. You check everything before it is saved.
              </p>
              {u.respondents.length === 0 ? (
                <p>Nobody is coded with {here.code.name} yet, so only the new codes will be added.</p>
              ) : (
                <Table
                  caption={`Respondents coded with ${here.code.name}`}
                  head={[
                    'Respondent',
                    'Passages and quotes',
                    `Keep on ${here.code.name}`,
                    ...plan.names.map((n) => `Move to ${n.name}`),
                    'Passages too',
                  ]}
                >
                  {u.respondents.map((r) => (
                    <tr key={r.id}>
                      <th scope="row">
                        {r.ref}
                        {r.consent === 'withdrawn' && <span className="muted"> (consent withdrawn)</span>}
                      </th>
                      <td>
                        <Behind ref_={r.ref} {...byRespondent(r.id)} />
                      </td>
                      <td>
                        <div className="choice">
                          <input type="checkbox" id={fieldId(`keep-${r.id}`)} name={`keep-${r.id}`} value="yes" defaultChecked />
                          <label htmlFor={fieldId(`keep-${r.id}`)}>
                            <span className="visually-hidden">
                              {r.ref}: keep on {here.code.name}
                            </span>
                          </label>
                        </div>
                      </td>
                      {plan.names.map((n, i) => (
                        <td key={i}>
                          <div className="choice">
                            <input type="checkbox" id={fieldId(`to-${r.id}-${i}`)} name={`to-${r.id}-${i}`} value="yes" />
                            <label htmlFor={fieldId(`to-${r.id}-${i}`)}>
                              <span className="visually-hidden">
                                {r.ref}: move to {n.name}
                              </span>
                            </label>
                          </div>
                        </td>
                      ))}
                      <td>
                        <div className="choice">
                          <input type="checkbox" id={fieldId(`passages-${r.id}`)} name={`passages-${r.id}`} value="yes" />
                          <label htmlFor={fieldId(`passages-${r.id}`)}>
                            <span className="visually-hidden">{r.ref}: move their coded passages to the first new code ticked</span>
                          </label>
                        </div>
                      </td>
                    </tr>
                  ))}
                </Table>
              )}
              {u.respondents.length < u.respondentCount && (
                <p className="inset">
                  The first {u.respondents.length.toLocaleString('en-GB')} respondents are listed; the others stay on {here.code.name}.
                </p>
              )}
              <div className="button-group">
                <Submit form={assign}>Continue</Submit>
                <button type="button" className="button secondary" onClick={() => setPlan(null)}>
                  Change the new codes
                </button>
              </div>
            </form>
          </>
        );
      }}
    </CodeStep>
  );
}

interface Confirmation {
  body: { moves?: { respondentId: string; to: number[]; keep: boolean; passagesTo?: number }[]; moveAllTo?: number };
  lines: string[];
  moveAll?: number;
}

/** The passages and quotes behind one respondent's coding, folded away until asked for. */
function Behind({
  ref_,
  passages,
  quotes,
}: {
  ref_: string;
  passages: Retrieval['passages']['items'];
  quotes: Retrieval['quotes']['items'];
}) {
  if (!passages.length && !quotes.length) return <span className="muted">None (ticked or imported)</span>;
  return (
    <details className="details">
      <summary>
        {plural(passages.length, 'passage')}, {plural(quotes.length, 'quote')}
        <span className="visually-hidden"> of {ref_}</span>
      </summary>
      <ul className="list">
        {passages.map((p) => (
          <li key={p.id} className="retrieved-text">
            {p.transcript.title}, passage {p.number}: “{p.text}”
          </li>
        ))}
        {quotes.map((q) => (
          <li key={q.id} className="retrieved-text">
            Quote: “{q.text}”
          </li>
        ))}
      </ul>
    </details>
  );
}
