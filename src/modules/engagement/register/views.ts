// The shapes the engagement routes answer with and take (zod: validation, types and the OpenAPI document).
import { z } from 'zod';
import { Uuid, isoDate, optionalText, text } from '../../../http/route-kit.js';
import { Version } from '../../../http/versions.js';
import { LEVELS } from './schema.js';

export const Params = z.object({ programme: z.string().max(60) });
export const EngagementParams = Params.extend({ engagementId: Uuid });

const Named = z.object({ id: z.string(), name: z.string() });

export const Engagement = z
  .object({
    id: z.string(),
    title: z.string(),
    topics: z.array(z.string()),
    locality: z.string(),
    localitySlug: z.string().describe('The locality’s part of the public page’s address'),
    startsOn: z.string(),
    endsOn: z.string(),
    targetGroups: z.array(z.string()),
    methods: z.array(z.string()),
    level: z.enum(LEVELS),
    leadPartner: z.string(),
    partnership: Named.nullable(),
    costGbp: z.number().nullable(),
    reach: z.number().int().nullable(),
    published: z.boolean(),
    feedbackPath: z.string().describe('Where participants give feedback without an account (a page, not the API)'),
    canChange: z.boolean(),
    createdAt: z.string(),
    version: Version.optional(),
  })
  .meta({ id: 'Engagement' });

export const OverlapCluster = z
  .object({
    number: z.number().int(),
    message: z.string().describe('In plain words: “Three partners plan consultations on housing in Whitburn in March 2026”'),
    locality: z.string(),
    start: z.string(),
    end: z.string(),
    partners: z.array(z.string()),
    sharedTopics: z.array(z.string()),
    engagements: z.array(
      z.object({
        id: z.string().describe('“new” for the engagement being checked before it is saved'),
        title: z.string(),
        leadPartner: z.string(),
        locality: z.string(),
        start: z.string(),
        end: z.string(),
        topics: z.array(z.string()),
      }),
    ),
  })
  .meta({ id: 'OverlapCluster' });

const words = (label: string, max = 200) => z.array(text(label, max)).max(30, `Give at most 30 ${label}s`);

export const EngagementBody = z.strictObject({
  title: text('the engagement’s title'),
  topics: z
    .array(text('a topic', 100))
    .min(1, 'Enter at least one topic, such as housing or parks')
    .max(20, 'Give at most 20 topics')
    .describe('What it asks people about; compared after English stemming ("parks" = "park")'),
  locality: text('the locality', 120).describe('The place it happens in; compared case-insensitively'),
  startsOn: isoDate,
  endsOn: isoDate.describe('On or after startsOn'),
  targetGroups: words('target group').optional(),
  methods: words('method').optional(),
  level: z.enum(LEVELS, { error: 'Choose the level of participation' }),
  leadPartner: text('the lead partner', 160),
  partnershipId: Uuid.nullable().optional().describe('The partnership recording it; a partnership member must give one of theirs'),
  costGbp: z
    .number({ message: 'Cost must be a number of pounds, such as 450 or 450.50' })
    .min(0, 'Cost cannot be negative')
    .max(100_000_000, 'Cost must be £100,000,000 or less')
    .nullable()
    .optional(),
  reach: z
    .number({ message: 'Reach must be a whole number of people' })
    .int('Reach must be a whole number of people')
    .min(0, 'Reach cannot be negative')
    .max(10_000_000, 'Reach must be 10,000,000 or fewer')
    .nullable()
    .optional(),
  published: z.boolean().optional().describe('Shown on its locality’s public page'),
});

export const NewEngagementBody = EngagementBody.refine((e) => !(e.startsOn && e.endsOn && e.endsOn < e.startsOn), {
  path: ['endsOn'],
  message: 'The end date must be on or after the start date',
  when: () => true,
});

export const OverlapCheckQuery = z.strictObject({
  locality: text('the locality', 120),
  startsOn: isoDate,
  endsOn: isoDate,
  topics: text('the topics', 2000).describe('Topics separated by semicolons'),
  leadPartner: optionalText('the lead partner', 160).optional(),
  title: optionalText('the title', 200).optional(),
  engagementId: Uuid.optional().describe('The engagement being changed, left out of the check'),
});
