-- The document-work sweep (lib/server/jobs-handlers.ts sweepDocumentWork, decision 0026) looks for
-- claims still without suggestions every 30 s: a partial index holds only those (none, most of the
-- time), so the sweep is a probe instead of a scan of every claim.
CREATE INDEX "Claim_assist_missing_idx" ON "Claim" ("teamId", "documentId") WHERE checkworthiness IS NULL;
