// Pages residents open without an account (a ballot, a survey, a locality's "you said, we did", published
// results). They are plain HTML forms rendered on the server: they work on an old phone, without JavaScript,
// on a slow connection, in one small compressed answer with the house stylesheet inside. Each module
// registers its pages outside /api/v1 (in `registerResidentPages`, src/http/modules.ts) through
// `residentPageRoutes`, and renders them with `residentPage`.
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** A piece of HTML whose text has already been escaped. Made only by `html` and `raw`. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

type Part = Html | string | number | null | undefined | false | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Html) return part.text;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
}

/** A template whose interpolated values are escaped (arrays joined, null/undefined/false left out). */
export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let text = strings[0] ?? '';
  values.forEach((value, i) => {
    text += render(value) + (strings[i + 1] ?? '');
  });
  return new Html(text);
}

/** Markup the caller vouches for (an SVG chart drawn by Cairn, never anything a person typed). */
export const raw = (text: string): Html => new Html(text);

let stylesheet: string | null = null;
/** The web UI's own stylesheet, read once: the resident pages look like the rest of Cairn. */
function houseStylesheet(): string {
  if (stylesheet === null) {
    // src/http/ and build/http/ are both two folders below the repository root.
    // The forms' and components' sheets too (radios, summary lists, the confirmation panel), as main.tsx imports them.
    stylesheet = ['styles.css', 'ui/forms.css', 'ui/components.css']
      .map((file) => readFileSync(new URL(`../../web/src/${file}`, import.meta.url), 'utf8'))
      .join('\n');
  }
  return stylesheet;
}

export interface ResidentPageOptions {
  /** The page's heading and title, in plain words. */
  title: string;
  body: Html;
  /** Shown in the header beside "Cairn", e.g. the programme's name. */
  context?: string;
  /** Problems to show in an error summary above the page, each linking to its field's id. */
  errors?: { field: string; message: string }[];
}

/** A whole resident page: header, an error summary when there are problems, the body, a footer. */
export function residentPage(options: ResidentPageOptions): Html {
  const { title, body, context, errors = [] } = options;
  const summary =
    errors.length === 0
      ? ''
      : html`<div class="error-summary" role="alert" tabindex="-1">
  <h2 class="error-summary-title">There is a problem</h2>
  <ul class="error-summary-list">${errors.map((e) => html`<li><a href="#${e.field}">${e.message}</a></li>`)}</ul>
</div>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${errors.length > 0 ? 'Error: ' : ''}${title} – Cairn</title>
<style>${raw(houseStylesheet())}</style>
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="header"><div class="header-inner width-container"><span class="header-logo">Cairn</span>${
    context ? html` <span class="header-user">${context}</span>` : ''
  }</div></header>
<div class="width-container">
<main id="main">
${summary}
<h1>${title}</h1>
${body}
</main>
</div>
<footer class="footer"><div class="width-container"><p>Cairn keeps no record of who you are on this page beyond what it asks for.</p></div></footer>
</body>
</html>`;
}

/** Sends a resident page, never cached (the global compression plugin shrinks it for the browser). */
export function sendResidentPage(reply: FastifyReply, page: Html, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').header('Cache-Control', 'no-store').send(page.text);
}

/**
 * Registers a module's resident pages in their own encapsulated plugin, where a POSTed HTML form
 * (application/x-www-form-urlencoded) arrives as a plain object of strings (a repeated name: an array).
 * These routes are outside /api/v1 and outside the OpenAPI document; they need no session, so each page
 * must show only what is published and check any code a resident gives it.
 */
export async function residentPageRoutes(app: FastifyInstance, register: (pages: FastifyInstance) => void | Promise<void>): Promise<void> {
  await app.register(async (pages) => {
    // Pages, not API: kept out of the OpenAPI document (and so out of the API's authorisation matrix).
    pages.addHook('onRoute', (route) => {
      route.schema = { ...route.schema, hide: true };
    });
    pages.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
      const form: Record<string, string | string[]> = {};
      for (const [key, value] of new URLSearchParams(body as string)) {
        const had = form[key];
        form[key] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
      }
      done(null, form);
    });
    // Pages, not API: kept out of the OpenAPI document (and so out of the generated types and the authorisation matrix's walk).
    pages.addHook('onRoute', (route) => {
      route.schema = { ...route.schema, hide: true };
    });
    await register(pages);
  });
}

/** One field of a parsed form as a list (a checkbox group), whatever was sent. */
export function formList(form: unknown, name: string): string[] {
  const value = (form as Record<string, unknown> | null)?.[name];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
}

/** One field of a parsed form as a single trimmed string ('' when missing). */
export function formText(form: unknown, name: string): string {
  const value = (form as Record<string, unknown> | null)?.[name];
  return typeof value === 'string' ? value.trim() : '';
}
