CREATE TABLE "family_base_respondents" (
	"family_id" uuid NOT NULL,
	"respondent_id" uuid NOT NULL,
	CONSTRAINT "family_base_respondents_family_id_respondent_id_pk" PRIMARY KEY("family_id","respondent_id")
);
--> statement-breakpoint
CREATE TABLE "family_bases" (
	"family_id" uuid PRIMARY KEY NOT NULL,
	"evaluation_id" uuid NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "family_base_respondents" ADD CONSTRAINT "family_base_respondents_family_id_family_bases_family_id_fk" FOREIGN KEY ("family_id") REFERENCES "public"."family_bases"("family_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_base_respondents" ADD CONSTRAINT "family_base_respondents_respondent_id_respondents_id_fk" FOREIGN KEY ("respondent_id") REFERENCES "public"."respondents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_bases" ADD CONSTRAINT "family_bases_family_id_code_families_id_fk" FOREIGN KEY ("family_id") REFERENCES "public"."code_families"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_bases" ADD CONSTRAINT "family_bases_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_bases" ADD CONSTRAINT "family_bases_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "family_base_respondents_respondent_idx" ON "family_base_respondents" USING btree ("respondent_id");