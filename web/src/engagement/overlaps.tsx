// Overlaps: the warning an engagement's form and page show, and the programme's view of every flagged cluster.
import type { EngagementOverlaps, OverlapCluster } from '../api/index.js';
import { put } from '../api/index.js';
import { useApi } from '../app/data.js';
import { useProgramme } from '../app/programme-frame.js';
import { Link } from '../app/router.js';
import { ErrorSummary, Submit, TextField, useForm } from '../ui/forms.js';
import { Failed, Loading, Page, Table } from '../ui/index.js';
import { dateSpan } from './words.js';

/** "Three partners plan consultations on housing in Whitburn in March 2026", and who they are. */
export function OverlapWarning({
  cluster,
  heading = 'This may consult the same people on the same thing',
}: {
  cluster: OverlapCluster;
  heading?: string;
}) {
  const { base } = useProgramme();
  return (
    <div className="inset warning-inset overlap-warning">
      <h2>{heading}</h2>
      <p>
        <strong>{cluster.message}.</strong> Talk to the other partners: one engagement, or one after the other with what the first heard,
        saves people being asked the same thing twice.
      </p>
      <ul className="list">
        {cluster.engagements.map((e) => (
          <li key={e.id}>
            {e.id === 'new' ? <strong>{e.title} (this one)</strong> : <Link href={`${base}/engagements/${e.id}`}>{e.title}</Link>}
            {` – ${e.leadPartner}, ${dateSpan(e.start, e.end)} (${e.topics.join(', ')})`}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Overlaps() {
  const { api, base, crumbs } = useProgramme();
  const loaded = useApi<{ data: EngagementOverlaps }>(`${api}/engagement-overlaps`);
  const settings = useApi<{ data: { overlapWindowDays: number }; abilities: { update: boolean } }>(`${api}/engagement-settings`);
  const trail = crumbs({ href: `${base}/engagements`, label: 'Engagements' });
  if (loaded.state === 'loading') return <Loading what="overlaps" />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const { clusters, windowDays } = loaded.data.data;
  return (
    <Page title="Overlapping engagements" breadcrumbs={trail}>
      <p>
        Two engagements overlap when they are in the same place, share a topic (compared as English words, so “parks” is “park”), and are no
        more than {windowDays} days apart. Overlapping engagements form a group; a group is shown here when two or more lead partners are in
        it. One partner’s own follow-up is not shown.
      </p>
      {clusters.length === 0 ? (
        <p className="inset">No overlaps: no two partners plan the same thing in the same place within {windowDays} days.</p>
      ) : (
        clusters.map((c) => (
          <section key={c.number} aria-labelledby={`cluster-${c.number}`}>
            <h2 id={`cluster-${c.number}`}>
              {c.number}. {c.message}
            </h2>
            <Table caption={`Engagements in group ${c.number}`} captionHidden head={['Engagement', 'Lead partner', 'When', 'Topics']}>
              {c.engagements.map((e) => (
                <tr key={e.id}>
                  <td>
                    <Link href={`${base}/engagements/${e.id}`}>{e.title}</Link>
                  </td>
                  <td>{e.leadPartner}</td>
                  <td>{dateSpan(e.start, e.end)}</td>
                  <td>{e.topics.join(', ')}</td>
                </tr>
              ))}
            </Table>
          </section>
        ))
      )}
      {settings.state === 'ready' && settings.data.abilities.update && (
        <WindowForm
          days={settings.data.data.overlapWindowDays}
          onSaved={() => {
            loaded.reload();
            settings.reload();
          }}
        />
      )}
    </Page>
  );
}

function WindowForm({ days, onSaved }: { days: number; onSaved: () => void }) {
  const { api } = useProgramme();
  const form = useForm(async (v) => {
    const n = v.number('overlapWindowDays', 'Enter the window as a whole number of days, like 28', { whole: true });
    await put(`${api}/engagement-settings`, { overlapWindowDays: n ?? ('' as unknown as number) });
    onSaved();
  });
  return (
    <section aria-labelledby="window-heading">
      <h2 id="window-heading">Overlap window</h2>
      <form onSubmit={form.onSubmit} noValidate>
        <ErrorSummary form={form} />
        <TextField
          form={form}
          name="overlapWindowDays"
          label="Days apart that still count as overlapping"
          hint="From the end of one engagement to the start of the next. 28 unless you change it."
          width="short"
          inputMode="numeric"
          defaultValue={days}
        />
        <Submit form={form}>Save the window</Submit>
      </form>
    </section>
  );
}
