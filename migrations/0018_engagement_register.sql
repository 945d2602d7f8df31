CREATE TABLE "engagement_settings" (
	"programme_id" uuid PRIMARY KEY NOT NULL,
	"overlap_window_days" integer DEFAULT 28 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "engagement_topics" (
	"engagement_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"label" text NOT NULL,
	"key" text NOT NULL,
	CONSTRAINT "engagement_topics_engagement_id_position_pk" PRIMARY KEY("engagement_id","position")
);
--> statement-breakpoint
CREATE TABLE "engagements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"partnership_id" uuid,
	"title" text NOT NULL,
	"locality" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"target_groups" text[] DEFAULT '{}'::text[] NOT NULL,
	"methods" text[] DEFAULT '{}'::text[] NOT NULL,
	"level" text NOT NULL,
	"lead_partner" text NOT NULL,
	"cost_pence" bigint,
	"reach" integer,
	"published" boolean DEFAULT false NOT NULL,
	"feedback_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "engagements_dates_forward" CHECK ("engagements"."ends_on" >= "engagements"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "engagement_standard_ratings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"engagement_id" uuid NOT NULL,
	"cycle" integer NOT NULL,
	"standard" text NOT NULL,
	"rating" text NOT NULL,
	"evidence" text DEFAULT '' NOT NULL,
	"indicators" text DEFAULT '' NOT NULL,
	"rated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "engagement_standard_ratings_cycle" CHECK ("engagement_standard_ratings"."cycle" >= 1)
);
--> statement-breakpoint
CREATE TABLE "engagement_feedback" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"engagement_id" uuid NOT NULL,
	"valued" text NOT NULL,
	"understood" text NOT NULL,
	"again" text NOT NULL,
	"address" text NOT NULL,
	"given_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "you_said_we_did" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"engagement_id" uuid NOT NULL,
	"said" text NOT NULL,
	"did" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"published" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "you_said_we_did_progress" CHECK ("you_said_we_did"."progress" between 0 and 100)
);
--> statement-breakpoint
ALTER TABLE "engagement_settings" ADD CONSTRAINT "engagement_settings_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_topics" ADD CONSTRAINT "engagement_topics_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagements" ADD CONSTRAINT "engagements_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagements" ADD CONSTRAINT "engagements_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_standard_ratings" ADD CONSTRAINT "engagement_standard_ratings_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_feedback" ADD CONSTRAINT "engagement_feedback_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "you_said_we_did" ADD CONSTRAINT "you_said_we_did_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "engagement_topics_key_idx" ON "engagement_topics" USING btree ("key");--> statement-breakpoint
CREATE INDEX "engagements_programme_idx" ON "engagements" USING btree ("programme_id","starts_on");--> statement-breakpoint
CREATE INDEX "engagements_locality_idx" ON "engagements" USING btree ("programme_id",lower("locality"));--> statement-breakpoint
CREATE UNIQUE INDEX "engagements_feedback_code_key" ON "engagements" USING btree ("feedback_code");--> statement-breakpoint
CREATE UNIQUE INDEX "engagement_standard_ratings_key" ON "engagement_standard_ratings" USING btree ("engagement_id","cycle","standard");--> statement-breakpoint
CREATE INDEX "engagement_feedback_engagement_idx" ON "engagement_feedback" USING btree ("engagement_id");--> statement-breakpoint
CREATE INDEX "engagement_feedback_address_idx" ON "engagement_feedback" USING btree ("address","given_at");--> statement-breakpoint
CREATE INDEX "you_said_we_did_engagement_idx" ON "you_said_we_did" USING btree ("engagement_id");