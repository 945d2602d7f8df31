/**
 * Builds the smallest valid request for an operation in Cairn's OpenAPI document, so the authorisation
 * matrix can call every route with input that passes validation: a refusal must then come from the
 * access check, not from a 422 about the body.
 */

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  minItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
};

export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The OpenAPI path, e.g. /api/v1/programmes/{programme}/places/{placeId}. */
  path: string;
  /** "GET /api/v1/…", as failures name it. */
  name: string;
  pathParams: string[];
  requiredQuery: { name: string; schema: JsonSchema }[];
  body: { contentType: string; schema: JsonSchema } | null;
}

interface OpenApiDoc {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { in: string; name: string; required?: boolean; schema?: JsonSchema }[];
        requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
      }
    >
  >;
  components?: { schemas?: Record<string, JsonSchema> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export function operationsOf(doc: OpenApiDoc): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const m of METHODS) {
      const op = item[m];
      if (!op) continue;
      const params = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      const contentType = Object.keys(content)[0];
      ops.push({
        method: m.toUpperCase() as Operation['method'],
        path,
        name: `${m.toUpperCase()} ${path}`,
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((x) => x[1]!),
        requiredQuery: params.filter((p) => p.in === 'query' && p.required).map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        body: contentType ? { contentType, schema: content[contentType]?.schema ?? {} } : null,
      });
    }
  }
  return ops;
}

export interface SampleContext {
  doc: OpenApiDoc;
  /** A value for a field by its name (ids of fixture records, slugs, emails); undefined = work it out from the schema. */
  valueFor(field: string, schema: JsonSchema): unknown;
}

export class CannotSample extends Error {}

function resolve(doc: OpenApiDoc, s: JsonSchema): JsonSchema {
  let out = s;
  for (let i = 0; out.$ref && i < 10; i++) {
    const name = out.$ref.replace('#/components/schemas/', '');
    const found = doc.components?.schemas?.[name];
    if (!found) throw new CannotSample(`unresolvable $ref ${out.$ref}`);
    out = found;
  }
  return out;
}

/**
 * The smallest value that satisfies `schema`: required properties only, first enum member, lowest number.
 * With `atLeastOne`, an object whose fields are all optional (a PATCH) gets its first field that can be
 * sampled, so the request really asks for a change.
 */
export function sample(ctx: SampleContext, raw: JsonSchema, field: string, where: string, atLeastOne = false): unknown {
  const s = resolve(ctx.doc, raw);
  const named = ctx.valueFor(field, s);
  if (named !== undefined) return named;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum.find((v) => v !== null) ?? s.enum[0];
  const options = s.anyOf ?? s.oneOf;
  if (options?.length) {
    const pick = options.map((o) => resolve(ctx.doc, o)).find((o) => o.type !== 'null') ?? options[0]!;
    return sample(ctx, pick, field, where);
  }
  if (s.allOf?.length) return sample(ctx, s.allOf[0]!, field, where);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of s.required ?? []) out[key] = sample(ctx, s.properties?.[key] ?? {}, key, `${where}.${key}`);
      if (atLeastOne && Object.keys(out).length === 0) {
        for (const [key, prop] of Object.entries(s.properties ?? {})) {
          try {
            out[key] = sample(ctx, prop, key, `${where}.${key}`);
            break;
          } catch (err) {
            if (!(err instanceof CannotSample)) throw err;
          }
        }
      }
      return out;
    }
    case 'array': {
      const n = s.minItems ?? 0;
      return Array.from({ length: n }, (_, i) => sample(ctx, s.items ?? {}, field, `${where}[${i}]`));
    }
    case 'string':
      return sampleString(s, field, where);
    case 'integer':
    case 'number': {
      let n = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
      if (s.maximum !== undefined && n > s.maximum) n = s.maximum;
      return type === 'integer' ? Math.ceil(n) : n;
    }
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      // No type: anything goes, and an empty object is the least surprising thing to send.
      return {};
  }
}

function sampleString(s: JsonSchema, field: string, where: string): string {
  switch (s.format) {
    case 'date':
      return '2020-04-01';
    case 'date-time':
      return '2020-04-01T09:00:00.000Z';
    case 'email':
      return 'matrix.check@cairn.test';
    case 'uuid':
      throw new CannotSample(`${where}: no fixture id for the uuid field "${field}" — add it to the matrix's field values`);
  }
  let v = 'Matrix check';
  if (s.minLength !== undefined && v.length < s.minLength) v = v.padEnd(s.minLength, 'x');
  if (s.maxLength !== undefined && v.length > s.maxLength) v = v.slice(0, s.maxLength);
  if (s.pattern && !new RegExp(s.pattern, 'u').test(v)) {
    throw new CannotSample(`${where}: "${field}" must match ${s.pattern} — add a value for it to the matrix's field values`);
  }
  return v;
}
