-- A respondent's evaluation, project, place and phase
-- ===================================================
--
-- What the respondents' four foreign keys did, once per statement (decision 011; migration 0011): an
-- evidence import writes a million respondents, and per-row key checks cost more than the rest of
-- those writes.
--
-- - Writing respondents: each evaluation, project, place and phase named is locked as a key would lock
--   it (KEY SHARE), then each distinct reference is checked once, more strictly than the keys did: a
--   respondent's project, place and phase must be of their evaluation's programme (SQLSTATE 23503,
--   constraint `respondents_references`). An UPDATE checks only what it changes to something (a new
--   evaluation, and every reference of a respondent moved to one), as a key would: clearing a
--   reference, or leaving it as it was, checks nothing, so a programme's deletion, which clears its
--   places from respondents while their evaluation is going too, is never refused.
-- - Deleting an evaluation deletes its respondents (ON DELETE CASCADE); deleting a project, place or
--   phase clears it from theirs (ON DELETE SET NULL).
--
-- What goes with a respondent (codings, consent records, counts) is in codings-references.sql,
-- consent-records.sql and crosstab-counts.sql.

-- Checks distinct (evaluation, project, place, phase) references, given as four arrays of the same
-- length; a NULL project, place or phase is not checked.
CREATE OR REPLACE FUNCTION "respondents_check_reference_list"(evaluation_ids uuid[], project_ids uuid[], place_ids uuid[], phase_ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM "evaluations" x WHERE x."id" = ANY (evaluation_ids) FOR KEY SHARE OF x;
  PERFORM 1 FROM "projects" x WHERE x."id" = ANY (project_ids) FOR KEY SHARE OF x;
  PERFORM 1 FROM "places" x WHERE x."id" = ANY (place_ids) FOR KEY SHARE OF x;
  PERFORM 1 FROM "phases" x WHERE x."id" = ANY (phase_ids) FOR KEY SHARE OF x;
  IF EXISTS (
    SELECT 1 FROM unnest(evaluation_ids, project_ids, place_ids, phase_ids) AS r("evaluation_id", "project_id", "place_id", "phase_id")
      LEFT JOIN "evaluations" e ON e."id" = r."evaluation_id"
      LEFT JOIN "projects" pr ON pr."id" = r."project_id" AND pr."programme_id" = e."programme_id"
      LEFT JOIN "places" pl ON pl."id" = r."place_id" AND pl."programme_id" = e."programme_id"
      LEFT JOIN "phases" ph ON ph."id" = r."phase_id" AND ph."programme_id" = e."programme_id"
     WHERE e."id" IS NULL
        OR (r."project_id" IS NOT NULL AND pr."id" IS NULL)
        OR (r."place_id" IS NOT NULL AND pl."id" IS NULL)
        OR (r."phase_id" IS NOT NULL AND ph."id" IS NULL)
  ) THEN
    RAISE EXCEPTION 'A respondent names an evaluation, project, place or phase that does not exist, or a project, place or phase of another programme'
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'respondents_references';
  END IF;
END
$$;

-- Respondents added: every distinct reference they name.
CREATE OR REPLACE FUNCTION "respondents_check_inserted_references"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  e uuid[]; pr uuid[]; pl uuid[]; ph uuid[];
BEGIN
  SELECT array_agg("evaluation_id"), array_agg("project_id"), array_agg("place_id"), array_agg("phase_id") INTO e, pr, pl, ph
    FROM (SELECT DISTINCT "evaluation_id", "project_id", "place_id", "phase_id" FROM "new_respondents") r;
  IF e IS NOT NULL THEN PERFORM "respondents_check_reference_list"(e, pr, pl, ph); END IF;
  RETURN NULL;
END
$$;

-- Respondents changed: only references changed to something (see above).
CREATE OR REPLACE FUNCTION "respondents_check_updated_references"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  e uuid[]; pr uuid[]; pl uuid[]; ph uuid[];
BEGIN
  SELECT array_agg("evaluation_id"), array_agg("project_id"), array_agg("place_id"), array_agg("phase_id") INTO e, pr, pl, ph
    FROM (
      SELECT DISTINCT n."evaluation_id",
             CASE WHEN n."evaluation_id" <> o."evaluation_id" OR n."project_id" IS DISTINCT FROM o."project_id" THEN n."project_id" END AS "project_id",
             CASE WHEN n."evaluation_id" <> o."evaluation_id" OR n."place_id" IS DISTINCT FROM o."place_id" THEN n."place_id" END AS "place_id",
             CASE WHEN n."evaluation_id" <> o."evaluation_id" OR n."phase_id" IS DISTINCT FROM o."phase_id" THEN n."phase_id" END AS "phase_id"
        FROM "new_respondents" n JOIN "old_respondents" o ON o."id" = n."id"
       WHERE n."evaluation_id" <> o."evaluation_id"
          OR (n."project_id" IS NOT NULL AND n."project_id" IS DISTINCT FROM o."project_id")
          OR (n."place_id" IS NOT NULL AND n."place_id" IS DISTINCT FROM o."place_id")
          OR (n."phase_id" IS NOT NULL AND n."phase_id" IS DISTINCT FROM o."phase_id")) r;
  IF e IS NOT NULL THEN PERFORM "respondents_check_reference_list"(e, pr, pl, ph); END IF;
  RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS "respondents_check_inserted_references" ON "respondents";
CREATE TRIGGER "respondents_check_inserted_references" AFTER INSERT ON "respondents"
  REFERENCING NEW TABLE AS "new_respondents" FOR EACH STATEMENT EXECUTE FUNCTION "respondents_check_inserted_references"();

DROP TRIGGER IF EXISTS "respondents_check_updated_references" ON "respondents";
CREATE TRIGGER "respondents_check_updated_references" AFTER UPDATE ON "respondents"
  REFERENCING OLD TABLE AS "old_respondents" NEW TABLE AS "new_respondents" FOR EACH STATEMENT EXECUTE FUNCTION "respondents_check_updated_references"();

-- ON DELETE CASCADE and SET NULL: a deleted evaluation takes its respondents; a deleted project, place
-- or phase is cleared from theirs. One function for the four tables; TG_TABLE_NAME says which.
CREATE OR REPLACE FUNCTION "respondents_follow_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'evaluations' THEN
    DELETE FROM "respondents" r USING "gone" g WHERE r."evaluation_id" = g."id";
  ELSIF TG_TABLE_NAME = 'projects' THEN
    UPDATE "respondents" r SET "project_id" = NULL FROM "gone" g WHERE r."project_id" = g."id";
  ELSIF TG_TABLE_NAME = 'places' THEN
    UPDATE "respondents" r SET "place_id" = NULL FROM "gone" g WHERE r."place_id" = g."id";
  ELSE
    UPDATE "respondents" r SET "phase_id" = NULL FROM "gone" g WHERE r."phase_id" = g."id";
  END IF;
  RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS "evaluations_delete_respondents" ON "evaluations";
CREATE TRIGGER "evaluations_delete_respondents" AFTER DELETE ON "evaluations"
  REFERENCING OLD TABLE AS "gone" FOR EACH STATEMENT EXECUTE FUNCTION "respondents_follow_deleted"();

DROP TRIGGER IF EXISTS "projects_clear_respondents" ON "projects";
CREATE TRIGGER "projects_clear_respondents" AFTER DELETE ON "projects"
  REFERENCING OLD TABLE AS "gone" FOR EACH STATEMENT EXECUTE FUNCTION "respondents_follow_deleted"();

DROP TRIGGER IF EXISTS "places_clear_respondents" ON "places";
CREATE TRIGGER "places_clear_respondents" AFTER DELETE ON "places"
  REFERENCING OLD TABLE AS "gone" FOR EACH STATEMENT EXECUTE FUNCTION "respondents_follow_deleted"();

DROP TRIGGER IF EXISTS "phases_clear_respondents" ON "phases";
CREATE TRIGGER "phases_clear_respondents" AFTER DELETE ON "phases"
  REFERENCING OLD TABLE AS "gone" FOR EACH STATEMENT EXECUTE FUNCTION "respondents_follow_deleted"();
