-- Search's fragment fallback (a word inside other words, decision 0011) moves its trigram index off
-- Claim (issue 13, docs/decisions/0030): that index was ~1.1 s of the 1.7 s INSERT of a 1 MB
-- article's 10,000 claims (878,000 trigram entries). Claims are copied into ClaimFragments by a
-- trigger, in the statement that inserts them, except inside an import, which marks its document
-- pending instead and copies them right after its response. Search reads the claims of pending
-- documents straight from Claim, so a new document is found by fragment at once either way.
CREATE TABLE "ClaimFragments" (
    "claimId" INTEGER NOT NULL,
    "teamId" INTEGER NOT NULL,
    "exact" TEXT NOT NULL,
    CONSTRAINT "ClaimFragments_pkey" PRIMARY KEY ("claimId")
);

CREATE TABLE "ClaimFragmentsPending" (
    "documentId" INTEGER NOT NULL,
    "teamId" INTEGER NOT NULL,
    "since" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ClaimFragmentsPending_pkey" PRIMARY KEY ("documentId")
);

CREATE INDEX "ClaimFragmentsPending_teamId_idx" ON "ClaimFragmentsPending"("teamId");

ALTER TABLE "ClaimFragments" ADD CONSTRAINT "ClaimFragments_claimId_fkey" FOREIGN KEY ("claimId") REFERENCES "Claim"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ClaimFragmentsPending" ADD CONSTRAINT "ClaimFragmentsPending_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

INSERT INTO "ClaimFragments" ("claimId", "teamId", exact) SELECT id, "teamId", exact FROM "Claim";

-- The same index and pending list as Claim's had (migrations 20261204120000, 20261204170000).
CREATE INDEX "ClaimFragments_exact_trgm_idx" ON "ClaimFragments" USING gin (exact gin_trgm_ops) WITH (gin_pending_list_limit = 16384);
DROP INDEX "Claim_exact_trgm_idx";

-- Every statement that inserts claims copies them, unless its transaction set
-- claimdesk.defer_fragments (importDocument does, with its document in ClaimFragmentsPending).
CREATE FUNCTION claim_fragments_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('claimdesk.defer_fragments', true) = 'on' THEN
    RETURN NULL;
  END IF;
  INSERT INTO "ClaimFragments" ("claimId", "teamId", exact) SELECT id, "teamId", exact FROM new_claims;
  RETURN NULL;
END $$;

CREATE TRIGGER claim_fragments_insert AFTER INSERT ON "Claim"
  REFERENCING NEW TABLE AS new_claims
  FOR EACH STATEMENT EXECUTE FUNCTION claim_fragments_insert();

-- A claim's text does not change today (splits and merges make new claims); should it ever, the copy follows.
CREATE FUNCTION claim_fragments_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "ClaimFragments" SET exact = NEW.exact, "teamId" = NEW."teamId" WHERE "claimId" = NEW.id;
  RETURN NULL;
END $$;

CREATE TRIGGER claim_fragments_update AFTER UPDATE OF exact, "teamId" ON "Claim"
  FOR EACH ROW WHEN (OLD.exact IS DISTINCT FROM NEW.exact OR OLD."teamId" IS DISTINCT FROM NEW."teamId")
  EXECUTE FUNCTION claim_fragments_update();
