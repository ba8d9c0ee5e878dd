-- The verdict statement (lib/server/claims.ts WRITE_VERDICT_SQL) now sets Claim.currentVerdictId in
-- the same row write as the claim's status, with the verdict's id drawn first: the trigger finds it
-- set and writes nothing, instead of a second version of the claim row within the statement. For
-- every other writer (a restore, a bulk load, a plain INSERT) it keeps the column as before.
CREATE OR REPLACE FUNCTION claim_current_verdict() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Claim" c SET "currentVerdictId" = NEW.id
  WHERE c.id = NEW."claimId"
    AND c."currentVerdictId" IS DISTINCT FROM NEW.id
    AND (c."currentVerdictId" IS NULL
         OR NOT EXISTS (SELECT 1 FROM "Verdict" v WHERE v.id = c."currentVerdictId" AND v.version > NEW.version));
  RETURN NULL;
END $$;
