-- A return's figures move into the return's own row, as four parallel arrays, and the few notes on
-- single figures into figure_notes (decision 010). Existing figures are carried over, then
-- return_values and its triggers go.
CREATE TABLE "figure_notes" (
	"return_id" uuid NOT NULL,
	"indicator_id" uuid NOT NULL,
	"comparability_note" text DEFAULT '' NOT NULL,
	"reviewer_comment" text DEFAULT '' NOT NULL,
	"follow_up" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "figure_notes_pkey" PRIMARY KEY("return_id","indicator_id")
);
--> statement-breakpoint
ALTER TABLE "monitoring_returns" ADD COLUMN "figure_indicators" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "monitoring_returns" ADD COLUMN "figure_values" numeric[] DEFAULT '{}'::numeric[] NOT NULL;--> statement-breakpoint
ALTER TABLE "monitoring_returns" ADD COLUMN "figure_texts" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "monitoring_returns" ADD COLUMN "figure_not_reported" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
-- A row of return_values with no value, text or not-reported flag held only a reviewer's note: it is
-- not a figure, and goes to figure_notes alone.
UPDATE "monitoring_returns" m
   SET "figure_indicators" = f.ids, "figure_values" = f.vals, "figure_texts" = f.texts, "figure_not_reported" = f.reasons
  FROM (
    SELECT "return_id",
           array_agg("indicator_id" ORDER BY "indicator_id") AS ids,
           array_agg(CASE WHEN NOT "not_reported" THEN "value" END ORDER BY "indicator_id") AS vals,
           array_agg(CASE WHEN NOT "not_reported" THEN "text_value" END ORDER BY "indicator_id") AS texts,
           array_agg(CASE WHEN "not_reported" THEN "not_reported_reason" END ORDER BY "indicator_id") AS reasons
      FROM "return_values"
     WHERE "not_reported" OR "value" IS NOT NULL OR "text_value" IS NOT NULL
     GROUP BY "return_id"
  ) f
 WHERE m."id" = f."return_id";--> statement-breakpoint
INSERT INTO "figure_notes" ("return_id", "indicator_id", "comparability_note", "reviewer_comment", "follow_up", "updated_at")
SELECT "return_id", "indicator_id", "comparability_note", "reviewer_comment", "follow_up", "updated_at"
  FROM "return_values"
 WHERE btrim("comparability_note") <> '' OR btrim("reviewer_comment") <> '' OR "follow_up";--> statement-breakpoint
DROP TRIGGER "monitoring_returns_delete_figures" ON "monitoring_returns";--> statement-breakpoint
DROP TRIGGER "indicators_delete_figures" ON "indicators";--> statement-breakpoint
DROP TABLE "return_values" CASCADE;--> statement-breakpoint
DROP FUNCTION "return_values_check_references"();--> statement-breakpoint
DROP FUNCTION "return_values_follow_deleted_returns"();--> statement-breakpoint
DROP FUNCTION "return_values_follow_deleted_indicators"();--> statement-breakpoint
ALTER TABLE "figure_notes" ADD CONSTRAINT "figure_notes_return_id_monitoring_returns_id_fk" FOREIGN KEY ("return_id") REFERENCES "public"."monitoring_returns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "figure_notes" ADD CONSTRAINT "figure_notes_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "figure_notes_indicator_idx" ON "figure_notes" USING btree ("indicator_id");--> statement-breakpoint
ALTER TABLE "monitoring_returns" ADD CONSTRAINT "monitoring_returns_figures_check" CHECK (cardinality("monitoring_returns"."figure_values") = cardinality("monitoring_returns"."figure_indicators") and cardinality("monitoring_returns"."figure_texts") in (0, cardinality("monitoring_returns"."figure_indicators")) and cardinality("monitoring_returns"."figure_not_reported") in (0, cardinality("monitoring_returns"."figure_indicators")));--> statement-breakpoint
-- What a foreign key from each figure to its indicator would promise, once per statement: every
-- indicator a return's figures name is an indicator of the return's own programme, named once. The
-- indicators of the programmes written to are locked as a foreign key would lock them (KEY SHARE),
-- so none can be deleted before this transaction ends. Each return's indicators are compared with its
-- programme's as whole arrays: joining 400,000 figures to indicators one by one took over a second.
CREATE FUNCTION "monitoring_returns_check_figures"() RETURNS trigger LANGUAGE plpgsql AS $$
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
$$;--> statement-breakpoint
CREATE TRIGGER "monitoring_returns_check_inserted_figures" AFTER INSERT ON "monitoring_returns"
  REFERENCING NEW TABLE AS "changed_returns" FOR EACH STATEMENT EXECUTE FUNCTION "monitoring_returns_check_figures"();--> statement-breakpoint
CREATE TRIGGER "monitoring_returns_check_updated_figures" AFTER UPDATE ON "monitoring_returns"
  REFERENCING NEW TABLE AS "changed_returns" FOR EACH STATEMENT EXECUTE FUNCTION "monitoring_returns_check_figures"();--> statement-breakpoint
-- ON DELETE CASCADE for figures: a deleted indicator's figures leave every return that held them.
CREATE FUNCTION "indicators_remove_figures"() RETURNS trigger LANGUAGE plpgsql AS $$
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
$$;--> statement-breakpoint
CREATE TRIGGER "indicators_remove_figures" AFTER DELETE ON "indicators"
  REFERENCING OLD TABLE AS "gone" FOR EACH STATEMENT EXECUTE FUNCTION "indicators_remove_figures"();
