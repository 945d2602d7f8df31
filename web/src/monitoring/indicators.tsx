// Monitoring: adding or changing an indicator (programme managers).
import { AGGREGATIONS, type Indicator, type ListAnswer, UNITS, patch, post } from '../api/index.js';
import { useApi } from '../app/data.js';
import {
  Checkbox,
  ErrorSummary,
  type FieldError,
  FormProblems,
  SelectField,
  Submit,
  TextArea,
  TextField,
  numberOrNull,
  useForm,
} from '../ui/forms.js';
import { useProgramme } from '../app/programme-frame.js';
import { navigate } from '../app/router.js';
import { Failed, Loading, NotAllowed, NotFound, Page } from '../ui/index.js';
import { AGGREGATION_LABEL, UNIT_LABEL, monitoringCrumbs } from './words.js';

export function IndicatorForm({ id }: { id?: string }) {
  const { api } = useProgramme();
  const loaded = useApi<ListAnswer<Indicator>>(id ? `${api}/indicators?pageSize=200` : null);
  if (id && loaded.state === 'loading') return <Loading what="indicator" />;
  if (id && loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const indicator = id && loaded.state === 'ready' ? loaded.data.data.find((i) => i.id === id) : undefined;
  if (id && !indicator) return <NotFound detail="This programme has no such indicator." />;
  return <IndicatorFields indicator={indicator} />;
}

function IndicatorFields({ indicator: ind }: { indicator?: Indicator | undefined }) {
  const { api, base, crumbs, abilities } = useProgramme();
  const form = useForm(async (v) => {
    const problems: FieldError[] = [];
    const position = numberOrNull(v, 'position', 'Position must be a whole number, like 1 or 10', problems, { whole: true });
    if (problems.length) throw new FormProblems(problems);
    const body = {
      key: v.text('key'),
      label: v.text('label'),
      definition: v.text('definition'),
      unit: v.text('unit'),
      aggregation: v.text('aggregation'),
      required: v.checked('required'),
      ...(position !== null ? { position } : {}),
    };
    if (ind) await patch(`${api}/indicators/${ind.id}`, body);
    else await post(`${api}/indicators`, body);
    navigate(`${base}/monitoring`);
  });
  const title = ind ? `Change ${ind.label}` : 'Add an indicator';
  const trail = monitoringCrumbs(crumbs, base);
  if (!abilities.update) {
    return (
      <Page title={title} breadcrumbs={trail}>
        <NotAllowed>Only programme managers can set the indicators.</NotAllowed>
      </Page>
    );
  }
  return (
    <Page title={title} breadcrumbs={trail}>
      <form onSubmit={form.onSubmit} noValidate>
        <ErrorSummary form={form} />
        <TextField form={form} name="label" label="Name" hint="For example Volunteers" defaultValue={ind?.label} />
        <TextField
          form={form}
          name="key"
          label="Key"
          hint="A short name for spreadsheets and downloads: small letters, numbers and dashes, for example volunteers"
          width="medium"
          spellCheck={false}
          defaultValue={ind?.key}
        />
        <TextArea
          form={form}
          name="definition"
          label="Definition"
          hint="What counts and what does not. Partnerships see this wherever they enter the figure."
          defaultValue={ind?.definition}
        />
        <SelectField
          form={form}
          name="unit"
          label="Unit"
          hint={ind ? 'Cannot change once returns hold figures for it' : undefined}
          options={UNITS.map((u) => ({ value: u, label: UNIT_LABEL[u] }))}
          defaultValue={ind?.unit ?? 'count'}
        />
        <SelectField
          form={form}
          name="aggregation"
          label="In the portfolio table"
          options={AGGREGATIONS.map((a) => ({ value: a, label: AGGREGATION_LABEL[a] }))}
          defaultValue={ind?.aggregation ?? 'sum'}
        />
        <TextField
          form={form}
          name="position"
          label="Position (optional)"
          hint="Lower numbers come first in the return"
          width="short"
          inputMode="numeric"
          defaultValue={ind?.position}
        />
        <Checkbox
          form={form}
          name="required"
          label="Every return must answer it"
          hint="With a figure, or marked not reported with a reason"
          defaultChecked={ind?.required ?? false}
        />
        <Submit form={form}>{ind ? 'Save changes' : 'Add indicator'}</Submit>
      </form>
    </Page>
  );
}

// ---------------------------------------------------------------- one return: the form
