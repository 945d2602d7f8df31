ALTER TABLE "partnerships" ADD COLUMN "in_programme_from" date DEFAULT current_date NOT NULL;--> statement-breakpoint
ALTER TABLE "partnerships" ADD COLUMN "in_programme_until" date;--> statement-breakpoint
-- Hand-written backfill (issue 14): a partnership already in Cairn is taken to be in the programme from
-- the day it was added, not from the day this migration ran.
UPDATE "partnerships" SET "in_programme_from" = ("created_at" AT TIME ZONE 'UTC')::date;--> statement-breakpoint
ALTER TABLE "partnerships" ADD CONSTRAINT "partnerships_in_programme_check" CHECK ("partnerships"."in_programme_until" is null or "partnerships"."in_programme_until" >= "partnerships"."in_programme_from");