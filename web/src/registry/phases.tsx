// Registry: adding or changing a programme's phase, and recording a partnership's progression through a phase.
import { type PartnershipRow, patch, post, put } from '../api/index.js';
import { DateField } from '../ui/date-input.js';
import { Choices, ErrorSummary, type FieldError, FormProblems, Submit, TextArea, TextField, useForm } from '../ui/forms.js';
import { useProgramme } from '../app/programme-frame.js';
import { RefSelect } from '../ui/refs.js';
import { navigate } from '../app/router.js';
import { NotAllowed, Page } from '../ui/index.js';
import { phaseTitle } from './words.js';

export function PhaseForm({ id }: { id?: string }) {
  const { programme, api, base, crumbs, abilities, reload } = useProgramme();
  const phase = id ? programme.phases.find((p) => p.id === id) : undefined;
  const form = useForm(async (v) => {
    // Sent even when the page sees a mistake, so the server's problems come back with the page's, at once.
    const number = v.number('number', 'Phase number must be a whole number, like 1 or 2', { whole: true });
    if (number === null) v.problems.push({ field: 'number', message: 'Enter the phase number' });
    const body = {
      number: number ?? ('' as unknown as number),
      name: v.text('name'),
      startsOn: v.date('startsOn', 'the start date'),
      endsOn: v.date('endsOn', 'the end date'),
    };
    if (phase) await patch(`${api}/phases/${phase.id}`, body);
    else await post(`${api}/phases`, body);
    reload();
    navigate(base);
  });
  const title = phase ? `Change phase ${phase.number}` : 'Add a phase';
  if (id && !phase) {
    return (
      <Page title="Phase not found" breadcrumbs={crumbs()}>
        <p>This programme has no such phase.</p>
      </Page>
    );
  }
  return (
    <Page title={title} caption={programme.name} breadcrumbs={crumbs()}>
      {!abilities.update ? (
        <NotAllowed>Only programme managers can add or change phases.</NotAllowed>
      ) : (
        <form onSubmit={form.onSubmit} noValidate>
          <ErrorSummary form={form} />
          <TextField
            form={form}
            name="number"
            label="Phase number"
            hint="Phases run in this order: 1, 2, 3…"
            width="short"
            inputMode="numeric"
            defaultValue={phase?.number}
          />
          <TextField form={form} name="name" label="Phase name" hint="For example Development or Delivery" defaultValue={phase?.name} />
          <DateField form={form} name="startsOn" label="Starts on (optional)" defaultValue={phase?.startsOn} />
          <DateField form={form} name="endsOn" label="Ends on (optional)" defaultValue={phase?.endsOn} />
          <Submit form={form}>{phase ? 'Save changes' : 'Add phase'}</Submit>
        </form>
      )}
    </Page>
  );
}

export function ProgressionForm({ phaseId }: { phaseId: string }) {
  const { programme, api, base, crumbs, abilities, reload } = useProgramme();
  const phase = programme.phases.find((p) => p.id === phaseId);
  const form = useForm(async (v) => {
    const partnershipId = v.text('partnershipId');
    const answer = v.text('progressed');
    const problems: FieldError[] = [];
    if (!partnershipId) problems.push({ field: 'partnershipId', message: 'Choose the partnership' });
    if (!answer) problems.push({ field: 'progressed', message: 'Say whether the partnership went on to the next phase' });
    if (problems.length) throw new FormProblems(problems);
    // What was recorded when the page loaded, if anything: someone else's record since is a conflict, not overwritten.
    const loaded = phase?.progressions.find((g) => g.partnershipId === partnershipId);
    await put(
      `${api}/phases/${phaseId}/progressions/${partnershipId}`,
      { progressed: answer === 'yes', reason: v.text('reason') },
      loaded?.version,
    );
    reload();
    navigate(base);
  });
  if (!phase) {
    return (
      <Page title="Phase not found" breadcrumbs={crumbs()}>
        <p>This programme has no such phase.</p>
      </Page>
    );
  }
  return (
    <Page
      title={`Progression from phase ${phase.number}`}
      heading={`Did a partnership go on from phase ${phase.number}?`}
      caption={phaseTitle(phase)}
      breadcrumbs={crumbs()}
    >
      {!abilities.update ? (
        <NotAllowed>Only programme managers can record progressions.</NotAllowed>
      ) : (
        <form onSubmit={form.onSubmit} noValidate>
          <ErrorSummary form={form} />
          <RefSelect<PartnershipRow>
            form={form}
            name="partnershipId"
            label="Partnership"
            api={`${api}/partnerships`}
            labelOf={(r) => r.name}
            empty="Choose a partnership"
          />
          <Choices
            form={form}
            type="radio"
            name="progressed"
            label="Did it go on to the next phase?"
            inline
            options={[
              { value: 'yes', label: 'Yes' },
              { value: 'no', label: 'No' },
            ]}
          />
          <TextArea
            form={form}
            name="reason"
            label="Reason"
            hint="Needed when it did not go on: what the panel or the partnership decided, and why."
            rows={3}
          />
          <Submit form={form}>Save</Submit>
        </form>
      )}
    </Page>
  );
}
