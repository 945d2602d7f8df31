import { z } from 'zod';
import type { Database } from '../../db/database.js';
import type { App } from '../../http/app-type.js';
import { cachedAnswer, questionOf } from '../../http/answer-cache.js';
import { changeOf, ListQuery, PageInfo, Uuid, actorOf, callerOf, optionalText, problems, recordOf, text } from '../../http/route-kit.js';
import { IfMatchHeaders, Version, answerVersion, guardWrite } from '../../http/versions.js';
import { AuditEventView, recordHistory } from '../audit/history.js';
import { openProgramme } from '../programmes/context.js';
import { DEPRIVATION_INDICES, NATIONS, places } from './schema.js';
import { createPlace, getPlace, listPlaces, updatePlace } from './service.js';

const Nation = z.enum(NATIONS, { message: `Nation must be one of: ${NATIONS.join(', ')}` });
const DeprivationIndex = z.enum(DEPRIVATION_INDICES, { message: `Deprivation index must be one of: ${DEPRIVATION_INDICES.join(', ')}` });

const Place = z
  .object({
    id: z.string(),
    name: z.string(),
    nation: Nation.nullable(),
    region: z.string(),
    localAuthority: z.string(),
    areaCode: z.string().nullable(),
    deprivationIndex: DeprivationIndex.nullable(),
    deprivationDecile: z.number().int().nullable(),
    createdAt: z.string(),
    version: Version.optional(),
  })
  .meta({ id: 'Place' });
const PlaceRecord = Place.extend({ partnerships: z.array(z.object({ id: z.string(), name: z.string() })) }).meta({ id: 'PlaceRecord' });

const PlaceBody = z.strictObject({
  name: text('the place name'),
  nation: Nation.nullable().optional(),
  region: optionalText('region', 200).optional(),
  localAuthority: optionalText('local authority', 200).optional(),
  areaCode: z
    .string()
    .trim()
    .max(20, 'Area code must be 20 characters or fewer')
    .nullable()
    .optional()
    .describe('GSS code: one letter and 8 digits, such as E08000026; the letter must match the nation'),
  deprivationIndex: DeprivationIndex.nullable()
    .optional()
    .describe('IMD (England), SIMD (Scotland), WIMD (Wales) or NIMDM (Northern Ireland)'),
  deprivationDecile: z
    .number({ message: 'Deprivation decile must be a number' })
    .int('Deprivation decile must be a whole number')
    .min(1, 'Deprivation decile must be 1 to 10')
    .max(10, 'Deprivation decile must be 1 to 10')
    .nullable()
    .optional()
    .describe('1 is the most deprived tenth; needs deprivationIndex'),
});
const Params = z.object({ programme: z.string().max(60) });
const PlaceParams = Params.extend({ placeId: Uuid });
const placeVersion = (id: string) => ({ key: places.id, id, entityType: 'place' });
const PlaceQuery = ListQuery.extend({
  nation: Nation.optional(),
  region: z.string().trim().max(200).optional(),
});

export async function placeRoutes(app: App, database: Database) {
  const { db } = database;

  app.get(
    '/programmes/:programme/places',
    {
      schema: {
        tags: ['places'],
        summary: 'Places in the programme (a partnership member sees only their partnerships’ places)',
        params: Params,
        querystring: PlaceQuery,
        response: { 200: z.object({ data: z.array(Place), page: PageInfo, abilities: z.object({ create: z.boolean() }) }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const { rows, total } = await cachedAnswer(db, ctx, questionOf('places', req.query), () => listPlaces(db, ctx, req.query));
      return {
        data: rows,
        page: { page: req.query.page, pageSize: req.query.pageSize, total },
        abilities: { create: ctx.access.canManage },
      };
    },
  );

  app.post(
    '/programmes/:programme/places',
    {
      schema: {
        tags: ['places'],
        summary: 'Add a place (programme managers)',
        params: Params,
        body: PlaceBody,
        response: { 201: recordOf(Place), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return reply.code(201).send({ data: await createPlace(db, ctx, actorOf(req), req.body), abilities: { update: true } });
    },
  );

  app.get(
    '/programmes/:programme/places/:placeId',
    {
      schema: {
        tags: ['places'],
        summary: 'A place with the partnerships working there and its history',
        params: PlaceParams,
        response: { 200: recordOf(PlaceRecord).extend({ history: z.array(AuditEventView) }), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const version = await answerVersion(db, reply, placeVersion(req.params.placeId));
      const data = await getPlace(db, ctx, req.params.placeId);
      const history = await recordHistory(db, ctx.access, 'place', data.id);
      return { data: { ...data, version: version! }, abilities: { update: ctx.access.canManage }, history };
    },
  );

  app.patch(
    '/programmes/:programme/places/:placeId',
    {
      schema: {
        tags: ['places'],
        summary: 'Change a place (programme managers)',
        params: PlaceParams,
        headers: IfMatchHeaders,
        body: changeOf(PlaceBody),
        response: { 200: recordOf(Place), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const id = req.params.placeId;
      const { result, version } = await guardWrite(
        db,
        req,
        reply,
        placeVersion(id),
        (tx) => updatePlace(tx, ctx, actorOf(req), id, req.body),
        {
          current: () => getPlace(db, ctx, id),
          history: ctx.access.canSeeAudit,
        },
      );
      return { data: { ...result!, version: version! }, abilities: { update: true } };
    },
  );
}
