// Logging support on a phone: a contact (date, partnership, time as hours and minutes or as days, type,
// topic, notes) and a credit entry (a spend, a commitment, or a trade between days and credit).
import { post } from '../api/index.js';
import { useApi } from '../app/data.js';
import { useProgramme } from '../app/programme-frame.js';
import { navigate, useLocation } from '../app/router.js';
import { DateField } from '../ui/date-input.js';
import { Choices, ErrorSummary, FormProblems, SelectField, Submit, TextArea, TextField, useForm } from '../ui/forms.js';
import { Failed, Loading, NotAllowed, Page } from '../ui/index.js';
import { CONTACT_TYPES, type Overview, supportCrumbs } from './types.js';

const today = () => new Date().toISOString().slice(0, 10);

function usePartnerships() {
  const { api } = useProgramme();
  const { search } = useLocation();
  const overview = useApi<Overview>(`${api}/support/summary`);
  const chosen = new URLSearchParams(search).get('partnership') ?? undefined;
  return { overview, chosen };
}

export function ContactForm() {
  const { api, base, crumbs } = useProgramme();
  const { overview, chosen } = usePartnerships();
  const form = useForm(async (v) => {
    const partnershipId = v.text('partnershipId');
    const unit = v.text('unit');
    const problems = [];
    let minutes = 0;
    const settings = overview.state === 'ready' ? overview.data.data.settings : { minutesPerDay: 420 };
    if (unit === 'days') {
      const d = v.number('days', 'Enter the days as a number, like 1 or 0.5');
      if (d === null || typeof d !== 'number' || d <= 0) problems.push({ field: 'days', message: 'Enter the days, like 1 or 0.5' });
      else minutes = Math.round(d * settings.minutesPerDay);
    } else {
      const h = v.number('hours', 'Enter the hours as a whole number', { whole: true }) ?? 0;
      const m = v.number('minutes', 'Enter the minutes as a whole number', { whole: true }) ?? 0;
      if (typeof h !== 'number' || h < 0) problems.push({ field: 'hours', message: 'Enter the hours as a whole number, 0 or more' });
      if (typeof m !== 'number' || m < 0 || m > 59)
        problems.push({ field: 'minutes', message: 'Enter the minutes as a whole number from 0 to 59' });
      if (typeof h === 'number' && typeof m === 'number') minutes = h * 60 + m;
      if (!problems.length && minutes === 0) problems.push({ field: 'hours', message: 'Enter how long the contact took' });
    }
    if (!partnershipId) problems.push({ field: 'partnershipId', message: 'Choose the partnership' });
    const contactOn = v.date('contactOn', 'the date of the contact', { required: true });
    if (problems.length || v.problems.length) throw new FormProblems([...problems, ...v.problems]);
    await post(`${api}/support/contacts`, {
      partnershipId,
      contactOn,
      minutes,
      type: v.text('type') || 'facilitation',
      topic: v.text('topic'),
      notes: v.text('notes'),
    });
    navigate(`${base}/support/partnerships/${partnershipId}?logged=contact`);
  });
  const trail = supportCrumbs(crumbs, base);
  if (overview.state === 'loading') return <Loading what="form" />;
  if (overview.state === 'error') return <Failed error={overview.error} retry={overview.reload} />;
  const mine = overview.data.data.rows.filter((r) => overview.data.abilities.logFor.includes(r.partnershipId));
  if (!mine.length)
    return (
      <Page title="Log a contact" breadcrumbs={trail}>
        <NotAllowed>Only programme managers, and facilitators for the partnerships they are assigned to, can log support.</NotAllowed>
      </Page>
    );
  return (
    <Page title="Log a contact" breadcrumbs={trail}>
      <form onSubmit={form.onSubmit} noValidate>
        <ErrorSummary form={form} />
        <SelectField
          form={form}
          name="partnershipId"
          label="Partnership"
          options={mine.map((r) => ({ value: r.partnershipId, label: r.name }))}
          empty="Choose a partnership"
          defaultValue={chosen ?? (mine.length === 1 ? mine[0]!.partnershipId : undefined)}
        />
        <DateField form={form} name="contactOn" label="Date of the contact" defaultValue={today()} />
        <Choices
          form={form}
          name="unit"
          type="radio"
          label="How do you want to give the time?"
          inline
          checked={['hours']}
          options={[
            { value: 'hours', label: 'Hours and minutes' },
            { value: 'days', label: 'Days' },
          ]}
        />
        <div className="time-fields">
          <TextField form={form} name="hours" label="Hours" width="short" inputMode="numeric" hint="For hours and minutes" />
          <TextField form={form} name="minutes" label="Minutes" width="short" inputMode="numeric" />
          <TextField form={form} name="days" label="Days" width="short" inputMode="decimal" hint="For days, like 1 or 0.5" />
        </div>
        <SelectField
          form={form}
          name="type"
          label="Type of support"
          options={CONTACT_TYPES.map(([value, label]) => ({ value, label }))}
          defaultValue="facilitation"
        />
        <TextField form={form} name="topic" label="Topic (optional)" />
        <TextArea form={form} name="notes" label="Notes (optional)" rows={4} />
        <Submit form={form}>Log the contact</Submit>
      </form>
    </Page>
  );
}

export function CreditForm() {
  const { api, base, crumbs } = useProgramme();
  const { overview, chosen } = usePartnerships();
  const form = useForm(async (v) => {
    const partnershipId = v.text('partnershipId');
    const kind = v.text('kind') || 'spend';
    const transfer = kind === 'from_days' || kind === 'to_days';
    const problems = [];
    if (!partnershipId) problems.push({ field: 'partnershipId', message: 'Choose the partnership' });
    const entryOn = v.date('entryOn', 'the date', { required: true });
    const amount = transfer ? null : v.number('amount', 'Enter the amount in pounds, like 120 or 45.50');
    const dayCount = transfer ? v.number('days', 'Enter the days as a number, like 1 or 0.5') : null;
    if (!transfer && (amount === null || (typeof amount === 'number' && amount <= 0)))
      problems.push({ field: 'amount', message: 'Enter the amount in pounds, more than £0' });
    if (transfer && (dayCount === null || (typeof dayCount === 'number' && dayCount <= 0)))
      problems.push({ field: 'days', message: 'Enter the days to trade, more than 0' });
    if (problems.length || v.problems.length) throw new FormProblems([...problems, ...v.problems]);
    const common = { partnershipId, entryOn, purpose: v.text('purpose'), approvedBy: v.text('approvedBy') };
    await post(
      `${api}/support/credit`,
      transfer
        ? { ...common, kind, dayHundredths: Math.round((dayCount as number) * 100) }
        : { ...common, kind, amountPence: Math.round((amount as number) * 100) },
    );
    navigate(`${base}/support/partnerships/${partnershipId}?logged=credit`);
  });
  const trail = supportCrumbs(crumbs, base);
  if (overview.state === 'loading') return <Loading what="form" />;
  if (overview.state === 'error') return <Failed error={overview.error} retry={overview.reload} />;
  const mine = overview.data.data.rows.filter((r) => overview.data.abilities.logFor.includes(r.partnershipId));
  if (!mine.length)
    return (
      <Page title="Record credit" breadcrumbs={trail}>
        <NotAllowed>Only programme managers, and facilitators for the partnerships they are assigned to, can record credit.</NotAllowed>
      </Page>
    );
  return (
    <Page title="Record credit" breadcrumbs={trail}>
      <form onSubmit={form.onSubmit} noValidate>
        <ErrorSummary form={form} />
        <SelectField
          form={form}
          name="partnershipId"
          label="Partnership"
          options={mine.map((r) => ({ value: r.partnershipId, label: r.name }))}
          empty="Choose a partnership"
          defaultValue={chosen ?? (mine.length === 1 ? mine[0]!.partnershipId : undefined)}
        />
        <Choices
          form={form}
          name="kind"
          type="radio"
          label="What is it?"
          checked={['spend']}
          options={[
            { value: 'spend', label: 'A spend', hint: 'Credit the group has spent' },
            { value: 'commitment', label: 'A commitment', hint: 'Credit promised, not yet spent' },
            { value: 'from_days', label: 'Facilitator days traded for credit', hint: 'At the day rate; the days count as used' },
            { value: 'to_days', label: 'Credit traded for facilitator days', hint: 'At the day rate' },
          ]}
        />
        <TextField
          form={form}
          name="amount"
          label="Amount"
          prefix="£"
          width="short"
          inputMode="decimal"
          hint="For a spend or a commitment"
        />
        <TextField form={form} name="days" label="Days traded" width="short" inputMode="decimal" hint="For a trade, like 1 or 0.5" />
        <DateField form={form} name="entryOn" label="Date" defaultValue={today()} />
        <TextField form={form} name="purpose" label="Purpose" hint="What it was for, in a few words" />
        <TextField form={form} name="approvedBy" label="Approved by (optional)" />
        <Submit form={form}>Record it</Submit>
      </form>
    </Page>
  );
}
