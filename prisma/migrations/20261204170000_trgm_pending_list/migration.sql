-- The trigram index on Claim.exact (search's fragment-inside-a-word fallback) was 1.07 s of the 1.79 s
-- INSERT of a 1 MB article's 10,000 claims: 878,000 trigram entries, and GIN's 4 MB pending list
-- overflowed mid-insert, merging into the tree inside the import. A 16 MB pending list takes a whole
-- 1 MB import (INSERT 1.79 → 1.14 s, bench/RESULTS.md); autovacuum merges it later. Searches through
-- this index also read the pending list until then (a few ms at most; only the fragment fallback uses it).
ALTER INDEX "Claim_exact_trgm_idx" SET (gin_pending_list_limit = 16384);
