CREATE TABLE "theories_of_change" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"name" text NOT NULL,
	"level" text DEFAULT 'programme' NOT NULL,
	"place_id" uuid,
	"description" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "theories_of_change_place_level" CHECK (("theories_of_change"."level" = 'place') = ("theories_of_change"."place_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "toc_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"target" text NOT NULL,
	"target_key" text NOT NULL,
	"body" text NOT NULL,
	"author_user_id" uuid,
	"author_label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "toc_mappings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"node_key" text NOT NULL,
	"evaluation_id" uuid,
	"code_id" uuid,
	"indicator_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "toc_mappings_one_kind" CHECK (("toc_mappings"."code_id" is not null and "toc_mappings"."evaluation_id" is not null and "toc_mappings"."indicator_id" is null) or ("toc_mappings"."indicator_id" is not null and "toc_mappings"."code_id" is null and "toc_mappings"."evaluation_id" is null))
);
--> statement-breakpoint
CREATE TABLE "toc_stage_sets" (
	"programme_id" uuid PRIMARY KEY NOT NULL,
	"stages" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "toc_thresholds" (
	"theory_id" uuid NOT NULL,
	"evaluation_id" uuid NOT NULL,
	"min_both" integer NOT NULL,
	"support_lift" double precision NOT NULL,
	"contradict_lift" double precision NOT NULL,
	CONSTRAINT "toc_thresholds_theory_id_evaluation_id_pk" PRIMARY KEY("theory_id","evaluation_id")
);
--> statement-breakpoint
CREATE TABLE "toc_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"theory_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"change_note" text DEFAULT '' NOT NULL,
	"model" jsonb NOT NULL,
	"based_on_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" text,
	CONSTRAINT "toc_versions_published_at" CHECK (("toc_versions"."status" = 'published') = ("toc_versions"."published_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "theories_of_change" ADD CONSTRAINT "theories_of_change_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "theories_of_change" ADD CONSTRAINT "theories_of_change_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "toc_comments" ADD CONSTRAINT "toc_comments_version_id_toc_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."toc_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "toc_comments" ADD CONSTRAINT "toc_comments_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "toc_mappings" ADD CONSTRAINT "toc_mappings_version_id_toc_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."toc_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "toc_mappings" ADD CONSTRAINT "toc_mappings_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "toc_mappings" ADD CONSTRAINT "toc_mappings_code_id_codes_id_fk" FOREIGN KEY ("code_id") REFERENCES "public"."codes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "toc_mappings" ADD CONSTRAINT "toc_mappings_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "toc_stage_sets" ADD CONSTRAINT "toc_stage_sets_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "toc_thresholds" ADD CONSTRAINT "toc_thresholds_theory_id_theories_of_change_id_fk" FOREIGN KEY ("theory_id") REFERENCES "public"."theories_of_change"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "toc_thresholds" ADD CONSTRAINT "toc_thresholds_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "toc_versions" ADD CONSTRAINT "toc_versions_theory_id_theories_of_change_id_fk" FOREIGN KEY ("theory_id") REFERENCES "public"."theories_of_change"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "toc_versions" ADD CONSTRAINT "toc_versions_based_on_id_toc_versions_id_fk" FOREIGN KEY ("based_on_id") REFERENCES "public"."toc_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "theories_of_change_name_key" ON "theories_of_change" USING btree ("programme_id",lower("name"));--> statement-breakpoint
CREATE INDEX "toc_comments_version" ON "toc_comments" USING btree ("version_id");--> statement-breakpoint
CREATE INDEX "toc_mappings_version" ON "toc_mappings" USING btree ("version_id");--> statement-breakpoint
CREATE UNIQUE INDEX "toc_mappings_code_key" ON "toc_mappings" USING btree ("version_id","node_key","code_id");--> statement-breakpoint
CREATE UNIQUE INDEX "toc_mappings_indicator_key" ON "toc_mappings" USING btree ("version_id","node_key","indicator_id");--> statement-breakpoint
CREATE UNIQUE INDEX "toc_versions_name_key" ON "toc_versions" USING btree ("theory_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "toc_versions_number_key" ON "toc_versions" USING btree ("theory_id","number");