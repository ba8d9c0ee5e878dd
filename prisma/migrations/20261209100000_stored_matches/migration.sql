-- Stored known-claim matches and the claims whose matches must be recomputed (issue 13,
-- docs/decisions/0027-stored-matches.md). Written by the match-maintenance job (lib/server/matches.ts).

-- CreateTable
CREATE TABLE "ClaimMatch" (
    "teamId" INTEGER NOT NULL,
    "claimId" INTEGER NOT NULL,
    "matchedClaimId" INTEGER NOT NULL,
    "similarity" REAL NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ClaimMatch_pkey" PRIMARY KEY ("claimId","matchedClaimId")
);

-- CreateTable
CREATE TABLE "ClaimMatchDirty" (
    "id" BIGSERIAL NOT NULL,
    "teamId" INTEGER NOT NULL,
    "claimId" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ClaimMatchDirty_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ClaimMatch_matchedClaimId_idx" ON "ClaimMatch"("matchedClaimId");

-- CreateIndex
CREATE INDEX "ClaimMatchDirty_teamId_id_idx" ON "ClaimMatchDirty"("teamId", "id");

-- CreateIndex
CREATE INDEX "ClaimMatchDirty_claimId_idx" ON "ClaimMatchDirty"("claimId");

-- AddForeignKey
ALTER TABLE "ClaimMatch" ADD CONSTRAINT "ClaimMatch_claimId_fkey" FOREIGN KEY ("claimId") REFERENCES "Claim"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClaimMatch" ADD CONSTRAINT "ClaimMatch_matchedClaimId_fkey" FOREIGN KEY ("matchedClaimId") REFERENCES "Claim"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The reverse lookup: when a claim becomes judged, which open claims of the team is it like? The
-- existing "Claim_bands_judged_idx" covers judged claims only (the targets); this one covers every
-- open claim with keys (the claims that get matches). A big import's claims enter it when the
-- suggestions job writes their keys, not in the import itself.
CREATE INDEX "Claim_bands_open_idx" ON "Claim" USING gin ("teamId", "bands")
  WHERE "dismissedAt" IS NULL AND cardinality("bands") > 0;

-- What makes a claim's stored matches stale, in the transaction that changes it, whoever changes it
-- (a verdict, a returned verdict, a dismissal or restore, a split or merge, a text-key change): a
-- row in ClaimMatchDirty, which the job drains. A plain INSERT, never a conflict: the write path
-- never waits on the job. Re-judging a judged claim changes nothing here (a read joins the current
-- verdict). Claims of an import (origin SEGMENTER) are marked by the import's job instead, and a big
-- import's first keys (cardinality(OLD.bands) = 0) the same way.
CREATE FUNCTION claim_match_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "ClaimMatchDirty" ("teamId", "claimId") VALUES (NEW."teamId", NEW.id);
  RETURN NULL;
END $$;

CREATE TRIGGER claim_match_dirty_update AFTER UPDATE ON "Claim" FOR EACH ROW
  WHEN ((OLD.status = 'UNREVIEWED') IS DISTINCT FROM (NEW.status = 'UNREVIEWED')
        OR (OLD."dismissedAt" IS NULL) IS DISTINCT FROM (NEW."dismissedAt" IS NULL)
        OR (OLD.bands IS DISTINCT FROM NEW.bands
            AND (cardinality(OLD.bands) > 0 OR NEW.status <> 'UNREVIEWED' OR NEW.origin <> 'SEGMENTER')))
  EXECUTE FUNCTION claim_match_dirty();

CREATE TRIGGER claim_match_dirty_insert AFTER INSERT ON "Claim" FOR EACH ROW
  WHEN (NEW.origin <> 'SEGMENTER' OR NEW.status <> 'UNREVIEWED')
  EXECUTE FUNCTION claim_match_dirty();

-- Existing data: every match has a judged target, so a reverse lookup from each judged open claim
-- finds every row (the job works through them after deploy; ~8 ms a claim at 1 M claims).
INSERT INTO "ClaimMatchDirty" ("teamId", "claimId")
SELECT "teamId", id FROM "Claim"
WHERE status <> 'UNREVIEWED' AND "dismissedAt" IS NULL AND cardinality(bands) > 0
ORDER BY id;
