-- Reviewers' "wrong hint" answers: labels for the team's assistance models (docs/decisions/0019).
ALTER TYPE "ClaimEventKind" ADD VALUE 'HINT';
ALTER TABLE "Claim" ADD COLUMN "hintLabels" JSONB NOT NULL DEFAULT '{}';
