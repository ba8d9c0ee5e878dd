-- The claim's current verdict, denormalised (issue 13): exports and search join it by primary key.
ALTER TABLE "Claim" ADD COLUMN "currentVerdictId" INTEGER;

-- Kept in the transaction that inserts the verdict, whoever inserts it (the app, a restore, a
-- benchmark's bulk load). A verdict becomes current unless the claim already has one of a higher
-- version (verdict versions only grow; the guard keeps out-of-order bulk loads right).
CREATE FUNCTION claim_current_verdict() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Claim" c SET "currentVerdictId" = NEW.id
  WHERE c.id = NEW."claimId"
    AND (c."currentVerdictId" IS NULL
         OR NOT EXISTS (SELECT 1 FROM "Verdict" v WHERE v.id = c."currentVerdictId" AND v.version > NEW.version));
  RETURN NULL;
END $$;

CREATE TRIGGER claim_current_verdict AFTER INSERT ON "Verdict"
  FOR EACH ROW EXECUTE FUNCTION claim_current_verdict();

UPDATE "Claim" c SET "currentVerdictId" = v.id
FROM (SELECT DISTINCT ON ("claimId") "claimId", id FROM "Verdict" ORDER BY "claimId", version DESC) v
WHERE v."claimId" = c.id;
