// The engagement register: the calendar by locality (a month-by-month list that reads on a phone), an
// engagement's page with its overlap warning, and the form that warns of overlaps before saving.
import { useEffect, useRef, useState } from 'react';
import type { Engagement, EngagementAnswer, EngagementList, OverlapCluster, PartnershipRow } from '../api/index.js';
import { get, patch, post, qs } from '../api/index.js';
import { useApi } from '../app/data.js';
import { useProgramme } from '../app/programme-frame.js';
import { Link, navigate } from '../app/router.js';
import { DateField } from '../ui/date-input.js';
import { Checkbox, Choices, ErrorSummary, Submit, TextField, numberOrNull, useForm } from '../ui/forms.js';
import { ButtonLink, Failed, History, Loading, NotAllowed, Page, SummaryList, formatGbp } from '../ui/index.js';
import { RefSelect } from '../ui/refs.js';
import { OverlapWarning } from './overlaps.js';
import { EngagementTabs } from './record-parts.js';
import { LEVELS, dateSpan, levelLabel, monthOf } from './words.js';

export function Calendar() {
  const { api, base, crumbs, programme } = useProgramme();
  const [locality, setLocality] = useState('');
  const all = useApi<EngagementList>(`${api}/engagements`);
  if (all.state === 'loading') return <Loading what="engagements" />;
  if (all.state === 'error') return <Failed error={all.error} retry={all.reload} />;
  const { data, abilities } = all.data;
  const localities = [...new Map(data.map((e) => [e.locality.toLowerCase(), e.locality])).values()].sort((a, b) => a.localeCompare(b));
  const shown = locality ? data.filter((e) => e.locality.toLowerCase() === locality.toLowerCase()) : data;
  const months = new Map<string, Engagement[]>();
  for (const e of shown) months.set(monthOf(e.startsOn), [...(months.get(monthOf(e.startsOn)) ?? []), e]);
  const ics = `/api/v1${api}/engagements/calendar.ics${qs({ locality })}`;
  return (
    <Page title={`Engagements – ${programme.name}`} heading="Engagements" caption={programme.name} breadcrumbs={crumbs()}>
      <p>Who is asking people what, where and when. Engagements that risk asking the same people the same thing are flagged.</p>
      <div className="button-group">
        {abilities.create ? <ButtonLink href={`${base}/engagements/new`}>Record an engagement</ButtonLink> : null}
        <ButtonLink href={`${base}/engagements/overlaps`} secondary>
          Overlaps
        </ButtonLink>
        <ButtonLink href={`${base}/engagements/standards`} secondary>
          National Standards
        </ButtonLink>
      </div>
      {!abilities.create && <NotAllowed>Programme managers and partnership members record engagements.</NotAllowed>}
      <div className="form-group">
        <label className="label" htmlFor="locality-filter">
          Locality
        </label>
        <select id="locality-filter" className="select" value={locality} onChange={(e) => setLocality(e.target.value)}>
          <option value="">Every locality</option>
          {localities.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      </div>
      <p>
        <a href={ics} download>
          Download {locality ? `${locality}’s` : 'the'} calendar (iCalendar, .ics)
        </a>
        {locality && shown[0]?.published ? (
          <>
            {' · '}
            <a href={`/you-said-we-did/${programme.slug}/${shown[0].localitySlug}`}>Public page for {locality}</a>
          </>
        ) : null}
      </p>
      {shown.length === 0 ? (
        <p className="inset">No engagements recorded{locality ? ` in ${locality}` : ''} yet.</p>
      ) : (
        [...months].map(([month, list]) => (
          <section key={month} aria-labelledby={`m-${month.replace(/\s/g, '-')}`}>
            <h2 id={`m-${month.replace(/\s/g, '-')}`}>{month}</h2>
            <ul className="list engagement-list">
              {list.map((e) => (
                <li key={e.id}>
                  <Link href={`${base}/engagements/${e.id}`}>{e.title}</Link>
                  <br />
                  <span className="muted">
                    {dateSpan(e.startsOn, e.endsOn)} · {e.locality} · {e.leadPartner} · {levelLabel(e.level)} · {e.topics.join(', ')}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
    </Page>
  );
}

export function Record({ id }: { id: string }) {
  const { api, base, crumbs, abilities: pa, programme } = useProgramme();
  const loaded = useApi<EngagementAnswer>(`${api}/engagements/${id}`);
  if (loaded.state === 'loading') return <Loading what="engagement" />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const { data: e, overlap, abilities, history } = loaded.data;
  const feedbackUrl = `${window.location.origin}${e.feedbackPath}`;
  return (
    <Page title={e.title} caption="Engagement" breadcrumbs={crumbs({ href: `${base}/engagements`, label: 'Engagements' })}>
      {overlap && <OverlapWarning cluster={overlap} />}
      {abilities.update ? (
        <ButtonLink href={`${base}/engagements/${e.id}/edit`} secondary>
          Change details
        </ButtonLink>
      ) : (
        <NotAllowed>Only its partnership’s members and programme managers can change this engagement.</NotAllowed>
      )}
      <SummaryList
        rows={[
          ['Topics', e.topics.join(', ')],
          ['Locality', e.locality],
          ['When', dateSpan(e.startsOn, e.endsOn)],
          ['Lead partner', e.leadPartner],
          ['Level of participation', levelLabel(e.level)],
          ['Target groups', e.targetGroups.join(', ')],
          ['Methods', e.methods.join(', ')],
          ['Partnership', e.partnership?.name],
          ['Cost', e.costGbp === null ? null : formatGbp(e.costGbp)],
          ['Reach', e.reach === null ? null : `${e.reach.toLocaleString('en-GB')} people`],
          [
            'Public page',
            e.published ? (
              <a href={`/you-said-we-did/${programme.slug}/${e.localitySlug}`}>Shown on the page for {e.locality}</a>
            ) : (
              'Not shown: not published'
            ),
          ],
          [
            'Participants’ feedback form',
            <span key="f">
              <a href={e.feedbackPath}>{feedbackUrl}</a>
              <br />
              <span className="muted">Share this link with the people who took part. It needs no account.</span>
            </span>,
          ],
        ]}
      />
      <EngagementTabs engagement={e} canChange={abilities.update} />
      <History events={history} canSee={pa.seeAudit} />
    </Page>
  );
}

export function Form({ id }: { id?: string }) {
  const { api } = useProgramme();
  const loaded = useApi<EngagementAnswer>(id ? `${api}/engagements/${id}` : null);
  if (id && loaded.state === 'loading') return <Loading what="engagement" />;
  if (id && loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  return <EngagementForm engagement={id && loaded.state === 'ready' ? loaded.data.data : undefined} />;
}

const list = (s: string) =>
  s
    .split(/[;\n]/)
    .map((x) => x.trim())
    .filter(Boolean);

/** Asks the server, as the form changes, whether what is typed so far would overlap another partner's plans. */
function useOverlapCheck(formRef: React.RefObject<HTMLFormElement | null>, engagementId?: string) {
  const { api } = useProgramme();
  const [cluster, setCluster] = useState<OverlapCluster | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const onChange = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const form = formRef.current;
      if (!form) return;
      const fd = new FormData(form);
      const text = (n: string) => String(fd.get(n) ?? '').trim();
      const date = (n: string) => {
        const [d, m, y] = [text(`${n}-day`), text(`${n}-month`), text(`${n}-year`)].map(Number);
        return y && m && d && y > 999 ? `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` : '';
      };
      const q = { locality: text('locality'), startsOn: date('startsOn'), endsOn: date('endsOn'), topics: list(text('topics')).join(';') };
      if (!q.locality || !q.startsOn || !q.endsOn || !q.topics) return setCluster(null);
      get<{ data: OverlapCluster | null }>(
        `${api}/engagements/overlap-check${qs({ ...q, leadPartner: text('leadPartner'), title: text('title'), engagementId })}`,
      ).then(
        (r) => setCluster(r.data),
        () => setCluster(null),
      );
    }, 400);
  };
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  return { cluster, onChange };
}

function EngagementForm({ engagement: e }: { engagement?: Engagement }) {
  const { api, base, crumbs, abilities } = useProgramme();
  const formRef = useRef<HTMLFormElement>(null);
  const check = useOverlapCheck(formRef, e?.id);
  const form = useForm(async (v) => {
    const body = {
      title: v.text('title'),
      topics: list(v.text('topics')),
      locality: v.text('locality'),
      startsOn: v.date('startsOn', 'the start date', { required: true }),
      endsOn: v.date('endsOn', 'the end date', { required: true }),
      targetGroups: list(v.text('targetGroups')),
      methods: list(v.text('methods')),
      level: v.text('level'),
      leadPartner: v.text('leadPartner'),
      partnershipId: v.nullable('partnershipId'),
      costGbp: numberOrNull(v, 'costGbp', 'Enter the cost in pounds, like 450 or 450.50', v.problems),
      reach: numberOrNull(v, 'reach', 'Enter the reach as a whole number of people', v.problems, { whole: true }),
      published: v.checked('published'),
    };
    const { data } = e
      ? await patch<{ data: Engagement }>(`${api}/engagements/${e.id}`, body)
      : await post<{ data: Engagement }>(`${api}/engagements`, body);
    navigate(`${base}/engagements/${data.id}`);
  });
  const title = e ? `Change ${e.title}` : 'Record an engagement';
  const trail = crumbs(
    { href: `${base}/engagements`, label: 'Engagements' },
    ...(e ? [{ href: `${base}/engagements/${e.id}`, label: e.title }] : []),
  );
  const member = abilities.scope === 'partnership';
  return (
    <Page title={title} breadcrumbs={trail}>
      <form onSubmit={form.onSubmit} onChange={check.onChange} noValidate ref={formRef}>
        <ErrorSummary form={form} />
        <TextField form={form} name="title" label="Title" hint="For example, Housing needs survey" defaultValue={e?.title} />
        <TextField
          form={form}
          name="topics"
          label="Topics"
          hint="What you will ask people about. Separate topics with a semicolon, for example: housing; parks"
          defaultValue={e?.topics.join('; ')}
        />
        <TextField
          form={form}
          name="locality"
          label="Locality"
          hint="The place, for example Whitburn"
          width="medium"
          defaultValue={e?.locality}
        />
        <DateField form={form} name="startsOn" label="Starts on" defaultValue={e?.startsOn} />
        <DateField
          form={form}
          name="endsOn"
          label="Ends on"
          hint="The same day or later. For example, 27 3 2026"
          defaultValue={e?.endsOn}
        />
        <TextField
          form={form}
          name="leadPartner"
          label="Lead partner"
          hint="The organisation leading it, for example West Lothian Council"
          defaultValue={e?.leadPartner}
        />
        <div aria-live="polite">
          {check.cluster && <OverlapWarning cluster={check.cluster} heading="Before you save: this may overlap" />}
        </div>
        <Choices form={form} type="radio" name="level" label="Level of participation" options={LEVELS} checked={e ? [e.level] : []} />
        <RefSelect<PartnershipRow>
          form={form}
          name="partnershipId"
          label={member ? 'Your partnership' : 'Partnership (optional)'}
          hint={member ? 'Engagements are recorded for one of your partnerships.' : 'The partnership recording it, if any.'}
          api={`${api}/partnerships`}
          labelOf={(r) => r.name}
          empty={member ? 'Choose your partnership' : 'The programme team'}
          defaultValue={e?.partnership ? { id: e.partnership.id, label: e.partnership.name } : null}
        />
        <TextField
          form={form}
          name="targetGroups"
          label="Target groups (optional)"
          hint="Separate with a semicolon, for example: tenants; young people"
          defaultValue={e?.targetGroups.join('; ')}
        />
        <TextField
          form={form}
          name="methods"
          label="Methods (optional)"
          hint="Separate with a semicolon, for example: survey; drop-in"
          defaultValue={e?.methods.join('; ')}
        />
        <TextField
          form={form}
          name="costGbp"
          label="Cost (optional)"
          prefix="£"
          width="short"
          inputMode="decimal"
          defaultValue={e?.costGbp}
        />
        <TextField
          form={form}
          name="reach"
          label="Reach (optional)"
          hint="How many people it reached, or expects to"
          width="short"
          inputMode="numeric"
          defaultValue={e?.reach}
        />
        <Checkbox
          form={form}
          name="published"
          label="Show it on the locality’s public page"
          hint="With what people said and what was done, where you publish those too. Never contact details."
          defaultChecked={e?.published}
        />
        <Submit form={form}>{e ? 'Save changes' : 'Record engagement'}</Submit>
      </form>
    </Page>
  );
}
