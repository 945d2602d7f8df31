CREATE TABLE "support_allowances" (
	"partnership_id" uuid PRIMARY KEY NOT NULL,
	"programme_id" uuid NOT NULL,
	"start_on" date NOT NULL,
	"end_on" date NOT NULL,
	"days_allowed" numeric(8, 2) NOT NULL,
	"credit_allowed_pence" integer NOT NULL,
	"day_rate_pence" integer NOT NULL,
	CONSTRAINT "support_allowances_period_check" CHECK ("support_allowances"."end_on" >= "support_allowances"."start_on"),
	CONSTRAINT "support_allowances_amounts_check" CHECK ("support_allowances"."days_allowed" >= 0 and "support_allowances"."credit_allowed_pence" >= 0 and "support_allowances"."day_rate_pence" >= 0)
);
--> statement-breakpoint
CREATE TABLE "support_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider_id" uuid NOT NULL,
	"partnership_id" uuid NOT NULL,
	"contact_name" text DEFAULT '' NOT NULL,
	"contact_email" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support_providers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"role" text NOT NULL,
	"name" text NOT NULL,
	"organisation_id" uuid,
	"email" text DEFAULT '' NOT NULL,
	"user_id" uuid,
	"regions" text DEFAULT '' NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support_settings" (
	"programme_id" uuid PRIMARY KEY NOT NULL,
	"minutes_per_day" integer DEFAULT 420 NOT NULL,
	"contact_weeks" integer DEFAULT 8 NOT NULL,
	"recommended_days_per_year" integer DEFAULT 8 NOT NULL,
	"credit_time_share_percent" integer DEFAULT 25 NOT NULL,
	CONSTRAINT "support_settings_minutes_check" CHECK ("support_settings"."minutes_per_day" between 60 and 1440),
	CONSTRAINT "support_settings_thresholds_check" CHECK ("support_settings"."contact_weeks" > 0 and "support_settings"."recommended_days_per_year" >= 0 and "support_settings"."credit_time_share_percent" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "support_attendance" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"partnership_id" uuid,
	"organisation_id" uuid,
	"people" integer NOT NULL,
	CONSTRAINT "support_attendance_who_check" CHECK (("support_attendance"."partnership_id" is null) <> ("support_attendance"."organisation_id" is null) and "support_attendance"."people" >= 0)
);
--> statement-breakpoint
CREATE TABLE "support_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"partnership_id" uuid NOT NULL,
	"provider_id" uuid,
	"contact_on" date NOT NULL,
	"minutes" integer NOT NULL,
	"type" text NOT NULL,
	"topic" text DEFAULT '' NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"logged_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "support_contacts_minutes_check" CHECK ("support_contacts"."minutes" >= 0)
);
--> statement-breakpoint
CREATE TABLE "support_credit" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"partnership_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"entry_on" date NOT NULL,
	"amount_pence" integer NOT NULL,
	"day_hundredths" integer,
	"commitment_id" uuid,
	"purpose" text DEFAULT '' NOT NULL,
	"approved_by" text DEFAULT '' NOT NULL,
	"logged_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "support_credit_amount_check" CHECK ("support_credit"."amount_pence" >= 0),
	CONSTRAINT "support_credit_transfer_check" CHECK (("support_credit"."kind" in ('from_days', 'to_days')) = ("support_credit"."day_hundredths" is not null) and coalesce("support_credit"."day_hundredths", 0) >= 0)
);
--> statement-breakpoint
CREATE TABLE "support_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"name" text NOT NULL,
	"held_on" date NOT NULL,
	"place" text DEFAULT '' NOT NULL,
	"cost_pence" integer DEFAULT 0 NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"agreed_actions" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "support_events_cost_check" CHECK ("support_events"."cost_pence" >= 0)
);
--> statement-breakpoint
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
ALTER TABLE "support_allowances" ADD CONSTRAINT "support_allowances_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_allowances" ADD CONSTRAINT "support_allowances_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_assignments" ADD CONSTRAINT "support_assignments_provider_id_support_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."support_providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_assignments" ADD CONSTRAINT "support_assignments_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_providers" ADD CONSTRAINT "support_providers_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_providers" ADD CONSTRAINT "support_providers_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_providers" ADD CONSTRAINT "support_providers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_settings" ADD CONSTRAINT "support_settings_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_attendance" ADD CONSTRAINT "support_attendance_event_id_support_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."support_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_attendance" ADD CONSTRAINT "support_attendance_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_attendance" ADD CONSTRAINT "support_attendance_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_contacts" ADD CONSTRAINT "support_contacts_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_contacts" ADD CONSTRAINT "support_contacts_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_contacts" ADD CONSTRAINT "support_contacts_provider_id_support_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."support_providers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_contacts" ADD CONSTRAINT "support_contacts_logged_by_users_id_fk" FOREIGN KEY ("logged_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_credit" ADD CONSTRAINT "support_credit_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_credit" ADD CONSTRAINT "support_credit_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_credit" ADD CONSTRAINT "support_credit_logged_by_users_id_fk" FOREIGN KEY ("logged_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_events" ADD CONSTRAINT "support_events_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
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
CREATE INDEX "support_allowances_programme_idx" ON "support_allowances" USING btree ("programme_id");--> statement-breakpoint
CREATE UNIQUE INDEX "support_assignments_key" ON "support_assignments" USING btree ("provider_id","partnership_id");--> statement-breakpoint
CREATE INDEX "support_assignments_partnership_idx" ON "support_assignments" USING btree ("partnership_id");--> statement-breakpoint
CREATE UNIQUE INDEX "support_providers_name_key" ON "support_providers" USING btree ("programme_id","role",lower("name"));--> statement-breakpoint
CREATE INDEX "support_providers_user_idx" ON "support_providers" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "support_attendance_partnership_key" ON "support_attendance" USING btree ("event_id","partnership_id");--> statement-breakpoint
CREATE UNIQUE INDEX "support_attendance_organisation_key" ON "support_attendance" USING btree ("event_id","organisation_id");--> statement-breakpoint
CREATE INDEX "support_attendance_partnership_idx" ON "support_attendance" USING btree ("partnership_id");--> statement-breakpoint
CREATE INDEX "support_contacts_partnership_idx" ON "support_contacts" USING btree ("partnership_id","contact_on");--> statement-breakpoint
CREATE INDEX "support_contacts_programme_idx" ON "support_contacts" USING btree ("programme_id");--> statement-breakpoint
CREATE INDEX "support_credit_partnership_idx" ON "support_credit" USING btree ("partnership_id","entry_on");--> statement-breakpoint
CREATE INDEX "support_credit_programme_idx" ON "support_credit" USING btree ("programme_id");--> statement-breakpoint
CREATE UNIQUE INDEX "support_events_name_key" ON "support_events" USING btree ("programme_id",lower("name"));--> statement-breakpoint
CREATE INDEX "brokerage_agreements_case_idx" ON "brokerage_agreements" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "brokerage_cases_programme_idx" ON "brokerage_cases" USING btree ("programme_id");--> statement-breakpoint
CREATE INDEX "brokerage_cases_partnership_idx" ON "brokerage_cases" USING btree ("partnership_id");--> statement-breakpoint
CREATE INDEX "brokerage_steps_case_idx" ON "brokerage_steps" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "action_plan_reviews_plan_idx" ON "action_plan_reviews" USING btree ("plan_id");--> statement-breakpoint
CREATE UNIQUE INDEX "action_plan_versions_key" ON "action_plan_versions" USING btree ("plan_id","version");--> statement-breakpoint
CREATE INDEX "action_plans_programme_idx" ON "action_plans" USING btree ("programme_id");--> statement-breakpoint
CREATE INDEX "action_plans_partnership_idx" ON "action_plans" USING btree ("partnership_id");--> statement-breakpoint
CREATE INDEX "action_plans_organisation_idx" ON "action_plans" USING btree ("organisation_id");