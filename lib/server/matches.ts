import "server-only";
import { Prisma } from "@prisma/client";
import { MATCH_THRESHOLD, trigramSimilarity } from "@/lib/domain/assist/minhash";
import { db } from "./db";
import { verdictInclude, type ClaimDto, type ReusedFrom, type VerdictDto } from "./dto";
import { appQuery } from "./pg-pool";
import { documentKey, latestJob } from "./jobs";
import { AppError, invalid, notFound } from "./errors";
import { assertOpen } from "./approval";
import { sourcesInput, writeVerdict } from "./claims";
import { blindDocumentIds } from "./second-review";
import type { Member } from "./session";

// Known claims (docs/decisions/0010): a match is a judged, open claim of the same team whose text
// has pg_trgm similarity ≥ MATCH_THRESHOLD with this one. The LSH band keys (`bands && …`, GIN
// indexes) find the candidates; similarity() decides. Matches are stored (ClaimMatch, decision 0027):
// the match-maintenance job (maintainMatches below) computes them after an import and whenever a
// claim becomes, stays or stops being a match; a read only joins the stored rows to the matched
// claim's live state and current verdict, so it never computes.

export type Match = {
  claimId: number;
  documentId: number;
  documentTitle: string;
  exact: string;
  similarity: number;
  status: ClaimDto["status"];
  verdict: VerdictDto;
};


const threshold = MATCH_THRESHOLD;
/**
 * similarity() ≥ threshold, but run only on candidates whose trigram hashes (Claim.trgm) give a Jaccard
 * index within 0.1 of it: the estimate costs ~1 µs (intarray's `&` over two sorted arrays), similarity()
 * ~50 µs, and most LSH candidates are unrelated sentences far below. CASE fixes the order (the planner
 * may reorder ANDed conditions). Claims stored before Claim.trgm existed (empty) go straight to similarity().
 */
const similarEnough = Prisma.sql`CASE
    WHEN cardinality(m.trgm) = 0 OR cardinality(a.trgm) = 0 THEN similarity(m.exact, a.exact) >= ${threshold}
    WHEN icount(m.trgm & a.trgm)::float8 / (cardinality(m.trgm) + cardinality(a.trgm) - icount(m.trgm & a.trgm)) < ${threshold - 0.1} THEN false
    ELSE similarity(m.exact, a.exact) >= ${threshold} END`;

/**
 * The stored matches of the claims `a` (`claimsWhere`, a condition on alias a with $1 the team and $2
 * the hidden documents), best `perClaim` ($3) each, matched claims still judged and open, each with its
 * current verdict as the API shows it (reviewer, sources ready-made in VerdictSources): one statement on
 * the app's pg pool, no Prisma (decision 0027: opening a document reads its matches, < 100 ms).
 */
const MATCHES_SQL = (claimsWhere: string) => `
    SELECT a.id AS "forId", m.*
    FROM "Claim" a
    CROSS JOIN LATERAL (
      SELECT m.id AS "claimId", m."documentId", d.title AS "documentTitle", m.exact, cm.similarity::float8 AS sim, m.status,
             json_build_object('id', v.id, 'label', v.label, 'rationale', v.rationale, 'reason', v.reason, 'version', v.version,
                               'reviewer', json_build_object('id', u.id, 'name', u.name), 'reusedFrom', v."reusedFrom",
                               'createdAt', to_char(v."createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                               'sources', COALESCE(vs.sources, '[]'::json)) AS verdict
      FROM "ClaimMatch" cm
      JOIN "Claim" m ON m.id = cm."matchedClaimId" AND m."teamId" = a."teamId"
      JOIN "Document" d ON d.id = m."documentId" AND d."teamId" = m."teamId"
      JOIN "Verdict" v ON v.id = m."currentVerdictId" AND v."teamId" = m."teamId"
      JOIN "User" u ON u.id = v."reviewerId"
      LEFT JOIN "VerdictSources" vs ON vs."verdictId" = v.id
      WHERE cm."claimId" = a.id AND m.status <> 'UNREVIEWED' AND m."dismissedAt" IS NULL
        AND m."documentId" <> ALL($2::int[])
      ORDER BY cm.similarity DESC, m."judgedAt" DESC, m.id DESC
      LIMIT $3::int
    ) m
    WHERE a."teamId" = $1::int AND a."documentId" <> ALL($2::int[]) AND ${claimsWhere}
    ORDER BY a.id, m.sim DESC`;
const CLAIM_MATCHES_SQL = MATCHES_SQL(`a.id = $4::int`);
const DOCUMENT_MATCHES_SQL = MATCHES_SQL(`a."documentId" = $4::int AND a."dismissedAt" IS NULL`);

type Row = Omit<Match, "similarity" | "verdict"> & { forId: number; sim: number; verdict: Omit<VerdictDto, "sources"> & { sources: (VerdictDto["sources"][number] & { position?: number })[] } };

function toMatch(r: Row): Match {
  const { sources, ...verdict } = r.verdict;
  return {
    claimId: r.claimId,
    documentId: r.documentId,
    documentTitle: r.documentTitle,
    exact: r.exact,
    similarity: Math.round(r.sim * 1000) / 1000,
    status: r.status,
    verdict: { ...verdict, sources: sources.map((s) => ({ url: s.url, title: s.title, publisher: s.publisher, quote: s.quote, accessedAt: s.accessedAt })) },
  };
}

/** Judged claims like one claim of the team, most similar first (stored rows: a read). */
export async function claimMatches(member: Member, claimId: number, limit = 5): Promise<Match[]> {
  // A blind second reviewer sees no matches on their document, and none of it anywhere (decision 0022).
  const hidden = await blindDocumentIds(member);
  const rows = await appQuery<Row>(CLAIM_MATCHES_SQL, [member.teamId, hidden, limit, claimId], "claimdesk-claim-matches");
  if (!rows.length) {
    const exists = await db.claim.findFirst({ where: { id: claimId, teamId: member.teamId }, select: { id: true } });
    if (!exists) throw notFound("The claim");
  }
  return rows.map(toMatch);
}

/** Whether a document's matches are still being worked out: its import job, and its claims waiting for the match job. */
export type MatchingState = { pending: boolean; claims: number; job: { id: string; state: string; error: string | null } | null };

/** For each open claim of a document, the judged claims like it (best `perClaim`), keyed by claim id. */
export async function documentMatches(member: Member, documentId: number, perClaim = 3): Promise<Record<number, Match[]>> {
  return (await documentMatchesWithState(member, documentId, perClaim)).matches;
}

/** documentMatches, with what is still being computed (GET /api/documents/:id/matches shows "matching…" from it). */
export async function documentMatchesWithState(member: Member, documentId: number, perClaim = 3): Promise<{ matches: Record<number, Match[]>; matching: MatchingState }> {
  const hidden = await blindDocumentIds(member);
  const [[doc], rows, matching] = await Promise.all([
    // dirty: the document's own claims waiting; judgedStale: a judged claim of the team waiting (its
    // reverse lookup may add a match to this document, e.g. a verdict recorded a moment ago elsewhere):
    // a probe of the partial index on the judged marks, however long the team's backlog.
    appQuery<{ dirty: number; judgedStale: boolean }>(
      `SELECT (SELECT count(DISTINCT d."claimId")::int FROM "Claim" a JOIN "ClaimMatchDirty" d ON d."claimId" = a.id
               WHERE a."documentId" = $1::int AND a."teamId" = $2::int) AS dirty,
              EXISTS (SELECT 1 FROM "ClaimMatchDirty" d WHERE d."teamId" = $2::int AND d.judged) AS "judgedStale"
       FROM "Document" WHERE id = $1::int AND "teamId" = $2::int`,
      [documentId, member.teamId],
      "claimdesk-document-dirty",
    ),
    hidden.includes(documentId) ? [] : appQuery<Row>(DOCUMENT_MATCHES_SQL, [member.teamId, hidden, perClaim, documentId], "claimdesk-document-matches"),
    latestJob("document-import", documentKey(documentId), member.teamId).catch(() => null),
  ]);
  if (!doc) throw notFound("The document");
  if (hidden.includes(documentId)) return { matches: {}, matching: { pending: false, claims: 0, job: null } };
  const out: Record<number, Match[]> = {};
  for (const r of rows) (out[r.forId] ??= []).push(toMatch(r));
  const waiting = matching !== null && ["created", "retry", "active"].includes(matching.state);
  return { matches: out, matching: { pending: doc.dirty > 0 || doc.judgedStale || waiting, claims: doc.dirty, job: matching } };
}

// —— Keeping the stored matches current (the match-maintenance job) ——

/** Matches kept per claim when its own are computed (reads show 3 per claim of a document, 5 for one claim). */
export const MATCHES_KEPT = 10;
/** Claims per transaction: ~8 ms each against 1 M claims (forward and reverse), so well under a second. */
const MAINTAIN_CHUNK = 50;
/**
 * Candidates scored per claim (similarity() on each), 5 times as many in the reverse lookup. Real text
 * gives a claim a handful of LSH candidates; thousands come only from near-identical sentences (a
 * template repeated), where any 200 are as alike as the best and scoring all of them made the job
 * quadratic in the team's size.
 */
const CANDIDATES_SCORED = 200;
/** How long one match job works before it queues the next and lets other teams' jobs run. */
const MATCH_JOB_BUDGET_MS = Number(process.env.MATCH_JOB_BUDGET_MS ?? 15_000);

/** Marks every open claim of a document with keys for matching (the import job, after the suggestions). */
export async function markDocumentForMatching(teamId: number, documentId: number): Promise<number> {
  return db.$executeRaw`
    INSERT INTO "ClaimMatchDirty" ("teamId", "claimId", judged)
    SELECT "teamId", id, status <> 'UNREVIEWED' FROM "Claim"
    WHERE "documentId" = ${documentId} AND "teamId" = ${teamId} AND "dismissedAt" IS NULL AND cardinality(bands) > 0
    ORDER BY start`;
}

/** A statement the server cancelled for running past its statement_timeout (SQLSTATE 57014), however wrapped. */
function ranOutOfTime(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: { cause?: unknown } } };
  if (e.code === "57014" || (typeof e.message === "string" && /statement timeout/i.test(e.message))) return true;
  return ranOutOfTime(e.cause, depth + 1) || ranOutOfTime(e.meta?.driverAdapterError?.cause, depth + 1);
}

/**
 * Works through the team's stale claims (ClaimMatchDirty), newest first, a chunk per transaction, until
 * none is left or `budgetMs` is spent (the job then queues the next, behind other teams' jobs). Newest
 * first: the verdict a reviewer just recorded is matched within a second or two, not behind the 10,000
 * marks of an import the team made a minute before (those drain after). For each claim X:
 * - its own matches are recomputed (deleted; its best MATCHES_KEPT computed again if X is open and has keys);
 * - where X is a match for others (the reverse lookup): rows pointing at X are deleted and, if X is
 *   judged and open, written again for every open claim like it whose list X gets into (fewer than
 *   MATCHES_KEPT better), then those lists are cut back to MATCHES_KEPT; a claim that lost X and did not
 *   get it back is marked stale itself (its list may have room for another).
 * Every statement runs under the app's statement timeout. A chunk that runs out of time (thousands of
 * near-identical sentences) is tried again in smaller chunks; a single claim that still does is left
 * without matches, logged, so the job always moves on. Rows are read FOR UPDATE SKIP LOCKED and deleted
 * by id: a change committed meanwhile adds a new row, done in the next chunk.
 */
export async function maintainMatches(teamId: number, budgetMs = MATCH_JOB_BUDGET_MS): Promise<{ claims: number; more: boolean; skipped: number[] }> {
  const deadline = Date.now() + budgetMs;
  let claims = await clearWithoutJudged(teamId);
  let size = MAINTAIN_CHUNK;
  const skipped: number[] = [];
  for (;;) {
    let done: number;
    try {
      done = await maintainChunk(teamId, size);
    } catch (error) {
      if (!ranOutOfTime(error)) throw error;
      if (size > 1) {
        size = Math.max(1, Math.floor(size / 5));
        continue;
      }
      const claimId = await skipNewestStale(teamId);
      if (claimId !== null) {
        skipped.push(claimId);
        console.error(`[jobs] the matches of claim ${claimId} (team ${teamId}) took longer than the statement timeout; left without matches`);
      }
      continue;
    }
    claims += done;
    if (!done) return { claims, more: false, skipped };
    if (Date.now() > deadline) return { claims, more: true, skipped };
  }
}

/**
 * A team without one judged open claim has no match to store: its stale marks (a big import's claims)
 * and any rows left are cleared at once, in one statement, so a verdict committed meanwhile is either
 * seen (nothing cleared) or not yet visible (its mark stays). Returns how many marks were cleared.
 */
async function clearWithoutJudged(teamId: number): Promise<number> {
  return db.$executeRaw`
    WITH nothing AS (
      SELECT NOT EXISTS (SELECT 1 FROM "Claim" WHERE "teamId" = ${teamId} AND status <> 'UNREVIEWED' AND "dismissedAt" IS NULL) AS yes
    ), gone AS (
      DELETE FROM "ClaimMatch" WHERE "teamId" = ${teamId} AND (SELECT yes FROM nothing)
    )
    DELETE FROM "ClaimMatchDirty" WHERE "teamId" = ${teamId} AND (SELECT yes FROM nothing)`;
}

/** Drops the newest stale claim's marks, the one a chunk takes first (its matches cannot be worked out in time). */
async function skipNewestStale(teamId: number): Promise<number | null> {
  const [row] = await db.$queryRaw<{ claimId: number }[]>`
    WITH newest AS (SELECT "claimId" FROM "ClaimMatchDirty" WHERE "teamId" = ${teamId} ORDER BY id DESC LIMIT 1)
    DELETE FROM "ClaimMatchDirty" d USING newest WHERE d."teamId" = ${teamId} AND d."claimId" = newest."claimId"
    RETURNING d."claimId"`;
  return row?.claimId ?? null;
}

/** One chunk of maintainMatches, in one transaction: how many claims it did (0: none left). */
function maintainChunk(teamId: number, size: number): Promise<number> {
  return db.$transaction(
    async (tx) => {
      const dirty = await tx.$queryRaw<{ id: bigint; claimId: number }[]>`
        SELECT id, "claimId" FROM "ClaimMatchDirty" WHERE "teamId" = ${teamId} ORDER BY id DESC LIMIT ${size * 2} FOR UPDATE SKIP LOCKED`;
      if (!dirty.length) return 0;
      const ids = [...new Set(dirty.map((d) => d.claimId))].slice(0, size);
      const rowIds = dirty.filter((d) => ids.includes(d.claimId)).map((d) => d.id);
      await tx.$executeRaw`DELETE FROM "ClaimMatch" WHERE "claimId" = ANY(${ids}::int[])`;
      const lost = await tx.$queryRaw<{ claimId: number; matchedClaimId: number }[]>`
        DELETE FROM "ClaimMatch" WHERE "matchedClaimId" = ANY(${ids}::int[]) RETURNING "claimId", "matchedClaimId"`;
      // Forward: X's own best matches among the team's judged open claims (the judged-claims index).
      await tx.$executeRaw`
        INSERT INTO "ClaimMatch" ("teamId", "claimId", "matchedClaimId", similarity, "computedAt")
        SELECT a."teamId", a.id, m.id, m.sim, now()
        FROM "Claim" a
        CROSS JOIN LATERAL (
          SELECT m.id, similarity(m.exact, a.exact) AS sim
          FROM (
            SELECT m.id, m.exact, m.trgm, m."judgedAt" FROM "Claim" m
            WHERE m."teamId" = a."teamId" AND m.bands OPERATOR(pg_catalog.&&) a.bands
              AND m.status <> 'UNREVIEWED' AND m."dismissedAt" IS NULL AND m.id <> a.id
            LIMIT ${CANDIDATES_SCORED}
          ) m
          WHERE ${similarEnough}
          ORDER BY sim DESC, m."judgedAt" DESC, m.id DESC
          LIMIT ${MATCHES_KEPT}
        ) m
        WHERE a.id = ANY(${ids}::int[]) AND a."teamId" = ${teamId} AND a."dismissedAt" IS NULL AND cardinality(a.bands) > 0
        ON CONFLICT DO NOTHING`;
      // Reverse: every open claim X is like and whose list X gets into, when X is a judged open claim
      // (the open-claims index); then those lists are cut back to their best MATCHES_KEPT.
      const grown = await tx.$queryRaw<{ claimId: number }[]>`
        INSERT INTO "ClaimMatch" ("teamId", "claimId", "matchedClaimId", similarity, "computedAt")
        SELECT c."teamId", c.aid, c.mid, c.sim, now()
        FROM (
          SELECT a."teamId", a.id AS aid, m.id AS mid, similarity(m.exact, a.exact) AS sim
          FROM "Claim" m
          CROSS JOIN LATERAL (
            SELECT a.id, a."teamId", a.exact, a.trgm FROM "Claim" a
            WHERE a."teamId" = m."teamId" AND a.bands OPERATOR(pg_catalog.&&) m.bands
              AND a."dismissedAt" IS NULL AND cardinality(a.bands) > 0 AND a.id <> m.id
            LIMIT ${CANDIDATES_SCORED * 5}
          ) a
          WHERE m.id = ANY(${ids}::int[]) AND m."teamId" = ${teamId} AND m.status <> 'UNREVIEWED' AND m."dismissedAt" IS NULL
            AND cardinality(m.bands) > 0 AND ${similarEnough}
        ) c
        WHERE (SELECT count(*) FROM "ClaimMatch" x WHERE x."claimId" = c.aid AND x."matchedClaimId" <> c.mid AND x.similarity > c.sim::real) < ${MATCHES_KEPT}
        ON CONFLICT ("claimId", "matchedClaimId") DO UPDATE SET similarity = EXCLUDED.similarity, "computedAt" = EXCLUDED."computedAt"
        RETURNING "claimId"`;
      if (grown.length)
        await tx.$executeRaw`
          DELETE FROM "ClaimMatch" cm USING (
            SELECT "claimId", "matchedClaimId", row_number() OVER (PARTITION BY "claimId" ORDER BY similarity DESC, "matchedClaimId" DESC) AS rank
            FROM "ClaimMatch" WHERE "claimId" = ANY(${[...new Set(grown.map((g) => g.claimId))]}::int[])
          ) r
          WHERE cm."claimId" = r."claimId" AND cm."matchedClaimId" = r."matchedClaimId" AND r.rank > ${MATCHES_KEPT}`;
      if (lost.length)
        await tx.$executeRaw`
          INSERT INTO "ClaimMatchDirty" ("teamId", "claimId")
          SELECT DISTINCT ${teamId}::int, l.c FROM unnest(${lost.map((l) => l.claimId)}::int[], ${lost.map((l) => l.matchedClaimId)}::int[]) AS l(c, m)
          WHERE NOT (l.c = ANY(${ids}::int[]))
            AND NOT EXISTS (SELECT 1 FROM "ClaimMatch" x WHERE x."claimId" = l.c AND x."matchedClaimId" = l.m)`;
      await tx.$executeRaw`DELETE FROM "ClaimMatchDirty" WHERE id = ANY(${rowIds}::bigint[])`;
      return ids.length;
    },
    { timeout: 300_000, maxWait: 10_000 },
  );
}

/**
 * Reuses an earlier verdict of the team on this claim: a new verdict with the same label,
 * rationale and sources that cites the earlier one (verdict.reusedFrom), through the same checks
 * as a typed verdict (version, dismissal, a reason when it replaces a verdict).
 */
export async function reuseVerdict(member: Member, claimId: number, input: { verdictId: number; expectedVersion: number; reason?: string }) {
  return db.$transaction(async (tx) => {
    const target = await tx.claim.findFirst({ where: { id: claimId, teamId: member.teamId }, select: { exact: true, documentId: true } });
    if (!target) throw notFound("The claim");
    await assertOpen(tx, member, target.documentId); // locked or blind: said before anything about the verdict
    const earlier = await tx.verdict.findFirst({
      where: { id: input.verdictId, teamId: member.teamId },
      include: { ...verdictInclude, claim: { select: { id: true, exact: true, documentId: true, document: { select: { title: true } } } } },
    });
    if (!earlier || (await blindDocumentIds(member, tx)).includes(earlier.claim.documentId)) throw notFound("The verdict to reuse");
    if (earlier.claimId === claimId) throw invalid({ verdictId: "This is the claim's own verdict: pick a verdict of another claim to reuse." });
    const newest = await tx.verdict.findFirst({ where: { claimId: earlier.claimId, teamId: member.teamId }, orderBy: { version: "desc" }, select: { id: true } });
    if (newest?.id !== earlier.id)
      throw new AppError("CONFLICT", `Verdict #${earlier.id} was replaced by a newer verdict on claim #${earlier.claimId}; reload the matches and reuse the current one.`);
    const reusedFrom: ReusedFrom = {
      verdictId: earlier.id,
      claimId: earlier.claimId,
      documentId: earlier.claim.documentId,
      documentTitle: earlier.claim.document.title,
      exact: earlier.claim.exact,
      similarity: Math.round(trigramSimilarity(earlier.claim.exact, target.exact) * 1000) / 1000,
    };
    const sources = sourcesInput(earlier.sources);
    return writeVerdict(
      tx,
      member,
      claimId,
      { label: earlier.label, rationale: earlier.rationale ?? undefined, reason: input.reason, sources, expectedVersion: input.expectedVersion },
      reusedFrom,
    );
  });
}
