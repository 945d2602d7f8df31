CREATE TABLE "crosstab_code_counts" (
	"code_id" uuid NOT NULL,
	"participant_type" text,
	"project_id" uuid,
	"place_id" uuid,
	"phase_id" uuid,
	"n" integer NOT NULL,
	CONSTRAINT "crosstab_code_counts_key" UNIQUE NULLS NOT DISTINCT("code_id","participant_type","project_id","place_id","phase_id")
);
--> statement-breakpoint
CREATE TABLE "crosstab_respondent_counts" (
	"evaluation_id" uuid NOT NULL,
	"participant_type" text,
	"project_id" uuid,
	"place_id" uuid,
	"phase_id" uuid,
	"n" integer NOT NULL,
	CONSTRAINT "crosstab_respondent_counts_key" UNIQUE NULLS NOT DISTINCT("evaluation_id","participant_type","project_id","place_id","phase_id")
);
--> statement-breakpoint
-- The cross-tab's counts, kept exact as respondents and codings change (decision 009). A respondent
-- counts when their consent is given, in the cell of their participant type, project, own place and
-- own phase; a code counts each such respondent once however many coders gave it. Every trigger is
-- per statement: an import of millions of rows costs one grouped query, not one per row.
-- Deltas are added with an upsert. A count that would fall below zero means the counts and the rows
-- disagree: the statement fails (crosstab_counts_check) rather than leave a wrong figure behind.
CREATE FUNCTION "crosstab_counts_check"(codes uuid[], evaluations uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "crosstab_code_counts" WHERE "code_id" = ANY (codes) AND "n" < 0)
     OR EXISTS (SELECT 1 FROM "crosstab_respondent_counts" WHERE "evaluation_id" = ANY (evaluations) AND "n" < 0) THEN
    RAISE EXCEPTION 'The cross-tab counts no longer match the respondents and codings'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'crosstab_counts_exact';
  END IF;
  DELETE FROM "crosstab_code_counts" WHERE "code_id" = ANY (codes) AND "n" = 0;
  DELETE FROM "crosstab_respondent_counts" WHERE "evaluation_id" = ANY (evaluations) AND "n" = 0;
END
$$;--> statement-breakpoint
-- Codings added: a (respondent, code) pair counts when the statement's rows are all the pair has.
CREATE FUNCTION "crosstab_codings_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The evidence import counts the codings of the respondents it creates itself, in the same
  -- transaction (it knows every one of them), and says so for the one COPY that writes them.
  IF current_setting('cairn.codings_counted', true) = 'by-import' THEN RETURN NULL; END IF;
  INSERT INTO "crosstab_code_counts" AS k ("code_id", "participant_type", "project_id", "place_id", "phase_id", "n")
  SELECT a."code_id", r."participant_type", r."project_id", r."place_id", r."phase_id", count(*)
    FROM (SELECT "respondent_id", "code_id", count(*) AS n FROM "new_codings" GROUP BY 1, 2) a
    JOIN "respondents" r ON r."id" = a."respondent_id" AND r."consent" = 'given'
   WHERE (SELECT count(*) FROM "codings" x WHERE x."respondent_id" = a."respondent_id" AND x."code_id" = a."code_id") = a.n
   GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT ON CONSTRAINT "crosstab_code_counts_key" DO UPDATE SET "n" = k."n" + excluded."n";
  RETURN NULL;
END
$$;--> statement-breakpoint
-- Codings removed: a pair stops counting when none of its codings is left.
CREATE FUNCTION "crosstab_codings_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "crosstab_code_counts" AS k ("code_id", "participant_type", "project_id", "place_id", "phase_id", "n")
  SELECT a."code_id", r."participant_type", r."project_id", r."place_id", r."phase_id", -count(*)
    FROM (SELECT DISTINCT "respondent_id", "code_id" FROM "old_codings") a
    JOIN "respondents" r ON r."id" = a."respondent_id" AND r."consent" = 'given'
   WHERE NOT EXISTS (SELECT 1 FROM "codings" x WHERE x."respondent_id" = a."respondent_id" AND x."code_id" = a."code_id")
   GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT ON CONSTRAINT "crosstab_code_counts_key" DO UPDATE SET "n" = k."n" + excluded."n";
  PERFORM "crosstab_counts_check"(ARRAY(SELECT DISTINCT "code_id" FROM "old_codings"), '{}');
  RETURN NULL;
END
$$;--> statement-breakpoint
-- Codings changed (a merge moving them to another code, a coder cleared): per pair, whether it was
-- there before the statement and is there after, from the rows it has now and the statement's net change.
CREATE FUNCTION "crosstab_codings_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "crosstab_code_counts" AS k ("code_id", "participant_type", "project_id", "place_id", "phase_id", "n")
  SELECT p."code_id", r."participant_type", r."project_id", r."place_id", r."phase_id", sum(p.d)
    FROM (
      SELECT q."respondent_id", q."code_id", (q.now > 0)::int - ((q.now - q.net) > 0)::int AS d
        FROM (
          SELECT c."respondent_id", c."code_id", sum(c.change) AS net,
                 (SELECT count(*) FROM "codings" x WHERE x."respondent_id" = c."respondent_id" AND x."code_id" = c."code_id") AS now
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
$$;--> statement-breakpoint
-- "codings_check_…" sorts before "codings_count_…", so a coding that names nothing is refused first.
CREATE TRIGGER "codings_count_inserted" AFTER INSERT ON "codings"
  REFERENCING NEW TABLE AS "new_codings" FOR EACH STATEMENT EXECUTE FUNCTION "crosstab_codings_inserted"();--> statement-breakpoint
CREATE TRIGGER "codings_count_deleted" AFTER DELETE ON "codings"
  REFERENCING OLD TABLE AS "old_codings" FOR EACH STATEMENT EXECUTE FUNCTION "crosstab_codings_deleted"();--> statement-breakpoint
CREATE TRIGGER "codings_count_updated" AFTER UPDATE ON "codings"
  REFERENCING OLD TABLE AS "old_codings" NEW TABLE AS "new_codings" FOR EACH STATEMENT EXECUTE FUNCTION "crosstab_codings_updated"();--> statement-breakpoint
-- Respondents added: they have no codings yet (a coding must name an existing respondent).
CREATE FUNCTION "crosstab_respondents_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "crosstab_respondent_counts" AS k ("evaluation_id", "participant_type", "project_id", "place_id", "phase_id", "n")
  SELECT "evaluation_id", "participant_type", "project_id", "place_id", "phase_id", count(*)
    FROM "new_respondents" WHERE "consent" = 'given'
   GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT ON CONSTRAINT "crosstab_respondent_counts_key" DO UPDATE SET "n" = k."n" + excluded."n";
  RETURN NULL;
END
$$;--> statement-breakpoint
-- Respondents changed: consent given or withdrawn, or another participant type, project, place or
-- phase. Each changed respondent leaves their old cell (if they were counted) and joins the new one
-- (if they are), taking every code they identified with them.
CREATE FUNCTION "crosstab_respondents_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  moved uuid[];
  touched uuid[];
BEGIN
  WITH changed AS (
    SELECT o."id", o."evaluation_id" AS oe, o."participant_type" AS ot, o."project_id" AS opr, o."place_id" AS opl, o."phase_id" AS oph, o."consent" = 'given' AS was,
           n."evaluation_id" AS ne, n."participant_type" AS nt, n."project_id" AS npr, n."place_id" AS npl, n."phase_id" AS nph, n."consent" = 'given' AS now
      FROM "old_respondents" o JOIN "new_respondents" n ON n."id" = o."id"
     WHERE (o."evaluation_id", o."participant_type", o."project_id", o."place_id", o."phase_id", o."consent")
           IS DISTINCT FROM (n."evaluation_id", n."participant_type", n."project_id", n."place_id", n."phase_id", n."consent")
  ), moves AS (
    SELECT "id", oe AS "evaluation_id", ot AS "participant_type", opr AS "project_id", opl AS "place_id", oph AS "phase_id", -1 AS d FROM changed WHERE was
    UNION ALL
    SELECT "id", ne, nt, npr, npl, nph, 1 FROM changed WHERE now
  )
  SELECT array_agg(DISTINCT "id"), array_agg(DISTINCT "evaluation_id") INTO moved, touched FROM moves;
  IF moved IS NULL THEN RETURN NULL; END IF;
  WITH changed AS (
    SELECT o."id", o."evaluation_id" AS oe, o."participant_type" AS ot, o."project_id" AS opr, o."place_id" AS opl, o."phase_id" AS oph, o."consent" = 'given' AS was,
           n."evaluation_id" AS ne, n."participant_type" AS nt, n."project_id" AS npr, n."place_id" AS npl, n."phase_id" AS nph, n."consent" = 'given' AS now
      FROM "old_respondents" o JOIN "new_respondents" n ON n."id" = o."id"
     WHERE (o."evaluation_id", o."participant_type", o."project_id", o."place_id", o."phase_id", o."consent")
           IS DISTINCT FROM (n."evaluation_id", n."participant_type", n."project_id", n."place_id", n."phase_id", n."consent")
  ), moves AS (
    SELECT "id", oe AS "evaluation_id", ot AS "participant_type", opr AS "project_id", opl AS "place_id", oph AS "phase_id", -1 AS d FROM changed WHERE was
    UNION ALL
    SELECT "id", ne, nt, npr, npl, nph, 1 FROM changed WHERE now
  )
  INSERT INTO "crosstab_respondent_counts" AS k ("evaluation_id", "participant_type", "project_id", "place_id", "phase_id", "n")
  SELECT "evaluation_id", "participant_type", "project_id", "place_id", "phase_id", sum(d)
    FROM moves GROUP BY 1, 2, 3, 4, 5 HAVING sum(d) <> 0
  ON CONFLICT ON CONSTRAINT "crosstab_respondent_counts_key" DO UPDATE SET "n" = k."n" + excluded."n";
  WITH changed AS (
    SELECT o."id", o."evaluation_id" AS oe, o."participant_type" AS ot, o."project_id" AS opr, o."place_id" AS opl, o."phase_id" AS oph, o."consent" = 'given' AS was,
           n."evaluation_id" AS ne, n."participant_type" AS nt, n."project_id" AS npr, n."place_id" AS npl, n."phase_id" AS nph, n."consent" = 'given' AS now
      FROM "old_respondents" o JOIN "new_respondents" n ON n."id" = o."id"
     WHERE (o."evaluation_id", o."participant_type", o."project_id", o."place_id", o."phase_id", o."consent")
           IS DISTINCT FROM (n."evaluation_id", n."participant_type", n."project_id", n."place_id", n."phase_id", n."consent")
  ), moves AS (
    SELECT "id", oe AS "evaluation_id", ot AS "participant_type", opr AS "project_id", opl AS "place_id", oph AS "phase_id", -1 AS d FROM changed WHERE was
    UNION ALL
    SELECT "id", ne, nt, npr, npl, nph, 1 FROM changed WHERE now
  )
  INSERT INTO "crosstab_code_counts" AS k ("code_id", "participant_type", "project_id", "place_id", "phase_id", "n")
  SELECT x."code_id", m."participant_type", m."project_id", m."place_id", m."phase_id", sum(m.d)
    FROM moves m
    JOIN (SELECT DISTINCT "respondent_id", "code_id" FROM "codings" WHERE "respondent_id" = ANY (moved)) x ON x."respondent_id" = m."id"
   GROUP BY 1, 2, 3, 4, 5 HAVING sum(m.d) <> 0
  ON CONFLICT ON CONSTRAINT "crosstab_code_counts_key" DO UPDATE SET "n" = k."n" + excluded."n";
  PERFORM "crosstab_counts_check"(ARRAY(SELECT DISTINCT "code_id" FROM "codings" WHERE "respondent_id" = ANY (moved)), touched);
  RETURN NULL;
END
$$;--> statement-breakpoint
-- Respondents deleted. "respondents_count_…" sorts before "respondents_delete_codings", so their
-- codings are still there to be counted out; when they go next, their respondent is gone and the
-- codings trigger leaves them alone.
CREATE FUNCTION "crosstab_respondents_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "crosstab_respondent_counts" AS k ("evaluation_id", "participant_type", "project_id", "place_id", "phase_id", "n")
  SELECT "evaluation_id", "participant_type", "project_id", "place_id", "phase_id", -count(*)
    FROM "old_respondents" WHERE "consent" = 'given'
   GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT ON CONSTRAINT "crosstab_respondent_counts_key" DO UPDATE SET "n" = k."n" + excluded."n";
  INSERT INTO "crosstab_code_counts" AS k ("code_id", "participant_type", "project_id", "place_id", "phase_id", "n")
  SELECT x."code_id", o."participant_type", o."project_id", o."place_id", o."phase_id", -count(DISTINCT o."id")
    FROM "old_respondents" o JOIN "codings" x ON x."respondent_id" = o."id"
   WHERE o."consent" = 'given'
   GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT ON CONSTRAINT "crosstab_code_counts_key" DO UPDATE SET "n" = k."n" + excluded."n";
  PERFORM "crosstab_counts_check"(
    ARRAY(SELECT DISTINCT x."code_id" FROM "old_respondents" o JOIN "codings" x ON x."respondent_id" = o."id"),
    ARRAY(SELECT DISTINCT "evaluation_id" FROM "old_respondents"));
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "respondents_count_inserted" AFTER INSERT ON "respondents"
  REFERENCING NEW TABLE AS "new_respondents" FOR EACH STATEMENT EXECUTE FUNCTION "crosstab_respondents_inserted"();--> statement-breakpoint
CREATE TRIGGER "respondents_count_updated" AFTER UPDATE ON "respondents"
  REFERENCING OLD TABLE AS "old_respondents" NEW TABLE AS "new_respondents" FOR EACH STATEMENT EXECUTE FUNCTION "crosstab_respondents_updated"();--> statement-breakpoint
CREATE TRIGGER "respondents_count_deleted" AFTER DELETE ON "respondents"
  REFERENCING OLD TABLE AS "old_respondents" FOR EACH STATEMENT EXECUTE FUNCTION "crosstab_respondents_deleted"();--> statement-breakpoint
-- Counting from scratch: fills the tables for data written before this migration, and lets a test
-- (or a worried administrator) check the kept counts against a recount.
CREATE FUNCTION "crosstab_counts_rebuild"(evaluation uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "crosstab_respondent_counts" WHERE "evaluation_id" = evaluation;
  DELETE FROM "crosstab_code_counts" WHERE "code_id" IN (SELECT "id" FROM "codes" WHERE "evaluation_id" = evaluation);
  INSERT INTO "crosstab_respondent_counts" ("evaluation_id", "participant_type", "project_id", "place_id", "phase_id", "n")
  SELECT "evaluation_id", "participant_type", "project_id", "place_id", "phase_id", count(*)
    FROM "respondents" WHERE "evaluation_id" = evaluation AND "consent" = 'given'
   GROUP BY 1, 2, 3, 4, 5;
  INSERT INTO "crosstab_code_counts" ("code_id", "participant_type", "project_id", "place_id", "phase_id", "n")
  SELECT x."code_id", r."participant_type", r."project_id", r."place_id", r."phase_id", count(DISTINCT r."id")
    FROM "respondents" r JOIN "codings" x ON x."respondent_id" = r."id"
   WHERE r."evaluation_id" = evaluation AND r."consent" = 'given'
   GROUP BY 1, 2, 3, 4, 5;
END
$$;--> statement-breakpoint
SELECT "crosstab_counts_rebuild"("id") FROM "evaluations";
