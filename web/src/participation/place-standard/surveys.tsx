// Place Standard surveys of a programme: the list, and setting one up (managers and facilitators).
import { post } from '../../api/index.js';
import { useApi } from '../../app/data.js';
import { useProgramme } from '../../app/programme-frame.js';
import { Link, navigate } from '../../app/router.js';
import { Choices, ErrorSummary, Submit, TextArea, TextField, useForm } from '../../ui/forms.js';
import { ButtonLink, Failed, Loading, NotAllowed, Page, Table, Tag } from '../../ui/index.js';
import { type PlaceSurveyItem, STATUS_WORDS, VERSION_OPTIONS, surveyPath } from './types.js';

export function SurveyList() {
  const { programme, api, base, crumbs } = useProgramme();
  const loaded = useApi<{ data: PlaceSurveyItem[]; abilities: { create: boolean } }>(`${api}/place-surveys`);
  if (loaded.state === 'loading') return <Loading what="surveys" />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const { data, abilities } = loaded.data;
  return (
    <Page title={`Place Standard – ${programme.name}`} heading="Place Standard" caption={programme.name} breadcrumbs={crumbs()}>
      <p>
        Residents score 14 themes of their place from 1 (a lot of room for improvement) to 7 (very little), and say what is good and what
        could be better. Each survey is one version – adults, young people or children – so their scores are never mixed.
      </p>
      {abilities.create ? (
        <ButtonLink href={`${base}/place-standard/new`}>Set up a survey</ButtonLink>
      ) : (
        <NotAllowed>Programme managers and facilitators set up surveys.</NotAllowed>
      )}
      {data.length === 0 ? (
        <p>There are no Place Standard surveys yet.</p>
      ) : (
        <Table caption="Surveys" captionHidden head={['Survey', 'Version', 'Status', 'Responses']}>
          {data.map((s) => (
            <tr key={s.id}>
              <td>
                <Link href={surveyPath(base, s.slug)}>{s.title}</Link>
                {s.illustrative && (
                  <>
                    {' '}
                    <Tag tone="purple">Illustrative</Tag>
                  </>
                )}
              </td>
              <td>{s.versionName}</td>
              <td>{STATUS_WORDS[s.status]}</td>
              <td className="numeric">{s.responses}</td>
            </tr>
          ))}
        </Table>
      )}
    </Page>
  );
}

/** Localities typed one a line. */
export const linesOf = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

export function SurveyForm() {
  const { api, base, crumbs } = useProgramme();
  const form = useForm(async (v) => {
    const threshold = v.number('threshold', 'The smallest group to show must be a whole number', { whole: true });
    const { data } = await post<{ data: { slug: string } }>(`${api}/place-surveys`, {
      title: v.text('title'),
      slug: v.text('slug'),
      version: v.text('version') || undefined,
      threshold: threshold ?? undefined,
      currentWave: v.text('currentWave') || undefined,
      localities: linesOf(v.text('localities')),
    });
    navigate(surveyPath(base, data.slug));
  });
  return (
    <Page title="Set up a Place Standard survey" breadcrumbs={crumbs({ href: `${base}/place-standard`, label: 'Place Standard' })}>
      <form onSubmit={form.onSubmit} noValidate>
        <ErrorSummary form={form} />
        <TextField form={form} name="title" label="Title" hint="What residents see, for example Our Place, Our Future" />
        <TextField
          form={form}
          name="slug"
          label="Short name"
          hint="For the survey’s link and the command line: lower-case letters, digits and hyphens, for example our-place-2025"
          width="medium"
        />
        <Choices form={form} name="version" type="radio" label="Who is it for?" options={VERSION_OPTIONS} checked={['adult']} />
        <TextField
          form={form}
          name="currentWave"
          label="Wave"
          hint="Online answers are filed under this wave. Change it when you run the survey again, for example 2 or 2026"
          width="short"
          defaultValue="1"
        />
        <TextArea
          form={form}
          name="localities"
          label="Localities residents can choose (optional)"
          hint="One a line, for example Greenock. Residents may also choose not to say"
          rows={4}
        />
        <TextField
          form={form}
          name="threshold"
          label="Smallest group to show"
          hint="A locality and wave with fewer respondents shows counts only: no scores and no compass. Usually 5"
          width="short"
          defaultValue="5"
          inputMode="numeric"
        />
        <Submit form={form}>Set up survey</Submit>
      </form>
    </Page>
  );
}
