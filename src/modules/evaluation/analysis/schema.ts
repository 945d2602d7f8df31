import { integer, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';

/**
 * What the cross-tab counts, kept as it changes (decision 009): respondents with consent given per
 * cell — participant type, project, own place and own phase, the respondent's columns from which
 * every built-in grouping follows — and, per code, how many of them identified it (each respondent
 * once, whatever the number of coders). Statement-level triggers on respondents and codings keep
 * both exact (migration 0005); a cross-tab groups these few thousand rows instead of counting
 * millions of codings. Themes, model and place names are looked up when asked, so editing a project
 * needs no recount. Nobody writes here but the triggers and the evidence import.
 */
export const crosstabRespondentCounts = pgTable(
  'crosstab_respondent_counts',
  {
    evaluationId: uuid('evaluation_id').notNull(),
    participantType: text('participant_type'),
    projectId: uuid('project_id'),
    placeId: uuid('place_id'),
    phaseId: uuid('phase_id'),
    n: integer('n').notNull(),
  },
  (t) => [
    unique('crosstab_respondent_counts_key').on(t.evaluationId, t.participantType, t.projectId, t.placeId, t.phaseId).nullsNotDistinct(),
  ],
);

export const crosstabCodeCounts = pgTable(
  'crosstab_code_counts',
  {
    codeId: uuid('code_id').notNull(),
    participantType: text('participant_type'),
    projectId: uuid('project_id'),
    placeId: uuid('place_id'),
    phaseId: uuid('phase_id'),
    n: integer('n').notNull(),
  },
  (t) => [unique('crosstab_code_counts_key').on(t.codeId, t.participantType, t.projectId, t.placeId, t.phaseId).nullsNotDistinct()],
);
