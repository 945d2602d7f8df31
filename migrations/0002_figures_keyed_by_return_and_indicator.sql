-- Figures are keyed by (return, indicator); the surrogate id goes (its primary key with it).
ALTER TABLE "return_values" DROP CONSTRAINT "return_values_return_id_monitoring_returns_id_fk";
--> statement-breakpoint
ALTER TABLE "return_values" DROP CONSTRAINT "return_values_indicator_id_indicators_id_fk";
--> statement-breakpoint
DROP INDEX "return_values_return_indicator_key";--> statement-breakpoint
DROP INDEX "return_values_indicator_idx";--> statement-breakpoint
ALTER TABLE "return_values" DROP COLUMN "id";--> statement-breakpoint
ALTER TABLE "return_values" ADD CONSTRAINT "return_values_pkey" PRIMARY KEY("return_id","indicator_id");--> statement-breakpoint
-- What the two foreign keys did, once per statement instead of once per figure (decision 008).
-- Each return and indicator named is locked as a foreign key would lock it (KEY SHARE), so neither
-- can be deleted before this transaction ends; then one query checks that every figure names a
-- return that exists and an indicator of that return's programme (stricter than the keys were).
CREATE FUNCTION "return_values_check_references"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM "monitoring_returns" m WHERE m."id" IN (SELECT DISTINCT "return_id" FROM "new_figures") FOR KEY SHARE OF m;
  PERFORM 1 FROM "indicators" i WHERE i."id" IN (SELECT DISTINCT "indicator_id" FROM "new_figures") FOR KEY SHARE OF i;
  IF EXISTS (
    SELECT 1 FROM "new_figures" n
      LEFT JOIN "monitoring_returns" m ON m."id" = n."return_id"
      LEFT JOIN "indicators" i ON i."id" = n."indicator_id" AND i."programme_id" = m."programme_id"
     WHERE i."id" IS NULL
  ) THEN
    RAISE EXCEPTION 'A figure names a return that does not exist, or an indicator that is not of the return''s programme'
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'return_values_references';
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "return_values_check_inserted" AFTER INSERT ON "return_values"
  REFERENCING NEW TABLE AS "new_figures" FOR EACH STATEMENT EXECUTE FUNCTION "return_values_check_references"();--> statement-breakpoint
CREATE TRIGGER "return_values_check_updated" AFTER UPDATE ON "return_values"
  REFERENCING NEW TABLE AS "new_figures" FOR EACH STATEMENT EXECUTE FUNCTION "return_values_check_references"();--> statement-breakpoint
-- ON DELETE CASCADE, once per statement: a deleted return or indicator takes its figures with it.
CREATE FUNCTION "return_values_follow_deleted_returns"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "return_values" v USING "gone" g WHERE v."return_id" = g."id";
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "monitoring_returns_delete_figures" AFTER DELETE ON "monitoring_returns"
  REFERENCING OLD TABLE AS "gone" FOR EACH STATEMENT EXECUTE FUNCTION "return_values_follow_deleted_returns"();--> statement-breakpoint
CREATE FUNCTION "return_values_follow_deleted_indicators"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "return_values" v USING "gone" g WHERE v."indicator_id" = g."id";
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "indicators_delete_figures" AFTER DELETE ON "indicators"
  REFERENCING OLD TABLE AS "gone" FOR EACH STATEMENT EXECUTE FUNCTION "return_values_follow_deleted_indicators"();
