import { z } from 'zod';
import type { Database } from '../../db/database.js';
import type { App } from '../../http/app-type.js';
import {
  changeOf,
  ListQuery,
  Slug,
  Uuid,
  actorOf,
  callerOf,
  isoDate,
  listOf,
  optionalText,
  problems,
  recordOf,
  text,
} from '../../http/route-kit.js';
import { IfMatchHeaders, type RecordVersion, Version, answerVersion, guardWrite, withVersion } from '../../http/versions.js';
import { AuditEventView, recordHistory } from '../audit/history.js';
import { openProgramme, requireManager } from './context.js';
import { phaseProgressions } from '../partnerships/schema.js';
import { VOCABULARIES, phases as phaseRows, programmes, vocabularyTerms } from './schema.js';
import {
  addTerm,
  createPhase,
  createProgramme,
  listPhases,
  listProgrammes,
  listTerms,
  programmeSummary,
  progressionOf,
  removeTerm,
  setProgression,
  updatePhase,
  updateProgramme,
  updateTerm,
  vocabulariesOf,
} from './service.js';

const programmeVersion = (id: string): RecordVersion => ({ key: programmes.id, id, entityType: 'programme' });
const phaseVersion = (id: string): RecordVersion => ({ key: phaseRows.id, id, entityType: 'phase' });
const termVersion = (id: string): RecordVersion => ({ key: vocabularyTerms.id, id, entityType: 'vocabulary_term' });
const progressionVersion = (id: string): RecordVersion => ({ key: phaseProgressions.id, id, entityType: 'phase_progression' });

const Programme = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    funder: z.string(),
    createdAt: z.string(),
    version: Version.optional(),
  })
  .meta({ id: 'Programme' });
const Term = z
  .object({
    id: z.string(),
    vocabulary: z.enum(VOCABULARIES),
    label: z.string(),
    description: z.string(),
    position: z.number().int(),
    version: Version.optional(),
  })
  .meta({ id: 'VocabularyTerm' });
const Progression = z.object({
  id: z.string(),
  partnershipId: z.string(),
  partnershipName: z.string(),
  progressed: z.boolean(),
  reason: z.string(),
  version: Version.optional(),
});
const Phase = z
  .object({
    id: z.string(),
    number: z.number().int(),
    name: z.string(),
    startsOn: z.string().nullable(),
    endsOn: z.string().nullable(),
    version: Version.optional(),
  })
  .meta({ id: 'Phase' });
const PhaseWithProgressions = Phase.extend({ progressions: z.array(Progression) });
const ProgrammeAbilities = z.object({
  update: z.boolean(),
  manageRegistry: z.boolean(),
  seeAudit: z.boolean(),
  scope: z.enum(['programme', 'partnership']),
});

const ProgrammeBody = z.strictObject({
  slug: Slug,
  name: text('the programme name'),
  description: optionalText('description').optional(),
  funder: optionalText('funder', 200).optional(),
});
const PhaseBody = z.strictObject({
  number: z.number({ message: 'Enter the phase number' }).int('Phase number must be a whole number').min(0).max(99),
  name: text('the phase name'),
  startsOn: isoDate.nullable().optional(),
  endsOn: isoDate.nullable().optional(),
});
const ProgrammeParams = z.object({ programme: z.string().max(60) });

export async function programmeRoutes(app: App, database: Database) {
  const { db } = database;

  app.get(
    '/programmes',
    {
      schema: {
        tags: ['programmes'],
        summary: 'Programmes the caller belongs to',
        querystring: ListQuery,
        response: { 200: listOf(Programme), ...problems },
      },
    },
    async (req) => {
      const caller = callerOf(req);
      const { rows, total } = await listProgrammes(db, caller, req.query);
      return { data: rows, page: { page: req.query.page, pageSize: req.query.pageSize, total }, abilities: { create: caller.isAdmin } };
    },
  );

  app.post(
    '/programmes',
    {
      schema: {
        tags: ['programmes'],
        summary: 'Create a programme (administrators); it starts with the default vocabularies',
        body: ProgrammeBody,
        response: { 201: recordOf(Programme), ...problems },
      },
    },
    async (req, reply) => {
      const data = await createProgramme(db, callerOf(req), actorOf(req), req.body);
      return reply.code(201).send({ data, abilities: { update: true } });
    },
  );

  app.get(
    '/programmes/:programme',
    {
      schema: {
        tags: ['programmes'],
        summary: 'A programme with its counts, phases, vocabularies and history',
        params: ProgrammeParams,
        response: {
          200: z.object({
            data: Programme.extend({
              counts: z.object({
                partnerships: z.number(),
                projects: z.number(),
                places: z.number().nullable(),
                organisations: z.number().nullable(),
                grants: z.number().nullable(),
              }),
              phases: z.array(PhaseWithProgressions),
              vocabularies: z.record(z.enum(VOCABULARIES), z.array(Term)),
            }),
            abilities: ProgrammeAbilities,
            history: z.array(AuditEventView),
          }),
          ...problems,
        },
      },
    },
    async (req, reply) => {
      // By slug and before the (cached) programme row, so the version is never newer than the data.
      const version = await answerVersion(db, reply, { key: programmes.slug, id: req.params.programme, entityType: 'programme' });
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const [counts, phaseList, vocabularies, history] = await Promise.all([
        programmeSummary(db, ctx),
        listPhases(db, ctx),
        vocabulariesOf(db, ctx.programme.id),
        recordHistory(db, ctx.access, 'programme', ctx.programme.id),
      ]);
      const { programme } = ctx;
      return {
        data: {
          id: programme.id,
          slug: programme.slug,
          name: programme.name,
          description: programme.description,
          funder: programme.funder,
          createdAt: programme.createdAt.toISOString(),
          counts,
          phases: phaseList,
          vocabularies,
          version: version!,
        },
        abilities: {
          update: ctx.access.canManage,
          manageRegistry: ctx.access.canManage,
          seeAudit: ctx.access.canSeeAudit,
          scope: ctx.access.scope,
        },
        history,
      };
    },
  );

  app.patch(
    '/programmes/:programme',
    {
      schema: {
        tags: ['programmes'],
        summary: 'Change a programme (programme managers)',
        params: ProgrammeParams,
        body: changeOf(ProgrammeBody),
        headers: IfMatchHeaders,
        response: { 200: recordOf(Programme), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const { result, version } = await guardWrite(
        db,
        req,
        reply,
        programmeVersion(ctx.programme.id),
        (tx) => updateProgramme(tx, ctx, actorOf(req), req.body),
        {
          current: async () => {
            const p = (await openProgramme(db, callerOf(req), req.params.programme)).programme;
            return { ...p, createdAt: p.createdAt.toISOString() };
          },
          history: ctx.access.canSeeAudit,
        },
      );
      return withVersion({ data: result!, abilities: { update: true } }, version);
    },
  );

  const currentTerm = async (programmeId: string, termId: string) => (await listTerms(db, programmeId)).find((t) => t.id === termId) ?? {};

  // ---- phases
  app.get(
    '/programmes/:programme/phases',
    {
      schema: {
        tags: ['programmes'],
        summary: 'Phases, with which partnerships progressed to the next and why not',
        params: ProgrammeParams,
        response: { 200: z.object({ data: z.array(PhaseWithProgressions), abilities: z.object({ create: z.boolean() }) }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await listPhases(db, ctx), abilities: { create: ctx.access.canManage } };
    },
  );

  app.post(
    '/programmes/:programme/phases',
    {
      schema: {
        tags: ['programmes'],
        summary: 'Add a phase (programme managers)',
        params: ProgrammeParams,
        body: PhaseBody,
        response: { 201: recordOf(Phase), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return reply.code(201).send({ data: await createPhase(db, ctx, actorOf(req), req.body), abilities: { update: true } });
    },
  );

  app.patch(
    '/programmes/:programme/phases/:phaseId',
    {
      schema: {
        tags: ['programmes'],
        summary: 'Change a phase (programme managers)',
        params: ProgrammeParams.extend({ phaseId: Uuid }),
        headers: IfMatchHeaders,
        body: changeOf(PhaseBody),
        response: { 200: recordOf(Phase), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const { phaseId } = req.params;
      const { result, version } = await guardWrite(
        db,
        req,
        reply,
        phaseVersion(phaseId),
        (tx) => updatePhase(tx, ctx, actorOf(req), phaseId, req.body),
        {
          current: async () => (await listPhases(db, ctx)).find((p) => p.id === phaseId) ?? {},
          history: ctx.access.canSeeAudit,
        },
      );
      return withVersion({ data: result, abilities: { update: true } }, version);
    },
  );

  app.put(
    '/programmes/:programme/phases/:phaseId/progressions/:partnershipId',
    {
      schema: {
        tags: ['programmes'],
        summary: 'Record whether a partnership progressed from this phase to the next (a reason is needed when it did not)',
        params: ProgrammeParams.extend({ phaseId: Uuid, partnershipId: Uuid }),
        headers: IfMatchHeaders,
        body: z.strictObject({
          progressed: z.boolean({ message: 'Say whether the partnership progressed' }),
          reason: optionalText('reason', 2000).optional(),
        }),
        response: { 200: z.object({ data: Progression }), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const { phaseId, partnershipId } = req.params;
      // Before any version is compared: only managers record progressions, whatever they send.
      requireManager(ctx);
      const write = (tx: typeof db) => setProgression(tx, ctx, actorOf(req), phaseId, { partnershipId, ...req.body });
      const existing = await progressionOf(db, ctx, phaseId, partnershipId);
      if (!existing) {
        // The first record of it: there is no earlier version to lose.
        const data = await write(db);
        return withVersion({ data }, await answerVersion(db, reply, progressionVersion(data.id)));
      }
      const { result, version } = await guardWrite(db, req, reply, progressionVersion(existing), write, {
        current: async () =>
          (await listPhases(db, ctx)).find((p) => p.id === phaseId)?.progressions.find((g) => g.partnershipId === partnershipId) ?? {},
        // Its history is the partnership's: what changed since is told by the current record.
        history: false,
      });
      return withVersion({ data: result }, version);
    },
  );

  // ---- vocabularies
  app.get(
    '/programmes/:programme/vocabularies',
    {
      schema: {
        tags: ['programmes'],
        summary: "The programme's own lists: themes, co-production models, typology, participant and organisation types",
        params: ProgrammeParams,
        response: {
          200: z.object({ data: z.record(z.enum(VOCABULARIES), z.array(Term)), abilities: z.object({ update: z.boolean() }) }),
          ...problems,
        },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await vocabulariesOf(db, ctx.programme.id), abilities: { update: ctx.access.canManage } };
    },
  );

  app.post(
    '/programmes/:programme/vocabularies/:vocabulary/terms',
    {
      schema: {
        tags: ['programmes'],
        summary: 'Add a term to a list (programme managers)',
        params: ProgrammeParams.extend({ vocabulary: z.enum(VOCABULARIES) }),
        body: z.strictObject({ label: text('a label', 120), description: optionalText('description').optional() }),
        response: { 201: recordOf(Term), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const data = await addTerm(db, ctx, actorOf(req), { vocabulary: req.params.vocabulary, ...req.body });
      return reply.code(201).send({ data, abilities: { update: true } });
    },
  );

  app.patch(
    '/programmes/:programme/vocabulary-terms/:termId',
    {
      schema: {
        tags: ['programmes'],
        summary: 'Rename or describe a term (programme managers); projects keep it',
        params: ProgrammeParams.extend({ termId: Uuid }),
        headers: IfMatchHeaders,
        body: changeOf(z.strictObject({ label: text('a label', 120), description: optionalText('description') })),
        response: { 200: recordOf(Term), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const { termId } = req.params;
      const { result, version } = await guardWrite(
        db,
        req,
        reply,
        termVersion(termId),
        (tx) => updateTerm(tx, ctx, actorOf(req), termId, req.body),
        {
          current: () => currentTerm(ctx.programme.id, termId),
          history: ctx.access.canSeeAudit,
        },
      );
      return withVersion({ data: result, abilities: { update: true } }, version);
    },
  );

  app.delete(
    '/programmes/:programme/vocabulary-terms/:termId',
    {
      schema: {
        tags: ['programmes'],
        summary: 'Remove a term that nothing uses (programme managers)',
        params: ProgrammeParams.extend({ termId: Uuid }),
        headers: IfMatchHeaders,
        response: { 204: z.null(), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const { termId } = req.params;
      await guardWrite(db, req, reply, termVersion(termId), (tx) => removeTerm(tx, ctx, actorOf(req), termId), {
        current: () => currentTerm(ctx.programme.id, termId),
        history: ctx.access.canSeeAudit,
      });
      return reply.code(204).send(null);
    },
  );
}
