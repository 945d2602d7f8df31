// Paper ballots: each officer keys in what a paper says; the two keyings are compared and only agreeing
// ones (that keep the round's rules) are counted.
import { type PbRoundDetail, post } from '../../api/index.js';
import { useApi } from '../../app/data.js';
import { useProgramme } from '../../app/programme-frame.js';
import { Choices, ErrorSummary, SelectField, Submit, TextField, useForm } from '../../ui/forms.js';
import { Failed, Loading, Page, Table, Tag } from '../../ui/index.js';
import { pbCrumbs, pounds } from './words.js';

type Answer = { data: PbRoundDetail; abilities: { update: boolean } };
type Paper = {
  paperRef: string;
  status: 'waiting' | 'agree' | 'differ' | 'refused' | 'counted';
  locality: string | null;
  keyings: { officer: string; choices: string[] }[];
  differences: { onlyFirst: string[]; onlySecond: string[] } | null;
  problems: string[];
};
const STATUS = {
  waiting: ['Waiting for a second officer', 'grey'],
  agree: ['Both agree: ready to count', 'green'],
  differ: ['The keyings differ', 'red'],
  refused: ['Outside the rules', 'red'],
  counted: ['Counted', 'blue'],
} as const;

export function PaperPage({ slug }: { slug: string }) {
  const { api, base, crumbs } = useProgramme();
  const roundApi = `${api}/pb/rounds/${encodeURIComponent(slug)}`;
  const loaded = useApi<Answer>(roundApi);
  const paper = useApi<{ data: Paper[] }>(`${roundApi}/paper`);
  const keyForm = useForm(async (v) => {
    await post(`${roundApi}/paper`, { paperRef: v.text('paperRef'), locality: v.nullable('locality'), choices: v.all('choices') });
    paper.reload();
  });
  const acceptForm = useForm(async () => {
    await post(`${roundApi}/paper/accept`);
    paper.reload();
    loaded.reload();
  });
  if (loaded.state === 'loading' || paper.state === 'loading') return <Loading what="paper ballots" />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  if (paper.state === 'error') return <Failed error={paper.error} retry={paper.reload} />;
  const { data: round, abilities } = loaded.data;
  const name = new Map(round.proposals.map((p) => [p.ref, p.name]));
  const says = (refs: string[]) => (refs.length ? refs.map((r) => name.get(r) ?? r).join(', ') : 'nothing');
  const ready = paper.data.data.filter((p) => p.status === 'agree').length;
  return (
    <Page title="Paper ballots" breadcrumbs={pbCrumbs(crumbs, base, round)}>
      <p>Two officers key in each paper ballot separately, by its number. A ballot counts once both keyings agree.</p>
      {round.publishedAt === null && (
        <form onSubmit={keyForm.onSubmit} noValidate>
          <h2>Key in a paper ballot</h2>
          <ErrorSummary form={keyForm} />
          <TextField form={keyForm} name="paperRef" label="Number on the paper ballot" width="short" />
          {round.localities.length > 0 && (
            <SelectField
              form={keyForm}
              name="locality"
              label="Locality"
              empty="Choose a locality"
              options={round.localities.map((l) => ({ value: l.name, label: l.name }))}
            />
          )}
          <Choices
            form={keyForm}
            name="choices"
            type="checkbox"
            label="Projects marked on the paper"
            options={round.proposals
              .filter((p) => p.eligibility === 'eligible')
              .map((p) => ({ value: p.ref, label: `${p.name} (${pounds(p.cost)})`, hint: p.locality ?? undefined }))}
          />
          <Submit form={keyForm}>Save this keying</Submit>
        </form>
      )}
      <h2>Keyed so far</h2>
      {paper.data.data.length === 0 ? (
        <p>No paper ballots keyed yet.</p>
      ) : (
        <Table caption="Paper ballots and their keyings" captionHidden head={['Number', 'Keyings', 'Status']}>
          {paper.data.data.map((p) => (
            <tr key={p.paperRef}>
              <td>{p.paperRef}</td>
              <td>
                {p.keyings.map((k) => (
                  <div key={k.officer}>
                    {k.officer}: {says(k.choices)}
                  </div>
                ))}
              </td>
              <td>
                <Tag tone={STATUS[p.status][1]}>{STATUS[p.status][0]}</Tag>
                {p.differences && p.status === 'differ' && (
                  <div>
                    Only the first: {says(p.differences.onlyFirst)}. Only the second: {says(p.differences.onlySecond)}.
                  </div>
                )}
                {p.problems.map((x) => (
                  <div key={x}>{x}</div>
                ))}
              </td>
            </tr>
          ))}
        </Table>
      )}
      {abilities.update && round.publishedAt === null && (
        <form onSubmit={acceptForm.onSubmit} noValidate>
          <ErrorSummary form={acceptForm} />
          <p>{ready} paper ballots are ready to count.</p>
          <Submit form={acceptForm}>Count the agreed paper ballots</Submit>
        </form>
      )}
    </Page>
  );
}
