// Codebook: everything coded with a code, on its page — its passages (with transcript and respondent),
// the respondents coded with it (ticks, coded passages, imports) and its quotes; with the codes under it
// as an explicit choice; filtered by group and attribute (in the address, so Back and links work); a
// page of each list at a time; downloads as CSV and Excel. Respondent-level: evaluators and managers.
import type { FormEvent } from 'react';
import { qs } from '../../api/index.js';
import { useApi } from '../../app/data.js';
import { Link, navigate, useLocation } from '../../app/router.js';
import { Failed, Loading, Pagination, Table, plural } from '../../ui/index.js';
import { CodeSwatch, MemoEditor, type Retrieval } from '../evidence/coding-parts.js';

const PAGE_SIZE = 25;
const HOW: Record<string, string> = { tick: 'ticked', passage: 'coded passage', import: 'imported' };

export function CodeRetrieval({
  apiBase,
  home,
  codeId,
  hasChildren,
}: {
  apiBase: string;
  home: string;
  codeId: string;
  hasChildren: boolean;
}) {
  const { path, search } = useLocation();
  const filters = {
    subcodes: search.get('subcodes') === 'true' ? 'true' : undefined,
    participantType: search.get('participantType') ?? undefined,
    attributeKey: search.get('attributeKey') ?? undefined,
    attributeValue: search.get('attributeValue') ?? undefined,
  };
  const page = Math.max(1, Number(search.get('page')) || 1);
  const loaded = useApi<{ data: Retrieval }>(
    `${apiBase}/codebook/codes/${codeId}/retrieval${qs({ ...filters, page, pageSize: PAGE_SIZE })}`,
    {
      keepPrevious: true,
    },
  );
  const facets = useApi<{ participantTypes: string[]; attributeKeys: string[] }>(`${apiBase}/respondent-search?limit=1`);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    const params: Record<string, string> = {};
    for (const [k, v] of fd.entries()) if (typeof v === 'string' && v.trim()) params[k] = v.trim();
    navigate(`${path}${qs(params)}`);
  };
  const hrefFor = (p: number) => `${path}${qs({ ...filters, page: p > 1 ? p : undefined })}`;
  const files = (ext: string) => `${apiBase}/codebook/codes/${codeId}/retrieval.${ext}${qs(filters)}`;

  if (loaded.state === 'loading') return <Loading what="what is coded" />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const r = loaded.data.data;
  const transcriptHref = (id: string) => `${home}/transcripts/${id}`;
  return (
    <section aria-labelledby="coded-heading">
      <h2 id="coded-heading">Everything coded with {r.code.name}</h2>
      <form role="search" aria-label={`Filter what is coded with ${r.code.name}`} onSubmit={submit} className="inset">
        {hasChildren && (
          <div className="form-group">
            <div className="choice">
              <input id="f-subcodes" type="checkbox" name="subcodes" value="true" defaultChecked={filters.subcodes === 'true'} />
              <label htmlFor="f-subcodes">Include the codes under {r.code.name}</label>
            </div>
          </div>
        )}
        <div className="form-group">
          <label className="label" htmlFor="f-participantType">
            Group (participant type)
          </label>
          <select id="f-participantType" name="participantType" className="select" defaultValue={filters.participantType ?? ''}>
            <option value="">Every group</option>
            {facets.state === 'ready' &&
              facets.data.participantTypes.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
          </select>
        </div>
        <div className="form-group">
          <label className="label" htmlFor="f-attributeKey">
            Attribute
          </label>
          <select id="f-attributeKey" name="attributeKey" className="select" defaultValue={filters.attributeKey ?? ''}>
            <option value="">Any</option>
            {facets.state === 'ready' &&
              facets.data.attributeKeys.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
          </select>
        </div>
        <div className="form-group">
          <label className="label" htmlFor="f-attributeValue">
            Attribute value (optional)
          </label>
          <div className="hint" id="f-attributeValue-hint">
            For example North. Without a value, everyone with the attribute.
          </div>
          <input
            id="f-attributeValue"
            name="attributeValue"
            className="input width-medium"
            defaultValue={filters.attributeValue ?? ''}
            aria-describedby="f-attributeValue-hint"
          />
        </div>
        <button type="submit" className="button secondary">
          Show what is coded
        </button>
      </form>

      <p role="status">
        {r.subcodes && r.codes.length > 1
          ? `${r.code.name} and the ${plural(r.codes.length - 1, 'code')} under it: `
          : `${r.code.name} alone${hasChildren ? ' (not the codes under it)' : ''}: `}
        {plural(r.passages.total, 'coded passage')}, {plural(r.codings.total, 'respondent coding')} and {plural(r.quotes.total, 'quote')}.
      </p>
      {r.withdrawnHidden > 0 && (
        <p className="inset">
          {plural(r.withdrawnHidden, 'respondent')} coded with {r.subcodes ? 'these codes' : 'it'} withdrew their consent: they are left out
          of everything here and of the downloads.
        </p>
      )}
      {r.blindCoding && <p className="inset">Blind coding is on: only your passages and codings (and imported ones) are listed.</p>}
      <p>
        Download: <a href={files('csv')}>CSV</a> · <a href={files('xlsx')}>Excel (.xlsx)</a>
        <span className="muted"> – every passage, respondent coded and quote, with these filters</span>
      </p>

      <h3>Respondents coded, by group</h3>
      {r.respondents.byGroup.length === 0 ? (
        <p>Nobody is coded with it{r.subcodes ? ' or the codes under it' : ''}.</p>
      ) : (
        <Table
          caption={`Respondents coded, by group (groups under ${r.respondents.threshold} are not shown)`}
          head={['Group', 'Respondents']}
        >
          {r.respondents.byGroup.map((g) => (
            <tr key={g.group}>
              <th scope="row">{g.group}</th>
              <td>
                {g.respondents ?? (
                  <span className="muted">
                    {g.suppressed === 'small group'
                      ? `Fewer than ${r.respondents.threshold}`
                      : 'Hidden, so a small group cannot be worked out'}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}

      <h3>Coded passages</h3>
      {r.passages.items.length === 0 ? (
        <p>No passages{page > 1 ? ' on this page' : ''}.</p>
      ) : (
        <Table caption="Coded passages, by transcript and number" head={['Transcript', 'Passage', 'Respondent', 'Code', 'Words', 'Memo']}>
          {r.passages.items.map((p) => (
            <tr key={p.id}>
              <td>
                <Link href={transcriptHref(p.transcript.id)}>{p.transcript.title}</Link>
              </td>
              <td>{p.number}</td>
              <td>
                {p.respondent.ref}
                {p.respondent.participantType && <span className="muted"> ({p.respondent.participantType})</span>}
              </td>
              <td>
                <CodeSwatch code={p.code} />
                {p.code.name}
              </td>
              <td className="retrieved-text">“{p.text}”</td>
              <td>{p.memo ?? <span className="muted">None</span>}</td>
            </tr>
          ))}
        </Table>
      )}

      <h3>Respondents coded with it</h3>
      {r.codings.items.length === 0 ? (
        <p>No respondents{page > 1 ? ' on this page' : ''}.</p>
      ) : (
        <Table caption="Respondents coded, and how" head={['Respondent', 'Code', 'How']}>
          {r.codings.items.map((c) => (
            <tr key={`${c.respondent.id}-${c.code.id}`}>
              <td>
                {c.respondent.ref}
                {c.respondent.participantType && <span className="muted"> ({c.respondent.participantType})</span>}
              </td>
              <td>
                <CodeSwatch code={c.code} />
                {c.code.name}
              </td>
              <td>
                {c.sources.map((s) => HOW[s] ?? s).join(', ')}
                {c.coders > 1 ? ` (${c.coders} coders)` : ''}
              </td>
            </tr>
          ))}
        </Table>
      )}

      <h3>Quotes</h3>
      {r.quotes.items.length === 0 ? (
        <p>No quotes saved from these passages{page > 1 ? ' on this page' : ''}.</p>
      ) : (
        <ul className="quote-list">
          {r.quotes.items.map((q) => (
            <li className="quote" key={q.id}>
              <blockquote className="retrieved-text">“{q.text}”</blockquote>
              <p className="muted">
                {q.attribution} ({q.respondent.ref}), {q.code}, passage {q.passageNumber} of{' '}
                <Link href={transcriptHref(q.transcript.id)}>{q.transcript.title}</Link> ·{' '}
                {q.publishable ? 'may be published' : 'not for publication'}
              </p>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pageSize={PAGE_SIZE} total={Math.max(r.passages.total, r.codings.total, r.quotes.total)} hrefFor={hrefFor} />

      <h2 id="memo-heading">Memo</h2>
      <MemoEditor url={`${apiBase}/codebook/codes/${codeId}/memo`} about={r.code.name} memo={r.memo} />
    </section>
  );
}
