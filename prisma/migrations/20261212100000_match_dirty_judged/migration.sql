-- A stale-match mark says whether its claim was judged when marked (before or after the change):
-- only such a claim's reverse lookup can change other documents' matches, so a document's read
-- ("are matches still being worked out?") asks the partial index below instead of joining the
-- team's whole backlog to Claim (an import's 10,000 unjudged marks, for a minute or two).
ALTER TABLE "ClaimMatchDirty" ADD COLUMN "judged" BOOLEAN NOT NULL DEFAULT false;

UPDATE "ClaimMatchDirty" d SET judged = true
FROM "Claim" c WHERE c.id = d."claimId" AND c.status <> 'UNREVIEWED';

CREATE INDEX "ClaimMatchDirty_judged_idx" ON "ClaimMatchDirty" ("teamId") WHERE judged;

CREATE OR REPLACE FUNCTION claim_match_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "ClaimMatchDirty" ("teamId", "claimId", judged)
  VALUES (NEW."teamId", NEW.id, NEW.status <> 'UNREVIEWED' OR (TG_OP = 'UPDATE' AND OLD.status <> 'UNREVIEWED'));
  RETURN NULL;
END $$;
