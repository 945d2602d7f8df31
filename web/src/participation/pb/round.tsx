// One round for its organisers: where it stands, its proposals and their eligibility, and what to do next.
import { type PbRoundDetail, patch } from '../../api/index.js';
import { useApi } from '../../app/data.js';
import { useProgramme } from '../../app/programme-frame.js';
import { ErrorSummary, SelectField, Submit, useForm } from '../../ui/forms.js';
import { ButtonLink, Failed, Loading, Page, SummaryList, Table, Tag, formatDate } from '../../ui/index.js';
import { DELIVERY_WORDS, ELIGIBILITY_WORDS, RULE_WORDS, STAGE_WORDS, pbCrumbs, pounds, publicLink } from './words.js';

type Answer = { data: PbRoundDetail; abilities: { update: boolean } };

export function RoundPage({ slug }: { slug: string }) {
  const { api, base, crumbs, programme } = useProgramme();
  const loaded = useApi<Answer>(`${api}/pb/rounds/${encodeURIComponent(slug)}`);
  if (loaded.state === 'loading') return <Loading what="round" />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const { data: r, abilities } = loaded.data;
  const here = `${base}/pb/${encodeURIComponent(r.slug)}`;
  const published = r.publishedAt !== null;
  const order = Object.keys(STAGE_WORDS);
  const dates = Object.entries(r.phaseDates)
    .filter(([, d]) => d?.startsOn || d?.endsOn)
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
  return (
    <Page
      title={r.name}
      caption={r.provenance === 'illustrative' ? 'Illustrative demo round' : undefined}
      breadcrumbs={pbCrumbs(crumbs, base)}
    >
      {r.description && <p>{r.description}</p>}
      <SummaryList
        rows={[
          ['Stage', STAGE_WORDS[r.stage]],
          [
            'Budget',
            `${pounds(r.budget)}${r.localities.length ? ` (${r.localities.map((l) => `${l.name} ${pounds(l.budget)}`).join(', ')})` : ''}`,
          ],
          ['Who decides', r.mode === 'panel' ? 'A resident panel' : `Residents vote; counted by ${RULE_WORDS[r.rule]}`],
          [
            'Ballot',
            r.ballotKind === 'knapsack'
              ? `Knapsack: projects within the budget${r.minSpendPercent ? `, spending at least ${r.minSpendPercent}%` : ''}`
              : `Approval: ${r.minProjects} to ${r.maxProjects ?? 'any number of'} projects`,
          ],
          [
            'Votes',
            `${r.ballots.toLocaleString('en-GB')}${r.eligiblePopulation ? ` of ${r.eligiblePopulation.toLocaleString('en-GB')} who may vote` : ''}`,
          ],
          [
            'Codes',
            `${r.codes.made.toLocaleString('en-GB')} made, ${r.codes.used.toLocaleString('en-GB')} used; ${r.refusals.used} second tries and ${r.refusals.unknown} wrong codes refused`,
          ],
          ...(r.shareOfCouncilBudget
            ? [
                [
                  'Share of the council’s budget',
                  `${r.shareOfCouncilBudget.percent}% (aim: 1%)${r.shareOfCouncilBudget.meetsAim ? ' – meets the aim' : ''}`,
                ] as [string, string],
              ]
            : []),
          ...dates.map(
            ([stage, d]) =>
              [
                `${STAGE_WORDS[stage as keyof typeof STAGE_WORDS]} dates`,
                `${d?.startsOn ? formatDate(d.startsOn) : 'not set'} to ${d?.endsOn ? formatDate(d.endsOn) : 'not set'}`,
              ] as [string, string],
          ),
        ]}
      />
      <ul className="plain-list">
        {r.stage === 'vote' && r.mode === 'vote' && (
          <li>
            Residents vote at <a href={publicLink(programme.slug, r.slug)}>{publicLink(programme.slug, r.slug)}</a>
          </li>
        )}
        {published && (
          <li>
            Public results: <a href={publicLink(programme.slug, r.slug, true)}>{publicLink(programme.slug, r.slug, true)}</a>
          </li>
        )}
        {r.mode === 'vote' && (
          <li>
            <a href={`${here}/codes`}>Voting codes</a>
          </li>
        )}
        {r.mode === 'vote' && (
          <li>
            <a href={`${here}/paper`}>Paper ballots</a>
          </li>
        )}
        <li>
          <a href={`${here}/phases`}>Phases and dates</a>
        </li>
        <li>
          <a href={`${here}/panel`}>{r.mode === 'panel' ? 'The resident panel’s decision' : 'Resident panel (instead of a vote)'}</a>
        </li>
        <li>
          <a href={`${here}/results`}>Count and results</a>
        </li>
      </ul>
      {abilities.update && !published && <StageForm round={r} reload={loaded.reload} />}
      <h2>Proposals</h2>
      {abilities.update && !published && <ButtonLink href={`${here}/proposals/new`}>Add a proposal</ButtonLink>}
      {r.proposals.length === 0 ? (
        <p>No proposals yet.</p>
      ) : (
        <Table
          caption="Proposals"
          captionHidden
          head={['Proposal', 'Cost', 'Locality', 'Eligibility', published ? 'Delivery' : 'Proposed by']}
        >
          {r.proposals.map((p) => (
            <tr key={p.id}>
              <td>
                {abilities.update ? <a href={`${here}/proposals/${p.id}`}>{p.name}</a> : p.name}
                {p.category && <span className="muted"> · {p.category}</span>}
              </td>
              <td className="numeric">{pounds(p.cost)}</td>
              <td>{p.locality ?? '–'}</td>
              <td>
                <Tag tone={p.eligibility === 'eligible' ? 'green' : p.eligibility === 'ineligible' ? 'red' : 'grey'}>
                  {ELIGIBILITY_WORDS[p.eligibility]}
                </Tag>
                {p.eligibilityReason && <div className="muted">{p.eligibilityReason}</div>}
              </td>
              <td>{published ? (p.projectId ? DELIVERY_WORDS[p.delivery] : '–') : p.proposedBy || '–'}</td>
            </tr>
          ))}
        </Table>
      )}
    </Page>
  );
}

function StageForm({ round, reload }: { round: PbRoundDetail; reload: () => void }) {
  const { api } = useProgramme();
  const form = useForm(async (v) => {
    await patch(`${api}/pb/rounds/${encodeURIComponent(round.slug)}`, { stage: v.text('stage') });
    reload();
  });
  return (
    <form onSubmit={form.onSubmit} noValidate>
      <ErrorSummary form={form} />
      <SelectField
        form={form}
        name="stage"
        label="Move the round to a stage"
        hint="Voting opens when the round is at its vote; the results stage comes when you publish the count"
        defaultValue={round.stage}
        options={(['ideas', 'feasibility', 'deliberation', 'vote'] as const).map((s) => ({ value: s, label: STAGE_WORDS[s] }))}
      />
      <Submit form={form}>Save the stage</Submit>
    </form>
  );
}
