// Evaluation: the cross-tab behind the review's figures, by participant type, theme, co-production model, place
// or phase, with filters; aggregates only, so for the programme's whole team, small groups suppressed.
import { type FormEvent, type ReactNode, useId } from 'react';
import { CROSSTAB_BY, type CodeFamily, type Crosstab, type EvaluationAnswer, type ListAnswer, qs } from '../../api/index.js';
import { useApi } from '../../app/data.js';
import { CrosstabChart } from '../figures/figures.js';
import { useProgramme } from '../../app/programme-frame.js';
import { Link, navigate, useLocation } from '../../app/router.js';
import { Failed, Loading, NotFound, Page, Table, plural } from '../../ui/index.js';

import { BY_LABEL, useEvaluationPaths } from '../words.js';
// ---------------------------------------------------------------- the cross-tab

const percent = (n: number) => `${n.toFixed(1)}%`;

/** The filters the cross-tab takes (see routes.ts): respondents of one participant type, place (their own, else their partnership's) or phase, by name. */
const FILTERS = ['participantType', 'place', 'phase'] as const;

export function CrosstabPage({ slug }: { slug: string }) {
  const { programme, api } = useProgramme();
  const { apiBase, home, trail } = useEvaluationPaths(slug);
  const { path, search } = useLocation();
  const family = search.get('family') ?? '';
  const by = search.get('by') ?? '';
  const filters = Object.fromEntries(FILTERS.map((f) => [f, search.get(f) ?? ''])) as Record<(typeof FILTERS)[number], string>;
  const evaluation = useApi<EvaluationAnswer>(apiBase);
  const codebook = useApi<{ data: CodeFamily[] }>(`${apiBase}/codebook`);
  const placeList = useApi<ListAnswer<{ id: string; name: string }>>(`${api}/places?pageSize=200`);
  // The override (evaluators and managers only, each use audited): in the address, so it is a choice made each time.
  const include = search.get('includeSmallGroups') === 'true';
  const query = qs({ family, by, ...filters, ...(include ? { includeSmallGroups: 'true' } : {}) });
  const result = useApi<Crosstab>(family ? `${apiBase}/crosstab${query}` : null);
  // The respondents' attributes (age band, role…): each is a way to group, as the CLI's --by <attribute>.
  const attributes = useApi<{ data: { name: string; values: string[] }[] }>(`${apiBase}/attributes`);
  const attributeNames = attributes.state === 'ready' ? attributes.data.data.map((a) => a.name) : [];
  // A grouping in the address that is not offered (an attribute no longer recorded) is still shown.
  const byAttribute = by.startsWith('attribute:') ? by.slice('attribute:'.length) : '';
  const attributeChoices = byAttribute && !attributeNames.includes(byAttribute) ? [...attributeNames, byAttribute] : attributeNames;
  const formId = useId();
  if (evaluation.state === 'loading' || codebook.state === 'loading') return <Loading what="cross-tab" />;
  if (evaluation.state === 'error') return <Failed error={evaluation.error} retry={evaluation.reload} />;
  if (codebook.state === 'error') return <Failed error={codebook.error} retry={codebook.reload} />;
  const e = evaluation.data.data;
  const families = codebook.data.data;
  if (family && !families.some((f) => f.key === family)) return <NotFound detail="This evaluation has no such code family." />;

  // A GET form, so the address holds the choice and can be shared or bookmarked.
  const submit = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const fd = new FormData(ev.currentTarget);
    const value = (name: string) => String(fd.get(name) ?? '');
    const shown = value('includeSmallGroups') === 'true' ? { includeSmallGroups: 'true' } : {};
    navigate(
      `${path}${qs({ family: value('family'), by: value('by'), ...Object.fromEntries(FILTERS.map((f) => [f, value(f)])), ...shown })}`,
    );
  };
  const options: Record<(typeof FILTERS)[number], { label: string; any: string; values: string[] }> = {
    participantType: {
      label: 'Participant type',
      any: 'Any participant type',
      values: (programme.vocabularies.participant_type ?? []).map((t) => t.label),
    },
    place: { label: 'Place', any: 'Any place', values: placeList.state === 'ready' ? placeList.data.data.map((p) => p.name) : [] },
    phase: { label: 'Phase', any: 'Any phase', values: programme.phases.map((p) => p.name) },
  };
  let body: ReactNode = null;
  if (family) {
    if (result.state === 'loading') body = <Loading what="cross-tab" />;
    else if (result.state === 'error') body = <Failed error={result.error} retry={result.reload} />;
    else {
      const file = (format: 'csv' | 'svg' | 'png') =>
        format === 'csv'
          ? `/api/v1${apiBase}/crosstab${qs({ family, by, ...filters, format: 'csv', ...(include ? { includeSmallGroups: 'true' } : {}) })}`
          : `/api/v1${apiBase}/chart.${format}${query}`;
      body = (
        <CrosstabResult
          table={result.data}
          csv={file('csv')}
          chart={(f) => file(f)}
          filters={filters}
          bases={evaluation.data.abilities.respondents ? `${home}/bases` : null}
        />
      );
    }
  }
  return (
    <Page title={`Cross-tab – ${e.title}`} heading="Cross-tab" caption={e.title} breadcrumbs={trail(e.title)} wide>
      <p>
        For each code, how many respondents identified it and what share of their group that is. People who withdrew their consent are never
        counted.
      </p>
      <form method="get" action={path} onSubmit={submit} className="search" aria-label="Choose what to cross-tabulate">
        <div className="search-fields">
          <div className="form-group">
            <label className="label" htmlFor={`${formId}-family`}>
              Code family
            </label>
            <select id={`${formId}-family`} className="select" name="family" defaultValue={family || families[0]?.key} key={`f-${family}`}>
              {families.map((f) => (
                <option key={f.key} value={f.key}>
                  {f.label}
                </option>
              ))}
            </select>
          </div>
          <div className="form-group">
            <label className="label" htmlFor={`${formId}-by`}>
              Group by
            </label>
            <select id={`${formId}-by`} className="select" name="by" defaultValue={by} key={`b-${by}-${attributeChoices.length}`}>
              <option value="">Everyone together</option>
              {CROSSTAB_BY.map((b) => (
                <option key={b} value={b}>
                  {BY_LABEL[b]}
                </option>
              ))}
              {attributeChoices.length > 0 && (
                <optgroup label="Respondents’ attributes">
                  {attributeChoices.map((a) => (
                    <option key={a} value={`attribute:${a}`}>
                      {a}
                    </option>
                  ))}
                </optgroup>
              )}
            </select>
          </div>
        </div>
        <fieldset className="fieldset" style={{ flex: '1 1 100%' }}>
          <legend className="legend">Only count respondents of</legend>
          <div className="search-fields">
            {FILTERS.map((f) => {
              const o = options[f];
              // A value in the address that is not offered (a place renamed since) is still shown, and still applied.
              const values = filters[f] && !o.values.includes(filters[f]) ? [...o.values, filters[f]] : o.values;
              return (
                <div className="form-group" key={f}>
                  <label className="label" htmlFor={`${formId}-${f}`}>
                    {o.label}
                  </label>
                  <select
                    id={`${formId}-${f}`}
                    className="select"
                    name={f}
                    defaultValue={filters[f]}
                    key={`${f}-${filters[f]}-${values.length}`}
                  >
                    <option value="">{o.any}</option>
                    {values.map((v) => (
                      <option key={v} value={v}>
                        {v}
                      </option>
                    ))}
                  </select>
                </div>
              );
            })}
          </div>
        </fieldset>
        {evaluation.data.abilities.respondents && (
          <div className="form-group" style={{ flex: '1 1 100%' }}>
            <div className="choice">
              <input
                id={`${formId}-include`}
                type="checkbox"
                name="includeSmallGroups"
                value="true"
                defaultChecked={include}
                key={`i-${include}`}
                aria-describedby={`${formId}-include-hint`}
              />
              <label htmlFor={`${formId}-include`}>Show suppressed groups</label>
              <div className="hint choice-hint" id={`${formId}-include-hint`}>
                Groups too small to publish, and those hidden with them. Only evaluators and managers can see them, and each time is
                recorded in the audit trail.
              </div>
            </div>
          </div>
        )}
        <button type="submit" className="button secondary">
          Show the cross-tab
        </button>
      </form>
      {body}
    </Page>
  );
}

function CrosstabResult(props: {
  table: Crosstab;
  csv: string;
  chart: (format: 'svg' | 'png') => string;
  filters: Record<string, string>;
  /** Who was asked each question: for evaluators and managers only. */
  bases: string | null;
}) {
  const { table: t, csv, filters } = props;
  const groupLabel = (g: string) => (t.by ? g : 'Everyone');
  const byWords = t.by
    ? ` by ${t.by.startsWith('attribute:') ? t.by.slice('attribute:'.length) : (BY_LABEL[t.by as keyof typeof BY_LABEL]?.toLowerCase() ?? t.by)}`
    : '';
  const only = [
    filters.participantType && `participant type ${filters.participantType}`,
    filters.place && `place ${filters.place}`,
    filters.phase && `phase ${filters.phase}`,
  ].filter(Boolean);
  return (
    <section aria-labelledby="crosstab-result">
      <h2 id="crosstab-result">
        {t.family.label}
        {byWords}
      </h2>
      <p role="status">
        {t.total === null
          ? `Fewer than ${t.disclosureThreshold} respondents counted, so their number is not shown`
          : `${plural(t.total, 'respondent')} counted (N = ${t.total})`}
        {only.length ? `: only ${only.join(', ')}` : ''}.
      </p>
      {!t.everyoneAsked && (
        <p className="inset">
          Not everyone was asked about {t.family.label}: only the respondents asked are counted, in every N and percent.{' '}
          {props.bases && <Link href={props.bases}>See who was asked each question.</Link>}
        </p>
      )}
      {t.includesSmallGroups && (
        <p className="inset warning-inset">
          Suppressed groups are shown, at your choice, and this has been recorded. People in small groups could be recognised, so do not
          publish their figures.
        </p>
      )}
      {t.overlapping && (
        <p className="inset">
          Some respondents are in more than one group (a project with several themes counts in each), so the group sizes add up to more than{' '}
          {t.total}.
        </p>
      )}
      <p>
        <a href={csv} download>
          Download CSV<span className="visually-hidden"> of this cross-tab</span>
        </a>{' '}
        <span className="muted">
          {t.includesSmallGroups ? '(with the suppressed groups shown)' : '(suppressed groups are left blank in the file too)'}
        </span>
      </p>
      {t.groups.length === 0 && <p>No respondents with consent given match, so there is nothing to count yet.</p>}
      {t.groups.length > 0 && t.rows.length > 0 && <CrosstabChart file={props.chart} table={t} caption={`${t.family.label}${byWords}`} />}
      {t.groups.map((g) => {
        const rows = t.rows.filter((row) => row.group === g.group);
        return (
          <div key={g.group}>
            <h3>
              {groupLabel(g.group)} ({g.nGroup === null ? 'suppressed' : `N = ${g.nGroup}`})
            </h3>
            {g.suppressed && (
              <p className="inset">
                {g.reason === 'secondary'
                  ? 'Suppressed too, so that a smaller group cannot be worked out from the totals. Its size and counts are not shown.'
                  : `Suppressed: fewer than ${t.disclosureThreshold} respondents, so that nobody in it can be recognised. Its size and counts are not shown.`}
              </p>
            )}
            {!g.suppressed && g.small && (
              <p className="inset warning-inset">
                Small group: fewer than {t.disclosureThreshold} respondents. People in it could be recognised, so do not publish these
                figures.
              </p>
            )}
            {g.suppressed ? null : rows.length === 0 ? (
              <p>This family has no codes yet.</p>
            ) : (
              <Table
                caption={`${t.family.label}: ${groupLabel(g.group)}, N = ${g.nGroup}`}
                captionHidden
                head={['Code', 'Respondents who identified it', 'Percent of group']}
              >
                {rows.map((row) => (
                  <tr key={row.codeId}>
                    <th scope="row">{row.code}</th>
                    <td>{row.nCode ?? 'suppressed'}</td>
                    <td>{row.percent === null ? 'suppressed' : percent(row.percent)}</td>
                  </tr>
                ))}
              </Table>
            )}
          </div>
        );
      })}
    </section>
  );
}
