// Monitoring: adding or changing a reporting period (programme managers).
import { type ListAnswer, type ReportingPeriod, patch, post } from '../api/index.js';
import { useApi } from '../app/data.js';
import { DateField } from '../ui/date-input.js';
import { ErrorSummary, SelectField, Submit, TextField, useForm } from '../ui/forms.js';
import { useProgramme } from '../app/programme-frame.js';
import { navigate } from '../app/router.js';
import { Failed, Loading, NotAllowed, NotFound, Page } from '../ui/index.js';
import { monitoringCrumbs } from './words.js';

export function PeriodForm({ id }: { id?: string }) {
  const { api } = useProgramme();
  const loaded = useApi<ListAnswer<ReportingPeriod>>(id ? `${api}/reporting-periods?pageSize=200` : null);
  if (id && loaded.state === 'loading') return <Loading what="reporting period" />;
  if (id && loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const period = id && loaded.state === 'ready' ? loaded.data.data.find((p) => p.id === id) : undefined;
  if (id && !period) return <NotFound detail="This programme has no such reporting period." />;
  return <PeriodFields period={period} />;
}

function PeriodFields({ period }: { period?: ReportingPeriod | undefined }) {
  const { programme, api, base, crumbs, abilities } = useProgramme();
  const form = useForm(async (v) => {
    const body = {
      label: v.text('label'),
      phaseId: v.nullable('phaseId'),
      startsOn: v.date('startsOn', 'the start date', { required: true }),
      endsOn: v.date('endsOn', 'the end date', { required: true }),
      dueOn: v.date('dueOn', 'the date returns are due', { required: true }),
    };
    if (period) await patch(`${api}/reporting-periods/${period.id}`, body);
    else await post(`${api}/reporting-periods`, body);
    navigate(`${base}/monitoring`);
  });
  const title = period ? `Change ${period.label}` : 'Add a reporting period';
  const trail = monitoringCrumbs(crumbs, base);
  if (!abilities.update) {
    return (
      <Page title={title} breadcrumbs={trail}>
        <NotAllowed>Only programme managers can set reporting periods.</NotAllowed>
      </Page>
    );
  }
  return (
    <Page title={title} breadcrumbs={trail}>
      <form onSubmit={form.onSubmit} noValidate>
        <ErrorSummary form={form} />
        <TextField
          form={form}
          name="label"
          label="Label"
          hint="How partnerships will know it, for example 2024–25 or Phase 2"
          width="medium"
          defaultValue={period?.label}
        />
        {programme.phases.length > 0 && (
          <SelectField
            form={form}
            name="phaseId"
            label="Phase (optional)"
            options={programme.phases.map((p) => ({ value: p.id, label: `${p.number}. ${p.name}` }))}
            empty="Not tied to a phase"
            defaultValue={period?.phase?.id}
          />
        )}
        <DateField form={form} name="startsOn" label="Starts on" defaultValue={period?.startsOn} />
        <DateField form={form} name="endsOn" label="Ends on" defaultValue={period?.endsOn} />
        <DateField
          form={form}
          name="dueOn"
          label="Returns due on"
          hint="After this day a return not yet submitted counts as overdue. For example, 30 4 2026"
          defaultValue={period?.dueOn}
        />
        <Submit form={form}>{period ? 'Save changes' : 'Add reporting period'}</Submit>
      </form>
    </Page>
  );
}
