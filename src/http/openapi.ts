/**
 * The OpenAPI document Cairn serves at /api/openapi.json, and from which the web's API types are
 * generated (web/src/api/schema.generated.ts, `npm run api:types`; decision 015).
 *
 * Routes describe themselves with zod (fastify-type-provider-zod turns that into JSON Schema); what every
 * route has in common is added here, once, so no route has to repeat it:
 * - the shared schemas (any zod schema given `.meta({ id })`) as `components.schemas`, and only those
 *   the document uses;
 * - an `operationId` for every operation, made from its method and path (operationIdOf);
 * - errors as `application/problem+json`, whatever the route's successful answer is, plus a `default`
 *   answer for the errors any route can give (500, 503);
 * - downloads (CSV, Markdown, SVG, XML, PNG, Word) as text or binary strings of their own media type;
 * - uploads: a route whose plugin takes files (acceptFiles in route-kit.ts) lists them as `consumes`,
 *   and its request body is described here as the file's bytes.
 */
import type { FastifyDynamicSwaggerOptions, SwaggerTransform, SwaggerTransformObject } from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { OpenAPIV3_1 } from 'openapi-types';

type Document = OpenAPIV3_1.Document;
type Operation = OpenAPIV3_1.OperationObject;
type Response = OpenAPIV3_1.ResponseObject;
type Schema = OpenAPIV3_1.SchemaObject | OpenAPIV3_1.ReferenceObject;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The prefix every API path shares; left out of operation ids, as it says nothing about the operation. */
const API_PREFIX = '/api/v1';

/**
 * A stable operation id from the method and the path, the way Stripe's API names its operations:
 * the method, then every path segment in camel case, parameters by their name.
 * `GET /api/v1/programmes/{programme}/places/{placeId}` is `getProgrammesProgrammePlacesPlaceId`,
 * `GET …/grants/360giving.csv` is `getProgrammesProgrammeGrants360givingCsv`. It changes only when the
 * route's method or path does, and two routes that would share one fail the document (finishDocument).
 */
export function operationIdOf(method: string, path: string): string {
  const rest = path.startsWith(`${API_PREFIX}/`) ? path.slice(API_PREFIX.length) : path;
  const words = rest.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return method.toLowerCase() + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

const TAGS: OpenAPIV3_1.TagObject[] = [
  { name: 'home', description: 'What a signed-in person has to do next, for each role they hold.' },
  { name: 'accounts', description: 'Signing in and out, people, invitations, password resets and roles.' },
  { name: 'audit', description: 'Who changed what and when, for those who may see it.' },
  { name: 'programmes', description: 'Programmes, their phases, partnerships’ progression between phases, and vocabularies.' },
  { name: 'places', description: 'The places partnerships work in, with their deprivation figures.' },
  { name: 'organisations', description: 'Organisations, their identifiers, statuses and memberships of partnerships.' },
  { name: 'partnerships', description: 'Partnerships of organisations in a place, and their members.' },
  { name: 'projects', description: 'What partnerships do, tagged with the programme’s vocabularies.' },
  { name: 'grants', description: 'Grants awarded, and the programme’s grants in the 360Giving Data Standard.' },
  { name: 'registry import', description: 'Partnerships, places and lead organisations from a spreadsheet.' },
  { name: 'monitoring', description: 'Indicators, reporting periods, returns and their review, the portfolio table and charts.' },
  { name: 'evaluation', description: 'Evaluations: codebook, respondents and consent, evidence, analysis, figures and quality.' },
  {
    name: 'engagement',
    description:
      'The engagement register and calendar, overlaps between partners, National Standards self-assessment, feedback and “you said, we did”.',
  },
  { name: 'learning', description: 'Case studies in the five-question form, the exchange that searches them, and action-learning sets.' },
];

/** The body of a route that takes a file: its bytes, whatever the media type (acceptFiles). */
const FILE_BODY = { type: 'string', format: 'binary', description: 'The file itself, as the raw request body (not JSON, not a form).' };

/** Per route, before @fastify/swagger builds its operation: zod to JSON Schema, and the file a route takes. */
export const transformRoute: SwaggerTransform = (input) => {
  const out = jsonSchemaTransform(input);
  const consumes = (input.schema as { consumes?: string[] } | undefined)?.consumes;
  if (!out.schema || out.schema.hide) return out;
  if (consumes?.length && !input.schema.body) out.schema = { ...out.schema, body: FILE_BODY };
  // Open to anyone (the preValidation hook in app.ts): no session needed.
  if ((input.route.config as { auth?: string } | undefined)?.auth === 'public') out.schema = { ...out.schema, security: [] };
  return out;
};

/** Once, over the whole document: the shared schemas, then what every operation has in common. */
export const transformDocument: SwaggerTransformObject = (input) =>
  finishDocument(jsonSchemaTransformObject(input) as unknown as Document) as ReturnType<SwaggerTransformObject>;

const STATUS_TEXT: Record<string, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted: the work goes on in the background',
  204: 'Done; nothing to answer',
};

const PROBLEM = 'application/problem+json';
const problemRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });
/** The errors every route may give, each described once under components.responses. */
const ERRORS: Record<string, { name: string; schema: string; description: string }> = {
  400: { name: 'BadRequest', schema: 'Problem', description: 'Bad request: the request could not be read' },
  401: { name: 'Unauthenticated', schema: 'Problem', description: 'Not signed in, or the session has ended' },
  403: { name: 'Forbidden', schema: 'Problem', description: 'Not allowed for this person, or the CSRF token is missing or stale' },
  404: { name: 'NotFound', schema: 'Problem', description: 'Not found, or not visible to this person' },
  409: { name: 'Conflict', schema: 'ConflictProblem', description: 'A clash with another record, or an edit conflict (a stale If-Match)' },
  422: { name: 'InvalidInput', schema: 'Problem', description: 'Invalid input: what is wrong, field by field' },
  429: { name: 'TooManyRequests', schema: 'Problem', description: 'Too many attempts: wait, then try again (Retry-After)' },
  default: {
    name: 'Error',
    schema: 'Problem',
    description:
      'Any other error: 500 when Cairn could not finish the request (nothing was saved), 503 with Retry-After while the database is unavailable',
  },
};
const errorResponses = (): Record<string, Response> =>
  Object.fromEntries(
    Object.values(ERRORS).map((e) => [e.name, { description: e.description, content: { [PROBLEM]: { schema: problemRef(e.schema) } } }]),
  );

const isJson = (mediaType: string) => mediaType === 'application/json' || mediaType.endsWith('+json');
/** Files read as text (CSV, Markdown, SVG, XML) are strings; any other file (PNG, Word, Excel) is bytes. */
const isText = (mediaType: string) => mediaType.startsWith('text/') || mediaType === 'image/svg+xml' || mediaType.endsWith('/xml');
const fileSchema = (mediaType: string): OpenAPIV3_1.SchemaObject =>
  isText(mediaType) ? { type: 'string', contentMediaType: mediaType } : { type: 'string', format: 'binary', contentMediaType: mediaType };

/**
 * Operation ids, error and file media types, response descriptions and the shared schemas the document
 * uses. Pure: the document in, the finished document out (tested with the served one).
 */
export function finishDocument(doc: Document): Document {
  const ids = new Map<string, string>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item?.[method];
      if (!op) continue;
      op.operationId ??= operationIdOf(method, path);
      const clash = ids.get(op.operationId);
      if (clash) throw new Error(`OpenAPI: ${method.toUpperCase()} ${path} and ${clash} would share the operationId ${op.operationId}`);
      ids.set(op.operationId, `${method.toUpperCase()} ${path}`);
      finishResponses(op);
    }
  }
  spellOutEnumKeys(doc);
  return pruneComponents({
    ...doc,
    components: { ...doc.components, responses: { ...doc.components?.responses, ...errorResponses() } },
    info: { ...doc.info, license: { name: 'MIT', identifier: 'MIT' } },
    servers: [{ url: '/', description: 'The Cairn server this document came from' }],
    tags: TAGS,
  });
}

function finishResponses(op: Operation) {
  const responses = (op.responses ?? {}) as Record<string, Response | OpenAPIV3_1.ReferenceObject>;
  for (const [status, response] of Object.entries(responses)) {
    if ('$ref' in response) continue;
    // @fastify/swagger's placeholder, when the route's zod schema has no .describe().
    if (response.description === 'Default Response') {
      response.description = STATUS_TEXT[status] ?? ERRORS[status]?.description ?? `HTTP ${status}`;
    }
    const content = response.content;
    if (!content) continue;
    if (Number(status) >= 400) {
      // The error handler answers every error as problem+json (src/http/app.ts), downloads included.
      const schema = Object.values(content)[0]?.schema;
      const common = ERRORS[status];
      if (common && schema && '$ref' in schema && schema.$ref === problemRef(common.schema).$ref)
        responses[status] = { $ref: `#/components/responses/${common.name}` };
      else if (schema) response.content = { [PROBLEM]: { schema } };
      continue;
    }
    const files = Object.keys(content).filter((t) => !isJson(t));
    for (const mediaType of files) content[mediaType] = { schema: fileSchema(mediaType) };
    // A route answering JSON or a file (format=csv) declares z.union([Json, z.string()]): the string is the file.
    for (const mediaType of Object.keys(content).filter(isJson)) {
      const schema = content[mediaType]!.schema as OpenAPIV3_1.SchemaObject | undefined;
      if (!files.length || !schema?.anyOf) continue;
      const json = schema.anyOf.filter((s) => !('type' in s && s.type === 'string' && Object.keys(s).length === 1));
      content[mediaType] = { schema: json.length === 1 ? json[0]! : { ...schema, anyOf: json } };
    }
  }
  responses.default ??= { $ref: `#/components/responses/${ERRORS.default!.name}` };
}

/**
 * zod writes a record with enum keys (`z.record(z.enum([...]), T)`) as `propertyNames` + `required` with no
 * `properties`: valid JSON Schema, but generators and linters see required properties that are not there.
 * The same object with each key spelled out says exactly as much.
 */
function spellOutEnumKeys(value: unknown) {
  if (Array.isArray(value)) return value.forEach(spellOutEnumKeys);
  if (!value || typeof value !== 'object') return;
  const s = value as OpenAPIV3_1.SchemaObject & { propertyNames?: OpenAPIV3_1.SchemaObject };
  const keys = s.propertyNames?.enum;
  if (s.type === 'object' && !s.properties && keys?.length && typeof s.additionalProperties === 'object') {
    const each = s.additionalProperties;
    s.properties = Object.fromEntries(keys.map((k) => [String(k), structuredClone(each)]));
    s.additionalProperties = false;
    delete s.propertyNames;
  }
  for (const child of Object.values(value)) spellOutEnumKeys(child);
}

/** Only the shared schemas the document refers to (zod's registry holds an input and an output form of each). */
function pruneComponents(doc: Document): Document {
  const schemas = doc.components?.schemas ?? {};
  const used = new Set<string>();
  const visit = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string' && child.startsWith('#/components/schemas/')) {
        const name = child.slice('#/components/schemas/'.length);
        if (!used.has(name)) {
          used.add(name);
          visit(schemas[name]);
        }
      } else visit(child);
    }
  };
  visit(doc.paths);
  visit(doc.components?.responses);
  const kept: Record<string, Schema> = {};
  for (const name of Object.keys(schemas).sort()) if (used.has(name)) kept[name] = schemas[name] as Schema;
  return { ...doc, components: { ...doc.components, schemas: kept as Record<string, OpenAPIV3_1.SchemaObject> } };
}

export const openapiOptions = (sessionCookie: string): FastifyDynamicSwaggerOptions => ({
  openapi: {
    openapi: '3.1.0',
    info: {
      title: 'Cairn API',
      version: '1',
      description:
        'Plan, monitor, evaluate and learn in community-led regeneration programmes. Sign in with ' +
        'POST /api/v1/auth/login; send the X-CSRF-Token from GET /api/v1/auth/session on every write.',
    },
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: sessionCookie } },
    },
    security: [{ session: [] }],
  },
  transform: transformRoute,
  transformObject: transformDocument,
});
