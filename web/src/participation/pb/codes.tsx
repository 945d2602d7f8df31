// Making one-time voting codes: shown once, to print on cards or send as a CSV; Cairn keeps only a hash.
import { useState } from 'react';
import { type PbRoundDetail, post } from '../../api/index.js';
import { useApi } from '../../app/data.js';
import { useProgramme } from '../../app/programme-frame.js';
import { ErrorSummary, SelectField, Submit, TextField, useForm } from '../../ui/forms.js';
import { Failed, Loading, NotAllowed, Page } from '../../ui/index.js';
import { pbCrumbs, publicLink } from './words.js';

type Answer = { data: PbRoundDetail; abilities: { update: boolean } };
type Made = { batch: number; locality: string | null; codes: string[] };

export function CodesPage({ slug }: { slug: string }) {
  const { api, base, crumbs, programme } = useProgramme();
  const loaded = useApi<Answer>(`${api}/pb/rounds/${encodeURIComponent(slug)}`);
  const [made, setMade] = useState<Made | null>(null);
  const form = useForm(async (v) => {
    const count = v.number('count', 'Enter how many codes, as a whole number', { whole: true });
    if (v.problems.length) throw new Error('form');
    const answer = await post<{ data: Made }>(`${api}/pb/rounds/${encodeURIComponent(slug)}/codes`, {
      count,
      locality: v.nullable('locality'),
    });
    setMade(answer.data);
    loaded.reload();
  });
  if (loaded.state === 'loading') return <Loading what="round" />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const { data: round, abilities } = loaded.data;
  const trail = pbCrumbs(crumbs, base, round);
  const address = `${location.origin}${publicLink(programme.slug, round.slug)}`;
  if (!abilities.update) {
    return (
      <Page title="Voting codes" breadcrumbs={trail}>
        <NotAllowed>Only programme managers can make voting codes.</NotAllowed>
      </Page>
    );
  }
  const csv = made ? `code,locality,address\n${made.codes.map((c) => `${c},${made.locality ?? ''},${address}`).join('\n')}\n` : '';
  return (
    <Page title="Voting codes" breadcrumbs={trail}>
      <p>
        {round.codes.made.toLocaleString('en-GB')} codes made so far, {round.codes.used.toLocaleString('en-GB')} used. Each code votes once.
        Codes are shown only when they are made: print them or download them then.
      </p>
      <form onSubmit={form.onSubmit} noValidate className="no-print">
        <ErrorSummary form={form} />
        <TextField form={form} name="count" label="How many codes" inputMode="numeric" width="short" />
        {round.localities.length > 0 && (
          <SelectField
            form={form}
            name="locality"
            label="Locality"
            hint="A code votes on its locality’s proposals"
            empty="Choose a locality"
            options={round.localities.map((l) => ({ value: l.name, label: l.name }))}
          />
        )}
        <Submit form={form}>Make codes</Submit>
      </form>
      {made && (
        <section aria-labelledby="made">
          <h2 id="made">
            Batch {made.batch}: {made.codes.length} codes{made.locality ? ` for ${made.locality}` : ''}
          </h2>
          <p className="no-print">
            <a href={`data:text/csv;charset=utf-8,${encodeURIComponent(csv)}`} download={`${round.slug}-codes-batch-${made.batch}.csv`}>
              Download the codes as CSV
            </a>{' '}
            or{' '}
            <button type="button" className="link-button" onClick={() => window.print()}>
              print them as cards
            </button>
          </p>
          <ul className="pb-cards">
            {made.codes.map((c) => (
              <li key={c} className="pb-card">
                <strong>{round.name}</strong>
                <br />
                Vote at {address}
                <br />
                Your code: <span className="code">{c}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <style>
        {
          '.pb-cards{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:.5rem}.pb-card{border:1px dashed var(--border);padding:.8rem;overflow-wrap:anywhere;break-inside:avoid}@media print{.no-print,header,nav,footer,.breadcrumbs{display:none!important}}'
        }
      </style>
    </Page>
  );
}
