CREATE TABLE "memos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"evaluation_id" uuid NOT NULL,
	"code_id" uuid,
	"passage_id" uuid,
	"respondent_id" uuid,
	"text" text NOT NULL,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "memos_one_subject_check" CHECK (num_nonnulls("memos"."code_id", "memos"."passage_id", "memos"."respondent_id") = 1)
);
--> statement-breakpoint
-- HAND-WRITTEN BACKFILL (the one block beyond what drizzle-kit generated; keep it together when renumbering):
-- passages get a stored number per transcript, given in the order they were shown before (by where they start,
-- then end, then when coded), and each transcript remembers the last number it gave out.
ALTER TABLE "passages" ADD COLUMN "number" integer;--> statement-breakpoint
ALTER TABLE "transcripts" ADD COLUMN "passages_numbered" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE "passages" p SET "number" = n.rn FROM (
  SELECT id, row_number() OVER (PARTITION BY transcript_id ORDER BY start_offset, end_offset, created_at, id)::int AS rn FROM "passages"
) n WHERE n.id = p.id;--> statement-breakpoint
UPDATE "transcripts" t SET "passages_numbered" = m.n FROM (
  SELECT transcript_id, max("number") AS n FROM "passages" GROUP BY transcript_id
) m WHERE m.transcript_id = t.id;--> statement-breakpoint
ALTER TABLE "passages" ALTER COLUMN "number" SET NOT NULL;--> statement-breakpoint
-- END OF THE HAND-WRITTEN BACKFILL
ALTER TABLE "memos" ADD CONSTRAINT "memos_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memos" ADD CONSTRAINT "memos_code_id_codes_id_fk" FOREIGN KEY ("code_id") REFERENCES "public"."codes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memos" ADD CONSTRAINT "memos_passage_id_passages_id_fk" FOREIGN KEY ("passage_id") REFERENCES "public"."passages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memos" ADD CONSTRAINT "memos_respondent_id_respondents_id_fk" FOREIGN KEY ("respondent_id") REFERENCES "public"."respondents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memos" ADD CONSTRAINT "memos_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "memos_code_key" ON "memos" USING btree ("code_id");--> statement-breakpoint
CREATE UNIQUE INDEX "memos_passage_key" ON "memos" USING btree ("passage_id");--> statement-breakpoint
CREATE UNIQUE INDEX "memos_respondent_key" ON "memos" USING btree ("respondent_id");--> statement-breakpoint
CREATE INDEX "memos_evaluation_idx" ON "memos" USING btree ("evaluation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "passages_number_key" ON "passages" USING btree ("transcript_id","number");