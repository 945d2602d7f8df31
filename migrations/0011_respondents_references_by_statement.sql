ALTER TABLE "consent_records" DROP CONSTRAINT "consent_records_respondent_id_respondents_id_fk";
--> statement-breakpoint
ALTER TABLE "respondents" DROP CONSTRAINT "respondents_evaluation_id_evaluations_id_fk";
--> statement-breakpoint
ALTER TABLE "respondents" DROP CONSTRAINT "respondents_project_id_projects_id_fk";
--> statement-breakpoint
ALTER TABLE "respondents" DROP CONSTRAINT "respondents_place_id_places_id_fk";
--> statement-breakpoint
ALTER TABLE "respondents" DROP CONSTRAINT "respondents_phase_id_phases_id_fk";
--> statement-breakpoint
-- What the respondents' four foreign keys and the consent records' key to them did, once per
-- statement (decision 011): an evidence import writes a million respondents and a million consent
-- records, and the per-row checks cost more than the rest of those writes. Each evaluation, project,
-- place and phase the written respondents name is locked as a key would lock it (KEY SHARE), then
-- each distinct reference is checked once, more strictly than the keys did: a respondent's project,
-- place and phase must be of their evaluation's programme. An UPDATE checks only what it changes to
-- something (a new evaluation, and every reference of a respondent moved to one), as a key would:
-- clearing a reference, or leaving it as it was, checks nothing, so a programme's deletion, which
-- clears its places from respondents while their evaluation is going too, is never refused.
-- Checks distinct (evaluation, project, place, phase) references, given as four arrays of the same
-- length; a NULL project, place or phase is not checked.
CREATE FUNCTION "respondents_check_reference_list"(evaluation_ids uuid[], project_ids uuid[], place_ids uuid[], phase_ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
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
$$;--> statement-breakpoint
CREATE FUNCTION "respondents_check_inserted_references"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  e uuid[]; pr uuid[]; pl uuid[]; ph uuid[];
BEGIN
  SELECT array_agg("evaluation_id"), array_agg("project_id"), array_agg("place_id"), array_agg("phase_id") INTO e, pr, pl, ph
    FROM (SELECT DISTINCT "evaluation_id", "project_id", "place_id", "phase_id" FROM "new_respondents") r;
  IF e IS NOT NULL THEN PERFORM "respondents_check_reference_list"(e, pr, pl, ph); END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE FUNCTION "respondents_check_updated_references"() RETURNS trigger LANGUAGE plpgsql AS $$
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
$$;--> statement-breakpoint
CREATE TRIGGER "respondents_check_inserted_references" AFTER INSERT ON "respondents"
  REFERENCING NEW TABLE AS "new_respondents" FOR EACH STATEMENT EXECUTE FUNCTION "respondents_check_inserted_references"();--> statement-breakpoint
CREATE TRIGGER "respondents_check_updated_references" AFTER UPDATE ON "respondents"
  REFERENCING OLD TABLE AS "old_respondents" NEW TABLE AS "new_respondents" FOR EACH STATEMENT EXECUTE FUNCTION "respondents_check_updated_references"();--> statement-breakpoint
-- ON DELETE CASCADE and SET NULL, once per statement: a deleted evaluation takes its respondents; a
-- deleted project, place or phase is cleared from theirs.
CREATE FUNCTION "respondents_follow_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
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
$$;--> statement-breakpoint
CREATE TRIGGER "evaluations_delete_respondents" AFTER DELETE ON "evaluations"
  REFERENCING OLD TABLE AS "gone" FOR EACH STATEMENT EXECUTE FUNCTION "respondents_follow_deleted"();--> statement-breakpoint
CREATE TRIGGER "projects_clear_respondents" AFTER DELETE ON "projects"
  REFERENCING OLD TABLE AS "gone" FOR EACH STATEMENT EXECUTE FUNCTION "respondents_follow_deleted"();--> statement-breakpoint
CREATE TRIGGER "places_clear_respondents" AFTER DELETE ON "places"
  REFERENCING OLD TABLE AS "gone" FOR EACH STATEMENT EXECUTE FUNCTION "respondents_follow_deleted"();--> statement-breakpoint
CREATE TRIGGER "phases_clear_respondents" AFTER DELETE ON "phases"
  REFERENCING OLD TABLE AS "gone" FOR EACH STATEMENT EXECUTE FUNCTION "respondents_follow_deleted"();--> statement-breakpoint
-- Consent records name an existing respondent, checked per statement; they go with their respondent.
-- The evidence import writes the consent records of the respondents it has just made, in the same
-- transaction (nobody else can see them, let alone delete them), and says so for that one COPY, as it
-- does for counting (decision 009): locking a million new rows would cost more than writing them.
CREATE FUNCTION "consent_records_check_respondents"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('cairn.codings_counted', true) = 'by-import' THEN RETURN NULL; END IF;
  PERFORM 1 FROM "respondents" x WHERE x."id" IN (SELECT DISTINCT "respondent_id" FROM "new_records") FOR KEY SHARE OF x;
  IF EXISTS (
    SELECT 1 FROM (SELECT DISTINCT "respondent_id" FROM "new_records") c
      LEFT JOIN "respondents" x ON x."id" = c."respondent_id" WHERE x."id" IS NULL
  ) THEN
    RAISE EXCEPTION 'A consent record names a respondent who does not exist'
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'consent_records_respondent';
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "consent_records_check_inserted" AFTER INSERT ON "consent_records"
  REFERENCING NEW TABLE AS "new_records" FOR EACH STATEMENT EXECUTE FUNCTION "consent_records_check_respondents"();--> statement-breakpoint
CREATE TRIGGER "consent_records_check_updated" AFTER UPDATE ON "consent_records"
  REFERENCING NEW TABLE AS "new_records" FOR EACH STATEMENT EXECUTE FUNCTION "consent_records_check_respondents"();--> statement-breakpoint
CREATE FUNCTION "consent_records_follow_deleted_respondents"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "consent_records" c USING "gone" g WHERE c."respondent_id" = g."id";
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "respondents_delete_consent_records" AFTER DELETE ON "respondents"
  REFERENCING OLD TABLE AS "gone" FOR EACH STATEMENT EXECUTE FUNCTION "consent_records_follow_deleted_respondents"();
