CREATE TABLE "code_families" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"evaluation_id" uuid NOT NULL,
	"key" text NOT NULL,
	"label" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"evaluation_id" uuid NOT NULL,
	"family_id" uuid NOT NULL,
	"parent_id" uuid,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"colour" text,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "codings" (
	"respondent_id" uuid NOT NULL,
	"code_id" uuid NOT NULL,
	"coder_id" uuid,
	"source" text DEFAULT 'tick' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "codings_key" UNIQUE NULLS NOT DISTINCT("respondent_id","code_id","coder_id")
);
--> statement-breakpoint
CREATE TABLE "consent_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"respondent_id" uuid NOT NULL,
	"status" text NOT NULL,
	"on" date NOT NULL,
	"scope" text DEFAULT '' NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"disclosure_threshold" integer DEFAULT 5 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evaluations_threshold_check" CHECK ("evaluations"."disclosure_threshold" >= 0)
);
--> statement-breakpoint
CREATE TABLE "respondents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"evaluation_id" uuid NOT NULL,
	"ref" text NOT NULL,
	"participant_type" text,
	"project_id" uuid,
	"place_id" uuid,
	"phase_id" uuid,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"consent" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "code_families" ADD CONSTRAINT "code_families_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "codes" ADD CONSTRAINT "codes_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "codes" ADD CONSTRAINT "codes_family_id_code_families_id_fk" FOREIGN KEY ("family_id") REFERENCES "public"."code_families"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "codes" ADD CONSTRAINT "codes_parent_id_codes_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."codes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_records" ADD CONSTRAINT "consent_records_respondent_id_respondents_id_fk" FOREIGN KEY ("respondent_id") REFERENCES "public"."respondents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_records" ADD CONSTRAINT "consent_records_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "respondents" ADD CONSTRAINT "respondents_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "respondents" ADD CONSTRAINT "respondents_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "respondents" ADD CONSTRAINT "respondents_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "respondents" ADD CONSTRAINT "respondents_phase_id_phases_id_fk" FOREIGN KEY ("phase_id") REFERENCES "public"."phases"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "code_families_key_key" ON "code_families" USING btree ("evaluation_id","key");--> statement-breakpoint
CREATE UNIQUE INDEX "codes_name_key" ON "codes" USING btree ("family_id",coalesce("parent_id", '00000000-0000-0000-0000-000000000000'::uuid),lower("name"));--> statement-breakpoint
CREATE INDEX "codes_evaluation_idx" ON "codes" USING btree ("evaluation_id");--> statement-breakpoint
CREATE INDEX "codes_parent_idx" ON "codes" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "codings_code_idx" ON "codings" USING btree ("code_id");--> statement-breakpoint
CREATE INDEX "consent_records_respondent_idx" ON "consent_records" USING btree ("respondent_id","recorded_at");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluations_slug_key" ON "evaluations" USING btree ("programme_id","slug");--> statement-breakpoint
CREATE UNIQUE INDEX "respondents_ref_key" ON "respondents" USING btree ("evaluation_id","ref");--> statement-breakpoint
CREATE INDEX "respondents_project_idx" ON "respondents" USING btree ("project_id");--> statement-breakpoint
-- What foreign keys on codings would do, once per statement instead of once per coding (decision 008).
-- Each respondent, code and coder named is locked as a foreign key would lock it (KEY SHARE); then one
-- query checks that every coding names an existing respondent, a code of that respondent's
-- evaluation (stricter than keys could be), and an existing coder when there is one.
CREATE FUNCTION "codings_check_references"() RETURNS trigger LANGUAGE plpgsql AS $$
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
$$;--> statement-breakpoint
CREATE TRIGGER "codings_check_inserted" AFTER INSERT ON "codings"
  REFERENCING NEW TABLE AS "new_codings" FOR EACH STATEMENT EXECUTE FUNCTION "codings_check_references"();--> statement-breakpoint
CREATE TRIGGER "codings_check_updated" AFTER UPDATE ON "codings"
  REFERENCING NEW TABLE AS "new_codings" FOR EACH STATEMENT EXECUTE FUNCTION "codings_check_references"();--> statement-breakpoint
-- ON DELETE CASCADE, once per statement: a deleted respondent or code takes its codings with it
-- (respondents and codes also go when their evaluation or programme is deleted).
CREATE FUNCTION "codings_follow_deleted_respondents"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "codings" x USING "gone" g WHERE x."respondent_id" = g."id";
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "respondents_delete_codings" AFTER DELETE ON "respondents"
  REFERENCING OLD TABLE AS "gone" FOR EACH STATEMENT EXECUTE FUNCTION "codings_follow_deleted_respondents"();--> statement-breakpoint
CREATE FUNCTION "codings_follow_deleted_codes"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "codings" x USING "gone" g WHERE x."code_id" = g."id";
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "codes_delete_codings" AFTER DELETE ON "codes"
  REFERENCING OLD TABLE AS "gone" FOR EACH STATEMENT EXECUTE FUNCTION "codings_follow_deleted_codes"();--> statement-breakpoint
-- ON DELETE SET NULL for the coder, once per statement. Where that would make two codings of one
-- respondent and code without a coder, one is kept: either way the respondent identified the code.
CREATE FUNCTION "codings_follow_deleted_users"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "codings" x USING "gone" g
   WHERE x."coder_id" = g."id"
     AND (EXISTS (SELECT 1 FROM "codings" y WHERE y."respondent_id" = x."respondent_id" AND y."code_id" = x."code_id" AND y."coder_id" IS NULL)
       OR EXISTS (SELECT 1 FROM "codings" y JOIN "gone" h ON h."id" = y."coder_id"
                   WHERE y."respondent_id" = x."respondent_id" AND y."code_id" = x."code_id" AND y."coder_id" < x."coder_id"));
  UPDATE "codings" x SET "coder_id" = NULL FROM "gone" g WHERE x."coder_id" = g."id";
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "users_clear_codings_coder" AFTER DELETE ON "users"
  REFERENCING OLD TABLE AS "gone" FOR EACH STATEMENT EXECUTE FUNCTION "codings_follow_deleted_users"();
