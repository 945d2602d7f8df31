-- The cross-tab's counts
-- ======================
--
-- The evaluation cross-tab reads counts the database keeps exact as respondents and codings change
-- (decision 009; migration 0005, extended for imported codes by 0010):
--
-- - crosstab_respondent_counts: respondents per (evaluation, participant type, project, place, phase).
-- - crosstab_code_counts: respondents who identified a code, per (code, participant type, project,
--   place, phase).
--
-- A respondent counts when their consent is given, in the cell of their participant type, project,
-- own place and own phase. A code counts each such respondent once, whether any coder's coding
-- (codings rows) says they identified it, or their imported codes (respondents.imported_code_numbers)
-- do, or both.
--
-- Every trigger is per statement: an import of millions of rows costs one grouped query, not one per
-- row. Deltas are added with an upsert. A count that would fall below zero means the counts and the
-- rows disagree: the statement fails (crosstab_counts_check: SQLSTATE 23514, constraint
-- `crosstab_counts_exact`) rather than leave a wrong figure behind; counts that reach zero are removed.
--
-- The evidence import counts the codes of the respondents it creates itself, in the same transaction
-- (it knows every one of them), and says so for the COPYs that write them: `cairn.codings_counted` =
-- 'by-import' (transaction-local). With that setting the code counting below steps aside; the
-- respondents are still counted here.
--
-- Firing order (statement triggers on one table and event fire in name order):
-- - "codings_check_…" (codings-references.sql) before "codings_count_…": a coding that names nothing
--   is refused before it is counted.
-- - "respondents_count_deleted" before "respondents_delete_codings" (codings-references.sql): a deleted
--   respondent's codings are still there to be counted out; when they go next, their respondent is
--   gone and the codings trigger leaves them alone.
-- - "codes_delete_codings" before "codes_drop_imported_codes" (respondents-imported-codes.sql), which
--   drops a deleted code's counts.

-- Fails the statement if any count of these codes or evaluations fell below zero; removes those at zero.
CREATE OR REPLACE FUNCTION "crosstab_counts_check"(codes uuid[], evaluations uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "crosstab_code_counts" WHERE "code_id" = ANY (codes) AND "n" < 0)
     OR EXISTS (SELECT 1 FROM "crosstab_respondent_counts" WHERE "evaluation_id" = ANY (evaluations) AND "n" < 0) THEN
    RAISE EXCEPTION 'The cross-tab counts no longer match the respondents and codings'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'crosstab_counts_exact';
  END IF;
  DELETE FROM "crosstab_code_counts" WHERE "code_id" = ANY (codes) AND "n" = 0;
  DELETE FROM "crosstab_respondent_counts" WHERE "evaluation_id" = ANY (evaluations) AND "n" = 0;
END
$$;

-- Codings added: a (respondent, code) pair counts when the statement's rows are all the pair has and
-- the respondent's imported codes do not already have it.
CREATE OR REPLACE FUNCTION "crosstab_codings_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('cairn.codings_counted', true) = 'by-import' THEN RETURN NULL; END IF;
  INSERT INTO "crosstab_code_counts" AS k ("code_id", "participant_type", "project_id", "place_id", "phase_id", "n")
  SELECT a."code_id", r."participant_type", r."project_id", r."place_id", r."phase_id", count(*)
    FROM (SELECT "respondent_id", "code_id", count(*) AS n FROM "new_codings" GROUP BY 1, 2) a
    JOIN "respondents" r ON r."id" = a."respondent_id" AND r."consent" = 'given'
   WHERE (SELECT count(*) FROM "codings" x WHERE x."respondent_id" = a."respondent_id" AND x."code_id" = a."code_id") = a.n
     AND NOT EXISTS (SELECT 1 FROM "codes" c WHERE c."id" = a."code_id" AND c."number" = ANY (r."imported_code_numbers"))
   GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT ON CONSTRAINT "crosstab_code_counts_key" DO UPDATE SET "n" = k."n" + excluded."n";
  RETURN NULL;
END
$$;

-- Codings removed: a pair stops counting when none of its codings is left and the respondent's
-- imported codes do not have it.
CREATE OR REPLACE FUNCTION "crosstab_codings_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "crosstab_code_counts" AS k ("code_id", "participant_type", "project_id", "place_id", "phase_id", "n")
  SELECT a."code_id", r."participant_type", r."project_id", r."place_id", r."phase_id", -count(*)
    FROM (SELECT DISTINCT "respondent_id", "code_id" FROM "old_codings") a
    JOIN "respondents" r ON r."id" = a."respondent_id" AND r."consent" = 'given'
   WHERE NOT EXISTS (SELECT 1 FROM "codings" x WHERE x."respondent_id" = a."respondent_id" AND x."code_id" = a."code_id")
     AND NOT EXISTS (SELECT 1 FROM "codes" c WHERE c."id" = a."code_id" AND c."number" = ANY (r."imported_code_numbers"))
   GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT ON CONSTRAINT "crosstab_code_counts_key" DO UPDATE SET "n" = k."n" + excluded."n";
  PERFORM "crosstab_counts_check"(ARRAY(SELECT DISTINCT "code_id" FROM "old_codings"), '{}');
  RETURN NULL;
END
$$;

-- Codings changed (a merge moving them to another code, a coder cleared): per pair, whether it was
-- there before the statement and is there after, from the rows it has now, its imported codes and the
-- statement's net change.
CREATE OR REPLACE FUNCTION "crosstab_codings_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "crosstab_code_counts" AS k ("code_id", "participant_type", "project_id", "place_id", "phase_id", "n")
  SELECT p."code_id", r."participant_type", r."project_id", r."place_id", r."phase_id", sum(p.d)
    FROM (
      SELECT q."respondent_id", q."code_id", (q.now > 0)::int - ((q.now - q.net) > 0)::int AS d
        FROM (
          SELECT c."respondent_id", c."code_id", sum(c.change) AS net,
                 (SELECT count(*) FROM "codings" x WHERE x."respondent_id" = c."respondent_id" AND x."code_id" = c."code_id")
                 + (SELECT count(*) FROM "respondents" y JOIN "codes" z ON z."id" = c."code_id"
                     WHERE y."id" = c."respondent_id" AND z."number" = ANY (y."imported_code_numbers")) AS now
            FROM (SELECT "respondent_id", "code_id", -1 AS change FROM "old_codings"
                  UNION ALL SELECT "respondent_id", "code_id", 1 FROM "new_codings") c
           GROUP BY 1, 2
          HAVING sum(c.change) <> 0
        ) q
    ) p
    JOIN "respondents" r ON r."id" = p."respondent_id" AND r."consent" = 'given'
   WHERE p.d <> 0
   GROUP BY 1, 2, 3, 4, 5
  HAVING sum(p.d) <> 0
  ON CONFLICT ON CONSTRAINT "crosstab_code_counts_key" DO UPDATE SET "n" = k."n" + excluded."n";
  PERFORM "crosstab_counts_check"(ARRAY(SELECT "code_id" FROM "old_codings" UNION SELECT "code_id" FROM "new_codings"), '{}');
  RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS "codings_count_inserted" ON "codings";
CREATE TRIGGER "codings_count_inserted" AFTER INSERT ON "codings"
  REFERENCING NEW TABLE AS "new_codings" FOR EACH STATEMENT EXECUTE FUNCTION "crosstab_codings_inserted"();

DROP TRIGGER IF EXISTS "codings_count_deleted" ON "codings";
CREATE TRIGGER "codings_count_deleted" AFTER DELETE ON "codings"
  REFERENCING OLD TABLE AS "old_codings" FOR EACH STATEMENT EXECUTE FUNCTION "crosstab_codings_deleted"();

DROP TRIGGER IF EXISTS "codings_count_updated" ON "codings";
CREATE TRIGGER "codings_count_updated" AFTER UPDATE ON "codings"
  REFERENCING OLD TABLE AS "old_codings" NEW TABLE AS "new_codings" FOR EACH STATEMENT EXECUTE FUNCTION "crosstab_codings_updated"();

-- Respondents added: counted in their cell, with their imported codes (they have no codings rows yet:
-- a coding must name an existing respondent).
CREATE OR REPLACE FUNCTION "crosstab_respondents_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "crosstab_respondent_counts" AS k ("evaluation_id", "participant_type", "project_id", "place_id", "phase_id", "n")
  SELECT "evaluation_id", "participant_type", "project_id", "place_id", "phase_id", count(*)
    FROM "new_respondents" WHERE "consent" = 'given'
   GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT ON CONSTRAINT "crosstab_respondent_counts_key" DO UPDATE SET "n" = k."n" + excluded."n";
  IF current_setting('cairn.codings_counted', true) = 'by-import' THEN RETURN NULL; END IF;
  INSERT INTO "crosstab_code_counts" AS k ("code_id", "participant_type", "project_id", "place_id", "phase_id", "n")
  SELECT c."id", n."participant_type", n."project_id", n."place_id", n."phase_id", count(DISTINCT n."id")
    FROM "new_respondents" n CROSS JOIN LATERAL unnest(n."imported_code_numbers") x JOIN "codes" c ON c."number" = x
   WHERE n."consent" = 'given'
   GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT ON CONSTRAINT "crosstab_code_counts_key" DO UPDATE SET "n" = k."n" + excluded."n";
  RETURN NULL;
END
$$;

-- Respondents changed: consent, participant type, project, place, phase or imported codes. Each
-- changed respondent leaves their old cell (if they were counted) with every code they identified
-- before, and joins the new one (if they are) with every code they identify now.
CREATE OR REPLACE FUNCTION "crosstab_respondents_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched uuid[];
BEGIN
  WITH changed AS (
    SELECT o."id", o."evaluation_id" AS oe, o."participant_type" AS ot, o."project_id" AS opr, o."place_id" AS opl, o."phase_id" AS oph,
           o."consent" = 'given' AS was, o."imported_code_numbers" AS onum,
           n."evaluation_id" AS ne, n."participant_type" AS nt, n."project_id" AS npr, n."place_id" AS npl, n."phase_id" AS nph,
           n."consent" = 'given' AS now, n."imported_code_numbers" AS nnum,
           (o."evaluation_id", o."participant_type", o."project_id", o."place_id", o."phase_id", o."consent")
             IS DISTINCT FROM (n."evaluation_id", n."participant_type", n."project_id", n."place_id", n."phase_id", n."consent") AS cell_moved
      FROM "old_respondents" o JOIN "new_respondents" n ON n."id" = o."id"
     WHERE (o."evaluation_id", o."participant_type", o."project_id", o."place_id", o."phase_id", o."consent", o."imported_code_numbers")
           IS DISTINCT FROM (n."evaluation_id", n."participant_type", n."project_id", n."place_id", n."phase_id", n."consent", n."imported_code_numbers")
  ), moves AS (
    SELECT "id", oe AS "evaluation_id", ot AS "participant_type", opr AS "project_id", opl AS "place_id", oph AS "phase_id", -1 AS d, cell_moved, onum AS "numbers" FROM changed WHERE was
    UNION ALL
    SELECT "id", ne, nt, npr, npl, nph, 1, cell_moved, nnum FROM changed WHERE now
  ), respondents_moved AS (
    INSERT INTO "crosstab_respondent_counts" AS k ("evaluation_id", "participant_type", "project_id", "place_id", "phase_id", "n")
    SELECT "evaluation_id", "participant_type", "project_id", "place_id", "phase_id", sum(d)
      FROM moves WHERE cell_moved GROUP BY 1, 2, 3, 4, 5 HAVING sum(d) <> 0
    ON CONFLICT ON CONSTRAINT "crosstab_respondent_counts_key" DO UPDATE SET "n" = k."n" + excluded."n"
  )
  INSERT INTO "crosstab_code_counts" AS k ("code_id", "participant_type", "project_id", "place_id", "phase_id", "n")
  SELECT x."code_id", m."participant_type", m."project_id", m."place_id", m."phase_id", sum(m.d)
    FROM moves m
    CROSS JOIN LATERAL (
      SELECT c."code_id" FROM "codings" c WHERE c."respondent_id" = m."id"
      UNION
      SELECT z."id" FROM "codes" z WHERE z."number" = ANY (m."numbers")
    ) x
   GROUP BY 1, 2, 3, 4, 5 HAVING sum(m.d) <> 0
  ON CONFLICT ON CONSTRAINT "crosstab_code_counts_key" DO UPDATE SET "n" = k."n" + excluded."n";
  SELECT array_agg(DISTINCT e) INTO touched
    FROM (SELECT o."evaluation_id" AS e FROM "old_respondents" o UNION SELECT n."evaluation_id" FROM "new_respondents" n) t;
  IF touched IS NOT NULL THEN
    PERFORM "crosstab_counts_check"(ARRAY(SELECT "id" FROM "codes" WHERE "evaluation_id" = ANY (touched)), touched);
  END IF;
  RETURN NULL;
END
$$;

-- Respondents deleted: counted out of their cell with every code they identified (their codings are
-- still there: see the firing order above).
CREATE OR REPLACE FUNCTION "crosstab_respondents_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "crosstab_respondent_counts" AS k ("evaluation_id", "participant_type", "project_id", "place_id", "phase_id", "n")
  SELECT "evaluation_id", "participant_type", "project_id", "place_id", "phase_id", -count(*)
    FROM "old_respondents" WHERE "consent" = 'given'
   GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT ON CONSTRAINT "crosstab_respondent_counts_key" DO UPDATE SET "n" = k."n" + excluded."n";
  INSERT INTO "crosstab_code_counts" AS k ("code_id", "participant_type", "project_id", "place_id", "phase_id", "n")
  SELECT x."code_id", o."participant_type", o."project_id", o."place_id", o."phase_id", -count(*)
    FROM "old_respondents" o
    CROSS JOIN LATERAL (
      SELECT c."code_id" FROM "codings" c WHERE c."respondent_id" = o."id"
      UNION
      SELECT z."id" FROM "codes" z WHERE z."number" = ANY (o."imported_code_numbers")
    ) x
   WHERE o."consent" = 'given'
   GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT ON CONSTRAINT "crosstab_code_counts_key" DO UPDATE SET "n" = k."n" + excluded."n";
  PERFORM "crosstab_counts_check"(
    ARRAY(SELECT "id" FROM "codes" WHERE "evaluation_id" IN (SELECT "evaluation_id" FROM "old_respondents")),
    ARRAY(SELECT DISTINCT "evaluation_id" FROM "old_respondents"));
  RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS "respondents_count_inserted" ON "respondents";
CREATE TRIGGER "respondents_count_inserted" AFTER INSERT ON "respondents"
  REFERENCING NEW TABLE AS "new_respondents" FOR EACH STATEMENT EXECUTE FUNCTION "crosstab_respondents_inserted"();

DROP TRIGGER IF EXISTS "respondents_count_updated" ON "respondents";
CREATE TRIGGER "respondents_count_updated" AFTER UPDATE ON "respondents"
  REFERENCING OLD TABLE AS "old_respondents" NEW TABLE AS "new_respondents" FOR EACH STATEMENT EXECUTE FUNCTION "crosstab_respondents_updated"();

DROP TRIGGER IF EXISTS "respondents_count_deleted" ON "respondents";
CREATE TRIGGER "respondents_count_deleted" AFTER DELETE ON "respondents"
  REFERENCING OLD TABLE AS "old_respondents" FOR EACH STATEMENT EXECUTE FUNCTION "crosstab_respondents_deleted"();

-- Counting from scratch, for one evaluation: filled the tables for data written before migration 0005
-- (and again after 0010), and lets a test, or a worried administrator, check the kept counts against a
-- recount: `SELECT crosstab_counts_rebuild(id) FROM evaluations`.
CREATE OR REPLACE FUNCTION "crosstab_counts_rebuild"(evaluation uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "crosstab_respondent_counts" WHERE "evaluation_id" = evaluation;
  DELETE FROM "crosstab_code_counts" WHERE "code_id" IN (SELECT "id" FROM "codes" WHERE "evaluation_id" = evaluation);
  INSERT INTO "crosstab_respondent_counts" ("evaluation_id", "participant_type", "project_id", "place_id", "phase_id", "n")
  SELECT "evaluation_id", "participant_type", "project_id", "place_id", "phase_id", count(*)
    FROM "respondents" WHERE "evaluation_id" = evaluation AND "consent" = 'given'
   GROUP BY 1, 2, 3, 4, 5;
  INSERT INTO "crosstab_code_counts" ("code_id", "participant_type", "project_id", "place_id", "phase_id", "n")
  SELECT x."code_id", r."participant_type", r."project_id", r."place_id", r."phase_id", count(*)
    FROM "respondents" r
    CROSS JOIN LATERAL (
      SELECT c."code_id" FROM "codings" c WHERE c."respondent_id" = r."id"
      UNION
      SELECT z."id" FROM "codes" z WHERE z."number" = ANY (r."imported_code_numbers")
    ) x
   WHERE r."evaluation_id" = evaluation AND r."consent" = 'given'
   GROUP BY 1, 2, 3, 4, 5;
END
$$;
