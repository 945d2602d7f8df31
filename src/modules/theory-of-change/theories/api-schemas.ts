// The zod shapes of theories of change in the API: the model (as domain/model.ts), versions, theories.
import { z } from 'zod';
import { Uuid, optionalText, text } from '../../../http/route-kit.js';
import { Version as RecordVersionField } from '../../../http/versions.js';
import { ASSUMPTION_KINDS } from '../domain/model.js';
import { COMMENT_TARGETS, THEORY_LEVELS, VERSION_STATUSES } from '../schema.js';

const key = z
  .string()
  .trim()
  .min(1, 'Every stage, step and link needs a key')
  .max(100, 'A key must be 100 characters or fewer')
  .describe('Stays the same from version to version (a new draft copies it); made by the editor');

export const Stage = z.object({ key, label: z.string().max(200, 'A stage name must be 200 characters or fewer') }).meta({ id: 'TocStage' });

export const TocNode = z
  .object({
    key,
    label: z.string().max(300, 'What a step is must be 300 characters or fewer'),
    stage: z.string().max(100),
    description: z.string().max(5000, 'A step’s description must be 5,000 characters or fewer').default(''),
    questions: z.array(z.string().trim().min(1, 'Enter the evaluation question, or remove it').max(1000)).max(50).default([]),
    position: z.object({ x: z.number().finite(), y: z.number().finite() }).nullable().default(null),
  })
  .meta({ id: 'TocNode' });

export const Assumption = z
  .object({
    text: z.string().max(2000, 'An assumption must be 2,000 characters or fewer'),
    kind: z.enum(ASSUMPTION_KINDS, { message: 'An assumption is contextual or theoretical' }),
  })
  .meta({ id: 'TocAssumption' });

export const TocLink = z
  .object({
    key,
    from: z.string().max(100),
    to: z.string().max(100),
    rationale: z.string().max(5000, 'A rationale must be 5,000 characters or fewer').default(''),
    interventions: z.array(z.string().trim().min(1, 'Enter the intervention, or remove it').max(1000)).max(50).default([]),
    assumptions: z.array(Assumption).max(50).default([]),
  })
  .meta({ id: 'TocLink' });

export const TheoryModel = z
  .object({
    stages: z.array(Stage).max(20, 'A theory of change may have at most 20 stages'),
    nodes: z.array(TocNode).max(500, 'A theory of change may have at most 500 steps'),
    links: z.array(TocLink).max(2000, 'A theory of change may have at most 2,000 links'),
  })
  .meta({ id: 'TheoryModel' });

export const VersionSummary = z
  .object({
    id: z.string(),
    number: z.number().int(),
    name: z.string(),
    status: z.enum(VERSION_STATUSES),
    changeNote: z.string(),
    createdAt: z.string(),
    publishedAt: z.string().nullable(),
    publishedBy: z.string().nullable(),
    basedOnId: z.string().nullable(),
    steps: z.number().int(),
    links: z.number().int(),
  })
  .meta({ id: 'TocVersionSummary' });

export const VersionRecord = VersionSummary.extend({
  theory: z.object({ id: z.string(), name: z.string() }),
  model: TheoryModel,
  version: RecordVersionField.optional(),
}).meta({ id: 'TocVersion' });

export const Theory = z
  .object({
    id: z.string(),
    name: z.string(),
    level: z.enum(THEORY_LEVELS),
    place: z.object({ id: z.string(), name: z.string() }).nullable(),
    description: z.string(),
    createdAt: z.string(),
    versions: z.array(VersionSummary),
  })
  .meta({ id: 'TheoryOfChange' });

export const TheoryBody = z.strictObject({
  name: text('the name of the theory of change'),
  level: z.enum(THEORY_LEVELS, { message: 'Choose programme-level or place-level' }).default('programme'),
  placeId: Uuid.nullable().optional().describe('A place-level theory’s place, one of the programme’s'),
  description: optionalText('description', 5000).optional(),
});

export const Comment = z
  .object({
    id: z.string(),
    target: z.enum(COMMENT_TARGETS),
    targetKey: z.string(),
    body: z.string(),
    author: z.string(),
    createdAt: z.string(),
    resolved: z.boolean(),
  })
  .meta({ id: 'TocComment' });

export const Change = z.object({ kind: z.string(), subject: z.string(), words: z.string() }).meta({ id: 'TocChange' });

export const TheoryParams = z.object({ programme: z.string().max(60), theoryId: Uuid });
export const VersionParams = TheoryParams.extend({ versionId: Uuid });
