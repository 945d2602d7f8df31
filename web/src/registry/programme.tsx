import {
  type AuditEvent,
  type PartnershipRow,
  type Phase,
  type Term,
  VOCABULARIES,
  type Vocabulary,
  del,
  patch,
  post,
  put,
  qs,
} from '../api/index.js';
import { useApi } from '../app/data.js';
import { Choices, ErrorSummary, type FieldError, FormProblems, Submit, TextArea, TextField, numberOrNull, useForm } from '../ui/forms.js';
import { useProgramme } from '../app/programme-frame.js';
import { RefSelect } from '../ui/refs.js';
import { Link, navigate, useLocation } from '../app/router.js';
import {
  ButtonLink,
  Failed,
  History,
  Loading,
  NotAllowed,
  Page,
  SummaryList,
  Table,
  Tag,
  formatDate,
  formatDateTime,
  plural,
} from '../ui/index.js';
import { useState } from 'react';

const VOCABULARY_LABELS: Record<Vocabulary, string> = {
  theme: 'Themes',
  coproduction_model: 'Co-production models',
  typology: 'Social action typology',
  participant_type: 'Participant types',
  organisation_type: 'Organisation types',
};

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
function phaseTitle(phase: { number: number; name: string }): string {
  const plain = `Phase ${phase.number}`;
  if (phase.name.trim().toLowerCase() === plain.toLowerCase()) return plain;
  return phase.name.toLowerCase().startsWith(plain.toLowerCase()) ? phase.name : `${plain}: ${phase.name}`;
}

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

export function PhaseForm({ id }: { id?: string }) {
  const { programme, api, base, crumbs, abilities, reload } = useProgramme();
  const phase = id ? programme.phases.find((p) => p.id === id) : undefined;
  const form = useForm(async (v) => {
    const problems: FieldError[] = [];
    const number = numberOrNull(v, 'number', 'Phase number must be a whole number, like 1 or 2', problems, { whole: true });
    if (number === null && !problems.length) problems.push({ field: 'number', message: 'Enter the phase number' });
    if (problems.length) throw new FormProblems(problems);
    const body = { number, name: v.text('name'), startsOn: v.nullable('startsOn'), endsOn: v.nullable('endsOn') };
    if (phase) await patch(`${api}/phases/${phase.id}`, body);
    else await post(`${api}/phases`, body);
    reload();
    navigate(base);
  });
  const title = phase ? `Change phase ${phase.number}` : 'Add a phase';
  if (id && !phase) {
    return (
      <Page title="Phase not found" breadcrumbs={crumbs()}>
        <p>This programme has no such phase.</p>
      </Page>
    );
  }
  return (
    <Page title={title} caption={programme.name} breadcrumbs={crumbs()}>
      {!abilities.update ? (
        <NotAllowed>Only programme managers can add or change phases.</NotAllowed>
      ) : (
        <form onSubmit={form.onSubmit} noValidate>
          <ErrorSummary form={form} />
          <TextField
            form={form}
            name="number"
            label="Phase number"
            hint="Phases run in this order: 1, 2, 3…"
            width="short"
            inputMode="numeric"
            defaultValue={phase?.number}
          />
          <TextField form={form} name="name" label="Phase name" hint="For example Development or Delivery" defaultValue={phase?.name} />
          <TextField form={form} name="startsOn" type="date" width="medium" label="Starts on (optional)" defaultValue={phase?.startsOn} />
          <TextField form={form} name="endsOn" type="date" width="medium" label="Ends on (optional)" defaultValue={phase?.endsOn} />
          <Submit form={form}>{phase ? 'Save changes' : 'Add phase'}</Submit>
        </form>
      )}
    </Page>
  );
}

export function ProgressionForm({ phaseId }: { phaseId: string }) {
  const { programme, api, base, crumbs, abilities, reload } = useProgramme();
  const phase = programme.phases.find((p) => p.id === phaseId);
  const form = useForm(async (v) => {
    const partnershipId = v.text('partnershipId');
    const answer = v.text('progressed');
    const problems: FieldError[] = [];
    if (!partnershipId) problems.push({ field: 'partnershipId', message: 'Choose the partnership' });
    if (!answer) problems.push({ field: 'progressed', message: 'Say whether the partnership went on to the next phase' });
    if (problems.length) throw new FormProblems(problems);
    // What was recorded when the page loaded, if anything: someone else's record since is a conflict, not overwritten.
    const loaded = phase?.progressions.find((g) => g.partnershipId === partnershipId);
    await put(
      `${api}/phases/${phaseId}/progressions/${partnershipId}`,
      { progressed: answer === 'yes', reason: v.text('reason') },
      loaded?.version,
    );
    reload();
    navigate(base);
  });
  if (!phase) {
    return (
      <Page title="Phase not found" breadcrumbs={crumbs()}>
        <p>This programme has no such phase.</p>
      </Page>
    );
  }
  return (
    <Page
      title={`Progression from phase ${phase.number}`}
      heading={`Did a partnership go on from phase ${phase.number}?`}
      caption={phaseTitle(phase)}
      breadcrumbs={crumbs()}
    >
      {!abilities.update ? (
        <NotAllowed>Only programme managers can record progressions.</NotAllowed>
      ) : (
        <form onSubmit={form.onSubmit} noValidate>
          <ErrorSummary form={form} />
          <RefSelect<PartnershipRow>
            form={form}
            name="partnershipId"
            label="Partnership"
            api={`${api}/partnerships`}
            labelOf={(r) => r.name}
            empty="Choose a partnership"
          />
          <Choices
            form={form}
            type="radio"
            name="progressed"
            label="Did it go on to the next phase?"
            inline
            options={[
              { value: 'yes', label: 'Yes' },
              { value: 'no', label: 'No' },
            ]}
          />
          <TextArea
            form={form}
            name="reason"
            label="Reason"
            hint="Needed when it did not go on: what the panel or the partnership decided, and why."
            rows={3}
          />
          <Submit form={form}>Save</Submit>
        </form>
      )}
    </Page>
  );
}

export function Vocabularies() {
  const { programme, base, crumbs, abilities } = useProgramme();
  return (
    <Page title={`Vocabularies – ${programme.name}`} heading="Vocabularies" caption={programme.name} breadcrumbs={crumbs()}>
      <p>
        The programme’s own lists, used to describe its projects, participants and organisations. Renaming a term keeps it on every record
        that uses it.
      </p>
      {!abilities.update && <NotAllowed>Only programme managers can change these lists.</NotAllowed>}
      {VOCABULARIES.map((voc) => {
        const terms = programme.vocabularies[voc] ?? [];
        return (
          <section key={voc} aria-labelledby={`voc-${voc}`}>
            <h2 id={`voc-${voc}`}>{VOCABULARY_LABELS[voc]}</h2>
            {terms.length === 0 ? (
              <p>No terms yet.</p>
            ) : (
              <Table caption={VOCABULARY_LABELS[voc]} captionHidden head={['Term', 'Description', ...(abilities.update ? ['Change'] : [])]}>
                {terms.map((t) => (
                  <tr key={t.id}>
                    <th scope="row">{t.label}</th>
                    <td>{t.description}</td>
                    {abilities.update && (
                      <td>
                        <Link href={`${base}/vocabulary-terms/${t.id}`}>
                          Rename<span className="visually-hidden"> {t.label}</span>
                        </Link>
                      </td>
                    )}
                  </tr>
                ))}
              </Table>
            )}
            {abilities.update && <AddTerm vocabulary={voc} />}
          </section>
        );
      })}
    </Page>
  );
}

function AddTerm({ vocabulary }: { vocabulary: Vocabulary }) {
  const { api, reload } = useProgramme();
  const [added, setAdded] = useState<string | null>(null);
  const [key, setKey] = useState(0);
  const form = useForm(
    async (v) => {
      const label = v.text(`label-${vocabulary}`);
      await post(`${api}/vocabularies/${vocabulary}/terms`, { label });
      setAdded(label);
      setKey((k) => k + 1);
      reload();
    },
    { fieldOf: (path) => `${String(path[0] ?? '')}-${vocabulary}` },
  );
  return (
    <form onSubmit={form.onSubmit} noValidate className="add-term" key={key}>
      <ErrorSummary form={form} />
      <TextField form={form} name={`label-${vocabulary}`} label={`Add to ${VOCABULARY_LABELS[vocabulary].toLowerCase()}`} width="medium" />
      <button type="submit" className="button secondary" aria-disabled={form.busy || undefined}>
        Add<span className="visually-hidden"> to {VOCABULARY_LABELS[vocabulary].toLowerCase()}</span>
      </button>
      <p role="status" className="muted">
        {added ? `Added “${added}”.` : ''}
      </p>
    </form>
  );
}

export function TermForm({ id }: { id: string }) {
  const { programme, api, base, crumbs, abilities, reload } = useProgramme();
  const term: Term | undefined = VOCABULARIES.flatMap((v) => programme.vocabularies[v] ?? []).find((t) => t.id === id);
  const back = `${base}/vocabularies`;
  const form = useForm(async (v) => {
    await patch(`${api}/vocabulary-terms/${id}`, { label: v.text('label'), description: v.text('description') });
    reload();
    navigate(back);
  });
  const removal = useForm(async () => {
    await del(`${api}/vocabulary-terms/${id}`);
    reload();
    navigate(back);
  });
  const trail = crumbs({ href: back, label: 'Vocabularies' });
  if (!term) {
    return (
      <Page title="Term not found" breadcrumbs={trail}>
        <p>This programme has no such term; it may have been removed.</p>
      </Page>
    );
  }
  return (
    <Page title={`Rename ${term.label}`} caption={VOCABULARY_LABELS[term.vocabulary]} breadcrumbs={trail}>
      {!abilities.update ? (
        <NotAllowed>Only programme managers can change these lists.</NotAllowed>
      ) : (
        <>
          <form onSubmit={form.onSubmit} noValidate>
            <ErrorSummary form={form} />
            <TextField
              form={form}
              name="label"
              label="Term"
              hint="Records that use this term keep it under its new name."
              defaultValue={term.label}
            />
            <TextArea form={form} name="description" label="Description (optional)" rows={3} defaultValue={term.description} />
            <Submit form={form}>Save changes</Submit>
          </form>
          <h2>Remove this term</h2>
          <p>You can remove a term only while no record uses it.</p>
          <form onSubmit={removal.onSubmit} noValidate>
            <ErrorSummary form={removal} />
            <button type="submit" className="button warning" aria-disabled={removal.busy || undefined}>
              Remove “{term.label}”
            </button>
          </form>
        </>
      )}
    </Page>
  );
}

interface AuditPage {
  data: AuditEvent[];
  nextBefore: number | null;
}

const ENTITY_TYPES = [
  'programme',
  'phase',
  'place',
  'organisation',
  'partnership',
  'project',
  'grant',
  'vocabulary_term',
  'invitation',
  'user',
];

export function Audit() {
  const { programme, api, base, crumbs, abilities } = useProgramme();
  const { search } = useLocation();
  const before = search.get('before') ?? '';
  const entityType = search.get('entityType') ?? '';
  const loaded = useApi<AuditPage>(abilities.seeAudit ? `${api}/audit${qs({ limit: 50, before, entityType })}` : null, {
    keepPrevious: true,
  });
  const title = `Audit log – ${programme.name}`;
  if (!abilities.seeAudit) {
    return (
      <Page title={title} heading="Audit log" breadcrumbs={crumbs()}>
        <NotAllowed>Only programme managers and administrators can read the audit log.</NotAllowed>
      </Page>
    );
  }
  return (
    <Page title={title} heading="Audit log" caption={programme.name} breadcrumbs={crumbs()}>
      <p>Every change in this programme: who made it, when, and what it was before and after. Newest first.</p>
      <form
        role="search"
        aria-label="Filter the audit log"
        className="search"
        onSubmit={(e) => {
          e.preventDefault();
          const t = new FormData(e.currentTarget).get('entityType');
          navigate(`${base}/audit${qs({ entityType: typeof t === 'string' ? t : '' })}`);
        }}
      >
        <div className="search-fields">
          <div className="form-group">
            <label className="label" htmlFor="audit-type">
              Kind of record
            </label>
            <select id="audit-type" name="entityType" className="select" defaultValue={entityType} key={entityType}>
              <option value="">Any</option>
              {ENTITY_TYPES.map((t) => (
                <option key={t} value={t}>
                  {t.replace(/_/g, ' ')}
                </option>
              ))}
            </select>
          </div>
        </div>
        <button type="submit" className="button secondary">
          Show
        </button>
      </form>
      {loaded.state === 'loading' ? (
        <Loading what="audit log" />
      ) : loaded.state === 'error' ? (
        <Failed error={loaded.error} retry={loaded.reload} />
      ) : (
        <>
          <p role="status" className="result-count">
            {loaded.data.data.length === 0
              ? 'No changes recorded.'
              : `Showing ${plural(loaded.data.data.length, 'change')}${before ? ', older ones' : ''}`}
          </p>
          {loaded.data.data.length > 0 && (
            <Table caption="Changes, newest first" captionHidden head={['When', 'Who', 'What', 'Changed']}>
              {loaded.data.data.map((e) => (
                <tr key={e.id}>
                  <td className="nowrap">{formatDateTime(e.at)}</td>
                  <td>{e.actor}</td>
                  <th scope="row">
                    {e.summary || `${e.action} ${e.entityType}`}
                    <br />
                    <span className="muted">{e.entityType.replace(/_/g, ' ')}</span>
                  </th>
                  <td>
                    {Object.keys(e.changes).length ? (
                      <ul className="changes">
                        {Object.entries(e.changes).map(([field, [was, now]]) => (
                          <li key={field}>
                            {field}: {show(was)} → {show(now)}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </td>
                </tr>
              ))}
            </Table>
          )}
          <nav className="pagination" aria-label="Pages">
            {before && <Link href={`${base}/audit${qs({ entityType })}`}>Newest changes</Link>}
            {loaded.data.nextBefore && (
              <Link href={`${base}/audit${qs({ entityType, before: loaded.data.nextBefore })}`}>Older changes →</Link>
            )}
          </nav>
        </>
      )}
    </Page>
  );
}

const show = (v: unknown) =>
  v === null || v === undefined || v === '' ? '(empty)' : typeof v === 'object' ? JSON.stringify(v) : String(v);
