CREATE TABLE "place_drafts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"survey_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"locality" text DEFAULT '' NOT NULL,
	"scores" jsonb NOT NULL,
	"comments" jsonb NOT NULL,
	"address" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "place_responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"survey_id" uuid NOT NULL,
	"respondent" text NOT NULL,
	"locality" text DEFAULT '' NOT NULL,
	"wave" text NOT NULL,
	"kind" text DEFAULT 'individual' NOT NULL,
	"group_size" integer,
	"source" text NOT NULL,
	"scores" jsonb NOT NULL,
	"comments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "place_surveys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"version" text DEFAULT 'adult' NOT NULL,
	"wording" text DEFAULT '2017' NOT NULL,
	"scale" integer DEFAULT 7 NOT NULL,
	"threshold" integer DEFAULT 5 NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"current_wave" text DEFAULT '1' NOT NULL,
	"localities" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"illustrative" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "place_drafts" ADD CONSTRAINT "place_drafts_survey_id_place_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."place_surveys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "place_responses" ADD CONSTRAINT "place_responses_survey_id_place_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."place_surveys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "place_surveys" ADD CONSTRAINT "place_surveys_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "place_drafts_token_key" ON "place_drafts" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "place_drafts_address_idx" ON "place_drafts" USING btree ("address","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "place_responses_respondent_key" ON "place_responses" USING btree ("survey_id",lower("respondent"),lower("wave"));--> statement-breakpoint
CREATE INDEX "place_responses_survey_idx" ON "place_responses" USING btree ("survey_id","locality","wave");--> statement-breakpoint
CREATE UNIQUE INDEX "place_surveys_slug_key" ON "place_surveys" USING btree ("programme_id",lower("slug"));