CREATE TABLE "pb_ballots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"code_id" uuid,
	"source" text NOT NULL,
	"voter_ref" text NOT NULL,
	"locality" text,
	"choices" jsonb NOT NULL,
	"extra" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"cast_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pb_code_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"address" text NOT NULL,
	"outcome" text NOT NULL,
	"code_id" uuid,
	"attempted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pb_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"code_hash" text NOT NULL,
	"locality" text,
	"batch" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "pb_paper_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"paper_ref" text NOT NULL,
	"locality" text,
	"officer_id" uuid NOT NULL,
	"choices" jsonb NOT NULL,
	"ballot_id" uuid,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pb_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"ref" text NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"cost" bigint NOT NULL,
	"locality" text,
	"category" text DEFAULT '' NOT NULL,
	"proposed_by" text DEFAULT '' NOT NULL,
	"proposer_kind" text DEFAULT 'group' NOT NULL,
	"evidence_of_need" text DEFAULT '' NOT NULL,
	"delivered_by" text DEFAULT '' NOT NULL,
	"eligibility" text DEFAULT 'pending' NOT NULL,
	"eligibility_reason" text DEFAULT '' NOT NULL,
	"panel_chosen" boolean DEFAULT false NOT NULL,
	"extra" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"project_id" uuid,
	"delivery" text DEFAULT 'not-started' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pb_rounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"currency" text DEFAULT 'GBP' NOT NULL,
	"budget" bigint NOT NULL,
	"localities" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"stage" text DEFAULT 'ideas' NOT NULL,
	"phase_dates" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"mode" text DEFAULT 'vote' NOT NULL,
	"rule" text DEFAULT 'equal-shares' NOT NULL,
	"ballot_kind" text DEFAULT 'approval' NOT NULL,
	"min_projects" integer DEFAULT 1 NOT NULL,
	"max_projects" integer,
	"min_spend_percent" integer DEFAULT 0 NOT NULL,
	"eligible_population" integer,
	"council_budget" bigint,
	"panel_members" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"panel_reasons" text DEFAULT '' NOT NULL,
	"pabulib_meta" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"voter_columns" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"provenance" text DEFAULT 'real' NOT NULL,
	"published_at" timestamp with time zone,
	"result" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pb_updates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"proposal_id" uuid NOT NULL,
	"on" date NOT NULL,
	"text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "pb_ballots" ADD CONSTRAINT "pb_ballots_round_id_pb_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."pb_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_ballots" ADD CONSTRAINT "pb_ballots_code_id_pb_codes_id_fk" FOREIGN KEY ("code_id") REFERENCES "public"."pb_codes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_code_attempts" ADD CONSTRAINT "pb_code_attempts_round_id_pb_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."pb_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_code_attempts" ADD CONSTRAINT "pb_code_attempts_code_id_pb_codes_id_fk" FOREIGN KEY ("code_id") REFERENCES "public"."pb_codes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_codes" ADD CONSTRAINT "pb_codes_round_id_pb_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."pb_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_paper_entries" ADD CONSTRAINT "pb_paper_entries_round_id_pb_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."pb_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_paper_entries" ADD CONSTRAINT "pb_paper_entries_officer_id_users_id_fk" FOREIGN KEY ("officer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_paper_entries" ADD CONSTRAINT "pb_paper_entries_ballot_id_pb_ballots_id_fk" FOREIGN KEY ("ballot_id") REFERENCES "public"."pb_ballots"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_proposals" ADD CONSTRAINT "pb_proposals_round_id_pb_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."pb_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_proposals" ADD CONSTRAINT "pb_proposals_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_rounds" ADD CONSTRAINT "pb_rounds_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_updates" ADD CONSTRAINT "pb_updates_proposal_id_pb_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."pb_proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "pb_ballots_code_key" ON "pb_ballots" USING btree ("code_id");--> statement-breakpoint
CREATE INDEX "pb_ballots_round_idx" ON "pb_ballots" USING btree ("round_id");--> statement-breakpoint
CREATE INDEX "pb_code_attempts_address_idx" ON "pb_code_attempts" USING btree ("address","attempted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "pb_codes_hash_key" ON "pb_codes" USING btree ("code_hash");--> statement-breakpoint
CREATE INDEX "pb_codes_round_idx" ON "pb_codes" USING btree ("round_id");--> statement-breakpoint
CREATE UNIQUE INDEX "pb_paper_entries_key" ON "pb_paper_entries" USING btree ("round_id","paper_ref","officer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "pb_proposals_ref_key" ON "pb_proposals" USING btree ("round_id","ref");--> statement-breakpoint
CREATE INDEX "pb_proposals_round_idx" ON "pb_proposals" USING btree ("round_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "pb_rounds_slug_key" ON "pb_rounds" USING btree ("programme_id","slug");--> statement-breakpoint
CREATE INDEX "pb_updates_proposal_idx" ON "pb_updates" USING btree ("proposal_id");