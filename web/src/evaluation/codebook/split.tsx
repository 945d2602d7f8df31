// Codebook: splitting a code into two or more new codes.
import { useState } from 'react';
import { post } from '../../api/index.js';
import { useApi } from '../../app/data.js';
import { Choices, ErrorSummary, type FieldError, FormProblems, Submit, TextField, fieldId, useForm } from '../../ui/forms.js';
import { Failed, Loading, Table, plural } from '../../ui/index.js';
import { CodeStep, after, type CodeUse, useCodebookPaths } from './shared.js';

// ---------------------------------------------------------------- splitting

const SPLIT_SLOTS = 4;

export function SplitCode({ slug, codeId }: { slug: string; codeId: string }) {
  const { apiBase, codePage } = useCodebookPaths(slug);
  const use = useApi<{ data: CodeUse }>(`${apiBase}/codebook/codes/${codeId}/codings`);
  const [plan, setPlan] = useState<{ names: { name: string; description: string }[]; place: 'beside' | 'under' } | null>(null);

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
      await post(`${apiBase}/codebook/codes/${codeId}/split`, {
        codes: plan.names.map((n) => ({ name: n.name, ...(n.description ? { description: n.description } : {}) })),
        place: plan.place,
        moves,
      });
      after(codePage, codeId, `Split into ${plan.names.map((n) => n.name).join(', ')}`);
    },
    {
      // The server's problems (a name taken since the first step) are said here, without a link to a field not on screen.
      fieldOf: () => '',
    },
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
        return (
          <form onSubmit={assign.onSubmit} noValidate>
            <ErrorSummary form={assign} />
            <p>
              Tick the new code or codes each respondent’s coding goes to. Untick “keep on {here.code.name}” to take it off the original.
              Each respondent keeps at least one.
            </p>
            {u.respondents.length === 0 ? (
              <p>Nobody is coded with {here.code.name} yet, so only the new codes will be added.</p>
            ) : (
              <Table
                caption={`Respondents coded with ${here.code.name}`}
                head={['Respondent', `Keep on ${here.code.name}`, ...plan.names.map((n) => `Move to ${n.name}`)]}
              >
                {u.respondents.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      {r.ref}
                      {r.consent === 'withdrawn' && <span className="muted"> (consent withdrawn)</span>}
                    </th>
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
              <Submit form={assign}>Split {here.code.name}</Submit>
              <button type="button" className="button secondary" onClick={() => setPlan(null)}>
                Change the new codes
              </button>
            </div>
          </form>
        );
      }}
    </CodeStep>
  );
}
