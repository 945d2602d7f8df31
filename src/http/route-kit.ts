import type { FastifyInstance, FastifyRequest, RawServerDefault } from 'fastify';
import { z } from 'zod';
import type { Caller } from '../modules/access/access.js';
import type { Actor } from '../modules/audit/audit.js';
import { Unauthenticated } from '../errors.js';
import { dateMessage, refMessage } from './field-words.js';

/** The signed-in caller; the preValidation hook already answered 401 for anonymous callers. */
export function callerOf(req: FastifyRequest): Caller {
  if (!req.caller) throw new Unauthenticated();
  return req.caller;
}

/**
 * The routes of `plugin` take a file as the raw request body (not JSON, not a form): handlers get its
 * bytes as a Buffer for any of `types`, even text/plain, which Fastify otherwise reads as a string. Each
 * route the plugin registers after this call lists the types as its `consumes`, so the OpenAPI document
 * describes the upload (src/http/openapi.ts). Call it in a plugin of its own, so nowhere else in the API
 * accepts a bare upload.
 */
export function acceptFiles(
  // biome-ignore lint/suspicious/noExplicitAny: any type provider and logger: this only adds a parser and a hook.
  plugin: FastifyInstance<RawServerDefault, any, any, any, any>,
  types: readonly string[],
  options: { bodyLimit?: number } = {},
) {
  for (const type of types) if (plugin.hasContentTypeParser(type)) plugin.removeContentTypeParser(type);
  plugin.addContentTypeParser([...types], { parseAs: 'buffer', ...options }, (_req, body, done) => done(null, body));
  plugin.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, consumes: [...types] } as typeof route.schema;
  });
}

export function actorOf(req: FastifyRequest): Actor {
  const c = callerOf(req);
  return { userId: c.userId, label: c.email };
}

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });

/** A 409: a clash with another record, or (type urn:cairn:problem:edit-conflict) a stale If-Match. */
export const ConflictProblem = Problem.extend({
  current: z.record(z.string(), z.unknown()).optional().describe('Edit conflict: the record as it is now, with its version'),
  changes: z
    .array(z.object({ at: z.string(), summary: z.string(), changes: z.record(z.string(), z.tuple([z.unknown(), z.unknown()])) }))
    .optional()
    .describe('Edit conflict: the writes since your version, from the record’s history (for those who may see it)'),
}).meta({ id: 'ConflictProblem' });

/** Every error answer a route can give, so the OpenAPI document lists them. */
export const problems = {
  400: Problem,
  401: Problem,
  403: Problem,
  404: Problem,
  409: ConflictProblem,
  422: Problem,
} as const;

/** A record's id; the message names the field in words (src/http/field-words.ts). */
export const Uuid = z.uuid({ error: refMessage });
export const Slug = z
  .string()
  .min(2, 'Slug must be 2 characters or more')
  .max(60, 'Slug must be 60 characters or fewer')
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Slug may use lower-case letters, digits and single hyphens only');

export const text = (label: string, max = 200) =>
  z
    .string()
    .trim()
    .min(1, `Enter ${label}`)
    .max(max, `${label[0]!.toUpperCase()}${label.slice(1)} must be ${max} characters or fewer`);
export const optionalText = (label: string, max = 2000) =>
  z
    .string()
    .trim()
    .max(max, `${label[0]!.toUpperCase()}${label.slice(1)} must be ${max} characters or fewer`);
/**
 * A calendar date, sent as 2026-03-27 (ISO 8601). The web form asks for day, month and year in boxes of
 * their own and says what is wrong with each (web/src/ui/date-input.tsx); this message is for other clients.
 */
export const isoDate = z.iso.date({ error: dateMessage });
/** A value that passes `isoDate` (for checks across fields, which run even when a date is wrong). */
export const validDate = (v: unknown): v is string => typeof v === 'string' && isoDate.safeParse(v).success;

export const ListQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListQuery = z.infer<typeof ListQuery>;

export const PageInfo = z.object({ page: z.number().int(), pageSize: z.number().int(), total: z.number().int() });

/** A list answer: the rows, where this page sits, and what the caller may do here. */
export const listOf = <T extends z.ZodType>(item: T, abilities: z.ZodType = z.object({ create: z.boolean() })) =>
  z.object({ data: z.array(item), page: PageInfo, abilities });

export const recordOf = <T extends z.ZodType>(item: T, abilities: z.ZodType = z.object({ update: z.boolean() })) =>
  z.object({ data: item, abilities });

/** A PATCH body: any of the fields, but at least one, so an empty change is a clear 422, not a no-op write. */
export const changeOf = <T extends z.ZodObject>(body: T) =>
  body.partial().refine((v) => Object.keys(v).length > 0, { message: 'Send at least one field to change' });
