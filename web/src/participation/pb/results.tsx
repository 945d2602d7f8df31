// Counting a round from its stored ballots (by either rule, as often as anyone likes), publishing the
// count, the Pabulib file, and "you said, we did".
import { useState } from 'react';
import { type PbCount, type PbRoundDetail, post } from '../../api/index.js';
import { useApi } from '../../app/data.js';
import { useProgramme } from '../../app/programme-frame.js';
import { ErrorSummary, SelectField, Submit, TextArea, useForm } from '../../ui/forms.js';
import { DateField } from '../../ui/date-input.js';
import { Failed, Loading, Page, Panel, Table } from '../../ui/index.js';
import { RULE_WORDS, pbCrumbs, pounds, publicLink } from './words.js';

type Answer = { data: PbRoundDetail; abilities: { update: boolean } };

export function ResultsPage({ slug }: { slug: string }) {
  const { api, base, crumbs, programme } = useProgramme();
  const roundApi = `${api}/pb/rounds/${encodeURIComponent(slug)}`;
  const [rule, setRule] = useState<string>('');
  const loaded = useApi<Answer>(roundApi);
  const count = useApi<{ data: PbCount }>(`${roundApi}/count${rule ? `?rule=${rule}` : ''}`, { keepPrevious: true });
  const publish = useForm(async () => {
    await post(`${roundApi}/publish`);
    loaded.reload();
    count.reload();
  });
  const update = useForm(async (v) => {
    await post(`${roundApi}/updates`, {
      proposalId: v.text('proposalId'),
      on: v.date('on', 'the date', { required: true }),
      text: v.text('text'),
    });
    loaded.reload();
  });
  if (loaded.state === 'loading') return <Loading what="round" />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const { data: round, abilities } = loaded.data;
  const published = round.publishedAt !== null;
  const funded = round.proposals.filter((p) => p.projectId);
  return (
    <Page title="Count and results" breadcrumbs={pbCrumbs(crumbs, base, round)}>
      {published && (
        <Panel title="Results published">
          The count is frozen. Residents see it at{' '}
          <a href={publicLink(programme.slug, round.slug, true)}>{publicLink(programme.slug, round.slug, true)}</a>
        </Panel>
      )}
      <p>
        The count is worked out again from the stored ballots each time: anyone in the team gets the same answer. The round counts by{' '}
        {RULE_WORDS[round.rule]}.
      </p>
      <div className="form-group">
        <label className="label" htmlFor="pb-rule">
          Count by
        </label>
        <select id="pb-rule" className="select" value={rule} onChange={(e) => setRule(e.target.value)}>
          <option value="">The round’s own rule</option>
          <option value="greedy">{RULE_WORDS.greedy}</option>
          <option value="equal-shares">{RULE_WORDS['equal-shares']}</option>
        </select>
      </div>
      {count.state === 'loading' && <Loading what="count" />}
      {count.state === 'error' && <Failed error={count.error} retry={count.reload} />}
      {count.state === 'ready' && <CountTables count={count.data.data} />}
      {count.state === 'ready' && count.data.data.matchesPublished !== null && (
        <p>
          {count.data.data.matchesPublished
            ? 'This count matches the published results.'
            : 'This count differs from the published results (which stay as published).'}
        </p>
      )}
      {abilities.update && !published && (
        <form onSubmit={publish.onSubmit} noValidate>
          <ErrorSummary form={publish} />
          <p>
            Publishing freezes the count by the round’s own rule, makes the funded proposals projects in the registry and shows the results
            to residents.
          </p>
          <Submit form={publish}>Publish the results</Submit>
        </form>
      )}
      <h2>Pabulib file</h2>
      {round.localities.length ? (
        <ul>
          {round.localities.map((l) => (
            <li key={l.name}>
              <a href={`/api/v1${roundApi}/export.pb?locality=${encodeURIComponent(l.name)}`} download>
                Download {l.name} as a .pb file
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <p>
          <a href={`/api/v1${roundApi}/export.pb`} download>
            Download the round as a .pb file
          </a>
        </p>
      )}
      {abilities.update && published && funded.length > 0 && (
        <form onSubmit={update.onSubmit} noValidate>
          <h2>You said, we did</h2>
          <ErrorSummary form={update} />
          <SelectField
            form={update}
            name="proposalId"
            label="Funded project"
            options={funded.map((p) => ({ value: p.id, label: p.name }))}
          />
          <DateField form={update} name="on" label="Date" />
          <TextArea form={update} name="text" label="What happened" rows={3} />
          <Submit form={update}>Add the update</Submit>
        </form>
      )}
    </Page>
  );
}

function CountTables({ count }: { count: PbCount }) {
  return (
    <>
      <p>
        {count.ballots.toLocaleString('en-GB')} ballots
        {count.turnoutPercent !== null ? ` (${count.turnoutPercent}% turnout of ${count.eligiblePopulation!.toLocaleString('en-GB')})` : ''}
        ; {pounds(count.used)} of {pounds(count.budget)} used.
      </p>
      {count.localities.map((l) => (
        <Table
          key={l.name ?? 'all'}
          caption={l.name ? `${l.name}: ${pounds(l.used)} of ${pounds(l.budget)}` : 'Projects'}
          head={['Project', 'Votes', 'Cost', 'Funded']}
        >
          {l.projects.map((p) => (
            <tr key={p.proposalId}>
              <td>{p.name}</td>
              <td className="numeric">{p.votes.toLocaleString('en-GB')}</td>
              <td className="numeric">{pounds(p.cost)}</td>
              <td>{p.selected ? <strong>Yes</strong> : 'No'}</td>
            </tr>
          ))}
        </Table>
      ))}
    </>
  );
}
