import { z } from 'zod';
import type { Database } from '../../../db/database.js';
import type { App } from '../../../http/app-type.js';
import { Uuid, actorOf, callerOf, changeOf, optionalText, problems, text } from '../../../http/route-kit.js';
import { IfMatchHeaders, Version, guardWrite } from '../../../http/versions.js';
import { type ProgrammeContext, openProgramme } from '../../programmes/context.js';
import { loadEvaluation, canWorkWithRespondents, type Evaluation } from '../evaluations/service.js';
import { codeVersion, createCode, createFamily, findCodeNode, getCodebook, updateCode } from './service.js';
import { mergeCodes } from './merge.js';

const tags = ['evaluation'];
const ProgrammeParams = z.object({ programme: z.string().max(60) });
const EvaluationParams = ProgrammeParams.extend({ evaluation: z.string().max(60) });
const CodeParams = EvaluationParams.extend({ codeId: Uuid });

type CodeNodeShape = {
  id: string;
  name: string;
  description: string;
  colour: string | null;
  position: number;
  version?: string | undefined;
  children: CodeNodeShape[];
};
const CodeNode: z.ZodType<CodeNodeShape> = z
  .lazy(() =>
    z.object({
      id: z.string(),
      name: z.string(),
      description: z.string(),
      colour: z.string().nullable(),
      position: z.number().int(),
      version: Version.optional(),
      children: z.array(CodeNode),
    }),
  )
  .meta({ id: 'CodeNode' });
const CodeFamily = z
  .object({
    id: z.string(),
    key: z.string(),
    label: z.string(),
    position: z.number().int(),
    description: z.string().describe('From the top-level code the family was imported from; empty when none'),
    colour: z.string().nullable().describe('#RRGGBB, from the top-level code the family was imported from; null when none'),
    codes: z.array(CodeNode),
  })
  .meta({ id: 'CodeFamily' });
const Codebook = z.object({ data: z.array(CodeFamily), abilities: z.object({ update: z.boolean() }) });
const FAMILY_KEY = /^[a-z0-9]+([_-][a-z0-9]+)*$/;
const colour = z
  .string()
  .regex(/^#[0-9A-Fa-f]{6}$/, 'Colour must be #RRGGBB, e.g. #1D70B8')
  .nullable();

const FamilyBody = z.strictObject({
  key: z
    .string()
    .min(1, 'Enter a key')
    .max(60)
    .regex(FAMILY_KEY, 'Key may use lower-case letters, digits and single _ or - only')
    .describe('e.g. "turning_point"'),
  label: text('a label for the family', 100),
});
const CodeBody = z.strictObject({
  family: z.string().min(1).max(60).describe('The family’s key, e.g. "context"'),
  name: text('the code’s name', 200),
  parentId: Uuid.nullable().optional(),
  description: optionalText('description', 4000).optional(),
  colour: colour.optional(),
  position: z.number().int().min(0).max(100_000).optional(),
});
const CodeChange = z.strictObject({
  name: text('the code’s name', 200),
  parentId: Uuid.nullable().describe('Move the code under another of its family (null: to the top)'),
  description: optionalText('description', 4000),
  colour,
  position: z.number().int().min(0).max(100_000),
});
const MergeBody = z.strictObject({
  mergeCodeIds: z
    .array(Uuid)
    .min(1, 'Choose at least one code to merge')
    .max(200)
    .describe('Codes merged into the one in the path: their codings and child codes move to it, then they go'),
});

export async function codebookTreeRoutes(app: App, database: Database) {
  const { db } = database;
  const base = '/programmes/:programme/evaluations';
  const codebook = async (ctx: ProgrammeContext, e: Evaluation) => ({
    data: await getCodebook(db, ctx, e),
    abilities: { update: canWorkWithRespondents(ctx) },
  });

  app.get(
    `${base}/:evaluation/codebook`,
    {
      schema: {
        tags,
        summary: 'The codebook: families in order, each with its codes as a tree',
        params: EvaluationParams,
        response: { 200: Codebook, ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return codebook(ctx, await loadEvaluation(db, ctx, req.params.evaluation));
    },
  );

  app.post(
    `${base}/:evaluation/codebook/families`,
    {
      schema: {
        tags,
        summary: 'Add a custom code family (evaluators and managers)',
        params: EvaluationParams,
        body: FamilyBody,
        response: { 201: Codebook, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const e = await loadEvaluation(db, ctx, req.params.evaluation, 'evaluator');
      await createFamily(db, ctx, actorOf(req), e, req.body);
      return reply.code(201).send(await codebook(ctx, e));
    },
  );

  app.post(
    `${base}/:evaluation/codebook/codes`,
    {
      schema: {
        tags,
        summary: 'Add a code to a family, at the top or under another code (evaluators and managers)',
        params: EvaluationParams,
        body: CodeBody,
        response: { 201: Codebook, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const e = await loadEvaluation(db, ctx, req.params.evaluation, 'evaluator');
      await createCode(db, ctx, actorOf(req), e, req.body);
      return reply.code(201).send(await codebook(ctx, e));
    },
  );

  app.patch(
    `${base}/:evaluation/codebook/codes/:codeId`,
    {
      schema: {
        tags,
        summary: 'Rename, describe, recolour or move a code; its codings stay with it (evaluators and managers)',
        params: CodeParams,
        headers: IfMatchHeaders,
        body: changeOf(CodeChange),
        response: { 200: Codebook, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const { codeId } = req.params;
      const e = await loadEvaluation(db, ctx, req.params.evaluation, 'evaluator');
      // The codebook answers each code's version in its tree; the current code for a 409 is its node there.
      await guardWrite(db, req, reply, codeVersion(codeId), (tx) => updateCode(tx, ctx, actorOf(req), e, codeId, req.body), {
        current: async () => findCodeNode((await codebook(ctx, e)).data, codeId) ?? {},
        history: ctx.access.canSeeAudit,
      });
      return codebook(ctx, e);
    },
  );

  app.post(
    `${base}/:evaluation/codebook/codes/:codeId/merge`,
    {
      schema: {
        tags,
        summary: 'Merge other codes into this one: their codings and child codes move to it (evaluators and managers)',
        params: CodeParams,
        body: MergeBody,
        response: { 200: Codebook, ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const e = await loadEvaluation(db, ctx, req.params.evaluation, 'evaluator');
      await mergeCodes(db, ctx, actorOf(req), e, req.params.codeId, req.body.mergeCodeIds);
      return codebook(ctx, e);
    },
  );
}
