-- Claim assistance (issue 6): attribution spans, detector scores, known-claim matching, search.
-- Decisions: docs/decisions/0009 (detectors) and 0010 (matching and search).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gin;

-- CreateEnum
CREATE TYPE "AttributionBy" AS ENUM ('DETECTOR', 'REVIEWER');

-- AlterTable
ALTER TABLE "Claim" ADD COLUMN     "attributionBy" "AttributionBy" NOT NULL DEFAULT 'DETECTOR',
ADD COLUMN     "bands" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN     "checkworthiness" REAL,
ADD COLUMN     "cueEnd" INTEGER,
ADD COLUMN     "cueStart" INTEGER,
ADD COLUMN     "hints" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "judgedAt" TIMESTAMP(3),
ADD COLUMN     "quoted" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "reviewerId" INTEGER,
ADD COLUMN     "speakerEnd" INTEGER,
ADD COLUMN     "speakerStart" INTEGER,
ADD COLUMN     "subjectivity" REAL;

-- Full-text vector, kept by Postgres itself. left() keeps a huge manual span under tsvector's 1 MB limit.
ALTER TABLE "Claim" ADD COLUMN "tsv" tsvector
  GENERATED ALWAYS AS (to_tsvector('english'::regconfig, left("exact", 100000))) STORED;

-- AlterTable
ALTER TABLE "Verdict" ADD COLUMN     "reusedFrom" JSONB;

-- Backfill: the newest verdict's reviewer and time; reviewer-set attributions.
UPDATE "Claim" c SET "reviewerId" = v."reviewerId", "judgedAt" = v."createdAt"
FROM (SELECT DISTINCT ON ("claimId") "claimId", "reviewerId", "createdAt" FROM "Verdict" ORDER BY "claimId", version DESC) v
WHERE v."claimId" = c.id;
UPDATE "Claim" c SET "attributionBy" = 'REVIEWER'
WHERE EXISTS (SELECT 1 FROM "ClaimEvent" e WHERE e."claimId" = c.id AND e.kind = 'ATTRIBUTION');

-- Known-claim matching: LSH band keys of judged, open claims (the only match targets).
CREATE INDEX "Claim_bands_judged_idx" ON "Claim" USING gin ("teamId", "bands")
  WHERE status <> 'UNREVIEWED' AND "dismissedAt" IS NULL;
-- Search: full text, and trigrams for partial words (ILIKE).
CREATE INDEX "Claim_tsv_idx" ON "Claim" USING gin ("teamId", "tsv");
CREATE INDEX "Claim_exact_trgm_idx" ON "Claim" USING gin ("exact" gin_trgm_ops);
CREATE INDEX "Claim_teamId_judgedAt_idx" ON "Claim" ("teamId", "judgedAt");
