/**
 * The API answers a page of the web UI asks for as soon as it draws, by page address. The browser asks
 * for them as the address opens (web/src/app/app.tsx), and the server names them in the page's HTML as
 * preloads (src/http/web-pages.ts), so on a slow phone connection they travel with the session check,
 * while the script arrives, instead of one round trip after another once it has run.
 * Paths are under /api/v1, exactly as the pages ask for them (a preload is used only by the same URL).
 */

/** How many rows a list page shows (web/src/ui/list.tsx). */
export const LIST_PAGE_SIZE = 25;

/** A query string of the given parameters, leaving out empty ones, in the order given ('' when none). */
function query(params: [string, string | number][]): string {
  const s = new URLSearchParams();
  for (const [k, v] of params) if (v !== '') s.set(k, String(v));
  const out = s.toString();
  return out ? `?${out}` : '';
}

/** The API path a list page asks for, from its address's search and the names of its filters. */
export function listApiPath(api: string, search: URLSearchParams, filterNames: readonly string[]): string {
  const page = Math.max(1, Number(search.get('page')) || 1);
  return `${api}${query([
    ['q', search.get('q') ?? ''],
    ['page', page],
    ['pageSize', LIST_PAGE_SIZE],
    ...filterNames.map((name): [string, string] => [name, search.get(name) ?? '']),
  ])}`;
}

/** What the page at `path` (no query) asks for first; [] for pages that ask for nothing in particular. */
export function pageApiPaths(path: string, search: URLSearchParams): string[] {
  const clean = path.length > 1 ? path.replace(/\/+$/, '') : path;
  if (clean === '/') return ['/home'];
  const parts = clean.split('/').filter(Boolean);
  if (parts[0] !== 'programmes' || parts.length < 2 || parts[1] === 'new') return [];
  let slug: string;
  try {
    slug = decodeURIComponent(parts[1]!);
  } catch {
    return [];
  }
  const api = `/programmes/${encodeURIComponent(slug)}`;
  const paths = [api];
  if (parts.length === 3 && parts[2] === 'partnerships') {
    paths.push(`${api}/places?pageSize=200`, listApiPath(`${api}/partnerships`, search, search.has('placeId') ? ['placeId'] : []));
  }
  return paths;
}
