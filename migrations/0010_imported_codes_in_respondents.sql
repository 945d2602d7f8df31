ALTER TABLE "codes" ADD COLUMN "number" integer NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "codes_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1);--> statement-breakpoint
ALTER TABLE "respondents" ADD COLUMN "imported_code_numbers" integer[] DEFAULT '{}'::integer[] NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "codes_number_key" ON "codes" USING btree ("number");--> statement-breakpoint
-- Decision 011: the codes an evidence import says a respondent identified live in the respondent's
-- own row, as code numbers (`imported_code_numbers`), not as a `codings` row each. What foreign keys
-- and the counting triggers did for those rows is done here for the arrays, once per statement.
--
-- Each number must be a code of the respondent's own evaluation, once. The evidence import checks
-- and locks the codes it writes itself, and says so for the one COPY of its new respondents
-- (`cairn.codings_counted` = 'by-import', transaction-local, as decision 009 has it for counting).
-- Checks distinct (evaluation, code number) pairs, given as two arrays of the same length; `repeated`
-- says whether some respondent named a code twice.
CREATE FUNCTION "respondents_check_imported_code_list"(evaluation_ids uuid[], numbers integer[], repeated boolean) RETURNS void LANGUAGE plpgsql AS $$
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
$$;--> statement-breakpoint
-- (On UPDATE only the rows whose imported codes or evaluation changed are checked, as a key would be.)
CREATE FUNCTION "respondents_check_imported_codes_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
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
$$;--> statement-breakpoint
CREATE FUNCTION "respondents_check_imported_codes_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
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
$$;--> statement-breakpoint
CREATE TRIGGER "respondents_check_imported_codes_inserted" AFTER INSERT ON "respondents"
  REFERENCING NEW TABLE AS "new_respondents" FOR EACH STATEMENT EXECUTE FUNCTION "respondents_check_imported_codes_inserted"();--> statement-breakpoint
CREATE TRIGGER "respondents_check_imported_codes_updated" AFTER UPDATE ON "respondents"
  REFERENCING OLD TABLE AS "old_respondents" NEW TABLE AS "new_respondents" FOR EACH STATEMENT EXECUTE FUNCTION "respondents_check_imported_codes_updated"();--> statement-breakpoint
-- A deleted code leaves every respondent's imported codes, and its cross-tab counts go with it.
-- ("codes_delete_codings" sorts first, so its codings are counted out before the counts are dropped.)
CREATE FUNCTION "imported_codes_follow_deleted_codes"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  numbers integer[] := ARRAY(SELECT "number" FROM "gone");
BEGIN
  UPDATE "respondents" r
     SET "imported_code_numbers" = ARRAY(SELECT x FROM unnest(r."imported_code_numbers") WITH ORDINALITY u(x, i) WHERE x <> ALL (numbers) ORDER BY i)
   WHERE r."evaluation_id" IN (SELECT DISTINCT "evaluation_id" FROM "gone") AND r."imported_code_numbers" && numbers;
  DELETE FROM "crosstab_code_counts" WHERE "code_id" IN (SELECT "id" FROM "gone");
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "codes_drop_imported_codes" AFTER DELETE ON "codes"
  REFERENCING OLD TABLE AS "gone" FOR EACH STATEMENT EXECUTE FUNCTION "imported_codes_follow_deleted_codes"();--> statement-breakpoint
-- The cross-tab's counts (decision 009) now see both: a respondent identified a code when any coder's
-- coding says so or their imported codes do. A codings row counts only when the pair has no other.
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
$$;--> statement-breakpoint
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
$$;--> statement-breakpoint
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
$$;--> statement-breakpoint
-- Respondents added: counted in their cell, with their imported codes (they have no codings rows
-- yet). The evidence import counts its new respondents' codes itself (decision 009).
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
$$;--> statement-breakpoint
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
$$;--> statement-breakpoint
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
$$;--> statement-breakpoint
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
$$;--> statement-breakpoint
-- Imported codings (no coder) move into their respondents' rows; the counts are rebuilt after.
UPDATE "respondents" r SET "imported_code_numbers" = m."numbers"
  FROM (SELECT c."respondent_id", array_agg(DISTINCT k."number" ORDER BY k."number") AS "numbers"
          FROM "codings" c JOIN "codes" k ON k."id" = c."code_id"
         WHERE c."coder_id" IS NULL AND c."source" = 'import'
         GROUP BY 1) m
 WHERE r."id" = m."respondent_id";--> statement-breakpoint
DELETE FROM "codings" WHERE "coder_id" IS NULL AND "source" = 'import';--> statement-breakpoint
SELECT "crosstab_counts_rebuild"("id") FROM "evaluations";
