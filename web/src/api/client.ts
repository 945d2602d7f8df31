// The typed way to call Cairn's API: paths, parameters, bodies and answers checked against the types
// generated from the server's OpenAPI document (./schema.generated.ts, `npm run api:types`; decision 015).
//
//   const { data } = await client.GET('/api/v1/programmes/{programme}', { params: { path: { programme } } });
//
// Every request goes through ./transport.ts, as the older helpers in ../api.ts do: the session cookie,
// the CSRF token on writes (fetched again once when stale), the record's version as If-Match, and every
// failure thrown as an ApiError carrying the server's problem (application/problem+json). So `data` is
// always the successful answer; there is no `error` to look at.
import createClient from 'openapi-fetch';
import type { paths } from './schema.generated.js';
import { keepVersionsIn, send } from './transport.js';

const API = '/api/v1';

/** The request openapi-fetch built, sent the way every Cairn request is; `version` as for a progression in its phase. */
async function viaTransport(request: Request, version?: string): Promise<Response> {
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  const type = request.headers.get('Content-Type');
  if (type) headers['Content-Type'] = type;
  const body = request.body ? await request.blob() : undefined;
  const res = await send(url.pathname.slice(API.length) + url.search, { method: request.method, headers, body, version });
  if (!(res.headers.get('Content-Type') ?? '').includes('json')) return res;
  // Keep the version of every record in the answer, then give openapi-fetch the same answer to read.
  const text = await res.text();
  if (text) keepVersionsIn(JSON.parse(text));
  return new Response(text, { status: res.status, statusText: res.statusText, headers: res.headers });
}

export const client = createClient<paths>({
  baseUrl: globalThis.location?.origin ?? '',
  fetch: (request) => viaTransport(request),
});

/** For a write to a record the page did not GET on its own (a progression in its phase): the version it loaded. */
export const withVersion = (version: string | undefined) => ({ fetch: (request: Request) => viaTransport(request, version) });

/** Options for an upload: the file itself as the body, with its own media type (routes that take files, acceptFiles). */
export const fileBody = <F extends Blob>(file: F, type: string) => ({
  body: file,
  bodySerializer: (f: F) => f,
  headers: { 'Content-Type': type },
});
