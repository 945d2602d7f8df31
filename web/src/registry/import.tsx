// Registry import: choose a spreadsheet, see what it would add and match (or every row that is wrong),
// then confirm. Nothing is written until the person confirms, and then all of it or none of it.
import { type ReactNode, useState } from 'react';
import { ApiError, type ImportPlan, api as call } from '../api/index.js';
import { ErrorSummary, FormProblems, Submit, useForm } from '../ui/forms.js';
import { useProgramme } from '../app/programme-frame.js';
import { Link } from '../app/router.js';
import { CappedTable } from '../ui/table.js';
import { FileField, SPREADSHEET_ACCEPT, spreadsheetType } from '../ui/upload.js';
import { NotAllowed, Page, Panel, plural } from '../ui/index.js';
import { RegistryDownloads } from './downloads.js';

const SHOW = 100;

interface RowProblem {
  row: number;
  field: string;
  message: string;
}

const COLUMN_WORDS: Record<string, string> = {
  partnership: 'partnership',
  place: 'place',
  region: 'region',
  nation: 'nation',
  lead_organisation: 'lead_organisation',
  organisation_type: 'organisation_type',
  row: 'whole row',
};

function send(path: string, file: File) {
  return call<{ data: ImportPlan }>(`${path}?filename=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    raw: { body: file, type: spreadsheetType(file) },
  });
}

/** A 422 from the importer names rows as ['rows', 12, 'nation']: list those in a table of their own. */
function rowProblemsOf(err: unknown): RowProblem[] {
  if (!(err instanceof ApiError)) return [];
  return (err.problem.errors ?? [])
    .filter((e) => e.path[0] === 'rows' && typeof e.path[1] === 'number')
    .map((e) => ({ row: e.path[1] as number, field: String(e.path[2] ?? 'row'), message: e.message }));
}

export function ImportPage() {
  const { programme, api, base, crumbs, abilities, reload } = useProgramme();
  const [file, setFile] = useState<File | null>(null);
  const [plan, setPlan] = useState<ImportPlan | null>(null);
  const [done, setDone] = useState<ImportPlan | null>(null);
  const [rowProblems, setRowProblems] = useState<RowProblem[]>([]);

  const fail = (err: unknown): never => {
    const rows = rowProblemsOf(err);
    setRowProblems(rows);
    if (rows.length && err instanceof ApiError) throw new FormProblems([{ field: 'file', message: err.message }]);
    if (err instanceof ApiError && !err.problem.errors?.length && err.status === 422)
      throw new FormProblems([{ field: 'file', message: err.message }]);
    throw err;
  };

  const check = useForm(async (v) => {
    const chosen = v.file('file');
    setPlan(null);
    setDone(null);
    setRowProblems([]);
    if (!chosen) throw new FormProblems([{ field: 'file', message: 'Choose a spreadsheet to import (.csv or .xlsx)' }]);
    try {
      const { data } = await send(`${api}/registry-import/preview`, chosen);
      setFile(chosen);
      setPlan(data);
    } catch (err) {
      fail(err);
    }
  });

  const confirm = useForm(async () => {
    if (!file) return;
    try {
      const { data } = await send(`${api}/registry-import`, file);
      setDone(data);
      setPlan(null);
      reload();
    } catch (err) {
      try {
        fail(err);
      } catch (problem) {
        // The file question is not on screen at this step: say what is wrong without a link to it.
        if (problem instanceof FormProblems) throw new FormProblems(problem.errors.map((e) => ({ ...e, field: '' })));
        throw problem;
      }
    }
  });

  const title = `Import partnerships – ${programme.name}`;
  if (!abilities.manageRegistry) {
    return (
      <Page title={title} heading="Import partnerships from a spreadsheet" breadcrumbs={crumbs()}>
        <NotAllowed>Only programme managers can import into the registry.</NotAllowed>
      </Page>
    );
  }
  return (
    <Page
      title={title}
      heading="Import partnerships from a spreadsheet"
      caption={programme.name}
      breadcrumbs={crumbs({ href: `${base}/partnerships`, label: 'Partnerships' })}
    >
      {done && (
        <Panel title="Import complete">
          <p>
            Added {plural(done.creates.partnerships.length, 'partnership')}, {plural(done.creates.places.length, 'place')} and{' '}
            {plural(done.creates.organisations.length, 'organisation')}
            {done.matches.partnerships.length
              ? `; ${plural(done.matches.partnerships.length, 'partnership')} ${done.matches.partnerships.length === 1 ? 'was' : 'were'} already in Cairn`
              : ''}
            .
          </p>
          <p>
            <Link href={`${base}/partnerships`}>See the partnerships</Link>
          </p>
        </Panel>
      )}
      {!plan && (
        <>
          <p>
            Cairn reads the first sheet. It needs a heading row with these columns; partnership and place must be filled in on every row:
          </p>
          <p className="code">partnership, place, region, nation, lead_organisation, organisation_type</p>
          <RegistryDownloads api={api} template />
          <p>
            Nothing is saved until you have checked what the file would add and confirmed. Names that are already in the programme are
            matched, not added twice.
          </p>
          <form onSubmit={check.onSubmit} noValidate>
            <ErrorSummary form={check} />
            <FileField form={check} label="Spreadsheet" hint="A .csv or .xlsx file, up to 10,000 rows" accept={SPREADSHEET_ACCEPT} />
            <Submit form={check}>Check the file</Submit>
          </form>
        </>
      )}
      {rowProblems.length > 0 && <RowProblems problems={rowProblems} />}
      {plan && file && (
        <>
          <h2>What importing {file.name} will do</h2>
          <Preview plan={plan} />
          {plan.changes === 0 ? (
            <Panel title="Nothing to import">
              <p>Every row of {file.name} is already in Cairn as the file has it, so importing it would change nothing.</p>
              <p>
                <button
                  type="button"
                  className="button secondary"
                  onClick={() => {
                    setPlan(null);
                    setFile(null);
                  }}
                >
                  Choose a different file
                </button>
              </p>
            </Panel>
          ) : (
            <form onSubmit={confirm.onSubmit} noValidate>
              <ErrorSummary form={confirm} />
              <div className="button-group">
                <Submit form={confirm}>Import: {whatChanges(plan)}</Submit>
                <button
                  type="button"
                  className="button secondary"
                  onClick={() => {
                    setPlan(null);
                    setFile(null);
                  }}
                >
                  Choose a different file
                </button>
              </div>
            </form>
          )}
        </>
      )}
    </Page>
  );
}

/** "3 new partnerships, 1 partnership filled in, 2 new places": what confirming would do. */
function whatChanges(plan: ImportPlan): string {
  const filled = plan.matches.partnerships.filter((m) => m.setPlace || m.setLeadOrganisation).length;
  return [
    plan.creates.partnerships.length ? plural(plan.creates.partnerships.length, 'new partnership') : '',
    filled ? `${plural(filled, 'partnership')} filled in` : '',
    plan.creates.places.length ? plural(plan.creates.places.length, 'new place') : '',
    plan.creates.organisations.length ? plural(plan.creates.organisations.length, 'new organisation') : '',
  ]
    .filter(Boolean)
    .join(', ');
}

function RowProblems({ problems }: { problems: RowProblem[] }) {
  return (
    <>
      <h2>Problems to fix in the spreadsheet</h2>
      <p>Rows are numbered as in the spreadsheet: the heading row is row 1.</p>
      <CappedTable
        rows={problems}
        limit={500}
        caption="Problems, by row"
        captionHidden
        head={['Row', 'Column', 'Problem']}
        row={(p, i) => (
          <tr key={i}>
            <th scope="row">{p.row}</th>
            <td>{COLUMN_WORDS[p.field] ?? p.field}</td>
            <td>{p.message}</td>
          </tr>
        )}
        more={(n) => <>And {plural(n, 'more problem')}.</>}
      />
    </>
  );
}

function Capped<T>({ rows, caption, head, cells }: { rows: T[]; caption: string; head: string[]; cells: (r: T) => ReactNode[] }) {
  if (!rows.length) return null;
  return (
    <CappedTable
      rows={rows}
      limit={SHOW}
      caption={`${caption} (${rows.length.toLocaleString('en-GB')})`}
      head={head}
      row={(r, i) => {
        const [first, ...rest] = cells(r);
        return (
          <tr key={i}>
            <th scope="row">{first}</th>
            {rest.map((c, j) => (
              <td key={j}>{c}</td>
            ))}
          </tr>
        );
      }}
      more={(n) => <>And {n} more.</>}
    />
  );
}

function Preview({ plan }: { plan: ImportPlan }) {
  const { creates, matches, warnings } = plan;
  return (
    <>
      <ul className="list">
        <li>{plural(plan.rows, 'row')} read</li>
        <li>
          {plural(creates.partnerships.length, 'new partnership')}, {plural(creates.places.length, 'new place')},{' '}
          {plural(creates.organisations.length, 'new organisation')}
        </li>
        <li>
          Already in Cairn: {plural(matches.partnerships.length, 'partnership')}, {plural(matches.places.length, 'place')},{' '}
          {plural(matches.organisations.length, 'organisation')}
        </li>
      </ul>
      <Capped
        rows={creates.partnerships}
        caption="Partnerships to add"
        head={['Partnership', 'Place', 'Lead organisation']}
        cells={(p) => [p.name, p.place, p.leadOrganisation ?? '']}
      />
      <Capped
        rows={creates.places}
        caption="Places to add"
        head={['Place', 'Region', 'Nation']}
        cells={(p) => [p.name, p.region, p.nation ?? '']}
      />
      <Capped rows={creates.organisations} caption="Organisations to add" head={['Organisation', 'Type']} cells={(o) => [o.name, o.type]} />
      <Capped
        rows={matches.partnerships}
        caption="Partnerships already in Cairn"
        head={['Partnership', 'What the import does']}
        cells={(p) => [
          p.name,
          [p.setPlace ? `place: ${p.setPlace}` : '', p.setLeadOrganisation ? `lead organisation: ${p.setLeadOrganisation}` : '']
            .filter(Boolean)
            .join('; ') || 'Unchanged',
        ]}
      />
      <Capped rows={matches.places} caption="Places already in Cairn" head={['Place']} cells={(p) => [p.name]} />
      <Capped rows={matches.organisations} caption="Organisations already in Cairn" head={['Organisation']} cells={(o) => [o.name]} />
      {warnings.length > 0 && (
        <Capped
          rows={warnings}
          caption="Things to know (they do not stop the import)"
          head={['Row', 'Column', 'Note']}
          cells={(w) => [w.row, COLUMN_WORDS[w.field] ?? w.field, w.message]}
        />
      )}
    </>
  );
}
