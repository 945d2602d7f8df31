// The programme's participatory budgeting rounds, setting one up, and making one from a Pabulib file.
import { type PbRound, api as call, post } from '../../api/index.js';
import { useApi } from '../../app/data.js';
import { useProgramme } from '../../app/programme-frame.js';
import { navigate } from '../../app/router.js';
import { Choices, ErrorSummary, SelectField, Submit, TextArea, TextField, useForm } from '../../ui/forms.js';
import { ButtonLink, Failed, Loading, NotAllowed, Page, Table } from '../../ui/index.js';
import { RULE_WORDS, STAGE_WORDS, pbCrumbs, pounds } from './words.js';

type Answer = { data: PbRound[]; abilities: { create: boolean } };

export function Rounds() {
  const { api, base, crumbs } = useProgramme();
  const loaded = useApi<Answer>(`${api}/pb/rounds`);
  const title = 'Participatory budgeting';
  if (loaded.state === 'loading') return <Loading what="rounds" />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const { data, abilities } = loaded.data;
  return (
    <Page title={title} breadcrumbs={crumbs()}>
      <p>
        Rounds in which residents decide how money is spent: by voting with a code on their phone or on paper, or through a resident panel.
      </p>
      {abilities.create && <ButtonLink href={`${base}/pb/new`}>Set up a round</ButtonLink>}
      {data.length === 0 ? (
        <p>There are no rounds yet.</p>
      ) : (
        <Table caption="Rounds" head={['Round', 'Budget', 'Stage', 'Counted by']}>
          {data.map((r) => (
            <tr key={r.id}>
              <td>
                <a href={`${base}/pb/${encodeURIComponent(r.slug)}`}>{r.name}</a>
                {r.provenance === 'illustrative' && <span className="muted"> (illustrative)</span>}
              </td>
              <td className="numeric">{pounds(r.budget)}</td>
              <td>{STAGE_WORDS[r.stage]}</td>
              <td>{r.mode === 'panel' ? 'A resident panel' : RULE_WORDS[r.rule]}</td>
            </tr>
          ))}
        </Table>
      )}
      {abilities.create && <ImportPb />}
    </Page>
  );
}

function ImportPb() {
  const { api, base } = useProgramme();
  const form = useForm(
    async (v) => {
      const file = v.file('file');
      const slug = v.text('round');
      if (!file) v.problems.push({ field: 'file', message: 'Choose a .pb file' });
      if (!slug) v.problems.push({ field: 'round', message: 'Enter a short name for the new round' });
      if (!file || !slug) throw new Error('form');
      await call(`${api}/pb/import?round=${encodeURIComponent(slug)}`, { method: 'POST', raw: { body: file, type: 'text/plain' } });
      navigate(`${base}/pb/${encodeURIComponent(slug)}`);
    },
    { fieldOf: () => 'file' },
  );
  return (
    <form onSubmit={form.onSubmit} noValidate>
      <h2>Make a round from a Pabulib file</h2>
      <ErrorSummary form={form} />
      <TextField
        form={form}
        name="round"
        label="Short name for the new round"
        hint="Lower-case letters, numbers and hyphens, such as wee-grants-2026"
        width="medium"
      />
      <div className="form-group">
        <label className="label" htmlFor="f-file">
          Pabulib file (.pb)
        </label>
        <input id="f-file" name="file" type="file" accept=".pb,text/plain" />
      </div>
      <Submit form={form}>Import the file</Submit>
    </form>
  );
}

export function NewRound() {
  const { api, base, crumbs, abilities } = useProgramme();
  const form = useForm(async (v) => {
    const localities = v
      .text('localities')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((line) => {
        const [name, budget] = line.split(':').map((s) => s.trim());
        return { name: name ?? '', budget: Number((budget ?? '').replace(/[£,]/g, '')) };
      });
    if (localities.some((l) => !l.name || !Number.isInteger(l.budget)))
      v.problems.push({ field: 'localities', message: 'Write each locality as its name, a colon and its budget, such as Rural: 4000' });
    const body = {
      slug: v.text('slug'),
      name: v.text('name'),
      description: v.text('description'),
      budget: v.number('budget', 'Enter the budget as a whole number of pounds', { whole: true }),
      localities,
      mode: v.text('mode'),
      rule: v.text('rule'),
      ballotKind: v.text('ballotKind'),
      minProjects: v.number('minProjects', 'Enter a whole number', { whole: true }) ?? 1,
      maxProjects: v.number('maxProjects', 'Enter a whole number', { whole: true }),
      minSpendPercent: v.number('minSpendPercent', 'Enter a whole number of per cent', { whole: true }) ?? 0,
      eligiblePopulation: v.number('eligiblePopulation', 'Enter a whole number of people', { whole: true }),
      councilBudget: v.number('councilBudget', 'Enter a whole number of pounds', { whole: true }),
    };
    if (v.problems.length) throw new Error('form');
    await post(`${api}/pb/rounds`, body);
    navigate(`${base}/pb/${encodeURIComponent(body.slug)}`);
  });
  const title = 'Set up a round';
  if (!abilities.update) {
    return (
      <Page title={title} breadcrumbs={pbCrumbs(crumbs, base)}>
        <NotAllowed>Only programme managers can set up rounds.</NotAllowed>
      </Page>
    );
  }
  return (
    <Page title={title} breadcrumbs={pbCrumbs(crumbs, base)}>
      <form onSubmit={form.onSubmit} noValidate>
        <ErrorSummary form={form} />
        <TextField form={form} name="name" label="Name" hint="As residents will see it, such as Small grants 2026" />
        <TextField
          form={form}
          name="slug"
          label="Short name"
          hint="Used in the voting address: lower-case letters, numbers and hyphens"
          width="medium"
        />
        <TextArea form={form} name="description" label="What the money is for (optional)" rows={3} />
        <TextField form={form} name="budget" label="Budget" prefix="£" inputMode="numeric" width="medium" />
        <TextArea
          form={form}
          name="localities"
          label="Localities with budgets of their own (optional)"
          hint="One a line: the name, a colon, its budget. For example Urban: 6000"
          rows={3}
        />
        <Choices
          form={form}
          name="mode"
          type="radio"
          label="Who decides"
          checked={['vote']}
          options={[
            { value: 'vote', label: 'Residents vote' },
            { value: 'panel', label: 'A resident panel' },
          ]}
        />
        <SelectField
          form={form}
          name="rule"
          label="Counting rule"
          defaultValue="equal-shares"
          options={Object.entries(RULE_WORDS).map(([value, label]) => ({ value, label }))}
        />
        <Choices
          form={form}
          name="ballotKind"
          type="radio"
          label="Ballot"
          checked={['approval']}
          options={[
            { value: 'approval', label: 'Approval: choose the projects you support' },
            { value: 'knapsack', label: 'Knapsack: choose projects that fit within the budget' },
          ]}
        />
        <TextField
          form={form}
          name="minProjects"
          label="Least number of projects a voter chooses"
          defaultValue="1"
          inputMode="numeric"
          width="short"
        />
        <TextField form={form} name="maxProjects" label="Most projects a voter chooses (optional)" inputMode="numeric" width="short" />
        <TextField
          form={form}
          name="minSpendPercent"
          label="Knapsack: least share of the budget a ballot must spend, in per cent (optional)"
          inputMode="numeric"
          width="short"
        />
        <TextField
          form={form}
          name="eligiblePopulation"
          label="How many people may vote (optional)"
          hint="For turnout"
          inputMode="numeric"
          width="medium"
        />
        <TextField
          form={form}
          name="councilBudget"
          label="The council’s whole budget (optional)"
          hint="To show this round’s share against the aim of 1%"
          prefix="£"
          inputMode="numeric"
          width="medium"
        />
        <Submit form={form}>Set up the round</Submit>
      </form>
    </Page>
  );
}
