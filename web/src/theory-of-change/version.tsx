// Theory of change: one version, readable without the drawing (steps by stage, links with their
// rationale, interventions and assumptions), reviewers' comments on steps and links, and its files.
import { patch, post } from '../api/index.js';
import { useApi } from '../app/data.js';
import { Link } from '../app/router.js';
import { ErrorSummary, SelectField, Submit, TextArea, useForm } from '../ui/forms.js';
import { Failed, Loading, NotAllowed, Page, Table, formatDateTime } from '../ui/index.js';
import { type Comment, ONLY_EDITORS, StatusTag, type VersionRecord, useTocPaths } from './shared.js';

export function VersionPage({ theoryId, versionId }: { theoryId: string; versionId: string }) {
  const { programme, versionApi, version: home, trail } = useTocPaths(theoryId, versionId);
  const loaded = useApi<{ data: VersionRecord; abilities: { update: boolean } }>(versionApi);
  const comments = useApi<{ data: Comment[]; abilities: { create: boolean } }>(`${versionApi}/comments`);
  const form = useForm(async (v) => {
    const [target, key] = v.text('subject').split(':');
    if (!key) v.problems.push({ field: 'subject', message: 'Choose the step or link the comment is on' });
    if (!v.text('body')) v.problems.push({ field: 'body', message: 'Enter your comment' });
    await post(`${versionApi}/comments`, { target, targetKey: key, body: v.text('body') });
    comments.reload();
  });
  if (loaded.state === 'loading') return <Loading what="version" />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const v = loaded.data.data;
  const { model } = v;
  const label = new Map(model.nodes.map((n) => [n.key, n.label]));
  const linkName = (key: string) => {
    const l = model.links.find((x) => x.key === key);
    return l ? `${label.get(l.from)} → ${label.get(l.to)}` : key;
  };
  const subjectOf = (c: Comment) => (c.target === 'node' ? (label.get(c.targetKey) ?? c.targetKey) : linkName(c.targetKey));
  const resolve = async (c: Comment) => {
    await patch(`${versionApi}/comments/${c.id}`, { resolved: !c.resolved });
    comments.reload();
  };
  return (
    <Page
      title={`${v.name} – ${v.theory.name} – ${programme.name}`}
      heading={v.name}
      caption={v.theory.name}
      breadcrumbs={trail(v.theory.name)}
    >
      <p>
        <StatusTag status={v.status} /> {v.changeNote}
      </p>
      <ul>
        <li>
          <Link href={`${home}/drawing`}>{v.status === 'draft' ? 'Draw and change it' : 'See it drawn'}</Link>
          {', or '}
          <Link href={`${home}/outline`}>{v.status === 'draft' ? 'change it in the outline (keyboard)' : 'as an outline'}</Link>
        </li>
        <li>
          <Link href={`${home}/mapping`}>Evidence mapped to the steps</Link>
        </li>
        <li>
          <Link href={`${home}/validation`}>Test the links against an evaluation</Link>
        </li>
        <li>
          <a href={`${versionApi}/export?format=svg`} download>
            Download the drawing (SVG)
          </a>
          {', '}
          <a href={`${versionApi}/export?format=png`} download>
            (PNG)
          </a>
        </li>
      </ul>
      <h2>Steps by stage</h2>
      {model.stages.map((s) => {
        const steps = model.nodes.filter((n) => n.stage === s.key);
        return (
          <section key={s.key} aria-labelledby={`stage-${s.key}`}>
            <h3 id={`stage-${s.key}`}>{s.label}</h3>
            {steps.length === 0 ? (
              <p className="muted">No steps</p>
            ) : (
              <ul>
                {steps.map((n) => (
                  <li key={n.key}>
                    {n.label}
                    {n.description && <span className="muted"> – {n.description}</span>}
                    {n.questions.length > 0 && (
                      <ul>
                        {n.questions.map((q) => (
                          <li key={q}>Evaluation question: {q}</li>
                        ))}
                      </ul>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
      <h2>Links</h2>
      {model.links.length === 0 ? (
        <p>No links yet.</p>
      ) : (
        <Table caption="Links: why each step leads to the next" head={['Link', 'Why', 'Interventions', 'Assumptions']}>
          {model.links.map((l) => (
            <tr key={l.key}>
              <th scope="row">{linkName(l.key)}</th>
              <td>{l.rationale || <span className="muted">Not given</span>}</td>
              <td>{l.interventions.join('; ')}</td>
              <td>
                {l.assumptions.map((a) => (
                  <div key={a.text}>
                    {a.text} <span className="muted">({a.kind})</span>
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </Table>
      )}
      <h2 id="comments">Reviewers’ comments</h2>
      {comments.state === 'ready' && (
        <>
          {comments.data.data.length === 0 ? (
            <p>No comments yet.</p>
          ) : (
            <Table caption="Comments" head={['On', 'Comment', 'By', 'Resolved']}>
              {comments.data.data.map((c) => (
                <tr key={c.id}>
                  <th scope="row">{subjectOf(c)}</th>
                  <td>{c.body}</td>
                  <td>
                    {c.author}
                    <div className="hint">{formatDateTime(c.createdAt)}</div>
                  </td>
                  <td>
                    {c.resolved ? 'Yes' : 'No'}
                    {comments.data.abilities.create && (
                      <>
                        {' '}
                        <button type="button" className="button secondary" onClick={() => void resolve(c)}>
                          {c.resolved ? 'Reopen' : 'Resolve'}
                          <span className="visually-hidden"> the comment on {subjectOf(c)}</span>
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </Table>
          )}
          {comments.data.abilities.create ? (
            <form onSubmit={form.onSubmit} noValidate aria-labelledby="comments">
              <ErrorSummary form={form} />
              <SelectField
                form={form}
                name="subject"
                label="Comment on"
                empty="Choose a step or link"
                options={[
                  ...model.nodes.map((n) => ({ value: `node:${n.key}`, label: `Step: ${n.label}` })),
                  ...model.links.map((l) => ({ value: `link:${l.key}`, label: `Link: ${linkName(l.key)}` })),
                ]}
              />
              <TextArea form={form} name="body" label="Comment" rows={3} />
              <Submit form={form}>Add comment</Submit>
            </form>
          ) : (
            <NotAllowed>{ONLY_EDITORS}</NotAllowed>
          )}
        </>
      )}
    </Page>
  );
}
