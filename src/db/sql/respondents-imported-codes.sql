-- The codes an evidence import says a respondent identified
-- =========================================================
--
-- Decision 011 (migration 0010): the codes an evidence import says a respondent identified live in
-- the respondent's own row, as code numbers (respondents.imported_code_numbers, by codes.number), not
-- as a codings row each. What foreign keys did for such rows is done here for the arrays, once per
-- statement; what the counting triggers do for them is in crosstab-counts.sql.
--
-- - Writing respondents: each number must be a code of the respondent's own evaluation (SQLSTATE
--   23503, constraint `respondents_imported_codes`), once (23514,
--   `respondents_imported_codes_distinct`). The codes named are locked as a key would lock them
--   (KEY SHARE). On UPDATE only the rows whose imported codes or evaluation changed are checked.
-- - The evidence import checks and locks the codes it writes itself, and says so for the one COPY of
--   its new respondents: `cairn.codings_counted` = 'by-import' (transaction-local, decision 009). With
--   that setting these checks step aside. Nothing else may set it.
-- - Deleting a code takes it out of every respondent's imported codes, and its cross-tab counts go.

-- Checks distinct (evaluation, code number) pairs, given as two arrays of the same length;
-- `repeated` says whether some respondent named a code twice.
CREATE OR REPLACE FUNCTION "respondents_check_imported_code_list"(evaluation_ids uuid[], numbers integer[], repeated boolean) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM "codes" c WHERE c."number" = ANY (numbers) FOR KEY SHARE OF c;
  IF EXISTS (
    SELECT 1 FROM unnest(evaluation_ids, numbers) AS w("evaluation_id", "number")
      LEFT JOIN "codes" c ON c."number" = w."number" AND c."evaluation_id" = w."evaluation_id"
     WHERE c."id" IS NULL
  ) THEN
    RAISE EXCEPTION 'A respondent''s imported codes name a code that is not of their evaluation'
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'respondents_imported_codes';
  END IF;
  IF repeated THEN
    RAISE EXCEPTION 'A respondent''s imported codes name a code twice'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'respondents_imported_codes_distinct';
  END IF;
END
$$;

CREATE OR REPLACE FUNCTION "respondents_check_imported_codes_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  e uuid[]; x integer[]; repeated boolean;
BEGIN
  IF current_setting('cairn.codings_counted', true) = 'by-import' THEN RETURN NULL; END IF;
  WITH written AS (SELECT n."evaluation_id", n."imported_code_numbers" AS "numbers" FROM "new_respondents" n WHERE cardinality(n."imported_code_numbers") > 0)
  SELECT (SELECT array_agg(p."evaluation_id") FROM (SELECT DISTINCT w."evaluation_id", n AS "number" FROM written w, unnest(w."numbers") n) p),
         (SELECT array_agg(p."number") FROM (SELECT DISTINCT w."evaluation_id", n AS "number" FROM written w, unnest(w."numbers") n) p),
         EXISTS (SELECT 1 FROM written w WHERE cardinality(w."numbers") <> (SELECT count(DISTINCT n) FROM unnest(w."numbers") n))
    INTO e, x, repeated;
  IF e IS NOT NULL THEN PERFORM "respondents_check_imported_code_list"(e, x, repeated); END IF;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION "respondents_check_imported_codes_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  e uuid[]; x integer[]; repeated boolean;
BEGIN
  IF current_setting('cairn.codings_counted', true) = 'by-import' THEN RETURN NULL; END IF;
  WITH written AS (SELECT n."evaluation_id", n."imported_code_numbers" AS "numbers" FROM "new_respondents" n JOIN "old_respondents" o ON o."id" = n."id"
                     WHERE cardinality(n."imported_code_numbers") > 0
                       AND (n."imported_code_numbers" <> o."imported_code_numbers" OR n."evaluation_id" <> o."evaluation_id"))
  SELECT (SELECT array_agg(p."evaluation_id") FROM (SELECT DISTINCT w."evaluation_id", n AS "number" FROM written w, unnest(w."numbers") n) p),
         (SELECT array_agg(p."number") FROM (SELECT DISTINCT w."evaluation_id", n AS "number" FROM written w, unnest(w."numbers") n) p),
         EXISTS (SELECT 1 FROM written w WHERE cardinality(w."numbers") <> (SELECT count(DISTINCT n) FROM unnest(w."numbers") n))
    INTO e, x, repeated;
  IF e IS NOT NULL THEN PERFORM "respondents_check_imported_code_list"(e, x, repeated); END IF;
  RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS "respondents_check_imported_codes_inserted" ON "respondents";
CREATE TRIGGER "respondents_check_imported_codes_inserted" AFTER INSERT ON "respondents"
  REFERENCING NEW TABLE AS "new_respondents" FOR EACH STATEMENT EXECUTE FUNCTION "respondents_check_imported_codes_inserted"();

DROP TRIGGER IF EXISTS "respondents_check_imported_codes_updated" ON "respondents";
CREATE TRIGGER "respondents_check_imported_codes_updated" AFTER UPDATE ON "respondents"
  REFERENCING OLD TABLE AS "old_respondents" NEW TABLE AS "new_respondents" FOR EACH STATEMENT EXECUTE FUNCTION "respondents_check_imported_codes_updated"();

-- A deleted code leaves every respondent's imported codes, and its cross-tab counts go with it.
-- ("codes_delete_codings" sorts first, so its codings are counted out before the counts are dropped.)
CREATE OR REPLACE FUNCTION "imported_codes_follow_deleted_codes"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  numbers integer[] := ARRAY(SELECT "number" FROM "gone");
BEGIN
  UPDATE "respondents" r
     SET "imported_code_numbers" = ARRAY(SELECT x FROM unnest(r."imported_code_numbers") WITH ORDINALITY u(x, i) WHERE x <> ALL (numbers) ORDER BY i)
   WHERE r."evaluation_id" IN (SELECT DISTINCT "evaluation_id" FROM "gone") AND r."imported_code_numbers" && numbers;
  DELETE FROM "crosstab_code_counts" WHERE "code_id" IN (SELECT "id" FROM "gone");
  RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS "codes_drop_imported_codes" ON "codes";
CREATE TRIGGER "codes_drop_imported_codes" AFTER DELETE ON "codes"
  REFERENCING OLD TABLE AS "gone" FOR EACH STATEMENT EXECUTE FUNCTION "imported_codes_follow_deleted_codes"();
