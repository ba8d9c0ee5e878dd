-- Matching's cheap pre-check (decision 0010): each claim's trigrams as sorted int4 hashes, intersected
-- with intarray's `&` (~1 µs) before pg_trgm's similarity() (~50 µs) decides. intarray also defines
-- `&&` for int4[]; the match queries write OPERATOR(pg_catalog.&&) so that the GIN index on bands
-- (default array_ops) still answers them.
CREATE EXTENSION IF NOT EXISTS intarray;

ALTER TABLE "Claim" ADD COLUMN "trgm" INTEGER[] DEFAULT ARRAY[]::INTEGER[];

-- Computed with the other suggestions when each document is next read (decision 0012; `npm start`
-- does all at once).
UPDATE "Claim" SET checkworthiness = NULL WHERE checkworthiness IS NOT NULL;
