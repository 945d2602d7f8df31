CREATE TABLE "indicators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"key" text NOT NULL,
	"label" text NOT NULL,
	"definition" text DEFAULT '' NOT NULL,
	"unit" text DEFAULT 'count' NOT NULL,
	"aggregation" text DEFAULT 'sum' NOT NULL,
	"required" boolean DEFAULT false NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitoring_returns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"partnership_id" uuid NOT NULL,
	"period_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"comparability_note" text DEFAULT '' NOT NULL,
	"submitted_at" timestamp with time zone,
	"submitted_by" uuid,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" uuid,
	"review_comment" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reporting_periods" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"phase_id" uuid,
	"label" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"due_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reporting_periods_window_check" CHECK ("reporting_periods"."starts_on" <= "reporting_periods"."ends_on")
);
--> statement-breakpoint
CREATE TABLE "return_values" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"return_id" uuid NOT NULL,
	"indicator_id" uuid NOT NULL,
	"value" numeric,
	"text_value" text,
	"not_reported" boolean DEFAULT false NOT NULL,
	"not_reported_reason" text DEFAULT '' NOT NULL,
	"comparability_note" text DEFAULT '' NOT NULL,
	"reviewer_comment" text DEFAULT '' NOT NULL,
	"follow_up" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "indicators" ADD CONSTRAINT "indicators_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_returns" ADD CONSTRAINT "monitoring_returns_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_returns" ADD CONSTRAINT "monitoring_returns_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_returns" ADD CONSTRAINT "monitoring_returns_period_id_reporting_periods_id_fk" FOREIGN KEY ("period_id") REFERENCES "public"."reporting_periods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_returns" ADD CONSTRAINT "monitoring_returns_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_returns" ADD CONSTRAINT "monitoring_returns_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reporting_periods" ADD CONSTRAINT "reporting_periods_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reporting_periods" ADD CONSTRAINT "reporting_periods_phase_id_phases_id_fk" FOREIGN KEY ("phase_id") REFERENCES "public"."phases"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_values" ADD CONSTRAINT "return_values_return_id_monitoring_returns_id_fk" FOREIGN KEY ("return_id") REFERENCES "public"."monitoring_returns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_values" ADD CONSTRAINT "return_values_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "indicators_key_key" ON "indicators" USING btree ("programme_id","key");--> statement-breakpoint
CREATE UNIQUE INDEX "monitoring_returns_partnership_period_key" ON "monitoring_returns" USING btree ("partnership_id","period_id");--> statement-breakpoint
CREATE INDEX "monitoring_returns_period_idx" ON "monitoring_returns" USING btree ("period_id");--> statement-breakpoint
CREATE INDEX "monitoring_returns_programme_idx" ON "monitoring_returns" USING btree ("programme_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reporting_periods_label_key" ON "reporting_periods" USING btree ("programme_id",lower("label"));--> statement-breakpoint
CREATE UNIQUE INDEX "return_values_return_indicator_key" ON "return_values" USING btree ("return_id","indicator_id");--> statement-breakpoint
CREATE INDEX "return_values_indicator_idx" ON "return_values" USING btree ("indicator_id");