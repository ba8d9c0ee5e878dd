-- Each verdict's sources as the exports write them (issue 13, docs/decisions/0029): the export
-- joins this by primary key instead of aggregating the sources of each of a million verdicts (a
-- probe and an aggregate per claim, ~5 s of Postgres CPU per million claims).
CREATE TABLE "VerdictSources" (
    "verdictId" INTEGER NOT NULL,
    "sourcesText" TEXT NOT NULL,
    "sourceUrls" TEXT NOT NULL,
    "sources" JSON NOT NULL,
    CONSTRAINT "VerdictSources_pkey" PRIMARY KEY ("verdictId")
);

ALTER TABLE "VerdictSources" ADD CONSTRAINT "VerdictSources_verdictId_fkey" FOREIGN KEY ("verdictId") REFERENCES "Verdict"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Kept in the statement that inserts sources, whoever inserts them (the app, a restore, a bulk
-- load): one statement-level trigger, the verdicts touched recomputed from all their sources.
-- Sources are append-only (first migration), so nothing else can make a row stale; a purge deletes
-- the verdict, and this row with it.
CREATE FUNCTION verdict_sources_summary() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "VerdictSources" ("verdictId", "sourcesText", "sourceUrls", sources)
  SELECT s."verdictId",
         string_agg(concat_ws(' ', NULLIF(s.title, ''), '<' || s.url || '>', '“' || NULLIF(s.quote, '') || '”'), ' | ' ORDER BY s.position),
         string_agg(s.url, ' ' ORDER BY s.position),
         json_agg(json_build_object('position', s.position, 'url', s.url, 'title', s.title, 'publisher', s.publisher,
                                    'quote', s.quote, 'accessedAt', s."accessedAt") ORDER BY s.position)
  FROM "Source" s
  WHERE s."verdictId" IN (SELECT DISTINCT "verdictId" FROM new_sources)
  GROUP BY s."verdictId"
  ON CONFLICT ("verdictId") DO UPDATE
    SET "sourcesText" = EXCLUDED."sourcesText", "sourceUrls" = EXCLUDED."sourceUrls", sources = EXCLUDED.sources;
  RETURN NULL;
END $$;

CREATE TRIGGER verdict_sources_summary AFTER INSERT ON "Source"
  REFERENCING NEW TABLE AS new_sources
  FOR EACH STATEMENT EXECUTE FUNCTION verdict_sources_summary();

INSERT INTO "VerdictSources" ("verdictId", "sourcesText", "sourceUrls", sources)
SELECT s."verdictId",
       string_agg(concat_ws(' ', NULLIF(s.title, ''), '<' || s.url || '>', '“' || NULLIF(s.quote, '') || '”'), ' | ' ORDER BY s.position),
       string_agg(s.url, ' ' ORDER BY s.position),
       json_agg(json_build_object('position', s.position, 'url', s.url, 'title', s.title, 'publisher', s.publisher,
                                  'quote', s.quote, 'accessedAt', s."accessedAt") ORDER BY s.position)
FROM "Source" s
GROUP BY s."verdictId";
