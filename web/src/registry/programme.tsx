// Registry: a programme's overview page, with its phases.
import type { Phase } from '../api/index.js';
import { useProgramme } from '../app/programme-frame.js';
import { Link } from '../app/router.js';
import { phaseTitle } from './words.js';
import { ButtonLink, History, Page, SummaryList, Table, Tag, formatDate, plural } from '../ui/index.js';

export function Overview() {
  const { programme: p, abilities, history, base, crumbs } = useProgramme();
  const counts: [string, number | null, string][] = [
    ['partnership', p.counts.partnerships, `${base}/partnerships`],
    ['place', p.counts.places, `${base}/places`],
    ['organisation', p.counts.organisations, `${base}/organisations`],
    ['project', p.counts.projects, `${base}/projects`],
    ['grant', p.counts.grants, `${base}/grants`],
  ];
  return (
    <Page title={p.name} caption="Programme" breadcrumbs={crumbs().slice(0, 1)}>
      {abilities.update && (
        <ButtonLink href={`${base}/edit`} secondary>
          Change programme details
        </ButtonLink>
      )}
      <SummaryList
        rows={[
          ['Funder', p.funder],
          ['Description', p.description],
          ['Started in Cairn', formatDate(p.createdAt)],
        ]}
      />
      <h2>In this programme</h2>
      {abilities.scope === 'partnership' && <p>You see the partnerships you are a member of and what belongs to them.</p>}
      <ul className="counts">
        {counts
          .filter(([, n]) => n !== null)
          .map(([noun, n, href]) => (
            <li key={noun}>
              <Link href={href}>
                <span className="count-number">{(n ?? 0).toLocaleString('en-GB')}</span> {n === 1 ? noun : `${noun}s`}
              </Link>
            </li>
          ))}
      </ul>
      {abilities.scope === 'programme' && (
        <p>
          <Link href={`${base}/evaluations`}>Evaluations</Link>: codebooks, respondents and their consent, and cross-tabs of what people
          said.
        </p>
      )}
      <h2>Phases</h2>
      {abilities.update && (
        <ButtonLink href={`${base}/phases/new`} secondary>
          Add a phase
        </ButtonLink>
      )}
      {p.phases.length === 0 ? <p>No phases are set up yet.</p> : p.phases.map((phase) => <PhaseSection key={phase.id} phase={phase} />)}
      <History events={history} canSee={abilities.seeAudit} />
    </Page>
  );
}

/** "Phase 3: resilience and legacy", but plain "Phase 1" when the name only repeats the number. */
function PhaseSection({ phase }: { phase: Phase }) {
  const { abilities, base } = useProgramme();
  const progressed = phase.progressions.filter((g) => g.progressed).length;
  return (
    <section className="phase" aria-labelledby={`phase-${phase.id}`}>
      <h3 id={`phase-${phase.id}`}>{phaseTitle(phase)}</h3>
      <p className="muted">
        {phase.startsOn || phase.endsOn
          ? `${formatDate(phase.startsOn) || 'Start not set'} to ${formatDate(phase.endsOn) || 'end not set'}`
          : 'Dates not set'}
      </p>
      {phase.progressions.length > 0 ? (
        <>
          <p>
            {progressed} of {plural(phase.progressions.length, 'partnership')} recorded went on to the next phase.
          </p>
          <Table caption={`Progression from phase ${phase.number}`} captionHidden head={['Partnership', 'Went on', 'Reason when not']}>
            {phase.progressions.map((g) => (
              <tr key={g.partnershipId}>
                <th scope="row">
                  <Link href={`${base}/partnerships/${g.partnershipId}`}>{g.partnershipName}</Link>
                </th>
                <td>{g.progressed ? <Tag tone="green">Progressed</Tag> : <Tag tone="yellow">Did not progress</Tag>}</td>
                <td>{g.reason}</td>
              </tr>
            ))}
          </Table>
        </>
      ) : (
        <p>No progressions recorded from this phase.</p>
      )}
      {abilities.update && (
        <p className="actions">
          <Link href={`${base}/phases/${phase.id}/edit`}>
            Change phase<span className="visually-hidden"> {phase.number}</span>
          </Link>
          <Link href={`${base}/phases/${phase.id}/progression`}>
            Record whether a partnership progressed<span className="visually-hidden"> from phase {phase.number}</span>
          </Link>
        </p>
      )}
    </section>
  );
}
