import { fileURLToPath } from 'node:url';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from '../config.js';
import { startChangeFeed } from '../db/changes.js';
import type { Database, DatabaseLog } from '../db/database.js';
import { isDatabaseUnreachable } from '../db/unavailable.js';
import type { Caller } from '../modules/access/access.js';
import { accountRoutes } from '../modules/accounts/routes.js';
import { SESSION_COOKIE, SessionStore } from '../modules/accounts/sessions.js';
import { auditRoutes } from '../modules/audit/routes.js';
import { refuseControlCharacters } from './control-characters.js';
import { registerModuleRoutes, registerResidentPages } from './modules.js';
import { AppError, DatabaseUnavailable, type FieldError, TooManyRequests, Unauthenticated, errorForLog } from '../errors.js';
import type { App } from './app-type.js';
import { fieldWords, installPlainMessages } from './field-words.js';
import { healthRoute } from './health.js';
import { webPages } from './web-pages.js';
import { openapiOptions } from './openapi.js';
import { EDIT_CONFLICT, EditConflict } from './versions.js';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
  }
  interface FastifyContextConfig {
    /** 'public' routes answer anonymous callers; everything else needs a session. */
    auth?: 'public';
  }
}

export interface AppDeps {
  database: Database;
  config: Config;
  /** Serve the built web UI from dist/web (off in API-only tests). */
  serveWeb?: boolean;
  logger?: boolean;
  /** Where database connections lost and regained are told; Fastify's logger when absent. */
  log?: DatabaseLog;
}

const webRoot = fileURLToPath(new URL('../../dist/web', import.meta.url));
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function buildApp(deps: AppDeps): Promise<App> {
  // zod's own messages in words naming each field ("Enter the start date"), for every route.
  installPlainMessages();
  const app = Fastify({
    logger: deps.logger ? { level: 'info' } : false,
    bodyLimit: 25 * 1024 * 1024,
    // X-Forwarded-For is believed only from proxies the operator names (CAIRN_TRUST_PROXY).
    trustProxy: deps.config.trustProxy,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(swagger, openapiOptions(SESSION_COOKIE));
  // Many people reach Cairn on old phones and slow connections: compress what is worth it (≥ 1 KB), brotli
  // (quality 4: about gzip's speed, smaller) when the browser takes it. The web UI's assets come compressed
  // at build time (vite.config.ts), at brotli's best, and are sent as they are.
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip'] });
  await app.register(cookie);
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'cairn_csrf',
    cookieOpts: { httpOnly: true, sameSite: 'strict', path: '/', secure: deps.config.secureCookies, signed: false },
    getToken: (req) => req.headers['x-csrf-token'] as string | undefined,
  });

  const sessions = new SessionStore(deps.database.db);
  // Changes committed by any process (this one, the CLI, a second server) reach this one's caches.
  const feed = await startChangeFeed(deps.database, deps.log ?? app.log);
  feed.onAccountChange(() => sessions.forgetAll());
  app.decorateRequest('caller', null);

  app.addHook('onRequest', async (req) => {
    const token = req.cookies[SESSION_COOKIE];
    // Only the API needs the caller: pages and assets must load even while the database is away.
    req.caller = token && req.url.startsWith('/api/') ? await sessions.callerFor(token) : null;
  });

  // Order matters: anonymous callers hear 401 before anything about their input, then writes need CSRF.
  app.addHook('preValidation', async (req, reply) => {
    if (!req.url.startsWith('/api/')) return;
    if (req.routeOptions.config?.auth !== 'public' && !req.caller) throw new Unauthenticated();
    if (UNSAFE.has(req.method)) await verifyCsrf(app, req, reply);
  });
  // Then, before zod and the database: NUL and other control characters in any field are a 422.
  app.addHook('preValidation', refuseControlCharacters);

  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'same-origin');
    reply.header('X-Frame-Options', 'DENY');
    reply.header(
      'Content-Security-Policy',
      "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    );
    return payload;
  });

  app.setErrorHandler((err, req, reply) => sendProblem(app, err, req, reply));

  app.get('/api/openapi.json', { schema: { hide: true }, config: { auth: 'public' } }, async () => app.swagger());
  healthRoute(app, deps.database);

  await app.register(
    async (api) => {
      await accountRoutes(api, { database: deps.database, config: deps.config, sessions });
      await auditRoutes(api, deps.database);
      await registerModuleRoutes(api, deps.database);
    },
    { prefix: '/api/v1' },
  );

  // Residents' pages (a ballot, a survey, a locality's "you said, we did") need no account and no script.
  await registerResidentPages(app, deps.database);

  const pages = deps.serveWeb ? webPages(webRoot) : null;
  if (pages) {
    await app.register(fastifyStatic, {
      root: webRoot,
      prefix: '/',
      wildcard: false,
      index: false,
      preCompressed: true,
      setHeaders: (res, path) => {
        // Vite names assets by content hash, so they can be cached for good; index.html never.
        if (path.includes('/assets/')) res.header('Cache-Control', 'public, max-age=31536000, immutable');
      },
    });
  }
  app.setNotFoundHandler((req, reply) => {
    const [path, query] = req.url.split('?') as [string, string | undefined];
    // "Sign in" pressed on the prerendered page before its script took over: the browser posted the form.
    // The page again (its script now cached), where the press works; the password goes no further.
    if (pages && req.method === 'POST' && path === '/sign-in') return reply.redirect(req.url, 303);
    if (req.url.startsWith('/api/') || req.method !== 'GET') {
      return problem(reply, 404, 'Not found', `There is nothing at ${req.method} ${req.url.split('?')[0]}.`);
    }
    if (!pages) {
      return reply.type('text/plain').code(503).send('The web UI is not built. Run `npm run build:web`, then start Cairn again.');
    }
    return pages.send(req, reply, path, query, Boolean(req.cookies[SESSION_COOKIE]));
  });

  return app;
}

function verifyCsrf(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  return new Promise((resolve, reject) => {
    app.csrfProtection(req, reply, (err?: Error) => (err ? reject(err) : resolve()));
  });
}

/** Problem types a client may act on; everything else is 'about:blank' (the status says it all). */
export const CSRF_PROBLEM = 'urn:cairn:problem:csrf-token';

function problem(reply: FastifyReply, status: number, title: string, detail: string, errors: FieldError[] = [], type = 'about:blank') {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ type, title, status, detail, ...(errors.length ? { errors } : {}) });
}

/**
 * The one-line summary of a 422's field problems, in the fields' own words: a client that shows only
 * `detail` still tells the person every problem at once.
 */
export function problemDetail(errors: FieldError[]): string {
  if (!errors.length) return 'The request is not valid.';
  if (errors.length === 1) return errors[0]!.message;
  const shown = errors.slice(0, 6).map((e) => e.message);
  const more = errors.length > shown.length ? `; and ${errors.length - shown.length} more` : '';
  return `There are ${errors.length} problems: ${shown.join('; ')}${more}.`;
}

function sendProblem(app: FastifyInstance, err: unknown, req: FastifyRequest, reply: FastifyReply) {
  // A version read before the error (a GET's ETag) must not tell a stranger the record exists.
  reply.removeHeader('etag');
  if (err instanceof EditConflict) {
    // A stale If-Match: the current record and what changed since, so the person can review (decision 012).
    return reply
      .code(409)
      .type('application/problem+json')
      .send({
        type: EDIT_CONFLICT,
        title: err.title,
        status: 409,
        detail: err.message,
        current: err.current,
        ...(err.changes ? { changes: err.changes } : {}),
      });
  }
  // A dropped or refused database connection is the database's bad moment, not the request's fault.
  if (!(err instanceof AppError) && isDatabaseUnreachable(err)) {
    // The message only: pg attaches its client, connection settings and password included, to some errors.
    req.log.warn(`database unavailable: ${(err as Error).message}`);
    err = new DatabaseUnavailable();
  }
  if (err instanceof DatabaseUnavailable) reply.header('Retry-After', String(DatabaseUnavailable.retryAfterSeconds));
  if (err instanceof TooManyRequests) reply.header('Retry-After', String(err.retryAfterSeconds));
  if (err instanceof AppError) return problem(reply, err.status, err.title, err.message, err.errors);
  if (hasZodFastifySchemaValidationErrors(err)) {
    const context = err.validationContext;
    const errors: FieldError[] = err.validation.map((v) => {
      const path = (v.instancePath || '')
        .split('/')
        .filter(Boolean)
        .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
      const params = v.params as { keys?: string[] };
      const where: (string | number)[] = context && context !== 'body' ? [context] : [];
      if (v.keyword === 'unrecognized_keys' && params.keys) {
        return { path: [...where, ...path, params.keys[0] ?? ''], message: `Unknown field: ${params.keys.join(', ')}` };
      }
      // A part of the address (a record's id in a link) is not a field a person filled in.
      if (context === 'params')
        return { path: [...where, ...path], message: `This address does not lead to ${fieldWords(path)}. Check the link.` };
      return { path: [...where, ...path], message: v.message ?? 'Invalid value' };
    });
    return problem(reply, 422, 'Invalid input', problemDetail(errors), errors);
  }
  const e = err as { statusCode?: number; code?: string; message?: string };
  if (e.code === 'FST_CSRF_INVALID_TOKEN' || e.code === 'FST_CSRF_MISSING_SECRET') {
    return problem(
      reply,
      403,
      'Forbidden',
      'This page has expired or the request did not come from Cairn. Reload the page and try again.',
      [],
      CSRF_PROBLEM,
    );
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    const detail = e.statusCode === 429 ? 'Too many attempts. Wait a few minutes and try again.' : (e.message ?? 'Bad request');
    return problem(reply, e.statusCode, e.statusCode === 429 ? 'Too many requests' : 'Bad request', detail);
  }
  // Never leak a stack trace: log it, tell the person something they can act on. Only what locates the
  // fault is logged: a driver's error can carry the query's parameters (people's data) or its settings.
  const logged = errorForLog(err);
  req.log.error({ err: logged }, 'unhandled error');
  if (!app.log.level || app.log.level === 'silent') console.error(logged);
  return problem(
    reply,
    500,
    'Something went wrong',
    'Cairn could not finish that request. Nothing was saved. Try again, and tell your administrator if it keeps happening.',
  );
}
