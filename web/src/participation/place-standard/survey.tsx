// One Place Standard survey: its link for residents, opening and closing it, its settings, and how many
// have answered in each locality and wave.
import { useState } from 'react';
import { patch } from '../../api/index.js';
import { useApi } from '../../app/data.js';
import { useProgramme } from '../../app/programme-frame.js';
import { Link } from '../../app/router.js';
import { CopyLink } from '../../ui/copy-link.js';
import { ErrorSummary, Submit, TextArea, TextField, useForm } from '../../ui/forms.js';
import { Failed, Loading, NotAllowed, Page, SummaryList, Table, Tag } from '../../ui/index.js';
import { linesOf } from './surveys.js';
import { type PlaceSurveyDetail, STATUS_WORDS, surveyPath } from './types.js';

type Answer = { data: PlaceSurveyDetail; abilities: { update: boolean } };

export function SurveyPage({ slug }: { slug: string }) {
  const { programme, api, base, crumbs } = useProgramme();
  const loaded = useApi<Answer>(`${api}/place-surveys/${encodeURIComponent(slug)}`);
  if (loaded.state === 'loading') return <Loading what="survey" />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const { data: s, abilities } = loaded.data;
  const here = surveyPath(base, s.slug);
  const file = `/api/v1${api}/place-surveys/${encodeURIComponent(s.slug)}/summary.csv`;
  return (
    <Page
      title={`${s.title} – ${programme.name}`}
      heading={s.title}
      caption="Place Standard"
      breadcrumbs={crumbs({ href: `${base}/place-standard`, label: 'Place Standard' })}
    >
      {s.illustrative && (
        <p className="inset">
          <Tag tone="purple">Illustrative</Tag> Demonstration data: made-up answers that show how the Place Standard works in Cairn, not a
          real survey.
        </p>
      )}
      <SummaryList
        rows={[
          ['Who it is for', `${s.versionName} (scored 1 to ${s.scale})`],
          ['Status', STATUS_WORDS[s.status]],
          ['Wave residents answer in', s.currentWave],
          ['Localities', s.localities.join(', ')],
          ['Smallest group shown', `${s.threshold} respondents`],
        ]}
      />
      <ul className="actions">
        <li>
          <Link href={`${here}/compass`}>See the compass</Link>
        </li>
        <li>
          <Link href={`${here}/responses`}>Responses and comments</Link>
        </li>
        <li>
          <a href={file} download>
            Download the summary (CSV)
          </a>
        </li>
      </ul>

      <h2>Link for residents</h2>
      {s.status === 'open' ? (
        <>
          <p>
            Residents answer on their phone or computer without an account. Share this link, or print it as a QR code on posters and cards.
          </p>
          <CopyLink id="survey-link" label="Survey link" link={`${window.location.origin}${s.link}`} />
        </>
      ) : (
        <p>The link works only while the survey is open.{s.status === 'draft' ? ' Open it when you are ready for answers.' : ''}</p>
      )}
      {abilities.update ? (
        <OpenClose survey={s} reload={loaded.reload} />
      ) : (
        <NotAllowed>Programme managers and facilitators open and close surveys.</NotAllowed>
      )}

      <h2>Responses by locality and wave</h2>
      {s.groups.length === 0 ? (
        <p>No responses yet.</p>
      ) : (
        <Table caption="Responses by locality and wave" captionHidden head={['Locality', 'Wave', 'Responses', 'On the compass']}>
          {s.groups.map((g) => (
            <tr key={`${g.locality}|${g.wave}`}>
              <td>{g.locality || <span className="muted">Not given</span>}</td>
              <td>{g.wave}</td>
              <td className="numeric">{g.responses}</td>
              <td>{g.charted ? 'Yes' : `No: fewer than ${s.threshold}`}</td>
            </tr>
          ))}
        </Table>
      )}
      <p>
        To import scores from a spreadsheet, use the command line:{' '}
        <code className="code">
          cairn placestandard import scores.csv --programme {programme.slug} --survey {s.slug}
        </code>
      </p>
      {abilities.update && <Settings survey={s} reload={loaded.reload} />}
    </Page>
  );
}

function OpenClose({ survey, reload }: { survey: PlaceSurveyDetail; reload: () => void }) {
  const { api } = useProgramme();
  const [said, setSaid] = useState('');
  const next = survey.status === 'open' ? 'closed' : 'open';
  const form = useForm(async () => {
    await patch(`${api}/place-surveys/${encodeURIComponent(survey.slug)}`, { status: next });
    setSaid(next === 'open' ? 'The survey is open: residents can answer.' : 'The survey is closed: residents can no longer answer.');
    reload();
  });
  return (
    <form onSubmit={form.onSubmit} noValidate>
      <ErrorSummary form={form} />
      <Submit form={form}>{next === 'open' ? 'Open the survey' : 'Close the survey'}</Submit>
      <p role="status">{said}</p>
    </form>
  );
}

function Settings({ survey, reload }: { survey: PlaceSurveyDetail; reload: () => void }) {
  const { api } = useProgramme();
  const [saved, setSaved] = useState('');
  const form = useForm(async (v) => {
    const threshold = v.number('threshold', 'The smallest group to show must be a whole number', { whole: true });
    await patch(`${api}/place-surveys/${encodeURIComponent(survey.slug)}`, {
      title: v.text('title'),
      currentWave: v.text('currentWave'),
      localities: linesOf(v.text('localities')),
      ...(threshold !== null ? { threshold } : {}),
    });
    setSaved('Saved the survey’s settings.');
    reload();
  });
  return (
    <>
      <h2>Settings</h2>
      <form onSubmit={form.onSubmit} noValidate>
        <ErrorSummary form={form} />
        <TextField form={form} name="title" label="Title" defaultValue={survey.title} />
        <TextField
          form={form}
          name="currentWave"
          label="Wave residents answer in"
          hint="Change it when you run the survey again; earlier waves keep their answers"
          width="short"
          defaultValue={survey.currentWave}
        />
        <TextArea form={form} name="localities" label="Localities (one a line)" rows={4} defaultValue={survey.localities.join('\n')} />
        <TextField
          form={form}
          name="threshold"
          label="Smallest group to show"
          width="short"
          inputMode="numeric"
          defaultValue={String(survey.threshold)}
        />
        <Submit form={form}>Save settings</Submit>
        <p role="status">{saved}</p>
      </form>
    </>
  );
}
