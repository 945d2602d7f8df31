// Returns import: what importing the file would do (the preview), what it did, and the problems a 422 lists.
import { type ReactNode, useEffect, useRef } from 'react';
import { ApiError, type FieldProblem, type ReturnsImportResult, qs } from '../api/index.js';
import { useProgramme } from '../app/programme-frame.js';
import { Link } from '../app/router.js';
import { Panel, SummaryList, Table, Tag, formatDate, plural } from '../ui/index.js';
import { StatusTag } from './words.js';
import { CappedTable } from '../ui/table.js';

/** Rows shown in the preview and problems listed; a 20,000-row file would otherwise make a page no phone can hold. */
const SHOW_ROWS = 200;
const SHOW_PROBLEMS = 500;
// ---------------------------------------------------------------- the problems a 422 lists

export interface Problems {
  columns: { column: string; message: string }[];
  rows: { row: number; column: string; message: string }[];
  /** Anything else the answer names (the period, or the file as a whole). */
  other: FieldProblem[];
}
export const NO_PROBLEMS: Problems = { columns: [], rows: [], other: [] };

export function problemsIn(err: unknown): Problems {
  if (!(err instanceof ApiError)) return NO_PROBLEMS;
  const out: Problems = { columns: [], rows: [], other: [] };
  for (const e of err.problem.errors ?? []) {
    if (e.path[0] === 'columns') out.columns.push({ column: String(e.path[1] ?? ''), message: e.message });
    else if (e.path[0] === 'rows' && typeof e.path[1] === 'number')
      out.rows.push({ row: e.path[1], column: e.path[2] === undefined ? 'whole row' : String(e.path[2]), message: e.message });
    else out.other.push(e);
  }
  return out;
}

export function ProblemTables({ problems }: { problems: Problems }) {
  if (!problems.columns.length && !problems.rows.length) return null;
  return (
    <section aria-labelledby="problems-heading">
      <h2 id="problems-heading">Problems to fix in the spreadsheet</h2>
      <p>Nothing was imported. Fix these in the spreadsheet, save it, and choose it again.</p>
      {problems.columns.length > 0 && (
        <Table caption="Problems with the column headings (row 1)" head={['Column', 'Problem']}>
          {problems.columns.map((p, i) => (
            <tr key={i}>
              <th scope="row">{p.column}</th>
              <td>{p.message}</td>
            </tr>
          ))}
        </Table>
      )}
      {problems.rows.length > 0 && (
        <>
          <p>Rows are numbered as your spreadsheet shows them: the heading row is row 1.</p>
          <CappedTable
            rows={problems.rows}
            limit={SHOW_PROBLEMS}
            caption={`Problems in the rows (${problems.rows.length.toLocaleString('en-GB')})`}
            head={['Row', 'Column', 'Problem']}
            row={(p, i) => (
              <tr key={i}>
                <th scope="row">{p.row}</th>
                <td>{p.column}</td>
                <td>{p.message}</td>
              </tr>
            )}
            more={(n) => <>And {plural(n, 'more problem')}.</>}
          />
        </>
      )}
    </section>
  );
}

/** Takes focus when it appears: the form that had focus has just gone. */
export function PreviewHeading({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h2 ref={ref} tabIndex={-1}>
      {children}
    </h2>
  );
}

export function Preview({ plan }: { plan: ReturnsImportResult }) {
  const { base } = useProgramme();
  const replacing = plan.returns.filter((r) => r.replaces !== null);
  const { period } = plan;
  return (
    <>
      <p>Nothing has been saved yet.</p>
      <SummaryList
        rows={[
          [
            'Reporting period',
            period.id ? (
              `${period.label}: ${formatDate(period.startsOn)} to ${formatDate(period.endsOn)}, due ${formatDate(period.dueOn)}`
            ) : (
              <>
                {period.label}: a new period. Cairn creates it when you import, with today’s date as its start, end and due date until you
                set them on <Link href={`${base}/monitoring`}>the Monitoring page</Link>.
              </>
            ),
          ],
          ['Returns', `${plural(plan.returns.length, 'partnership')}, each return imported as submitted for you to review and accept`],
          [
            'Returns already in Cairn',
            replacing.length
              ? `${plural(replacing.length, 'return')} for this period will be replaced by the spreadsheet’s figures`
              : 'None: every return is new',
          ],
        ]}
      />
      <p>
        A row’s note is kept as the reason for the figures it does not report; in a row where every figure is there, it becomes a note on
        the whole return, shown beside the return and as a footnote in the portfolio table.
      </p>
      <CappedTable
        rows={plan.returns}
        limit={SHOW_ROWS}
        caption={`Returns to import, by spreadsheet row (${plan.returns.length.toLocaleString('en-GB')})`}
        head={['Row', 'Partnership', 'Figures reported', 'Not reported', 'Return in Cairn now', 'Note on the whole return']}
        row={(r) => (
          <tr key={r.row}>
            <th scope="row">{r.row}</th>
            <td>{r.partnership}</td>
            <td className="numeric">{r.reported}</td>
            <td className="numeric">
              {r.notReported}
              {r.reported === 0 && (
                <>
                  {' '}
                  <Tag tone="yellow">Nothing reported</Tag>
                </>
              )}
            </td>
            <td>
              {r.replaces ? (
                <>
                  <StatusTag status={r.replaces} /> replaced
                </>
              ) : (
                'None: a new return'
              )}
            </td>
            <td>{r.comparabilityNote || <span className="muted">None</span>}</td>
          </tr>
        )}
        more={(n) => <>And {plural(n, 'more return')}.</>}
      />
    </>
  );
}

export function Done({ result }: { result: ReturnsImportResult }) {
  const { base } = useProgramme();
  const { period } = result;
  const id = period.id ?? '';
  return (
    <Panel title={`${plural(result.returns.length, 'return')} imported`}>
      <p>
        Each is submitted for {period.label}, ready for you to review and accept.
        {result.returns.some((r) => r.replaces) &&
          ` ${plural(result.returns.filter((r) => r.replaces).length, 'return')} already in Cairn ${result.returns.filter((r) => r.replaces).length === 1 ? 'was' : 'were'} replaced.`}
      </p>
      {period.created && (
        <p>
          Cairn created the reporting period {period.label}. Its start, end and due dates are today’s date until you{' '}
          <Link href={`${base}/monitoring/periods/${id}/edit`}>set the dates of {period.label}</Link>.
        </p>
      )}
      <ul className="list">
        <li>
          <Link href={`${base}/monitoring/returns${qs({ periodId: id })}`}>See the returns for {period.label}</Link>
        </li>
        <li>
          <Link href={`${base}/monitoring/table${qs({ period: id })}`}>See the portfolio table for {period.label}</Link>
        </li>
      </ul>
    </Panel>
  );
}
