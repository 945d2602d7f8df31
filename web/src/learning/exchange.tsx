// The exchange: search the programme's published case studies (English stemming, best first), with
// highlighted snippets shown as text (a match in <mark>), filters, and the results as CSV or Word.
import { type FormEvent, useState } from 'react';
import { qs } from '../api/index.js';
import type { components } from '../api/schema.generated.js';
import { useApi } from '../app/data.js';
import { useProgramme } from '../app/programme-frame.js';
import { Link } from '../app/router.js';
import { ButtonLink, Failed, Loading, Page } from '../ui/index.js';

type Hit = { position: number; score: number; snippet: { text: string; match: boolean }[]; caseStudy: components['schemas']['CaseStudy'] };
type Answer = { data: Hit[]; page: { total: number } };
type Choices = { data: { themes: { actionLearning: string[]; programme: string[] }; standards: string[] } };

const NATIONS = ['England', 'Scotland', 'Wales', 'Northern Ireland'];

export function Snippet(props: { parts: { text: string; match: boolean }[] }) {
  return <p className="snippet">{props.parts.map((p, i) => (p.match ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}</p>;
}

export function ExchangePage() {
  const { programme, api, base, crumbs } = useProgramme();
  const [draft, setDraft] = useState({ q: '', theme: '', standard: '', nation: '' });
  const [asked, setAsked] = useState(draft);
  const query = qs({
    q: asked.q || undefined,
    theme: asked.theme || undefined,
    standard: asked.standard || undefined,
    nation: asked.nation || undefined,
  });
  const list = useApi<{ abilities: { create: boolean } }>(`${api}/case-studies?status=draft`);
  const answer = useApi<Answer>(`${api}/exchange${query}`, { keepPrevious: true });
  const choices = useApi<Choices>(`${api}/case-studies/choices`);
  const themes = choices.state === 'ready' ? [...choices.data.data.themes.actionLearning, ...choices.data.data.themes.programme] : [];
  const standards = choices.state === 'ready' ? choices.data.data.standards : [];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setAsked(draft);
  };
  const select = (name: 'theme' | 'standard' | 'nation', label: string, options: string[]) => (
    <div className="form-group">
      <label className="label" htmlFor={`exchange-${name}`}>
        {label}
      </label>
      <select
        id={`exchange-${name}`}
        className="select"
        value={draft[name]}
        onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}
      >
        <option value="">Any</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <Page title={`Case studies – ${programme.name}`} heading="Case studies" caption={programme.name} breadcrumbs={crumbs()}>
      <p>
        What partnerships did, what helped, what got in the way and what they are learning. Search finds every form of a word: “volunteer”
        also finds volunteers, volunteered and volunteering.
      </p>
      {list.state === 'ready' && list.data.abilities.create && (
        <p>
          <ButtonLink href={`${base}/case-studies/new`}>Write a case study</ButtonLink>
        </p>
      )}
      <p>
        <Link href={`${base}/learning-sets`}>Action-learning sets</Link>: the partnerships that meet, their sessions and actions.
      </p>
      <form onSubmit={submit} role="search" aria-label="Search case studies">
        <div className="form-group">
          <label className="label" htmlFor="exchange-q">
            Search case studies
          </label>
          <input
            id="exchange-q"
            className="input"
            type="search"
            value={draft.q}
            onChange={(e) => setDraft({ ...draft, q: e.target.value })}
          />
        </div>
        {select('theme', 'Theme', themes)}
        {select('standard', 'National Standard', standards)}
        {select('nation', 'Nation', NATIONS)}
        <button type="submit" className="button">
          Search
        </button>
      </form>
      {answer.state === 'loading' ? (
        <Loading what="case studies" />
      ) : answer.state === 'error' ? (
        <Failed error={answer.error} retry={answer.reload} />
      ) : (
        <section aria-labelledby="exchange-results">
          <h2 id="exchange-results" aria-live="polite">
            {answer.data.page.total === 1 ? '1 case study' : `${answer.data.page.total} case studies`}
          </h2>
          <ol className="plain-list">
            {answer.data.data.map((h) => (
              <li key={h.caseStudy.id}>
                <h3>
                  <Link href={`${base}/case-studies/${h.caseStudy.id}`}>{h.caseStudy.title}</Link>
                </h3>
                <p className="muted">
                  {[h.caseStudy.organisation.name, h.caseStudy.place?.name, h.caseStudy.themes.join(', ')].filter(Boolean).join(' · ')}
                </p>
                <Snippet parts={h.snippet} />
              </li>
            ))}
          </ol>
          <h2>Download these results</h2>
          <ul className="plain-list">
            <li>
              <a href={`/api/v1${api}/exchange.csv${query}`} download>
                Spreadsheet (.csv)
              </a>
            </li>
            <li>
              <a href={`/api/v1${api}/exchange.docx${query}`} download>
                Word document (.docx)
              </a>
            </li>
          </ul>
        </section>
      )}
    </Page>
  );
}
