-- Theory of change versions
-- =========================
--
-- A published version of a theory of change is the record of what a programme said its logic was,
-- on the day it said it: nothing may change it afterwards. The service refuses first (with words for
-- the person); this trigger refuses whatever else writes to the table (SQLSTATE 23514, constraint
-- `toc_versions_published_immutable`):
--
-- - updating a published version in any way (its model, name, change note, status, number, theory,
--   the day and person that published it);
-- - deleting a published version on its own. Deleting the whole theory (or its programme) deletes its
--   versions with it: by then the theory row is gone, and the trigger lets the cascade through.
--
-- Publishing a draft (draft → published) is an update of a draft, so it passes.

CREATE OR REPLACE FUNCTION "toc_versions_keep_published"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD."status" = 'published' AND EXISTS (SELECT 1 FROM "theories_of_change" t WHERE t."id" = OLD."theory_id") THEN
      RAISE EXCEPTION 'A published version of a theory of change cannot be deleted'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'toc_versions_published_immutable';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD."status" = 'published' AND (
    NEW."model" IS DISTINCT FROM OLD."model" OR NEW."name" IS DISTINCT FROM OLD."name"
    OR NEW."change_note" IS DISTINCT FROM OLD."change_note" OR NEW."status" IS DISTINCT FROM OLD."status"
    OR NEW."number" IS DISTINCT FROM OLD."number" OR NEW."theory_id" IS DISTINCT FROM OLD."theory_id"
    OR NEW."published_at" IS DISTINCT FROM OLD."published_at" OR NEW."published_by" IS DISTINCT FROM OLD."published_by"
  ) THEN
    RAISE EXCEPTION 'A published version of a theory of change cannot be changed'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'toc_versions_published_immutable';
  END IF;
  RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS "toc_versions_keep_published" ON "toc_versions";
CREATE TRIGGER "toc_versions_keep_published" BEFORE UPDATE OR DELETE ON "toc_versions"
  FOR EACH ROW EXECUTE FUNCTION "toc_versions_keep_published"();
