import { z } from 'zod';
import type { Database } from '../../db/database.js';
import type { App } from '../../http/app-type.js';
import { cachedAnswer, questionOf } from '../../http/answer-cache.js';
import { changeOf, ListQuery, Uuid, actorOf, callerOf, listOf, optionalText, problems, text } from '../../http/route-kit.js';
import { IfMatchHeaders, Version, answerVersion, guardWrite, withVersion } from '../../http/versions.js';
import { AuditEventView, recordHistory } from '../audit/history.js';
import { type ProgrammeContext, openProgramme } from '../programmes/context.js';
import { PROVENANCE } from './schema.js';

import { createProject, getProject, listProjects, projectVersion, updateProject } from './service.js';

const Tag = z.object({ id: z.string(), label: z.string() });
const Project = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    partnership: z.object({ id: z.string(), name: z.string() }).nullable(),
    themes: z.array(Tag),
    typology: z.array(Tag),
    coproductionModel: Tag.nullable(),
    provenance: z
      .enum(PROVENANCE)
      .describe('real: from the programme; illustrative: drawn from a source document; synthetic: invented demo data'),
    createdAt: z.string(),
    version: Version.optional(),
  })
  .meta({ id: 'Project' });

const ProjectBody = z.strictObject({
  name: text('the project name'),
  description: optionalText('description').optional(),
  partnershipId: Uuid.nullable().optional(),
  themeIds: z.array(Uuid).max(50, 'A project can carry at most 50 themes').optional(),
  coproductionModelId: Uuid.nullable().optional(),
  typologyIds: z.array(Uuid).max(50, 'A project can carry at most 50 typology tags').optional(),
  provenance: z.enum(PROVENANCE, { message: 'Provenance must be real, illustrative or synthetic' }).optional(),
});

const ProgrammeParams = z.object({ programme: z.string().max(60) });
const ProjectParams = ProgrammeParams.extend({ projectId: Uuid });
const RecordAnswer = z.object({ data: Project, abilities: z.object({ update: z.boolean() }), history: z.array(AuditEventView) });

export async function projectRoutes(app: App, database: Database) {
  const { db } = database;

  const record = async (ctx: ProgrammeContext, data: z.infer<typeof Project>) => ({
    data,
    abilities: { update: ctx.access.canManage },
    history: await recordHistory(db, ctx.access, 'project', data.id),
  });

  app.get(
    '/programmes/:programme/projects',
    {
      schema: {
        tags: ['projects'],
        summary: 'Projects, with their partnership, themes, typology tags, co-production model and provenance',
        params: ProgrammeParams,
        querystring: ListQuery.extend({
          partnershipId: Uuid.optional(),
          themeId: Uuid.optional(),
          coproductionModelId: Uuid.optional(),
          typologyId: Uuid.optional(),
        }),
        response: { 200: listOf(Project), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const { rows, total } = await cachedAnswer(db, ctx, questionOf('projects', req.query), () => listProjects(db, ctx, req.query));
      return {
        data: rows,
        page: { page: req.query.page, pageSize: req.query.pageSize, total },
        abilities: { create: ctx.access.canManage },
      };
    },
  );

  app.post(
    '/programmes/:programme/projects',
    {
      schema: {
        tags: ['projects'],
        summary: 'Add a project (programme managers); every term must come from the vocabulary its field names',
        params: ProgrammeParams,
        body: ProjectBody,
        response: { 201: RecordAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const data = await createProject(db, ctx, actorOf(req), req.body);
      return reply.code(201).send(await record(ctx, data));
    },
  );

  app.get(
    '/programmes/:programme/projects/:projectId',
    {
      schema: {
        tags: ['projects'],
        summary: 'A project with its history',
        params: ProjectParams,
        response: { 200: RecordAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const version = await answerVersion(db, reply, projectVersion(req.params.projectId));
      return withVersion(await record(ctx, await getProject(db, ctx, req.params.projectId)), version);
    },
  );

  app.patch(
    '/programmes/:programme/projects/:projectId',
    {
      schema: {
        tags: ['projects'],
        summary: 'Change a project (programme managers); a list of themes or typology tags replaces the old list',
        params: ProjectParams,
        headers: IfMatchHeaders,
        body: changeOf(ProjectBody),
        response: { 200: RecordAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const id = req.params.projectId;
      const { result, version } = await guardWrite(
        db,
        req,
        reply,
        projectVersion(id),
        (tx) => updateProject(tx, ctx, actorOf(req), id, req.body),
        {
          current: () => getProject(db, ctx, id),
          history: ctx.access.canSeeAudit,
        },
      );
      return withVersion(await record(ctx, result), version);
    },
  );
}
