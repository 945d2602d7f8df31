/** Case studies over HTTP: list (with drafts the caller may see), read, write, publish, remove. */
import { z } from 'zod';
import type { Database } from '../../../db/database.js';
import type { App } from '../../../http/app-type.js';
import { Uuid, actorOf, callerOf, changeOf, optionalText, problems, recordOf, text } from '../../../http/route-kit.js';
import { openProgramme } from '../../programmes/context.js';
import { AUDIENCES, CASE_STUDY_STATUSES, NATIONAL_STANDARDS } from '../domain/vocab.js';
import { setChoices } from '../sets/service.js';
import { createCaseStudy, deleteCaseStudy, getCaseStudy, listCaseStudies, themeChoices } from './service.js';
import { updateCaseStudy } from './service.js';

const tags = ['learning'];
const Params = z.object({ programme: z.string().max(60) });
const StudyParams = Params.extend({ caseStudyId: Uuid });
const Named = z.object({ id: z.string(), name: z.string() });

export const CaseStudy = z
  .object({
    id: z.string(),
    title: z.string(),
    partnership: Named.nullable(),
    learningSet: Named.nullable(),
    themes: z.array(z.string()),
    standards: z.array(z.string()),
    place: Named.extend({ nation: z.string().nullable() }).nullable(),
    organisation: z.object({ id: z.string().nullable(), name: z.string(), type: z.string().nullable() }),
    problem: z.string(),
    whatWeDid: z.string(),
    whatHelped: z.string(),
    barriers: z.string(),
    learning: z.string(),
    contact: z.string().describe('Who to ask about it: shown to signed-in users only, never on the public page'),
    status: z.enum(CASE_STUDY_STATUSES),
    audience: z
      .enum(AUDIENCES)
      .describe('programme: its exchange, for signed-in users of the programme; public: also a page anyone can open'),
    publishedAt: z.string().nullable(),
    updatedAt: z.string(),
    abilities: z.object({ update: z.boolean() }),
  })
  .meta({ id: 'CaseStudy' });

const answer = (label: string) => optionalText(label, 20_000).optional();
const CaseStudyBody = z.strictObject({
  title: text('the title', 200),
  partnershipId: Uuid.nullable().describe(
    'The partnership that wrote it (its members and the managers see its drafts); null: the programme’s own (managers)',
  ),
  learningSetId: Uuid.nullable().optional().describe('The action-learning set it came out of'),
  themes: z
    .array(z.string().trim().min(1).max(120))
    .max(20)
    .optional()
    .describe('Action-learning themes or the programme’s own themes, by name'),
  standards: z
    .array(z.enum(NATIONAL_STANDARDS, { message: 'Choose National Standards from the list' }))
    .max(7)
    .optional(),
  placeId: Uuid.nullable().optional(),
  organisationId: Uuid.nullable().optional().describe('A registry organisation; or give organisationName'),
  organisationName: optionalText('the organisation', 200).optional(),
  problem: answer('what the problem or issue was'),
  whatWeDid: answer('what you did'),
  whatHelped: answer('what helped'),
  barriers: answer('what the barriers were'),
  learning: answer('what you are learning'),
  contact: optionalText('the contact', 300).optional(),
  status: z.enum(CASE_STUDY_STATUSES, { message: 'Choose draft or published' }).optional(),
  audience: z.enum(AUDIENCES, { message: 'Choose who to publish it to' }).optional(),
});
const ListQuery = z.strictObject({
  status: z.enum(CASE_STUDY_STATUSES).optional().describe('Only drafts, or only published'),
  partnershipId: Uuid.optional(),
});

export async function caseStudyRoutes(app: App, database: Database) {
  const { db } = database;

  app.get(
    '/programmes/:programme/case-studies',
    {
      schema: {
        tags,
        summary:
          'Case studies the caller may see, newest first: every published one, and the drafts of their own partnerships (managers: every draft)',
        params: Params,
        querystring: ListQuery,
        response: { 200: z.object({ data: z.array(CaseStudy), abilities: z.object({ create: z.boolean() }) }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const data = await listCaseStudies(db, ctx, req.query);
      return { data, abilities: { create: ctx.access.canManage || ctx.access.scope === 'partnership' } };
    },
  );

  app.get(
    '/programmes/:programme/case-studies/choices',
    {
      schema: {
        tags,
        summary:
          'What the case-study form offers: themes (the five action-learning themes, then the programme’s own), the National Standards, the action-learning sets the caller sees',
        params: Params,
        response: {
          200: z.object({
            data: z.object({
              themes: z.object({ actionLearning: z.array(z.string()), programme: z.array(z.string()) }),
              standards: z.array(z.string()),
              sets: z.array(Named),
            }),
          }),
          ...problems,
        },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const [themes, sets] = await Promise.all([themeChoices(db, ctx), setChoices(db, ctx)]);
      return { data: { themes, standards: [...NATIONAL_STANDARDS], sets } };
    },
  );

  app.post(
    '/programmes/:programme/case-studies',
    {
      schema: {
        tags,
        summary: 'Write a case study, as a draft or published (managers; a partnership’s members for their partnership)',
        params: Params,
        body: CaseStudyBody,
        response: { 201: recordOf(CaseStudy), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const data = await createCaseStudy(db, ctx, actorOf(req), req.body);
      return reply.code(201).send({ data, abilities: { update: true } });
    },
  );

  app.get(
    '/programmes/:programme/case-studies/:caseStudyId',
    {
      schema: {
        tags,
        summary: 'A case study: a draft only for its partnership and the managers; published ones for anyone in the programme',
        params: StudyParams,
        response: { 200: recordOf(CaseStudy), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const data = await getCaseStudy(db, ctx, req.params.caseStudyId);
      return { data, abilities: data.abilities };
    },
  );

  app.patch(
    '/programmes/:programme/case-studies/:caseStudyId',
    {
      schema: {
        tags,
        summary: 'Change, publish (status published, audience programme or public) or take back a case study',
        params: StudyParams,
        body: changeOf(CaseStudyBody),
        response: { 200: recordOf(CaseStudy), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const data = await updateCaseStudy(db, ctx, actorOf(req), req.params.caseStudyId, req.body);
      return { data, abilities: data.abilities };
    },
  );

  app.delete(
    '/programmes/:programme/case-studies/:caseStudyId',
    {
      schema: { tags, summary: 'Remove a case study', params: StudyParams, response: { 204: z.null(), ...problems } },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      await deleteCaseStudy(db, ctx, actorOf(req), req.params.caseStudyId);
      return reply.code(204).send(null);
    },
  );
}
