// One engine: the OpenAPI document the server describes, the same whatever the engine.
/**
 * The OpenAPI document the server serves, checked as a client generator would read it: valid for a
 * maintained validator (every $ref resolves), clean for Redocly's recommended lint, every operation named
 * and every body described; and the web's generated API types are what this document gives (decision 015).
 */
import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import type { OpenAPIV3_1 } from 'openapi-types';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_TYPES_FILE, apiTypesOf } from '../../scripts/api-types.js';
import { type TestContext, startTestApp } from '../support/http.js';

/**
 * Redocly warnings this document keeps, each for a reason; any other warning (and every error) fails.
 * Keyed by rule and the JSON pointer it points at.
 */
const JUSTIFIED_WARNINGS: Record<string, string> = {
  // The session check answers every caller 200 (user null when nobody is signed in): no 4XX to describe.
  'operation-4xx-response #/paths/~1api~1v1~1auth~1session/get/responses': 'GET /auth/session never answers 4XX',
};

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

let t: TestContext;
let doc: OpenAPIV3_1.Document;
let text: string;

beforeAll(async () => {
  t = await startTestApp();
  const res = await t.anonymous().get('/api/openapi.json');
  expect(res.statusCode).toBe(200);
  text = res.body;
  doc = res.json();
});

function operations() {
  const out: { name: string; op: OpenAPIV3_1.OperationObject }[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {}))
    for (const m of METHODS) if (item?.[m]) out.push({ name: `${m.toUpperCase()} ${path}`, op: item[m]! });
  return out;
}

/** A response or request body, with a component reference followed. */
function deref<T>(value: T | OpenAPIV3_1.ReferenceObject): T {
  if (value && typeof value === 'object' && '$ref' in value) {
    const [, , kind, name] = value.$ref.split('/');
    return (doc.components as Record<string, Record<string, T>>)[kind!]![name!]!;
  }
  return value as T;
}

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 for swagger-parser, every $ref resolving', async () => {
    // validate() dereferences in place: it gets a copy.
    const api = await SwaggerParser.validate(structuredClone(doc) as never);
    expect((api as OpenAPIV3_1.Document).openapi).toBe('3.1.0');
    const refs = [...text.matchAll(/"\$ref":"(#\/components\/[^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(100);
    for (const ref of new Set(refs)) {
      const [, , kind, name] = ref.split('/');
      expect((doc.components as Record<string, Record<string, unknown>>)[kind!]?.[name!], ref).toBeDefined();
    }
  });

  it('passes Redocly’s recommended lint with no errors, and only the warnings justified above', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: text, absoluteRef: 'openapi.json', config });
    const errors = problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`);
    expect(errors).toEqual([]);
    const warnings = problems
      .filter((p) => p.severity === 'warn')
      .map((p) => `${p.ruleId} ${p.location[0]?.pointer}`)
      .filter((w) => !JUSTIFIED_WARNINGS[w]);
    expect(warnings).toEqual([]);
  });

  it('names every operation with a unique operationId made from its method and path', () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThan(100);
    const ids = ops.map(({ op }) => op.operationId);
    expect(ids.filter((id) => !id)).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    const byName = Object.fromEntries(ops.map(({ name, op }) => [name, op.operationId]));
    expect(byName['GET /api/v1/programmes/{programme}']).toBe('getProgrammesProgramme');
    expect(byName['POST /api/v1/auth/login']).toBe('postAuthLogin');
    expect(byName['GET /api/v1/programmes/{programme}/grants/360giving.csv']).toBe('getProgrammesProgrammeGrants360givingCsv');
  });

  it('describes every answer’s body: JSON, a file of its own media type, or problem+json for errors', () => {
    const missing: string[] = [];
    for (const { name, op } of operations()) {
      const responses = Object.entries(op.responses ?? {});
      if (!responses.some(([status]) => status.startsWith('2'))) missing.push(`${name}: no 2XX answer`);
      if (!op.responses?.default) missing.push(`${name}: no default (500, 503) answer`);
      for (const [status, raw] of responses) {
        const response = deref<OpenAPIV3_1.ResponseObject>(raw);
        if (!response.description) missing.push(`${name} ${status}: no description`);
        if (status === '204') continue;
        const content = Object.entries(response.content ?? {});
        if (!content.length) missing.push(`${name} ${status}: no body described`);
        for (const [type, media] of content) {
          if (!media.schema) missing.push(`${name} ${status} ${type}: no schema`);
          if ((status === 'default' || Number(status) >= 400) && type !== 'application/problem+json')
            missing.push(`${name} ${status}: ${type}, not problem+json`);
          if (!type.endsWith('json') && (media.schema as OpenAPIV3_1.SchemaObject).type !== 'string') {
            missing.push(`${name} ${status} ${type}: a file must be a string`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('describes downloads by their media type, binary files as binary', () => {
    const ok = (path: string) =>
      deref<OpenAPIV3_1.ResponseObject>(doc.paths![`/api/v1/programmes/{programme}${path}`]!.get!.responses!['200']!).content!;
    expect(ok('/monitoring/table.csv')['text/csv']?.schema).toMatchObject({ type: 'string' });
    expect(ok('/monitoring/charts/by-partnership.png')['image/png']?.schema).toMatchObject({ type: 'string', format: 'binary' });
    expect(ok('/monitoring/charts/by-partnership.svg')['image/svg+xml']?.schema).toMatchObject({ type: 'string' });
    expect(ok('/evaluations/{evaluation}/figures.docx')).toHaveProperty(
      ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'schema', 'format'],
      'binary',
    );
    expect(ok('/evaluations/{evaluation}/codebook.qdc')['application/xml']?.schema).toMatchObject({ type: 'string' });
    // JSON or CSV by `format`: each media type has its own schema.
    const crosstab = ok('/evaluations/{evaluation}/crosstab');
    expect(crosstab['application/json']?.schema).toEqual({ $ref: '#/components/schemas/Crosstab' });
    expect(crosstab['text/csv']?.schema).toMatchObject({ type: 'string' });
  });

  it('describes every file upload as the raw bytes of the media types its route accepts', () => {
    const uploads = Object.fromEntries(
      operations()
        .filter(({ op }) => op.requestBody && !('application/json' in deref<OpenAPIV3_1.RequestBodyObject>(op.requestBody).content))
        .map(({ name, op }) => [name, Object.keys(deref<OpenAPIV3_1.RequestBodyObject>(op.requestBody!).content)]),
    );
    const p = 'POST /api/v1/programmes/{programme}';
    const spreadsheet = [
      'text/csv',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/octet-stream',
      'application/vnd.ms-excel',
    ];
    const docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    expect(uploads).toEqual({
      [`${p}/registry-import/preview`]: spreadsheet,
      [`${p}/registry-import`]: spreadsheet,
      [`${p}/monitoring/import/preview`]: spreadsheet,
      [`${p}/monitoring/import`]: spreadsheet,
      [`${p}/indicators/import`]: ['text/csv', 'application/octet-stream', 'application/vnd.ms-excel'],
      [`${p}/evaluations/{evaluation}/codebook/import/preview`]: ['application/xml', 'text/xml', 'application/octet-stream'],
      [`${p}/evaluations/{evaluation}/codebook/import`]: ['application/xml', 'text/xml', 'application/octet-stream'],
      [`${p}/evaluations/{evaluation}/transcripts`]: ['text/plain', docx, 'application/octet-stream'],
      [`${p}/pb/import`]: ['text/plain', 'application/octet-stream'],
      [`${p}/place-surveys/{survey}/import`]: ['text/csv', 'application/octet-stream', 'application/vnd.ms-excel'],
    });
    const body = deref<OpenAPIV3_1.RequestBodyObject>(doc.paths!['/api/v1/programmes/{programme}/registry-import']!.post!.requestBody!);
    expect(body.required).toBe(true);
    expect(body.content['text/csv']?.schema).toMatchObject({ type: 'string', format: 'binary' });
  });
});

describe('the web’s generated API types', () => {
  it('are what the served document gives: run `npm run api:types` after changing a route', async () => {
    const committed = readFileSync(API_TYPES_FILE, 'utf8');
    const fresh = await apiTypesOf(doc);
    // A plain equality would print two 9,000-line files: say where they part instead.
    const a = committed.split('\n');
    const b = fresh.split('\n');
    const at = a.findIndex((line, i) => line !== b[i]);
    const where =
      at === -1 && a.length === b.length
        ? null
        : { line: (at === -1 ? Math.min(a.length, b.length) : at) + 1, committed: a[at], now: b[at] };
    expect(where, 'web/src/api/schema.generated.ts is stale: run `npm run api:types`').toBeNull();
  });
});
