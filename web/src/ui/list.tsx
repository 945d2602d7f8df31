// Every list page works the same way: a search box and filters that live in the address (so Back and
// shared links work), a count announced to screen readers, a table and paging.
import { type FormEvent, type ReactNode, useId } from 'react';
import { type ListAnswer, qs } from '../api/index.js';
import { LIST_PAGE_SIZE, listApiPath } from '../../../src/shared/page-data.js';
import { useApi } from '../app/data.js';
import type { Option } from './forms.js';
import { navigate, useLocation } from '../app/router.js';
import { Failed, Loading, Pagination, Table, plural } from './index.js';

export interface Filter {
  name: string;
  label: string;
  options: Option[];
}
export interface Column<T> {
  head: string;
  cell: (row: T) => ReactNode;
}

const PAGE_SIZE = LIST_PAGE_SIZE;

export function ListView<T extends { id: string }>(props: {
  /** API path without the query, e.g. /programmes/x/places */
  api: string;
  noun: [string, string];
  caption: string;
  columns: Column<T>[];
  filters?: Filter[];
  searchLabel?: string;
  /** Extra words under the count, such as a total amount. */
  summary?: (answer: ListAnswer<T>) => ReactNode;
  /** Shown above the search: the add button, or why there is none. */
  actions?: (answer: ListAnswer<T> | null) => ReactNode;
}) {
  const { path, search } = useLocation();
  const filters = props.filters ?? [];
  const q = search.get('q') ?? '';
  const chosen: Record<string, string> = {};
  for (const f of filters) chosen[f.name] = search.get(f.name) ?? '';
  const loaded = useApi<ListAnswer<T>>(
    listApiPath(
      props.api,
      search,
      filters.map((f) => f.name),
    ),
    { keepPrevious: true },
  );
  const searchId = useId();

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    const params: Record<string, string> = {};
    for (const [k, v] of fd.entries()) if (typeof v === 'string') params[k] = v.trim();
    navigate(`${path}${qs(params)}`);
  };
  const hrefFor = (p: number) => `${path}${qs({ q, ...chosen, page: p > 1 ? p : undefined })}`;
  const answer = loaded.state === 'ready' ? loaded.data : null;
  const filtered = Boolean(q) || Object.values(chosen).some(Boolean);

  return (
    <>
      {props.actions?.(answer)}
      <form role="search" className="search" onSubmit={submit} action={path} method="get" aria-label={`Search ${props.noun[1]}`}>
        <div className="search-fields">
          <div className="form-group">
            <label className="label" htmlFor={`${searchId}-q`}>
              {props.searchLabel ?? `Search ${props.noun[1]} by name`}
            </label>
            <input id={`${searchId}-q`} className="input" type="search" name="q" defaultValue={q} key={q} autoComplete="off" />
          </div>
          {filters.map((f) => (
            <div className="form-group" key={f.name}>
              <label className="label" htmlFor={`${searchId}-${f.name}`}>
                {f.label}
              </label>
              <select id={`${searchId}-${f.name}`} className="select" name={f.name} defaultValue={chosen[f.name]} key={chosen[f.name]}>
                <option value="">Any</option>
                {f.options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </div>
          ))}
        </div>
        <button type="submit" className="button secondary">
          Search
        </button>
      </form>
      <p role="status" className="result-count">
        {answer
          ? `${plural(answer.page.total, props.noun[0], props.noun[1])}${filtered ? ' found' : ''}${
              answer.page.total > PAGE_SIZE ? `, showing page ${answer.page.page}` : ''
            }`
          : ''}
      </p>
      {loaded.state === 'error' ? (
        <Failed error={loaded.error} retry={loaded.reload} />
      ) : !answer ? (
        <Loading what={props.noun[1]} />
      ) : (
        <>
          {props.summary?.(answer)}
          {answer.data.length === 0 ? (
            <p>
              {filtered
                ? `No ${props.noun[1]} match your search. Try fewer words or clear the filters.`
                : `There are no ${props.noun[1]} yet.`}
            </p>
          ) : (
            <Table caption={props.caption} head={props.columns.map((c) => c.head)}>
              {answer.data.map((row) => (
                <tr key={row.id}>
                  {props.columns.map((c, i) =>
                    i === 0 ? (
                      <th scope="row" key={i}>
                        {c.cell(row)}
                      </th>
                    ) : (
                      <td key={i}>{c.cell(row)}</td>
                    ),
                  )}
                </tr>
              ))}
            </Table>
          )}
          <Pagination page={answer.page.page} pageSize={answer.page.pageSize} total={answer.page.total} hrefFor={hrefFor} />
        </>
      )}
    </>
  );
}
