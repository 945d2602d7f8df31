import { z } from 'zod';
import type { Database } from '../../../db/database.js';
import type { App } from '../../../http/app-type.js';
import { Uuid, actorOf, callerOf, changeOf, optionalText, problems, text } from '../../../http/route-kit.js';
import { openProgramme } from '../../programmes/context.js';
import { EngagementParams } from '../register/views.js';
import { COMMITMENT_STATUSES } from './schema.js';
import { addEntry, listEntries, removeEntry, updateEntry } from './service.js';

const tags = ['engagement'];
const Entry = z
  .object({
    id: z.string(),
    said: z.string(),
    did: z.string(),
    status: z.enum(COMMITMENT_STATUSES),
    progress: z.number().int(),
    published: z.boolean(),
    updatedOn: z.string(),
  })
  .meta({ id: 'YouSaidWeDid' });
const EntryBody = z.strictObject({
  said: text('what people said', 2000),
  did: optionalText('what was done', 2000).optional(),
  status: z.enum(COMMITMENT_STATUSES, { error: 'Choose where the commitment stands' }).optional(),
  progress: z
    .number({ message: 'Progress must be a whole number from 0 to 100' })
    .int('Progress must be a whole number from 0 to 100')
    .min(0, 'Progress must be 0 or more')
    .max(100, 'Progress must be 100 or less')
    .optional()
    .describe('Per cent done'),
  published: z.boolean().optional().describe('Shown on the locality’s public page when the engagement is published too'),
});
const EntryParams = EngagementParams.extend({ entryId: Uuid });

/** Registered before the engagement's own routes: the authorisation matrix removes records in document order. */
export async function youSaidWeDidRoutes(app: App, database: Database) {
  const { db } = database;
  const path = '/programmes/:programme/engagements/:engagementId/you-said-we-did';

  app.get(
    path,
    {
      schema: {
        tags,
        summary: '“You said, we did” for an engagement: what people said, what was done, status and progress',
        params: EngagementParams,
        response: { 200: z.object({ data: z.array(Entry) }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await listEntries(db, ctx, req.params.engagementId) };
    },
  );

  app.post(
    path,
    {
      schema: {
        tags,
        summary: 'Add what people said (and what was done)',
        params: EngagementParams,
        body: EntryBody,
        response: { 201: z.object({ data: Entry }), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return reply.code(201).send({ data: await addEntry(db, ctx, actorOf(req), req.params.engagementId, req.body) });
    },
  );

  app.patch(
    `${path}/:entryId`,
    {
      schema: {
        tags,
        summary: 'Change a “you said, we did” entry: what was done, status, progress, published',
        params: EntryParams,
        body: changeOf(EntryBody),
        response: { 200: z.object({ data: Entry }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await updateEntry(db, ctx, actorOf(req), req.params.engagementId, req.params.entryId, req.body) };
    },
  );

  app.delete(
    `${path}/:entryId`,
    { schema: { tags, summary: 'Remove a “you said, we did” entry', params: EntryParams, response: { 204: z.null(), ...problems } } },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      await removeEntry(db, ctx, actorOf(req), req.params.engagementId, req.params.entryId);
      return reply.code(204).send(null);
    },
  );
}
