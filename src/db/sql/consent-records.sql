-- Consent records
-- ===============
--
-- A respondent's consent history (consent_records). What its foreign key to respondents did, once per
-- statement (decision 011; migration 0011): an evidence import writes a million consent records.
--
-- - Writing consent records: each must name an existing respondent (SQLSTATE 23503, constraint
--   `consent_records_respondent`); the respondents named are locked as a key would lock them.
--   The evidence import writes the consent records of the respondents it has just made, in the same
--   transaction (nobody else can see them, let alone delete them), and says so for that one COPY
--   (`cairn.codings_counted` = 'by-import', as decision 009 has it for counting): locking a million
--   new rows would cost more than writing them. With that setting the check steps aside.
-- - Deleting a respondent deletes their consent records (ON DELETE CASCADE).
--
-- (The consent itself, respondents.consent, decides who is counted: crosstab-counts.sql.)

CREATE OR REPLACE FUNCTION "consent_records_check_respondents"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('cairn.codings_counted', true) = 'by-import' THEN RETURN NULL; END IF;
  PERFORM 1 FROM "respondents" x WHERE x."id" IN (SELECT DISTINCT "respondent_id" FROM "new_records") FOR KEY SHARE OF x;
  IF EXISTS (
    SELECT 1 FROM (SELECT DISTINCT "respondent_id" FROM "new_records") c
      LEFT JOIN "respondents" x ON x."id" = c."respondent_id" WHERE x."id" IS NULL
  ) THEN
    RAISE EXCEPTION 'A consent record names a respondent who does not exist'
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'consent_records_respondent';
  END IF;
  RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS "consent_records_check_inserted" ON "consent_records";
CREATE TRIGGER "consent_records_check_inserted" AFTER INSERT ON "consent_records"
  REFERENCING NEW TABLE AS "new_records" FOR EACH STATEMENT EXECUTE FUNCTION "consent_records_check_respondents"();

DROP TRIGGER IF EXISTS "consent_records_check_updated" ON "consent_records";
CREATE TRIGGER "consent_records_check_updated" AFTER UPDATE ON "consent_records"
  REFERENCING NEW TABLE AS "new_records" FOR EACH STATEMENT EXECUTE FUNCTION "consent_records_check_respondents"();

CREATE OR REPLACE FUNCTION "consent_records_follow_deleted_respondents"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "consent_records" c USING "gone" g WHERE c."respondent_id" = g."id";
  RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS "respondents_delete_consent_records" ON "respondents";
CREATE TRIGGER "respondents_delete_consent_records" AFTER DELETE ON "respondents"
  REFERENCING OLD TABLE AS "gone" FOR EACH STATEMENT EXECUTE FUNCTION "consent_records_follow_deleted_respondents"();
