-- A monitoring return's figures
-- =============================
--
-- A return's figures are four parallel arrays in its own row (decision 010; migration 0008):
-- figure_indicators, figure_values, figure_texts, figure_not_reported. A table check keeps the arrays
-- the same length; these triggers do what a foreign key from each figure to its indicator would.
--
-- - Writing a return: every indicator its figures name must be an indicator of the return's own
--   programme (SQLSTATE 23503, constraint `monitoring_returns_figures_references`), named once
--   (23505, `monitoring_returns_figures_unique`). The indicators of the programmes written to are
--   locked as a foreign key would lock them (KEY SHARE), so none can be deleted before the
--   transaction ends. Each return's indicators are compared with its programme's as whole arrays:
--   joining 400,000 figures to indicators one by one took over a second.
-- - Deleting an indicator takes its figures out of every return that held them (ON DELETE CASCADE).
--
-- The return's own references (programme, partnership, period, people) are checked by
-- returns-references.sql.

CREATE OR REPLACE FUNCTION "monitoring_returns_check_figures"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM "indicators" i
   WHERE i."programme_id" IN (SELECT DISTINCT "programme_id" FROM "changed_returns")
     FOR KEY SHARE OF i;
  -- Most returns written together name the same indicators in the same order: each distinct list is checked once.
  IF EXISTS (
    WITH "lists" AS (SELECT DISTINCT "programme_id", "figure_indicators" FROM "changed_returns")
    SELECT 1 FROM "lists" r
      LEFT JOIN (SELECT "programme_id", array_agg("id") AS "ids" FROM "indicators"
                  WHERE "programme_id" IN (SELECT "programme_id" FROM "lists")
                  GROUP BY "programme_id") k ON k."programme_id" = r."programme_id"
     WHERE NOT (r."figure_indicators" <@ coalesce(k."ids", '{}'))
  ) THEN
    RAISE EXCEPTION 'A return''s figure names an indicator that is not of the return''s programme'
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'monitoring_returns_figures_references';
  END IF;
  IF EXISTS (
    SELECT 1 FROM (SELECT DISTINCT "figure_indicators" FROM "changed_returns") r
     WHERE cardinality(r."figure_indicators") > 1
       AND (SELECT count(DISTINCT u."id") FROM unnest(r."figure_indicators") u("id")) <> cardinality(r."figure_indicators")
  ) THEN
    RAISE EXCEPTION 'A return has two figures for one indicator'
      USING ERRCODE = 'unique_violation', CONSTRAINT = 'monitoring_returns_figures_unique';
  END IF;
  RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS "monitoring_returns_check_inserted_figures" ON "monitoring_returns";
CREATE TRIGGER "monitoring_returns_check_inserted_figures" AFTER INSERT ON "monitoring_returns"
  REFERENCING NEW TABLE AS "changed_returns" FOR EACH STATEMENT EXECUTE FUNCTION "monitoring_returns_check_figures"();

DROP TRIGGER IF EXISTS "monitoring_returns_check_updated_figures" ON "monitoring_returns";
CREATE TRIGGER "monitoring_returns_check_updated_figures" AFTER UPDATE ON "monitoring_returns"
  REFERENCING NEW TABLE AS "changed_returns" FOR EACH STATEMENT EXECUTE FUNCTION "monitoring_returns_check_figures"();

-- ON DELETE CASCADE for figures: each return holding a deleted indicator's figure is rewritten
-- without it, the four arrays kept parallel and in their order.
CREATE OR REPLACE FUNCTION "indicators_remove_figures"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "monitoring_returns" m
     SET "figure_indicators" = kept.ids, "figure_values" = kept.vals, "figure_texts" = kept.texts, "figure_not_reported" = kept.reasons
    FROM (
      SELECT r."id",
             coalesce(array_agg(u.i ORDER BY u.k) FILTER (WHERE u.i NOT IN (SELECT "id" FROM "gone")), '{}') AS ids,
             coalesce(array_agg(u.v ORDER BY u.k) FILTER (WHERE u.i NOT IN (SELECT "id" FROM "gone")), '{}') AS vals,
             coalesce(array_agg(u.t ORDER BY u.k) FILTER (WHERE u.i NOT IN (SELECT "id" FROM "gone")), '{}') AS texts,
             coalesce(array_agg(u.n ORDER BY u.k) FILTER (WHERE u.i NOT IN (SELECT "id" FROM "gone")), '{}') AS reasons
        FROM "monitoring_returns" r
       CROSS JOIN LATERAL unnest(r."figure_indicators", r."figure_values", r."figure_texts", r."figure_not_reported") WITH ORDINALITY u(i, v, t, n, k)
       WHERE r."figure_indicators" && (SELECT array_agg("id") FROM "gone")
       GROUP BY r."id"
    ) kept
   WHERE m."id" = kept."id";
  RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS "indicators_remove_figures" ON "indicators";
CREATE TRIGGER "indicators_remove_figures" AFTER DELETE ON "indicators"
  REFERENCING OLD TABLE AS "gone" FOR EACH STATEMENT EXECUTE FUNCTION "indicators_remove_figures"();
