-- Codings: who identified which code, and who coded it
-- ====================================================
--
-- A coding is one (respondent, code, coder) row: a coder's tick or a coded passage (an import's codes
-- live in the respondent's row instead: respondents-imported-codes.sql). What foreign keys on codings
-- would do, once per statement instead of once per coding (decision 008; migration 0003):
--
-- - Writing codings: each respondent, code and coder named is locked as a foreign key would lock it
--   (KEY SHARE); then one query checks that every coding names an existing respondent and a code of
--   that respondent's own evaluation (stricter than keys could be; SQLSTATE 23503, constraint
--   `codings_references`), and an existing user as coder when there is one (23503, `codings_coder`).
--   "codings_check_…" sorts before "codings_count_…" (crosstab-counts.sql), and statement triggers
--   fire in name order, so a coding that names nothing is refused before it is counted.
-- - Deleting a respondent or a code deletes its codings (ON DELETE CASCADE).
-- - Deleting an account clears it as coder (ON DELETE SET NULL).

CREATE OR REPLACE FUNCTION "codings_check_references"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM "respondents" r WHERE r."id" IN (SELECT DISTINCT "respondent_id" FROM "new_codings") FOR KEY SHARE OF r;
  PERFORM 1 FROM "codes" c WHERE c."id" IN (SELECT DISTINCT "code_id" FROM "new_codings") FOR KEY SHARE OF c;
  PERFORM 1 FROM "users" u WHERE u."id" IN (SELECT DISTINCT "coder_id" FROM "new_codings" WHERE "coder_id" IS NOT NULL) FOR KEY SHARE OF u;
  IF EXISTS (
    SELECT 1 FROM "new_codings" n
      LEFT JOIN "respondents" r ON r."id" = n."respondent_id"
      LEFT JOIN "codes" c ON c."id" = n."code_id" AND c."evaluation_id" = r."evaluation_id"
     WHERE c."id" IS NULL
  ) THEN
    RAISE EXCEPTION 'A coding names a respondent that does not exist, or a code that is not of the respondent''s evaluation'
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'codings_references';
  END IF;
  IF EXISTS (
    SELECT 1 FROM "new_codings" n WHERE n."coder_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "users" u WHERE u."id" = n."coder_id")
  ) THEN
    RAISE EXCEPTION 'A coding names a coder who is not a user'
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'codings_coder';
  END IF;
  RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS "codings_check_inserted" ON "codings";
CREATE TRIGGER "codings_check_inserted" AFTER INSERT ON "codings"
  REFERENCING NEW TABLE AS "new_codings" FOR EACH STATEMENT EXECUTE FUNCTION "codings_check_references"();

DROP TRIGGER IF EXISTS "codings_check_updated" ON "codings";
CREATE TRIGGER "codings_check_updated" AFTER UPDATE ON "codings"
  REFERENCING NEW TABLE AS "new_codings" FOR EACH STATEMENT EXECUTE FUNCTION "codings_check_references"();

-- ON DELETE CASCADE: a deleted respondent takes their codings (respondents also go when their
-- evaluation or programme is deleted). "respondents_count_…" sorts before "respondents_delete_codings",
-- so the cross-tab counts the respondent out while their codings are still there.
CREATE OR REPLACE FUNCTION "codings_follow_deleted_respondents"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "codings" x USING "gone" g WHERE x."respondent_id" = g."id";
  RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS "respondents_delete_codings" ON "respondents";
CREATE TRIGGER "respondents_delete_codings" AFTER DELETE ON "respondents"
  REFERENCING OLD TABLE AS "gone" FOR EACH STATEMENT EXECUTE FUNCTION "codings_follow_deleted_respondents"();

-- ON DELETE CASCADE: a deleted code takes its codings.
CREATE OR REPLACE FUNCTION "codings_follow_deleted_codes"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "codings" x USING "gone" g WHERE x."code_id" = g."id";
  RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS "codes_delete_codings" ON "codes";
CREATE TRIGGER "codes_delete_codings" AFTER DELETE ON "codes"
  REFERENCING OLD TABLE AS "gone" FOR EACH STATEMENT EXECUTE FUNCTION "codings_follow_deleted_codes"();

-- ON DELETE SET NULL for the coder. Where that would make two codings of one respondent and code
-- without a coder, one is kept: either way the respondent identified the code.
CREATE OR REPLACE FUNCTION "codings_follow_deleted_users"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "codings" x USING "gone" g
   WHERE x."coder_id" = g."id"
     AND (EXISTS (SELECT 1 FROM "codings" y WHERE y."respondent_id" = x."respondent_id" AND y."code_id" = x."code_id" AND y."coder_id" IS NULL)
       OR EXISTS (SELECT 1 FROM "codings" y JOIN "gone" h ON h."id" = y."coder_id"
                   WHERE y."respondent_id" = x."respondent_id" AND y."code_id" = x."code_id" AND y."coder_id" < x."coder_id"));
  UPDATE "codings" x SET "coder_id" = NULL FROM "gone" g WHERE x."coder_id" = g."id";
  RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS "users_clear_codings_coder" ON "users";
CREATE TRIGGER "users_clear_codings_coder" AFTER DELETE ON "users"
  REFERENCING OLD TABLE AS "gone" FOR EACH STATEMENT EXECUTE FUNCTION "codings_follow_deleted_users"();
