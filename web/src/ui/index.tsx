// Building blocks in the GOV.UK Design System's patterns, with Cairn's own look (styles.css).
import { type ReactNode, useEffect, useId, useRef } from 'react';
import type { ApiError, AuditEvent } from '../api/index.js';
import { Link, takeNavigationFocus } from '../app/router.js';
import { useOverflow } from './wide-table.js';

export interface Crumb {
  href: string;
  label: string;
}

/** One page: its browser title, breadcrumbs and its single h1 (focused after an in-app navigation). */
export function Page(props: {
  title: string;
  heading?: string;
  caption?: string;
  breadcrumbs?: Crumb[];
  children?: ReactNode;
  wide?: boolean;
}) {
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${props.title} – Cairn`;
  }, [props.title]);
  useEffect(() => {
    if (takeNavigationFocus()) h1.current?.focus({ preventScroll: true });
  }, []);
  return (
    <>
      {props.breadcrumbs && props.breadcrumbs.length > 0 && (
        <nav className="breadcrumbs" aria-label="Breadcrumb">
          <ol>
            {props.breadcrumbs.map((c) => (
              <li key={c.href}>
                <Link href={c.href}>{c.label}</Link>
              </li>
            ))}
          </ol>
        </nav>
      )}
      <h1 ref={h1} tabIndex={-1}>
        {props.caption && <span className="caption">{props.caption}</span>}
        {props.heading ?? props.title}
      </h1>
      {props.children}
    </>
  );
}

export function Loading({ what = 'page' }: { what?: string }) {
  return (
    <p role="status" className="loading">
      Loading the {what}…
    </p>
  );
}

/** What went wrong, in words a person can act on. Never a stack trace. */
export function Failed({ error, retry }: { error: ApiError; retry?: () => void }) {
  useEffect(() => {
    document.title = `${titleOf(error)} – Cairn`;
  }, [error]);
  if (error.status === 404) return <NotFound detail={error.message} />;
  return (
    <>
      <h1 tabIndex={-1}>{titleOf(error)}</h1>
      <p>{error.message}</p>
      {retry && error.status !== 403 && (
        <button type="button" className="button secondary" onClick={retry}>
          Try again
        </button>
      )}
      <p>
        <Link href="/programmes">Go to your programmes</Link>
      </p>
    </>
  );
}
const titleOf = (e: ApiError) =>
  e.status === 403 ? 'You cannot see this' : e.status === 0 ? 'Cairn could not be reached' : 'Sorry, there is a problem';

export function NotFound({ detail }: { detail?: string }) {
  return (
    <Page title="Page not found">
      <p>{detail ?? 'There is no page at this address. If you typed it, check it is correct.'}</p>
      <p>
        It may also be a record you do not have access to. <Link href="/programmes">Go to your programmes</Link>.
      </p>
    </Page>
  );
}

export function Tag({ children, tone = 'blue' }: { children: ReactNode; tone?: 'blue' | 'grey' | 'green' | 'yellow' | 'red' | 'purple' }) {
  return <strong className={`tag tag-${tone}`}>{children}</strong>;
}

export function SummaryList({ rows }: { rows: [ReactNode, ReactNode][] }) {
  return (
    <dl className="summary-list">
      {rows.map(([k, v], i) => (
        <div className="summary-row" key={i}>
          <dt>{k}</dt>
          <dd>{v === null || v === undefined || v === '' ? <span className="muted">Not given</span> : v}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * A table with a caption. On a narrow screen it scrolls sideways in its own keyboard-reachable box:
 * its first column stays in view (sticky), shadows at the edges show there is more, and a line under the
 * caption says so in words while the table is wider than its box (ui/wide-table.ts).
 */
export function Table({
  caption,
  head,
  children,
  captionHidden,
}: {
  caption: string;
  head: ReactNode[];
  children: ReactNode;
  captionHidden?: boolean;
}) {
  const id = useId();
  const { ref, overflows } = useOverflow<HTMLDivElement>();
  return (
    <div className={`table-box${overflows ? ' table-box-scrolls' : ''}`}>
      {overflows && (
        <p className="table-hint" id={`${id}-hint`}>
          <span aria-hidden="true">↔ </span>Scroll sideways to see every column
        </p>
      )}
      <div
        className="table-wrap"
        role="region"
        aria-labelledby={id}
        aria-describedby={overflows ? `${id}-hint` : undefined}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a table wider than the screen scrolls on its own, so keyboard users must be able to focus it
        tabIndex={0}
        ref={ref}
      >
        <table>
          <caption id={id} className={captionHidden ? 'visually-hidden' : undefined}>
            {caption}
          </caption>
          <thead>
            <tr>
              {head.map((h, i) => (
                <th scope="col" key={i}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{children}</tbody>
        </table>
      </div>
    </div>
  );
}

export function ButtonLink({ href, children, secondary }: { href: string; children: ReactNode; secondary?: boolean }) {
  return (
    <Link href={href} className={`button${secondary ? ' secondary' : ''}`}>
      {children}
    </Link>
  );
}

/** Says plainly why an action is not offered, instead of hiding it without a word. */
export function NotAllowed({ children }: { children: ReactNode }) {
  return <p className="inset">{children}</p>;
}

export function Panel({ title, children }: { title: string; children?: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="panel" role="status" tabIndex={-1} ref={ref}>
      <h2>{title}</h2>
      {children}
    </div>
  );
}

export function Pagination({
  page,
  pageSize,
  total,
  hrefFor,
}: {
  page: number;
  pageSize: number;
  total: number;
  hrefFor: (page: number) => string;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  return (
    <nav className="pagination" aria-label="Pages">
      {page > 1 && (
        <Link href={hrefFor(page - 1)} rel="prev">
          ← Previous<span className="visually-hidden"> page</span>
        </Link>
      )}
      <span>
        Page {page} of {pages}
      </span>
      {page < pages && (
        <Link href={hrefFor(page + 1)} rel="next">
          Next<span className="visually-hidden"> page</span> →
        </Link>
      )}
    </nav>
  );
}

/**
 * Who changed what and when: every write's audit event for this record, newest first. Fields and values
 * come from the server in words (labels, names for ids, dates as people write them).
 */
export function History({ events, canSee = true }: { events: AuditEvent[]; canSee?: boolean }) {
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      {!canSee ? (
        <p>Only programme managers can see the history of changes.</p>
      ) : events.length === 0 ? (
        <p>No changes have been recorded.</p>
      ) : (
        <ol className="history">
          {events.map((e) => (
            <li key={e.id}>
              <p>
                <strong>{e.summary || `${e.kind}: ${e.subject}`}</strong>
                <br />
                <span className="muted">
                  {e.actor}, {formatDateTime(e.at)}
                </span>
              </p>
              {e.changed.length > 0 && (
                <Table caption={`What changed: ${e.summary || e.subject}`} captionHidden head={['What', 'Before', 'After']}>
                  {e.changed.map((c, i) => (
                    <tr key={i}>
                      <th scope="row">{c.field}</th>
                      <td>{c.before}</td>
                      <td>{c.after}</td>
                    </tr>
                  ))}
                </Table>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

const dateFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
const dateTimeFmt = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const gbp = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso);
  return Number.isNaN(d.getTime()) ? iso : dateFmt.format(d);
}
export const formatDateTime = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTimeFmt.format(d);
};
export const formatGbp = (n: number) => gbp.format(n);
export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
export const humanise = (s: string) => (s ? (s[0]!.toUpperCase() + s.slice(1)).replace(/_/g, ' ') : s);

export function Main({ children }: { children: ReactNode }) {
  return (
    <div className="width-container">
      <main id="main-content" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
