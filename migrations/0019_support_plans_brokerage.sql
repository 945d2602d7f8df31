CREATE TABLE "brokerage_agreements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"title" text NOT NULL,
	"agreed_on" date NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "brokerage_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"partnership_id" uuid NOT NULL,
	"title" text NOT NULL,
	"trigger" text DEFAULT '' NOT NULL,
	"parties" jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"opened_on" date NOT NULL,
	"closed_on" date,
	"outcome" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "brokerage_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"on" date NOT NULL,
	"kind" text NOT NULL,
	"summary" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "action_plan_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"plan_version" integer NOT NULL,
	"reviewed_on" date NOT NULL,
	"judgements" jsonb NOT NULL,
	"participants" jsonb NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "action_plan_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"saved_by" text NOT NULL,
	"saved_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "action_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"partnership_id" uuid,
	"organisation_id" uuid,
	"content" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "action_plans_owner_check" CHECK (("action_plans"."partnership_id" is null) <> ("action_plans"."organisation_id" is null))
);
--> statement-breakpoint
ALTER TABLE "brokerage_agreements" ADD CONSTRAINT "brokerage_agreements_case_id_brokerage_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."brokerage_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "brokerage_cases" ADD CONSTRAINT "brokerage_cases_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "brokerage_cases" ADD CONSTRAINT "brokerage_cases_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "brokerage_steps" ADD CONSTRAINT "brokerage_steps_case_id_brokerage_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."brokerage_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_plan_reviews" ADD CONSTRAINT "action_plan_reviews_plan_id_action_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."action_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_plan_reviews" ADD CONSTRAINT "action_plan_reviews_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_plan_versions" ADD CONSTRAINT "action_plan_versions_plan_id_action_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."action_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_plans" ADD CONSTRAINT "action_plans_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_plans" ADD CONSTRAINT "action_plans_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_plans" ADD CONSTRAINT "action_plans_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "brokerage_agreements_case_idx" ON "brokerage_agreements" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "brokerage_cases_programme_idx" ON "brokerage_cases" USING btree ("programme_id");--> statement-breakpoint
CREATE INDEX "brokerage_cases_partnership_idx" ON "brokerage_cases" USING btree ("partnership_id");--> statement-breakpoint
CREATE INDEX "brokerage_steps_case_idx" ON "brokerage_steps" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "action_plan_reviews_plan_idx" ON "action_plan_reviews" USING btree ("plan_id");--> statement-breakpoint
CREATE UNIQUE INDEX "action_plan_versions_key" ON "action_plan_versions" USING btree ("plan_id","version");--> statement-breakpoint
CREATE INDEX "action_plans_programme_idx" ON "action_plans" USING btree ("programme_id");--> statement-breakpoint
CREATE INDEX "action_plans_partnership_idx" ON "action_plans" USING btree ("partnership_id");--> statement-breakpoint
CREATE INDEX "action_plans_organisation_idx" ON "action_plans" USING btree ("organisation_id");