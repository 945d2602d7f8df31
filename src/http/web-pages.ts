// The web UI's HTML pages (dist/web, built by vite.config.ts): the shell every address gets, and the sign-in
// page prerendered. Each is compressed once, at start, at brotli's and gzip's best, and sent in the encoding
// the browser takes: with the stylesheet inside, they are ~14 KB plain, ~4 KB compressed.
import { existsSync, readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { pageApiPaths } from '../shared/page-data.js';
import { escapeHtml } from './resident-pages.js';

interface Encoded {
  identity: Buffer;
  br: Buffer;
  gzip: Buffer;
}

function encoded(text: string): Encoded {
  const identity = Buffer.from(text, 'utf8');
  return {
    identity,
    br: brotliCompressSync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
    gzip: gzipSync(identity, { level: 9 }),
  };
}

/** Whether the request's Accept-Encoding takes `coding` (listed, and not with q=0). */
function takes(req: FastifyRequest, coding: 'br' | 'gzip'): boolean {
  const header = req.headers['accept-encoding'];
  if (typeof header !== 'string') return false;
  return header.split(',').some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    return name === coding && !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p));
  });
}

export interface WebPages {
  /**
   * Sends the page for a GET of a page address (`path` without the query). For someone signed in, the
   * shell names the API answers that page asks for first as preloads (src/shared/page-data.ts).
   */
  send(req: FastifyRequest, reply: FastifyReply, path: string, query: string | undefined, signedIn: boolean): FastifyReply;
}

/**
 * The shell with `<link rel="preload">` for each API path, beside the session's (web/index.html): the
 * browser asks for them while the script arrives, and the app's own requests take those answers.
 */
function withPreloads(html: string, apiPaths: string[]): string {
  const links = apiPaths.map((p) => `<link rel="preload" href="${escapeHtml(`/api/v1${p}`)}" as="fetch" crossorigin="anonymous" />`);
  return html.replace('</head>', `${links.join('')}</head>`);
}

/** The built pages in `webRoot`, or null when the web UI is not built. */
export function webPages(webRoot: string): WebPages | null {
  if (!existsSync(`${webRoot}/index.html`)) return null;
  const indexHtml = readFileSync(`${webRoot}/index.html`, 'utf8');
  const index = encoded(indexHtml);
  const signIn = existsSync(`${webRoot}/sign-in.html`) ? encoded(readFileSync(`${webRoot}/sign-in.html`, 'utf8')) : null;
  return {
    send(req, reply, path, query, signedIn) {
      // The single-page app routes itself: every page address serves the same shell, but the sign-in page
      // comes with its content (not after a password reset: that page says so first, and only in the browser).
      const search = new URLSearchParams(query);
      const preloads = signedIn ? pageApiPaths(path, search) : [];
      const coding = takes(req, 'br') ? 'br' : takes(req, 'gzip') ? 'gzip' : 'identity';
      reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-cache').header('Vary', 'Accept-Encoding');
      if (coding !== 'identity') reply.header('Content-Encoding', coding);
      if (signIn && path === '/sign-in' && !search.has('reset')) return reply.send(signIn[coding]);
      if (preloads.length === 0) return reply.send(index[coding]);
      // A shell with preloads is made per request: 16 KB, compressed once, in the browser's coding, quickly.
      const text = Buffer.from(withPreloads(indexHtml, preloads), 'utf8');
      return reply.send(
        coding === 'br'
          ? brotliCompressSync(text, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })
          : coding === 'gzip'
            ? gzipSync(text, { level: 6 })
            : text,
      );
    },
  };
}
