import type { OpenAPIV3_1 } from 'openapi-types';
import { describe, expect, it } from 'vitest';
import { finishDocument, operationIdOf } from './openapi.js';

const doc = (paths: OpenAPIV3_1.PathsObject): OpenAPIV3_1.Document => ({
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  paths,
  components: {
    schemas: {
      Problem: { type: 'object' },
      ConflictProblem: { type: 'object' },
      Unused: { type: 'object' },
      Thing: { type: 'object', properties: { by: { $ref: '#/components/schemas/Vocab' } } },
      Vocab: {
        type: 'object',
        propertyNames: { enum: ['a', 'b'] },
        additionalProperties: { type: 'string' },
        required: ['a', 'b'],
      } as never,
    },
  },
});
const problem = (name = 'Problem') => ({
  description: 'Default Response',
  content: { 'text/csv': { schema: { $ref: `#/components/schemas/${name}` } } },
});

describe('operationIdOf', () => {
  it('is the method and the path’s segments in camel case, parameters by name, without /api/v1', () => {
    expect(operationIdOf('GET', '/api/v1/programmes/{programme}/places/{placeId}')).toBe('getProgrammesProgrammePlacesPlaceId');
    expect(operationIdOf('post', '/api/v1/programmes/{programme}/registry-import/preview')).toBe(
      'postProgrammesProgrammeRegistryImportPreview',
    );
    expect(operationIdOf('GET', '/api/v1/programmes/{programme}/grants/360giving.csv')).toBe('getProgrammesProgrammeGrants360givingCsv');
  });
});

describe('finishDocument', () => {
  it('names operations, answers errors as problem+json, types files by media type and keeps only the schemas used', () => {
    const out = finishDocument(
      doc({
        '/api/v1/things/{id}.csv': {
          get: {
            responses: {
              200: { description: 'Default Response', content: { 'text/csv': { schema: { type: 'string' } } } },
              404: problem(),
              409: problem('ConflictProblem'),
              418: { description: 'Default Response', content: { 'text/csv': { schema: { $ref: '#/components/schemas/Thing' } } } },
            },
          },
        },
        '/api/v1/things/{id}': {
          get: {
            responses: {
              200: {
                description: 'Default Response',
                content: {
                  'application/json': { schema: { anyOf: [{ $ref: '#/components/schemas/Thing' }, { type: 'string' }] } },
                  'image/png': { schema: { type: 'string' } },
                },
              },
            },
          },
        },
      }),
    );
    const csv = out.paths!['/api/v1/things/{id}.csv']!.get!;
    expect(csv.operationId).toBe('getThingsIdCsv');
    expect(csv.responses!['200']).toEqual({
      description: 'OK',
      content: { 'text/csv': { schema: { type: 'string', contentMediaType: 'text/csv' } } },
    });
    expect(csv.responses!['404']).toEqual({ $ref: '#/components/responses/NotFound' });
    expect(csv.responses!['409']).toEqual({ $ref: '#/components/responses/Conflict' });
    expect(csv.responses!['418']).toEqual({
      description: 'HTTP 418',
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Thing' } } },
    });
    expect(csv.responses!.default).toEqual({ $ref: '#/components/responses/Error' });
    const one = out.paths!['/api/v1/things/{id}']!.get!.responses!['200'] as OpenAPIV3_1.ResponseObject;
    expect(one.content!['application/json']!.schema).toEqual({ $ref: '#/components/schemas/Thing' });
    expect(one.content!['image/png']!.schema).toEqual({ type: 'string', format: 'binary', contentMediaType: 'image/png' });
    expect(Object.keys(out.components!.schemas!)).toEqual(['ConflictProblem', 'Problem', 'Thing', 'Vocab']);
    expect(out.components!.schemas!.Vocab).toEqual({
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'string' } },
      additionalProperties: false,
      required: ['a', 'b'],
    });
  });

  it('refuses two operations that would share an operationId', () => {
    const ok = { responses: { 200: { description: 'OK' } } };
    expect(() => finishDocument(doc({ '/api/v1/a-b': { get: ok }, '/api/v1/a/b': { get: ok } }))).toThrow(
      'GET /api/v1/a/b and GET /api/v1/a-b would share the operationId getAB',
    );
  });
});
