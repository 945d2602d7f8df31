// A respondent's attributes (age band, role, … as the evaluator records them: a name and a text value)
// and which questions they were asked (a code family's base: its figures count only those asked).
import type { CodeFamily, RespondentDetail } from '../../api/index.js';
import { patch, put } from '../../api/index.js';
import { useApi } from '../../app/data.js';
import { Choices, ErrorSummary, type FieldError, FormProblems, Submit, TextField, useForm } from '../../ui/forms.js';

const NAME_MAX = 60;
const VALUE_MAX = 200;

/** Edits the respondent's attributes: change or clear a value (cleared is removed), or add one. */
export function AttributesForm(props: { apiBase: string; respondent: RespondentDetail; onSaved: (r: RespondentDetail) => void }) {
  const r = props.respondent;
  const names = Object.keys(r.attributes).sort();
  const known = useApi<{ data: { name: string; values: string[] }[] }>(`${props.apiBase}/attributes`);
  const others = known.state === 'ready' ? known.data.data.map((a) => a.name).filter((n) => !names.includes(n)) : [];
  const form = useForm(
    async (v) => {
      const problems: FieldError[] = [];
      const attributes: Record<string, string> = {};
      names.forEach((name, i) => {
        const value = v.text(`attr-${i}`);
        if (value.length > VALUE_MAX) problems.push({ field: `attr-${i}`, message: `${name} must be ${VALUE_MAX} characters or fewer` });
        if (value) attributes[name] = value;
      });
      const name = v.text('newName');
      const value = v.text('newValue');
      if (name && !value) problems.push({ field: 'newValue', message: `Enter the value of ${name} for ${r.ref}, for example 25-44` });
      if (value && !name) problems.push({ field: 'newName', message: 'Enter the attribute’s name, for example age band' });
      if (name.length > NAME_MAX)
        problems.push({ field: 'newName', message: `The attribute’s name must be ${NAME_MAX} characters or fewer` });
      if (value.length > VALUE_MAX) problems.push({ field: 'newValue', message: `The value must be ${VALUE_MAX} characters or fewer` });
      if (name && value) attributes[name] = value;
      if (problems.length) throw new FormProblems(problems);
      const { data } = await patch<{ data: RespondentDetail }>(`${props.apiBase}/respondents/${r.id}`, { attributes });
      props.onSaved(data);
    },
    {
      fieldOf: (path) => {
        if (path[0] !== 'attributes') return String(path[0] ?? '');
        const i = names.indexOf(String(path[1] ?? ''));
        return i >= 0 ? `attr-${i}` : 'newName';
      },
    },
  );
  return (
    <form onSubmit={form.onSubmit} noValidate aria-labelledby="attributes-heading">
      <ErrorSummary form={form} />
      <p>
        Attributes describe a respondent in your own terms, such as their age band or role, so that the cross-tab can group respondents by
        them. Clear a value to remove the attribute.
      </p>
      {names.map((name, i) => (
        <TextField key={name} form={form} name={`attr-${i}`} label={name} defaultValue={r.attributes[name]} width="medium" />
      ))}
      <fieldset className="fieldset">
        <legend className="legend">Add an attribute</legend>
        <TextField
          form={form}
          name="newName"
          label="Name"
          hint={
            others.length
              ? `Used for other respondents of this evaluation: ${others.join(', ')}. Use the same name to group them together.`
              : 'For example, age band'
          }
          width="medium"
        />
        <TextField form={form} name="newValue" label="Value" hint="For example, 25-44" width="medium" />
      </fieldset>
      <Submit form={form}>Save attributes</Submit>
    </form>
  );
}

/** Which code families' questions the respondent was asked: unticking one leaves them out of its figures. */
export function AskedForm(props: {
  apiBase: string;
  respondent: RespondentDetail;
  families: CodeFamily[];
  onSaved: (r: RespondentDetail) => void;
}) {
  const r = props.respondent;
  const form = useForm(async (v) => {
    const { data } = await put<{ data: RespondentDetail }>(`${props.apiBase}/respondents/${r.id}/asked`, { families: v.all('asked') });
    props.onSaved(data);
  });
  return (
    <form onSubmit={form.onSubmit} noValidate>
      <ErrorSummary form={form} />
      <Choices
        form={form}
        type="checkbox"
        name="asked"
        label={`Questions ${r.ref} was asked`}
        hint="Untick a question this person was not asked. Its figures then leave them out, rather than count them as not mentioning it."
        options={props.families.map((f) => ({ value: f.key, label: f.label }))}
        checked={props.families.map((f) => f.key).filter((k) => !r.notAsked.includes(k))}
      />
      <Submit form={form}>Save questions asked</Submit>
    </form>
  );
}
