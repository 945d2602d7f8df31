import { z } from 'zod';
import type { Database, Db } from '../../../db/database.js';
import type { App } from '../../../http/app-type.js';
import { Uuid, actorOf, callerOf, changeOf, optionalText, problems, recordOf, text } from '../../../http/route-kit.js';
import { IfMatchHeaders, answerVersion, guardWrite } from '../../../http/versions.js';
import { openProgramme } from '../../programmes/context.js';
import { COMMENT_TARGETS } from '../schema.js';
import { canEditTheories } from './access.js';
import {
  Change,
  Comment,
  Stage,
  Theory,
  TheoryBody,
  TheoryModel,
  TheoryParams,
  VersionParams,
  VersionRecord,
  VersionSummary,
} from './api-schemas.js';
import { addComment, listComments, resolveComment } from './comments.js';
import {
  createDraft,
  createTheory,
  deleteDraft,
  diffVersions,
  listTheories,
  loadTheory,
  loadVersion,
  programmeStages,
  publishVersion,
  saveDraftModel,
  setProgrammeStages,
  theoryView,
  tocVersionRecord,
  updateDraft,
  updateTheory,
  versionView,
} from './service.js';

const Params = z.object({ programme: z.string().max(60) });
const base = '/programmes/:programme/theories-of-change';
const tags = ['theory of change'];
const abilities = z.object({ update: z.boolean() });

export async function theoryRoutes(app: App, database: Database) {
  const { db } = database;
  app.get(
    '/programmes/:programme/theory-of-change-stages',
    {
      schema: {
        tags,
        summary: 'The stages a new theory of change of this programme starts with (the programme’s team)',
        params: Params,
        response: { 200: recordOf(z.array(Stage)), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await programmeStages(db, ctx), abilities: { update: canEditTheories(ctx) } };
    },
  );

  app.put(
    '/programmes/:programme/theory-of-change-stages',
    {
      schema: {
        tags,
        summary: 'Set the stages new theories start with, in order (managers and evaluators)',
        params: Params,
        body: z.strictObject({
          stages: z
            .array(z.strictObject({ key: z.string().trim().max(100).optional(), label: text('the name of the stage', 200) }))
            .min(1, 'A theory of change needs at least one stage')
            .max(20, 'At most 20 stages'),
        }),
        response: { 200: recordOf(z.array(Stage)), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await setProgrammeStages(db, ctx, actorOf(req), req.body.stages), abilities: { update: true } };
    },
  );

  app.get(
    base,
    {
      schema: {
        tags,
        summary: 'The programme’s theories of change, each with its versions (the programme’s team)',
        params: Params,
        response: { 200: z.object({ data: z.array(Theory), abilities: z.object({ create: z.boolean() }) }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await listTheories(db, ctx), abilities: { create: canEditTheories(ctx) } };
    },
  );

  app.post(
    base,
    {
      schema: {
        tags,
        summary: 'Add a theory of change, programme-level or for one place, with an empty first draft (managers and evaluators)',
        params: Params,
        body: TheoryBody,
        response: { 201: recordOf(Theory), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const made = await createTheory(db, ctx, actorOf(req), req.body);
      return reply.code(201).send({ data: await theoryView(db, ctx, made!.theory), abilities: { update: true } });
    },
  );

  app.get(
    `${base}/:theoryId`,
    {
      schema: {
        tags,
        summary: 'A theory of change and its versions',
        params: TheoryParams,
        response: { 200: recordOf(Theory), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const theory = await loadTheory(db, ctx, req.params.theoryId);
      return { data: await theoryView(db, ctx, theory), abilities: { update: canEditTheories(ctx) } };
    },
  );

  app.patch(
    `${base}/:theoryId`,
    {
      schema: {
        tags,
        summary: 'Rename a theory of change, describe it or change its level (managers and evaluators)',
        params: TheoryParams,
        body: changeOf(TheoryBody),
        response: { 200: recordOf(Theory), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const t = await updateTheory(db, ctx, actorOf(req), req.params.theoryId, req.body);
      return { data: await theoryView(db, ctx, t!), abilities: { update: true } };
    },
  );

  app.post(
    `${base}/:theoryId/versions`,
    {
      schema: {
        tags,
        summary: 'Start a new draft copied from a version, with its mappings (managers and evaluators)',
        params: TheoryParams,
        body: z.strictObject({
          fromVersionId: Uuid.describe('The version to copy'),
          name: optionalText('name of the version', 200).optional().describe('Default: “Version <n>”'),
        }),
        response: { 201: recordOf(VersionRecord), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const theory = await loadTheory(db, ctx, req.params.theoryId);
      const v = await createDraft(db, ctx, actorOf(req), theory, req.body);
      return reply.code(201).send({ data: versionView(theory, v!), abilities: { update: true } });
    },
  );

  app.get(
    `${base}/:theoryId/versions/:versionId`,
    {
      schema: {
        tags,
        summary: 'A version: its stages, steps and links (ETag: send it back in If-Match when saving)',
        params: VersionParams,
        response: { 200: recordOf(VersionRecord), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const theory = await loadTheory(db, ctx, req.params.theoryId);
      const version = await answerVersion(db, reply, tocVersionRecord(req.params.versionId));
      const v = await loadVersion(db, theory, req.params.versionId);
      return {
        data: { ...versionView(theory, v), ...(version ? { version } : {}) },
        abilities: { update: canEditTheories(ctx) && v.status === 'draft' },
      };
    },
  );

  app.put(
    `${base}/:theoryId/versions/:versionId/model`,
    {
      schema: {
        tags,
        summary: 'Save a draft’s whole model: stages, steps and links (managers and evaluators; a published version answers 409)',
        params: VersionParams,
        headers: IfMatchHeaders,
        body: z.strictObject({ model: TheoryModel }),
        response: { 200: recordOf(VersionRecord), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const theory = await loadTheory(db, ctx, req.params.theoryId);
      const id = req.params.versionId;
      const { result, version } = await guardWrite(
        db,
        req,
        reply,
        tocVersionRecord(id),
        (tx) => saveDraftModel(tx, ctx, actorOf(req), theory, id, req.body.model as never),
        { current: async () => versionView(theory, await loadVersion(db, theory, id)), history: ctx.access.canSeeAudit },
      );
      return { data: { ...versionView(theory, result!), ...(version ? { version } : {}) }, abilities: { update: true } };
    },
  );

  app.patch(
    `${base}/:theoryId/versions/:versionId`,
    {
      schema: {
        tags,
        summary: 'Rename a draft or change its change note (managers and evaluators)',
        params: VersionParams,
        headers: IfMatchHeaders,
        body: changeOf(z.strictObject({ name: text('the name of the version', 200), changeNote: optionalText('change note', 2000) })),
        response: { 200: recordOf(VersionRecord), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const theory = await loadTheory(db, ctx, req.params.theoryId);
      const id = req.params.versionId;
      const { result, version } = await guardWrite(
        db,
        req,
        reply,
        tocVersionRecord(id),
        (tx) => updateDraft(tx as Db, ctx, actorOf(req), theory, id, req.body),
        { current: async () => versionView(theory, await loadVersion(db, theory, id)), history: ctx.access.canSeeAudit },
      );
      return { data: { ...versionView(theory, result!), ...(version ? { version } : {}) }, abilities: { update: true } };
    },
  );

  app.post(
    `${base}/:theoryId/versions/:versionId/publish`,
    {
      schema: {
        tags,
        summary: 'Publish a draft with its change note; from then on it cannot change (managers and evaluators)',
        params: VersionParams,
        body: z.strictObject({ changeNote: text('a change note', 2000) }),
        response: { 200: recordOf(VersionRecord), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const theory = await loadTheory(db, ctx, req.params.theoryId);
      const v = await publishVersion(db, ctx, actorOf(req), theory, req.params.versionId, req.body.changeNote);
      return { data: versionView(theory, v!), abilities: { update: false } };
    },
  );

  app.delete(
    `${base}/:theoryId/versions/:versionId`,
    {
      schema: {
        tags,
        summary: 'Delete a draft (managers and evaluators; never a published version, nor the only one)',
        params: VersionParams,
        response: { 204: z.null().describe('Deleted'), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const theory = await loadTheory(db, ctx, req.params.theoryId);
      await deleteDraft(db, ctx, actorOf(req), theory, req.params.versionId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    `${base}/:theoryId/diff`,
    {
      schema: {
        tags,
        summary:
          'What changed from one version to another, in words: steps and links added, removed, renamed, re-staged; assumptions changed',
        params: TheoryParams,
        querystring: z.strictObject({ from: Uuid.describe('The older version'), to: Uuid.describe('The newer version') }),
        response: {
          200: z.object({ data: z.object({ from: VersionSummary, to: VersionSummary, changes: z.array(Change) }) }),
          ...problems,
        },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const theory = await loadTheory(db, ctx, req.params.theoryId);
      return { data: await diffVersions(db, theory, req.query.from, req.query.to) };
    },
  );

  app.get(
    `${base}/:theoryId/versions/:versionId/comments`,
    {
      schema: {
        tags,
        summary: 'Reviewers’ comments on the version’s steps and links',
        params: VersionParams,
        response: { 200: z.object({ data: z.array(Comment), abilities: z.object({ create: z.boolean() }) }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const theory = await loadTheory(db, ctx, req.params.theoryId);
      const v = await loadVersion(db, theory, req.params.versionId);
      return { data: await listComments(db, v), abilities: { create: canEditTheories(ctx) } };
    },
  );

  app.post(
    `${base}/:theoryId/versions/:versionId/comments`,
    {
      schema: {
        tags,
        summary: 'Comment on a step or a link of the version (managers and evaluators)',
        params: VersionParams,
        body: z.strictObject({
          target: z.enum(COMMENT_TARGETS, { message: 'Say whether the comment is on a step or a link' }),
          targetKey: z.string().trim().min(1, 'Choose the step or link').max(100),
          body: text('your comment', 5000),
        }),
        response: { 201: recordOf(Comment, abilities), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const theory = await loadTheory(db, ctx, req.params.theoryId);
      const v = await loadVersion(db, theory, req.params.versionId);
      return reply.code(201).send({ data: await addComment(db, ctx, actorOf(req), theory, v, req.body), abilities: { update: true } });
    },
  );

  app.patch(
    `${base}/:theoryId/versions/:versionId/comments/:commentId`,
    {
      schema: {
        tags,
        summary: 'Resolve a comment, or reopen it (managers and evaluators)',
        params: VersionParams.extend({ commentId: Uuid }),
        body: z.strictObject({ resolved: z.boolean({ message: 'Say whether the comment is resolved' }) }),
        response: { 200: recordOf(Comment, abilities), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const theory = await loadTheory(db, ctx, req.params.theoryId);
      const v = await loadVersion(db, theory, req.params.versionId);
      return {
        data: await resolveComment(db, ctx, actorOf(req), theory, v, req.params.commentId, req.body.resolved),
        abilities: { update: true },
      };
    },
  );
}
