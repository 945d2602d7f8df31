// A round's phases with their dates: ideas → feasibility check → deliberation → vote → results → delivery.
import { type PbRoundDetail, patch } from '../../api/index.js';
import { useApi } from '../../app/data.js';
import { navigate } from '../../app/router.js';
import { useProgramme } from '../../app/programme-frame.js';
import { DateField } from '../../ui/date-input.js';
import { ErrorSummary, Submit, useForm } from '../../ui/forms.js';
import { Failed, Loading, Page } from '../../ui/index.js';
import { STAGE_WORDS, pbCrumbs } from './words.js';

type Answer = { data: PbRoundDetail; abilities: { update: boolean } };
const PHASES = ['ideas', 'feasibility', 'deliberation', 'vote', 'results', 'delivery'] as const;
const WHAT_HAPPENS = {
  ideas: 'Groups and residents put forward proposals.',
  feasibility: 'Officers check each proposal is eligible and what it would cost.',
  deliberation: 'People read each proposal’s evidence of need, cost and who will deliver it, and talk them over.',
  vote: 'Residents vote (or the resident panel decides).',
  results: 'The count is published.',
  delivery: 'The funded projects are delivered, with “you said, we did” updates.',
} as const;

export function PhasesPage({ slug }: { slug: string }) {
  const { api, base, crumbs } = useProgramme();
  const roundApi = `${api}/pb/rounds/${encodeURIComponent(slug)}`;
  const loaded = useApi<Answer>(roundApi);
  const form = useForm(
    async (v) => {
      const phaseDates = Object.fromEntries(
        PHASES.map((p) => [
          p,
          {
            startsOn: v.date(`${p}-startsOn`, `the day the ${STAGE_WORDS[p].toLowerCase()} starts`),
            endsOn: v.date(`${p}-endsOn`, `the day the ${STAGE_WORDS[p].toLowerCase()} ends`),
          },
        ]),
      );
      await patch(roundApi, { phaseDates });
      navigate(`${base}/pb/${encodeURIComponent(slug)}`);
    },
    // The API names a date ['phaseDates', 'vote', 'endsOn']; the form's field is vote-endsOn.
    { fieldOf: (path) => (path[0] === 'phaseDates' && path.length >= 3 ? `${path[1]}-${path[2]}` : String(path[0])) },
  );
  if (loaded.state === 'loading') return <Loading what="round" />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const { data: r } = loaded.data;
  return (
    <Page title="Phases and dates" caption={r.name} breadcrumbs={pbCrumbs(crumbs, base, r)}>
      <p>
        A round goes through six phases in order. Give the days each starts and ends, as far as you know them: residents see them on the
        round’s pages. Leave a date empty if it is not settled.
      </p>
      <form onSubmit={form.onSubmit} noValidate>
        <ErrorSummary form={form} />
        {PHASES.map((p, i) => (
          <section key={p} aria-labelledby={`phase-${p}`}>
            <h2 id={`phase-${p}`}>
              {i + 1}. {STAGE_WORDS[p]}
              {r.stage === p && <span className="muted"> (the round is here now)</span>}
            </h2>
            <p className="hint">{WHAT_HAPPENS[p]}</p>
            <DateField form={form} name={`${p}-startsOn`} label="Starts" defaultValue={r.phaseDates[p]?.startsOn} />
            <DateField form={form} name={`${p}-endsOn`} label="Ends" defaultValue={r.phaseDates[p]?.endsOn} />
          </section>
        ))}
        <Submit form={form}>Save the dates</Submit>
      </form>
    </Page>
  );
}
