// One case study: its five answers, themes, standards, place, organisation, contact (signed-in users
// only), where it is published, and similar case studies (shared themes, standards and title words).
import type { components } from '../api/schema.generated.js';
import { useApi } from '../app/data.js';
import { useProgramme } from '../app/programme-frame.js';
import { Link } from '../app/router.js';
import { Failed, Loading, Page } from '../ui/index.js';

type CaseStudy = components['schemas']['CaseStudy'];
type Similar = { data: { id: string; title: string; sharedThemes: string[]; sharedStandards: string[] }[] };

const QUESTIONS: [keyof CaseStudy & ('problem' | 'whatWeDid' | 'whatHelped' | 'barriers' | 'learning'), string][] = [
  ['problem', 'What was the problem or issue?'],
  ['whatWeDid', 'What did we do?'],
  ['whatHelped', 'What helped us improve community participation?'],
  ['barriers', 'What were the barriers?'],
  ['learning', 'What are we learning?'],
];

export function CaseStudyPage(props: { id: string }) {
  const { programme, api, base, crumbs } = useProgramme();
  const loaded = useApi<{ data: CaseStudy }>(`${api}/case-studies/${props.id}`);
  const similar = useApi<Similar>(`${api}/case-studies/${props.id}/similar`);
  if (loaded.state !== 'ready')
    return (
      <Page title={`Case study – ${programme.name}`} breadcrumbs={crumbs()}>
        {loaded.state === 'loading' ? <Loading what="case study" /> : <Failed error={loaded.error} retry={loaded.reload} />}
      </Page>
    );
  const c = loaded.data.data;
  const published =
    c.status === 'draft'
      ? 'Draft: seen only by its partnership and the programme’s managers'
      : c.audience === 'public'
        ? 'Published to the public'
        : 'Published to the programme’s exchange';
  return (
    <Page
      title={`${c.title} – ${programme.name}`}
      heading={c.title}
      caption="Case study"
      breadcrumbs={crumbs({ href: `${base}/case-studies`, label: 'Case studies' })}
    >
      {c.abilities.update && (
        <p>
          <Link href={`${base}/case-studies/${c.id}/check`}>
            Change<span className="visually-hidden"> this case study</span>
          </Link>
          {c.status === 'draft' ? ' or publish it' : ''}
        </p>
      )}
      <dl className="facts">
        <dt>Status</dt>
        <dd>{published}</dd>
        {c.organisation.name && (
          <>
            <dt>Organisation</dt>
            <dd>{c.organisation.name}</dd>
          </>
        )}
        {c.place && (
          <>
            <dt>Place</dt>
            <dd>{c.place.name}</dd>
          </>
        )}
        <dt>Themes</dt>
        <dd>{c.themes.join(', ') || 'None given'}</dd>
        <dt>National Standards</dt>
        <dd>{c.standards.join(', ') || 'None given'}</dd>
        {c.contact && (
          <>
            <dt>Contact</dt>
            <dd>{c.contact}</dd>
          </>
        )}
        {c.learningSet && (
          <>
            <dt>From the action-learning set</dt>
            <dd>
              <Link href={`${base}/learning-sets/${c.learningSet.id}`}>{c.learningSet.name}</Link>
            </dd>
          </>
        )}
      </dl>
      {QUESTIONS.filter(([field]) => c[field]).map(([field, question]) => (
        <section key={field}>
          <h2>{question}</h2>
          {String(c[field])
            .split(/\n+/)
            .map((p, i) => (
              <p key={i}>{p}</p>
            ))}
        </section>
      ))}
      <h2>Similar case studies</h2>
      {similar.state === 'ready' && similar.data.data.length ? (
        <ul className="plain-list">
          {similar.data.data.map((s) => (
            <li key={s.id}>
              <Link href={`${base}/case-studies/${s.id}`}>{s.title}</Link>
              {s.sharedThemes.length ? <span className="muted"> (shares {s.sharedThemes.join(', ')})</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>{similar.state === 'ready' ? 'None yet.' : 'Finding similar case studies…'}</p>
      )}
    </Page>
  );
}
