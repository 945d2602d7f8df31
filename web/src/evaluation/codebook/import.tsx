// Codebook: importing a REFI-QDA codebook (.qdc), checked and previewed before anything is saved.
import { useState } from 'react';
import { ApiError, api as call } from '../../api/index.js';
import { ErrorSummary, FormProblems, Submit, TextField, useForm } from '../../ui/forms.js';
import { FileField } from '../../ui/upload.js';
import { useProgramme } from '../../app/programme-frame.js';
import { Link } from '../../app/router.js';
import { NotAllowed, Page, Panel, plural } from '../../ui/index.js';
import { ONLY_EVALUATORS, type ImportResult, useCodebook, useCodebookPaths } from './shared.js';

// ---------------------------------------------------------------- import

function sendQdc(path: string, file: File, family: string) {
  return call<{ data: ImportResult }>(`${path}${family ? `?family=${encodeURIComponent(family)}` : ''}`, {
    method: 'POST',
    // Browsers know no type for .qdc: say it is XML, and let the server read the bytes.
    raw: { body: file, type: 'application/xml' },
  });
}

function ImportSummary({ result, done }: { result: ImportResult; done: boolean }) {
  return (
    <ul className="list">
      {result.family?.created && (
        <li>
          A new code family, {result.family.key}, {done ? 'was' : 'will be'} added.
        </li>
      )}
      {result.families.map((f) => (
        <li key={f.key}>
          {f.label}: {plural(f.added, 'code')} {done ? 'added' : 'to add'}, {plural(f.updated, 'code')} {done ? 'updated' : 'to update'}
          {f.placedBy.length > 0 && <span className="muted"> (from {f.placedBy.join(', ')} in the file)</span>}
        </li>
      ))}
      {result.sets.added + result.sets.updated > 0 && (
        <li>
          Sets of codes (code groups) from the file: {plural(result.sets.added, 'set')} {done ? 'kept' : 'to keep'},{' '}
          {plural(result.sets.updated, 'set')} {done ? 'updated' : 'to update'}. They go back out as they are when the codebook is
          downloaded.
        </li>
      )}
      {result.renumbered.length > 0 && (
        <li>Another evaluation already uses the ids of {result.renumbered.join(', ')}: here they get new ids.</li>
      )}
    </ul>
  );
}

export function ImportCodebook({ slug }: { slug: string }) {
  const { programme } = useProgramme();
  const { apiBase, book, trail } = useCodebookPaths(slug);
  const { gate, evaluation: e, canChange, reload } = useCodebook(slug);
  const [checked, setChecked] = useState<{ file: File; family: string; result: ImportResult } | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);

  const check = useForm(async (v) => {
    const file = v.file('file');
    setDone(null);
    if (!file) throw new FormProblems([{ field: 'file', message: 'Choose a .qdc file to import' }]);
    try {
      const { data } = await sendQdc(`${apiBase}/codebook/import/preview`, file, v.text('family'));
      setChecked({ file, family: v.text('family'), result: data });
    } catch (err) {
      // The file's own problems (malformed, cut short, codes with no family) belong to the file question.
      if (err instanceof ApiError && err.status === 422) {
        const family = err.problem.errors?.some((x) => x.path[0] === 'family');
        throw new FormProblems([{ field: family ? 'family' : 'file', message: err.message }]);
      }
      throw err;
    }
  });
  const confirm = useForm(
    async () => {
      if (!checked) return;
      const { data } = await sendQdc(`${apiBase}/codebook/import`, checked.file, checked.family);
      setDone(data);
      setChecked(null);
      reload();
    },
    { fieldOf: () => '' },
  );

  if (gate || !e) return gate;
  return (
    <Page
      title={`Import a codebook – ${e.title} – ${programme.name}`}
      heading="Import a codebook"
      caption={e.title}
      breadcrumbs={trail(e.title, { href: book, label: 'Codebook' })}
    >
      {!canChange ? (
        <NotAllowed>{ONLY_EVALUATORS}</NotAllowed>
      ) : done ? (
        <>
          <Panel title="Codebook imported">
            <ImportSummary result={done} done />
          </Panel>
          <p>
            <Link href={book}>See the codebook</Link>
          </p>
        </>
      ) : checked ? (
        <form onSubmit={confirm.onSubmit} noValidate>
          <ErrorSummary form={confirm} />
          <h2>What importing {checked.file.name} will do</h2>
          <ImportSummary result={checked.result} done={false} />
          <p>Codes already in the codebook (the same id, or the same name in the same place) are updated, not added twice.</p>
          <div className="button-group">
            <Submit form={confirm}>Import the codebook</Submit>
            <button type="button" className="button secondary" onClick={() => setChecked(null)}>
              Choose a different file
            </button>
          </div>
        </form>
      ) : (
        <form onSubmit={check.onSubmit} noValidate>
          <ErrorSummary form={check} />
          <p>
            Bring in a codebook exported from NVivo, ATLAS.ti, MAXQDA, QualCoder or another Cairn evaluation, as a REFI-QDA codebook (.qdc).
            Codes keep their nesting, descriptions and colours. Nothing is saved until you have seen what the file would add and confirmed.
          </p>
          <FileField form={check} label="Codebook file" hint="A .qdc file, up to 5 MB" accept=".qdc,application/xml,text/xml" />
          <TextField
            form={check}
            name="family"
            label="Family to put the codes in (optional)"
            hint="Leave empty to place each top-level code by its name (Contexts, Mechanisms, …). A new name makes a new family."
            width="medium"
          />
          <Submit form={check}>Check the file</Submit>
        </form>
      )}
    </Page>
  );
}
