-- The LSH keys are now 40 bands of 5 MinHash values (lib/domain/assist/minhash.ts, decision 0010);
-- keys of the old 32 bands of 4 never equal new ones. Mark every claim's suggestions as not computed:
-- they are computed again, keys included, when the document is next read (decision 0012). Detector
-- output is deterministic, so only the keys change; a reviewer's attribution is kept.
UPDATE "Claim" SET checkworthiness = NULL, bands = '{}' WHERE checkworthiness IS NOT NULL OR cardinality(bands) > 0;
