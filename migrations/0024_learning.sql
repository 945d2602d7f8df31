CREATE TABLE "case_studies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"partnership_id" uuid,
	"learning_set_id" uuid,
	"title" text NOT NULL,
	"themes" text[] DEFAULT '{}'::text[] NOT NULL,
	"standards" text[] DEFAULT '{}'::text[] NOT NULL,
	"place_id" uuid,
	"organisation_id" uuid,
	"organisation_name" text DEFAULT '' NOT NULL,
	"problem" text DEFAULT '' NOT NULL,
	"what_we_did" text DEFAULT '' NOT NULL,
	"what_helped" text DEFAULT '' NOT NULL,
	"barriers" text DEFAULT '' NOT NULL,
	"learning" text DEFAULT '' NOT NULL,
	"contact" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"audience" text DEFAULT 'programme' NOT NULL,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, title), 'A') || setweight(to_tsvector('english'::regconfig, problem || ' ' || what_we_did || ' ' || what_helped || ' ' || barriers || ' ' || learning), 'B')) STORED NOT NULL
);
--> statement-breakpoint
CREATE TABLE "learning_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"set_id" uuid NOT NULL,
	"partnership_id" uuid NOT NULL,
	"session_id" uuid,
	"level" text NOT NULL,
	"action" text NOT NULL,
	"priority" text DEFAULT 'medium' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"follow_up" text DEFAULT '' NOT NULL,
	"follow_up_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "learning_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"set_id" uuid NOT NULL,
	"held_on" date NOT NULL,
	"title" text NOT NULL,
	"attendees" text[] DEFAULT '{}'::text[] NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "learning_set_partnerships" (
	"set_id" uuid NOT NULL,
	"partnership_id" uuid NOT NULL,
	CONSTRAINT "learning_set_partnerships_set_id_partnership_id_pk" PRIMARY KEY("set_id","partnership_id")
);
--> statement-breakpoint
CREATE TABLE "learning_sets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"learning" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "case_studies" ADD CONSTRAINT "case_studies_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_studies" ADD CONSTRAINT "case_studies_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_studies" ADD CONSTRAINT "case_studies_learning_set_id_learning_sets_id_fk" FOREIGN KEY ("learning_set_id") REFERENCES "public"."learning_sets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_studies" ADD CONSTRAINT "case_studies_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_studies" ADD CONSTRAINT "case_studies_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_actions" ADD CONSTRAINT "learning_actions_set_id_learning_sets_id_fk" FOREIGN KEY ("set_id") REFERENCES "public"."learning_sets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_actions" ADD CONSTRAINT "learning_actions_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_actions" ADD CONSTRAINT "learning_actions_session_id_learning_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."learning_sessions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_sessions" ADD CONSTRAINT "learning_sessions_set_id_learning_sets_id_fk" FOREIGN KEY ("set_id") REFERENCES "public"."learning_sets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_set_partnerships" ADD CONSTRAINT "learning_set_partnerships_set_id_learning_sets_id_fk" FOREIGN KEY ("set_id") REFERENCES "public"."learning_sets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_set_partnerships" ADD CONSTRAINT "learning_set_partnerships_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_sets" ADD CONSTRAINT "learning_sets_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_studies_programme_idx" ON "case_studies" USING btree ("programme_id","status");--> statement-breakpoint
CREATE INDEX "case_studies_partnership_idx" ON "case_studies" USING btree ("partnership_id");--> statement-breakpoint
CREATE INDEX "case_studies_set_idx" ON "case_studies" USING btree ("learning_set_id");--> statement-breakpoint
CREATE INDEX "case_studies_search_idx" ON "case_studies" USING gin ("search");--> statement-breakpoint
CREATE INDEX "learning_actions_set_idx" ON "learning_actions" USING btree ("set_id");--> statement-breakpoint
CREATE INDEX "learning_actions_partnership_idx" ON "learning_actions" USING btree ("partnership_id");--> statement-breakpoint
CREATE INDEX "learning_sessions_set_idx" ON "learning_sessions" USING btree ("set_id","held_on");--> statement-breakpoint
CREATE INDEX "learning_set_partnerships_partnership_idx" ON "learning_set_partnerships" USING btree ("partnership_id");--> statement-breakpoint
CREATE UNIQUE INDEX "learning_sets_name_key" ON "learning_sets" USING btree ("programme_id",lower("name"));