// The National Standards: rating one engagement for a new cycle, and the portfolio of strengths and gaps
// by lead partner and standard.
import type { EngagementAnswer, SelfAssessmentCycle, StandardsPortfolio } from '../api/index.js';
import { put } from '../api/index.js';
import { useApi } from '../app/data.js';
import { useProgramme } from '../app/programme-frame.js';
import { navigate } from '../app/router.js';
import { Choices, ErrorSummary, Submit, TextArea, useForm } from '../ui/forms.js';
import { Failed, Loading, Page, Table } from '../ui/index.js';
import { RATINGS, STANDARDS } from './words.js';

export function RateForm({ id }: { id: string }) {
  const { api, base, crumbs } = useProgramme();
  const engagement = useApi<EngagementAnswer>(`${api}/engagements/${id}`);
  const cycles = useApi<{ data: SelfAssessmentCycle[] }>(`${api}/engagements/${id}/self-assessments`);
  const last = cycles.state === 'ready' ? cycles.data.data[0] : undefined;
  const cycle = (last?.cycle ?? 0) + 1;
  const form = useForm(
    async (v) => {
      const ratings = STANDARDS.flatMap((s, i) => {
        const rating = v.text(`rating-${i}`);
        return rating ? [{ standard: s.value, rating, evidence: v.text(`evidence-${i}`), indicators: v.text(`indicators-${i}`) }] : [];
      });
      await put(`${api}/engagements/${id}/self-assessments/${cycle}`, { ratings });
      navigate(`${base}/engagements/${id}`);
    },
    { fieldOf: (path) => (path[0] === 'ratings' && typeof path[1] === 'number' ? `rating-0` : String(path[0] ?? '')) },
  );
  if (engagement.state === 'loading' || cycles.state === 'loading') return <Loading what="self-assessment" />;
  if (engagement.state === 'error') return <Failed error={engagement.error} retry={engagement.reload} />;
  if (cycles.state === 'error') return <Failed error={cycles.error} retry={cycles.reload} />;
  const e = engagement.data.data;
  const previous = (standard: string) => last?.ratings.find((r) => r.standard === standard);
  return (
    <Page
      title={`National Standards: ${e.title}`}
      caption={`Self-assessment, cycle ${cycle}`}
      breadcrumbs={crumbs({ href: `${base}/engagements`, label: 'Engagements' }, { href: `${base}/engagements/${id}`, label: e.title })}
    >
      <p>
        Rate the engagement on each standard you can speak to, with your evidence and how you will know it is working. Leave out a standard
        you cannot rate yet.
      </p>
      <form onSubmit={form.onSubmit} noValidate>
        <ErrorSummary form={form} />
        {STANDARDS.map((s, i) => (
          <fieldset className="fieldset standard" key={s.value}>
            <legend className="legend">{s.value}</legend>
            <p className="hint">{s.hint}</p>
            <Choices
              form={form}
              type="radio"
              name={`rating-${i}`}
              label={`How well does it meet ${s.value}?`}
              options={RATINGS}
              checked={previous(s.value) ? [previous(s.value)!.rating] : []}
              inline
            />
            <TextArea form={form} name={`evidence-${i}`} label="Evidence" defaultValue={previous(s.value)?.evidence} />
            <TextArea form={form} name={`indicators-${i}`} label="How will we know?" defaultValue={previous(s.value)?.indicators} />
          </fieldset>
        ))}
        <Submit form={form}>Save cycle {cycle}</Submit>
      </form>
    </Page>
  );
}

export function Portfolio() {
  const { api, base, crumbs } = useProgramme();
  const loaded = useApi<{ data: StandardsPortfolio }>(`${api}/engagement-standards`);
  const trail = crumbs({ href: `${base}/engagements`, label: 'Engagements' });
  if (loaded.state !== 'ready')
    return (
      <Page title="National Standards: strengths and gaps" breadcrumbs={trail} wide>
        {loaded.state === 'loading' ? <Loading what="portfolio" /> : <Failed error={loaded.error} retry={loaded.reload} />}
      </Page>
    );
  const { cells, standards, engagementsAssessed } = loaded.data.data;
  const partners = [...new Set(cells.map((c) => c.partner))];
  return (
    <Page title="National Standards: strengths and gaps" breadcrumbs={trail} wide>
      <p>
        {engagementsAssessed} engagement{engagementsAssessed === 1 ? '' : 's'} assessed, each by its latest cycle. A strength is a standard
        met largely or fully; a gap, one met partly or not yet. Each cell gives strengths and gaps among the engagements rated.
      </p>
      {partners.length === 0 ? (
        <p className="inset">No engagement has been assessed yet.</p>
      ) : (
        <Table caption="Strengths and gaps by lead partner and standard" head={['Lead partner', ...standards]}>
          {partners.map((p) => (
            <tr key={p}>
              <th scope="row">{p}</th>
              {standards.map((s) => {
                const c = cells.find((x) => x.partner === p && x.standard === s)!;
                return (
                  <td key={s}>
                    {c.rated === 0 ? (
                      <span className="muted">Not rated</span>
                    ) : (
                      <>
                        {c.strengths} strength{c.strengths === 1 ? '' : 's'}, {c.gaps} gap{c.gaps === 1 ? '' : 's'}
                      </>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
          {partners.length > 1 && (
            <tr>
              <th scope="row">All partners</th>
              {standards.map((s) => {
                const mine = cells.filter((x) => x.standard === s);
                const strengths = mine.reduce((n, c) => n + c.strengths, 0);
                const gaps = mine.reduce((n, c) => n + c.gaps, 0);
                return (
                  <td key={s}>
                    <strong>
                      {strengths + gaps === 0
                        ? 'Not rated'
                        : `${strengths} strength${strengths === 1 ? '' : 's'}, ${gaps} gap${gaps === 1 ? '' : 's'}`}
                    </strong>
                  </td>
                );
              })}
            </tr>
          )}
        </Table>
      )}
    </Page>
  );
}
