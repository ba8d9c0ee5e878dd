-- Search (issue 6, docs/decisions/0011-search.md), from measurements on 1,000,000 claims (bench/search.mjs).

-- The newest claims of a team first: search walks them when a word is common (stopping at the
-- 1,001st match) and samples the 2,000 newest to decide. The primary key alone walked other teams' rows too.
CREATE INDEX "Claim_teamId_id_idx" ON "Claim" ("teamId", id);

-- Whole words and the filters in one GIN scan (btree_gin): "peace" by one reviewer went from 290 ms
-- (every claim with "peace" fetched, then filtered) to 36 ms; a common word in a 3-month range of
-- verdict days from 550 to 90 ms. The day (UTC, as the filter counts) rather than the time: a range
-- of days is a few GIN keys, a range of times one key per claim. Search leaves dismissed claims out by default.
CREATE INDEX "Claim_search_idx" ON "Claim" USING gin ("teamId", tsv, status, "reviewerId", "documentId", ("judgedAt"::date))
  WHERE "dismissedAt" IS NULL;
