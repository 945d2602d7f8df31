-- A monitoring return's programme, partnership, reporting period and people
-- =========================================================================
--
-- What five foreign keys on monitoring_returns would do, once per statement instead of once per row
-- (decision 010; migration 0009): an import writes 20,000 returns in one COPY, and per-row key checks
-- cost about as much as the rest of that COPY.
--
-- - Writing a return: every programme, partnership, period and person the written returns name is
--   locked as a foreign key would lock it (KEY SHARE), so none can be deleted before the transaction
--   ends; then each distinct reference is checked once. More strictly than keys: a return's
--   partnership and period must be of the return's own programme. An UPDATE that changes no reference
--   checks nothing, as with a foreign key (so a cascade that rewrites a return's figures while its
--   programme is being deleted is not refused). Refusal: SQLSTATE 23503, constraint
--   `monitoring_returns_references`.
-- - Deleting a programme, partnership or reporting period deletes its returns (ON DELETE CASCADE).
-- - Deleting an account clears it from the returns it submitted or reviewed (ON DELETE SET NULL).
--
-- The figures inside a return are checked by returns-figures.sql.

CREATE OR REPLACE FUNCTION "monitoring_returns_check_references"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Two IFs, not one AND: an INSERT has no previous_returns to plan a query over.
  IF TG_OP = 'UPDATE' THEN
    IF NOT EXISTS (
      SELECT 1 FROM "changed_returns" n JOIN "previous_returns" o ON o."id" = n."id"
       WHERE (n."programme_id", n."partnership_id", n."period_id") IS DISTINCT FROM (o."programme_id", o."partnership_id", o."period_id")
          OR n."submitted_by" IS DISTINCT FROM o."submitted_by" OR n."reviewed_by" IS DISTINCT FROM o."reviewed_by"
    ) THEN
      RETURN NULL;
    END IF;
  END IF;
  PERFORM 1 FROM "programmes" x WHERE x."id" IN (SELECT "programme_id" FROM "changed_returns") FOR KEY SHARE OF x;
  PERFORM 1 FROM "partnerships" x WHERE x."id" IN (SELECT "partnership_id" FROM "changed_returns") FOR KEY SHARE OF x;
  PERFORM 1 FROM "reporting_periods" x WHERE x."id" IN (SELECT "period_id" FROM "changed_returns") FOR KEY SHARE OF x;
  PERFORM 1 FROM "users" x
   WHERE x."id" IN (SELECT "submitted_by" FROM "changed_returns" UNION SELECT "reviewed_by" FROM "changed_returns")
     FOR KEY SHARE OF x;
  IF EXISTS (
    SELECT 1 FROM (SELECT DISTINCT "programme_id" FROM "changed_returns") r
      LEFT JOIN "programmes" x ON x."id" = r."programme_id" WHERE x."id" IS NULL
  ) OR EXISTS (
    SELECT 1 FROM (SELECT DISTINCT "programme_id", "partnership_id" FROM "changed_returns") r
      LEFT JOIN "partnerships" x ON x."id" = r."partnership_id" AND x."programme_id" = r."programme_id" WHERE x."id" IS NULL
  ) OR EXISTS (
    SELECT 1 FROM (SELECT DISTINCT "programme_id", "period_id" FROM "changed_returns") r
      LEFT JOIN "reporting_periods" x ON x."id" = r."period_id" AND x."programme_id" = r."programme_id" WHERE x."id" IS NULL
  ) OR EXISTS (
    SELECT 1 FROM (SELECT "submitted_by" AS "id" FROM "changed_returns" UNION SELECT "reviewed_by" FROM "changed_returns") r
      LEFT JOIN "users" x ON x."id" = r."id" WHERE r."id" IS NOT NULL AND x."id" IS NULL
  ) THEN
    RAISE EXCEPTION 'A return names a programme, partnership, reporting period or person that does not exist, or a partnership or period of another programme'
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'monitoring_returns_references';
  END IF;
  RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS "monitoring_returns_check_inserted_references" ON "monitoring_returns";
CREATE TRIGGER "monitoring_returns_check_inserted_references" AFTER INSERT ON "monitoring_returns"
  REFERENCING NEW TABLE AS "changed_returns" FOR EACH STATEMENT EXECUTE FUNCTION "monitoring_returns_check_references"();

DROP TRIGGER IF EXISTS "monitoring_returns_check_updated_references" ON "monitoring_returns";
CREATE TRIGGER "monitoring_returns_check_updated_references" AFTER UPDATE ON "monitoring_returns"
  REFERENCING OLD TABLE AS "previous_returns" NEW TABLE AS "changed_returns" FOR EACH STATEMENT EXECUTE FUNCTION "monitoring_returns_check_references"();

-- ON DELETE CASCADE: a deleted programme, partnership or period takes its returns. One function for
-- the three tables; TG_TABLE_NAME says which column to follow.
CREATE OR REPLACE FUNCTION "monitoring_returns_follow_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'programmes' THEN
    DELETE FROM "monitoring_returns" m USING "gone" g WHERE m."programme_id" = g."id";
  ELSIF TG_TABLE_NAME = 'partnerships' THEN
    DELETE FROM "monitoring_returns" m USING "gone" g WHERE m."partnership_id" = g."id";
  ELSE
    DELETE FROM "monitoring_returns" m USING "gone" g WHERE m."period_id" = g."id";
  END IF;
  RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS "programmes_delete_returns" ON "programmes";
CREATE TRIGGER "programmes_delete_returns" AFTER DELETE ON "programmes"
  REFERENCING OLD TABLE AS "gone" FOR EACH STATEMENT EXECUTE FUNCTION "monitoring_returns_follow_deleted"();

DROP TRIGGER IF EXISTS "partnerships_delete_returns" ON "partnerships";
CREATE TRIGGER "partnerships_delete_returns" AFTER DELETE ON "partnerships"
  REFERENCING OLD TABLE AS "gone" FOR EACH STATEMENT EXECUTE FUNCTION "monitoring_returns_follow_deleted"();

DROP TRIGGER IF EXISTS "reporting_periods_delete_returns" ON "reporting_periods";
CREATE TRIGGER "reporting_periods_delete_returns" AFTER DELETE ON "reporting_periods"
  REFERENCING OLD TABLE AS "gone" FOR EACH STATEMENT EXECUTE FUNCTION "monitoring_returns_follow_deleted"();

-- ON DELETE SET NULL: a deleted account leaves the returns it submitted or reviewed.
CREATE OR REPLACE FUNCTION "monitoring_returns_forget_deleted_people"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- One statement for both: after it, no return may still name the account in either column.
  UPDATE "monitoring_returns" m
     SET "submitted_by" = CASE WHEN m."submitted_by" IN (SELECT "id" FROM "gone") THEN NULL ELSE m."submitted_by" END,
         "reviewed_by" = CASE WHEN m."reviewed_by" IN (SELECT "id" FROM "gone") THEN NULL ELSE m."reviewed_by" END
   WHERE m."submitted_by" IN (SELECT "id" FROM "gone") OR m."reviewed_by" IN (SELECT "id" FROM "gone");
  RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS "users_forget_returns" ON "users";
CREATE TRIGGER "users_forget_returns" AFTER DELETE ON "users"
  REFERENCING OLD TABLE AS "gone" FOR EACH STATEMENT EXECUTE FUNCTION "monitoring_returns_forget_deleted_people"();
