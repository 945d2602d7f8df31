CREATE TABLE "code_sets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"evaluation_id" uuid NOT NULL,
	"guid" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"member_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"position" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "code_families" ADD COLUMN "description" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "code_families" ADD COLUMN "colour" text;--> statement-breakpoint
ALTER TABLE "code_families" ADD COLUMN "qda_top_level" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "code_families" ADD COLUMN "qda_guid" text;--> statement-breakpoint
ALTER TABLE "code_families" ADD COLUMN "qda_name" text;--> statement-breakpoint
ALTER TABLE "code_families" ADD COLUMN "qda_codable" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "code_families" ADD COLUMN "qda_position" integer;--> statement-breakpoint
ALTER TABLE "codes" ADD COLUMN "qda_guid" text;--> statement-breakpoint
ALTER TABLE "codes" ADD COLUMN "codable" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "code_sets" ADD CONSTRAINT "code_sets_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "code_sets_evaluation_idx" ON "code_sets" USING btree ("evaluation_id");