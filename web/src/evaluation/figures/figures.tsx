// The evaluation's figures in the browser: the cross-tab as a grouped bar chart (drawn by the server,
// src/modules/evaluation/figures.ts, so no charting code comes to the browser) with its downloads, and
// the review's whole figure set C.1–C.19 as one Word document. The cross-tab's tables stay beside the
// chart: they are its text alternative and hold every number.
import { type MouseEvent, useEffect, useRef, useState } from 'react';
import type { Crosstab } from '../../api/index.js';

/** The problem's words from a refused request, or a plain sentence when there are none. */
async function problemText(res: Response, fallback: string): Promise<string> {
  try {
    const p = (await res.json()) as { detail?: string };
    return p.detail || fallback;
  } catch {
    return fallback;
  }
}

type Picture = { state: 'loading' } | { state: 'ready'; url: string; title: string } | { state: 'failed'; message: string };

/**
 * The chart as a picture. It is fetched afresh whenever the cross-tab's numbers change (`version`), so a
 * passage coded a moment ago shows at once, and never from the browser's cache (the address stays the same).
 */
export function CrosstabChart({ file, table, caption }: { file: (format: 'svg' | 'png') => string; table: Crosstab; caption: string }) {
  const [picture, setPicture] = useState<Picture>({ state: 'loading' });
  const src = file('svg');
  const version = JSON.stringify([table.groups, table.rows.map((r) => [r.codeId, r.group, r.nCode])]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` stands for the table the picture shows: a new table fetches a new picture
  useEffect(() => {
    let live = true;
    let url = '';
    setPicture({ state: 'loading' });
    (async () => {
      const res = await fetch(src, { credentials: 'same-origin', cache: 'no-store' });
      if (!res.ok) {
        const message = await problemText(res, 'The chart could not be drawn.');
        if (live) setPicture({ state: 'failed', message });
        return;
      }
      const svg = await res.text();
      const title = new DOMParser().parseFromString(svg, 'image/svg+xml').querySelector('title')?.textContent ?? caption;
      url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
      if (live) setPicture({ state: 'ready', url, title });
      else URL.revokeObjectURL(url);
    })().catch(
      () => live && setPicture({ state: 'failed', message: 'The chart could not be loaded. Check your connection and try again.' }),
    );
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [src, version, caption]);

  const shown = table.groups.filter((g) => !g.suppressed);
  const hidden = table.groups.filter((g) => g.suppressed);
  const name = (g: (typeof table.groups)[number]) => (table.by ? g.group : 'all respondents');
  const groupWords = (gs: typeof table.groups) => gs.map((g) => `${name(g)} (N=${g.nGroup})`).join(', ');
  const alt = [
    `Grouped bar chart: ${picture.state === 'ready' ? picture.title : caption}.`,
    shown.length ? `Bars for ${groupWords(shown)}.` : '',
    // A suppressed group's size is given nowhere, the alternative text included.
    hidden.length ? `Suppressed, not drawn: ${hidden.map(name).join(', ')}.` : '',
    'Every figure is in the tables below.',
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <section aria-labelledby="crosstab-chart">
      <h3 id="crosstab-chart">Chart</h3>
      <figure className="chart" style={{ margin: '0 0 20px', maxWidth: '100%', overflowX: 'auto' }}>
        {/* Not the page's "loading" state: the tables below are already there to read while the picture comes. */}
        {picture.state === 'loading' && <p className="muted">Drawing the chart…</p>}
        {picture.state === 'failed' && (
          <p className="inset" role="status">
            {picture.message} The figures are in the tables below.
          </p>
        )}
        {picture.state === 'ready' && (
          // Drawn as vectors, so it is scaled to the column: larger on a desktop, whole on a phone.
          <img src={picture.url} alt={alt} style={{ width: '100%', maxWidth: '48rem', height: 'auto', display: 'block' }} />
        )}
      </figure>
      {hidden.length > 0 && (
        <p className="muted">
          Suppressed groups are not drawn, in the chart or its downloads: groups of fewer than {table.disclosureThreshold} respondents, so
          that nobody in them can be recognised, and where needed the next smallest too, so that a small group cannot be worked out from the
          totals.
        </p>
      )}
      <ul className="actions">
        <li>
          <a href={file('png')} download>
            Download PNG<span className="visually-hidden"> of the chart</span>
          </a>
        </li>
        <li>
          <a href={file('svg')} download>
            Download SVG<span className="visually-hidden"> of the chart</span>
          </a>
        </li>
      </ul>
    </section>
  );
}

type Preparing =
  | { state: 'idle' }
  | { state: 'preparing'; seconds: number }
  | { state: 'done'; name: string }
  | { state: 'failed'; message: string };

/**
 * "Download the figures (Word)": a plain link (it works without scripts), which with scripts fetches the
 * document itself so the page can say it is being prepared — drawing nineteen charts takes a while.
 */
export function FiguresDownload({ href }: { href: string }) {
  const [status, setStatus] = useState<Preparing>({ state: 'idle' });
  const timer = useRef<ReturnType<typeof setInterval> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearInterval(timer.current);
    },
    [],
  );

  const download = async (ev: MouseEvent<HTMLAnchorElement>) => {
    ev.preventDefault();
    if (status.state === 'preparing') return;
    const started = Date.now();
    setStatus({ state: 'preparing', seconds: 0 });
    timer.current = setInterval(() => setStatus({ state: 'preparing', seconds: Math.round((Date.now() - started) / 1000) }), 1000);
    try {
      const res = await fetch(href, { credentials: 'same-origin', cache: 'no-store' });
      if (!res.ok) {
        setStatus({ state: 'failed', message: await problemText(res, 'Cairn could not prepare the figures. Try again in a moment.') });
        return;
      }
      const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'figures.docx';
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setStatus({ state: 'done', name });
    } catch {
      setStatus({ state: 'failed', message: 'Cairn could not be reached. Check your connection and try again.' });
    } finally {
      if (timer.current) clearInterval(timer.current);
      timer.current = null;
    }
  };

  const preparing = status.state === 'preparing';
  return (
    <>
      <p>
        Figures C.1 to C.19 as in the People and Communities Fund review: for each code family, a grouped bar chart of all respondents and
        by participant type, theme and co-production model, with each group’s N. Families without codes are listed as not included. Only
        people who have given their consent are counted, and groups too small to publish (and those that would give them away) are
        suppressed.
      </p>
      <p>
        <a href={href} download onClick={download} aria-disabled={preparing || undefined} aria-describedby="figures-status">
          Download the figures (Word)
        </a>
      </p>
      <div id="figures-status" role="status">
        {preparing && (
          <p className="muted">
            Preparing the figures… {status.seconds > 0 ? `${status.seconds} second${status.seconds === 1 ? '' : 's'} so far. ` : ''}Drawing
            every chart can take up to a minute.
          </p>
        )}
        {status.state === 'done' && <p>The figures have been downloaded as {status.name}.</p>}
        {status.state === 'failed' && <p className="inset warning-inset">{status.message}</p>}
      </div>
    </>
  );
}
