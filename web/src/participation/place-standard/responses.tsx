// A survey's responses with their comments, and a group's agreed scores (or a paper form) keyed in by an organiser.
import { useState } from 'react';
import { post } from '../../api/index.js';
import { useApi } from '../../app/data.js';
import { useProgramme } from '../../app/programme-frame.js';
import { Choices, ErrorSummary, SelectField, Submit, TextField, useForm } from '../../ui/forms.js';
import { CappedTable } from '../../ui/table.js';
import { Failed, Loading, Page, formatDate } from '../../ui/index.js';
import { type PlaceResponse, type PlaceSurveyDetail, surveyPath } from './types.js';

const SOURCE_WORDS: Record<PlaceResponse['source'], string> = { online: 'Online', import: 'Imported', organiser: 'Keyed in' };

export function ResponsesPage({ slug }: { slug: string }) {
  const { api, base, crumbs } = useProgramme();
  const path = `${api}/place-surveys/${encodeURIComponent(slug)}`;
  const survey = useApi<{ data: PlaceSurveyDetail; abilities: { update: boolean } }>(path);
  const responses = useApi<{ data: PlaceResponse[] }>(`${path}/responses`);
  if (survey.state === 'loading' || responses.state === 'loading') return <Loading what="responses" />;
  if (survey.state === 'error') return <Failed error={survey.error} retry={survey.reload} />;
  if (responses.state === 'error') return <Failed error={responses.error} retry={responses.reload} />;
  const s = survey.data.data;
  const trail = crumbs({ href: `${base}/place-standard`, label: 'Place Standard' }, { href: surveyPath(base, s.slug), label: s.title });
  const rows = responses.data.data;
  return (
    <Page title={`Responses – ${s.title}`} heading="Responses" caption={s.title} breadcrumbs={trail}>
      <p>
        {rows.length} {rows.length === 1 ? 'response' : 'responses'}, newest first. Scores are in theme order, 1 to 14; a dash is a theme
        not answered. Online responses carry a made-up reference, never a name.
      </p>
      {rows.length > 0 && (
        <CappedTable
          caption="Responses"
          captionHidden
          rows={rows}
          limit={200}
          head={['Reference', 'Locality', 'Wave', 'Who', 'How', 'Scores', 'Received']}
          row={(r) => (
            <tr key={r.id}>
              <td>{r.respondent}</td>
              <td>{r.locality || 'Not given'}</td>
              <td>{r.wave}</td>
              <td>{r.kind === 'group' ? `A group of ${r.groupSize}` : 'One person'}</td>
              <td>{SOURCE_WORDS[r.source]}</td>
              <td className="nowrap">{r.scores.map((x) => (x === null ? '–' : String(x))).join(' ')}</td>
              <td>{formatDate(r.createdAt)}</td>
            </tr>
          )}
          more={(n) => `${n} older responses are not shown here; download the summary for every figure.`}
        />
      )}
      {survey.data.abilities.update && <GroupResponse survey={s} reload={responses.reload} />}
    </Page>
  );
}

function GroupResponse({ survey, reload }: { survey: PlaceSurveyDetail; reload: () => void }) {
  const { api } = useProgramme();
  const [said, setSaid] = useState('');
  const scale = Array.from({ length: survey.scale }, (_, i) => ({ value: String(i + 1), label: String(i + 1) }));
  const form = useForm(
    async (v) => {
      const kind = v.text('kind') === 'individual' ? 'individual' : 'group';
      const groupSize = kind === 'group' ? v.number('groupSize', 'How many people must be a whole number', { whole: true }) : null;
      await post(`${api}/place-surveys/${encodeURIComponent(survey.slug)}/responses`, {
        kind,
        groupSize,
        respondent: v.optional('respondent'),
        locality: v.text('locality'),
        wave: v.optional('wave'),
        scores: survey.themes.map((t) => (v.text(`score-${t.code}`) ? Number(v.text(`score-${t.code}`)) : null)),
      });
      setSaid('Saved the response.');
      reload();
    },
    { fieldOf: (p) => (p[0] === 'scores' && typeof p[1] === 'number' ? `score-${p[1] + 1}` : String(p[0] ?? '')) },
  );
  return (
    <>
      <h2>Add a group’s or a paper response</h2>
      <p>For a session where a group agreed one score a theme, or a paper form someone filled in.</p>
      <form onSubmit={form.onSubmit} noValidate>
        <ErrorSummary form={form} />
        <Choices
          form={form}
          name="kind"
          type="radio"
          label="Whose scores are these?"
          options={[
            { value: 'group', label: 'A group’s agreed scores' },
            { value: 'individual', label: 'One person’s (a paper form)' },
          ]}
          checked={['group']}
        />
        <TextField
          form={form}
          name="groupSize"
          label="How many people were in the group?"
          hint="Only for a group"
          width="short"
          inputMode="numeric"
        />
        <TextField
          form={form}
          name="respondent"
          label="Reference (optional)"
          hint="Never a name. Left blank, Cairn makes one up"
          width="medium"
        />
        {survey.localities.length > 0 ? (
          <SelectField
            form={form}
            name="locality"
            label="Locality"
            options={survey.localities.map((l) => ({ value: l, label: l }))}
            empty="Not given"
          />
        ) : (
          <TextField form={form} name="locality" label="Locality (optional)" width="medium" />
        )}
        <TextField form={form} name="wave" label="Wave" width="short" defaultValue={survey.currentWave} />
        {survey.themes.map((t) => (
          <SelectField
            key={t.code}
            form={form}
            name={`score-${t.code}`}
            label={`${t.code}. ${t.name}`}
            hint={t.question}
            options={scale}
            empty="Not answered"
          />
        ))}
        <Submit form={form}>Save response</Submit>
        <p role="status">{said}</p>
      </form>
    </>
  );
}
