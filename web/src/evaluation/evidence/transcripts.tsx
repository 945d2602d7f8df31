// Evidence: an evaluation's transcripts, newest first, and uploading one (.docx or plain text).
// Respondent-level, so for evaluators and managers only (the API refuses everyone else).
import { useState } from 'react';
import { type EvaluationAnswer, api, qs } from '../../api/index.js';
import { type Found, RespondentPicker } from './coding-parts.js';
import { useApi } from '../../app/data.js';
import { DateField } from '../../ui/date-input.js';
import { ErrorSummary, type FieldError, FormProblems, Submit, TextField, useForm } from '../../ui/forms.js';
import { Link, navigate } from '../../app/router.js';
import { Failed, Loading, Page, Table, formatDate } from '../../ui/index.js';
import { FileField } from '../../ui/upload.js';
import { DOCX, NotForYou, type Transcript, type TranscriptSummary, useEvidencePaths } from './shared.js';

// ---------------------------------------------------------------- the list of transcripts, and uploading one

export function Transcripts({ slug }: { slug: string }) {
  const { apiBase, home, base, trail } = useEvidencePaths(slug);
  const evaluation = useApi<EvaluationAnswer>(apiBase);
  const list = useApi<{ data: TranscriptSummary[] }>(`${apiBase}/transcripts`);
  const people = useApi<{ total: number }>(`${apiBase}/respondent-search?limit=1`);
  const [tookPart, setTookPart] = useState<Found[]>([]);
  const form = useForm(async (v) => {
    const file = v.file('file');
    const problems: FieldError[] = [];
    if (!file) problems.push({ field: 'file', message: 'Choose the transcript file: a Word document (.docx) or plain text (.txt)' });
    else if (file.size > 5 * 1024 * 1024)
      problems.push({ field: 'file', message: 'The file is larger than 5 MB: save the transcript as plain text, or split it into parts' });
    if (problems.length) throw new FormProblems(problems);
    const type = /\.docx$/i.test(file!.name) || file!.type === DOCX ? DOCX : 'text/plain';
    const query = qs({
      filename: file!.name,
      title: v.optional('title'),
      heldOn: v.date('heldOn', 'the date it took place') ?? undefined,
      respondentIds: tookPart.map((r) => r.id).join(',') || undefined,
    });
    const { data } = await api<{ data: Transcript }>(`${apiBase}/transcripts${query}`, { method: 'POST', raw: { body: file!, type } });
    navigate(`${home}/transcripts/${data.id}`);
  });
  if (evaluation.state === 'loading' || list.state === 'loading' || people.state === 'loading') return <Loading what="transcripts" />;
  if (evaluation.state === 'error') return <Failed error={evaluation.error} retry={evaluation.reload} />;
  if (list.state === 'error')
    return list.error.status === 403 ? <NotForYou title="Transcripts" /> : <Failed error={list.error} retry={list.reload} />;
  if (people.state === 'error') return <Failed error={people.error} retry={people.reload} />;
  const e = evaluation.data.data;
  const transcripts = list.data.data;
  return (
    <Page title={`Transcripts – ${e.title}`} heading="Transcripts" caption={e.title} breadcrumbs={trail(e.title)}>
      <p>
        Upload the transcript of an interview or a workshop, then code passages of it for the people who spoke. Each coded passage counts
        that person as having identified the code, in the cross-tab and every analysis.
      </p>
      {transcripts.length === 0 ? (
        <p>There are no transcripts yet.</p>
      ) : (
        <Table caption="Transcripts, newest first" head={['Transcript', 'Held on', 'Who took part', 'Coded passages']}>
          {transcripts.map((t) => (
            <tr key={t.id}>
              <th scope="row">
                <Link href={`${home}/transcripts/${t.id}`}>{t.title}</Link>
              </th>
              <td>{t.heldOn ? formatDate(t.heldOn) : <span className="muted">Not recorded</span>}</td>
              <td>{t.respondents.map((r) => r.ref).join(', ') || <span className="muted">No one named</span>}</td>
              <td>{t.passages}</td>
            </tr>
          ))}
        </Table>
      )}

      <h2 id="upload">Upload a transcript</h2>
      <form onSubmit={form.onSubmit} noValidate aria-labelledby="upload">
        <ErrorSummary form={form} />
        <FileField
          form={form}
          label="Transcript file"
          hint="A Word document (.docx) or plain text (.txt), up to 5 MB. Cairn keeps the text only."
          accept=".docx,.txt,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        />
        <TextField
          form={form}
          name="title"
          label="Title (optional)"
          hint="For example “Riverside workshop, March”. Without one, the file’s name is used."
        />
        <DateField form={form} name="heldOn" label="Date it took place (optional)" />
        {people.data.total > 0 && (
          <RespondentPicker
            apiBase={apiBase}
            name="respondentIds"
            label="Who took part (optional)"
            hint="Respondents with consent given: type part of a reference, group or attribute, then tick each person. Coding a passage for someone adds them too."
            multiple
            chosen={tookPart}
            onChange={setTookPart}
          />
        )}
        <Submit form={form}>Upload transcript</Submit>
      </form>
      <p>
        <Link href={home}>Back to {e.title}</Link> ·{' '}
        <Link href={`${base}/evaluations/${encodeURIComponent(slug)}/crosstab`}>Cross-tabulate the codes</Link>
      </p>
    </Page>
  );
}
