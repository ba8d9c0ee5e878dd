import "server-only";
import { Prisma } from "@prisma/client";
import { MATCH_THRESHOLD, trigramSimilarity } from "@/lib/domain/assist/minhash";
import { db } from "./db";
import { verdictDto, verdictInclude, type ClaimDto, type ReusedFrom, type VerdictDto } from "./dto";
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

type Row = { forId: number; id: number; documentId: number; title: string; exact: string; sim: number; status: ClaimDto["status"]; verdictId: number };

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

/** The stored matches of the claims `a` (a condition on alias a), best `perClaim` each, matched claims still judged and open. */
const storedMatches = (member: Member, hidden: number[], where: Prisma.Sql, perClaim: number) => db.$queryRaw<Row[]>`
    SELECT a.id AS "forId", m.*
    FROM "Claim" a
    CROSS JOIN LATERAL (
      SELECT m.id, m."documentId", d.title, m.exact, cm.similarity::float8 AS sim, m.status, m."currentVerdictId" AS "verdictId"
      FROM "ClaimMatch" cm
      JOIN "Claim" m ON m.id = cm."matchedClaimId" AND m."teamId" = a."teamId"
      JOIN "Document" d ON d.id = m."documentId" AND d."teamId" = m."teamId"
      WHERE cm."claimId" = a.id AND m.status <> 'UNREVIEWED' AND m."dismissedAt" IS NULL AND m."currentVerdictId" IS NOT NULL
        AND m."documentId" <> ALL(${hidden}::int[])
      ORDER BY cm.similarity DESC, m."judgedAt" DESC, m.id DESC
      LIMIT ${perClaim}
    ) m
    WHERE a."teamId" = ${member.teamId} AND a."documentId" <> ALL(${hidden}::int[]) AND ${where}
    ORDER BY a.id, m.sim DESC`;

/** Judged claims like one claim of the team, most similar first (stored rows: a read). */
export async function claimMatches(member: Member, claimId: number, limit = 5): Promise<Match[]> {
  // A blind second reviewer sees no matches on their document, and none of it anywhere (decision 0022).
  const hidden = await blindDocumentIds(member);
  const rows = await storedMatches(member, hidden, Prisma.sql`a.id = ${claimId}`, limit);
  if (!rows.length) {
    const exists = await db.claim.findFirst({ where: { id: claimId, teamId: member.teamId }, select: { id: true } });
    if (!exists) throw notFound("The claim");
  }
  return (await withVerdicts(member, rows)).filter((m): m is Match => m !== undefined);
}

/** Whether a document's matches are still being worked out: its import job, and its claims waiting for the match job. */
export type MatchingState = { pending: boolean; claims: number; job: { id: string; state: string; error: string | null } | null };

/** For each open claim of a document, the judged claims like it (best `perClaim`), keyed by claim id. */
export async function documentMatches(member: Member, documentId: number, perClaim = 3): Promise<Record<number, Match[]>> {
  return (await documentMatchesWithState(member, documentId, perClaim)).matches;
}

/** documentMatches, with what is still being computed (GET /api/documents/:id/matches shows "matching…" from it). */
export async function documentMatchesWithState(member: Member, documentId: number, perClaim = 3): Promise<{ matches: Record<number, Match[]>; matching: MatchingState }> {
  const doc = await db.document.findFirst({ where: { id: documentId, teamId: member.teamId }, select: { id: true } });
  if (!doc) throw notFound("The document");
  const hidden = await blindDocumentIds(member);
  if (hidden.includes(documentId)) return { matches: {}, matching: { pending: false, claims: 0, job: null } };
  const [rows, matching] = await Promise.all([
    storedMatches(member, hidden, Prisma.sql`a."documentId" = ${documentId} AND a."dismissedAt" IS NULL`, perClaim),
    matchingState(member.teamId, documentId),
  ]);
  const matches = await withVerdicts(member, rows);
  const out: Record<number, Match[]> = {};
  rows.forEach((r, i) => {
    const m = matches[i];
    if (m) (out[r.forId] ??= []).push(m);
  });
  return { matches: out, matching };
}

async function matchingState(teamId: number, documentId: number): Promise<MatchingState> {
  const [[dirty], job] = await Promise.all([
    db.$queryRaw<{ n: number }[]>`
      SELECT count(DISTINCT d."claimId")::int AS n FROM "Claim" a JOIN "ClaimMatchDirty" d ON d."claimId" = a.id
      WHERE a."documentId" = ${documentId} AND a."teamId" = ${teamId}`,
    latestJob("document-import", documentKey(documentId), teamId).catch(() => null),
  ]);
  const claims = dirty?.n ?? 0;
  const waiting = job !== null && ["created", "retry", "active"].includes(job.state);
  return { pending: claims > 0 || waiting, claims, job };
}

/** The current verdict of every matched claim (Claim.currentVerdictId), read in one query. */
async function withVerdicts(member: Member, rows: Row[]): Promise<(Match | undefined)[]> {
  const ids = [...new Set(rows.map((r) => r.verdictId))];
  const verdicts = ids.length ? await db.verdict.findMany({ where: { id: { in: ids }, teamId: member.teamId }, include: verdictInclude }) : [];
  const byId = new Map(verdicts.map((v) => [v.id, verdictDto(v)]));
  return rows.map((r) => {
    const verdict = byId.get(r.verdictId);
    if (!verdict) return undefined;
    return { claimId: r.id, documentId: r.documentId, documentTitle: r.title, exact: r.exact, similarity: Math.round(r.sim * 1000) / 1000, status: r.status, verdict };
  });
}

// —— Keeping the stored matches current (the match-maintenance job) ——

/** Matches kept per claim when its own are computed (reads show 3 per claim of a document, 5 for one claim). */
export const MATCHES_KEPT = 10;
/** Claims per transaction: ~8 ms each against 1 M claims (forward and reverse), so well under a second or two. */
const MAINTAIN_CHUNK = 100;

/** Marks every open claim of a document with keys for matching (the import job, after the suggestions). */
export async function markDocumentForMatching(teamId: number, documentId: number): Promise<number> {
  return db.$executeRaw`
    INSERT INTO "ClaimMatchDirty" ("teamId", "claimId")
    SELECT "teamId", id FROM "Claim"
    WHERE "documentId" = ${documentId} AND "teamId" = ${teamId} AND "dismissedAt" IS NULL AND cardinality(bands) > 0
    ORDER BY start`;
}

/**
 * Works through the team's stale claims (ClaimMatchDirty), MAINTAIN_CHUNK per transaction, until none
 * is left or `budgetMs` is spent. For each claim X of a chunk:
 * - its own matches are recomputed (deleted; computed again if X is open and has keys);
 * - where X is a match for others (the reverse lookup): rows pointing at X are deleted and, if X is
 *   judged and open, written again for every open claim like it; a claim that lost X and did not get
 *   it back is marked stale itself (its list was cut at MATCHES_KEPT and may have room for another).
 * Returns how many claims were done and whether any are left. Rows are read FOR UPDATE SKIP LOCKED and
 * deleted by id: a change committed meanwhile adds a new row, done in the next chunk.
 */
export async function maintainMatches(teamId: number, budgetMs = 60_000): Promise<{ claims: number; more: boolean }> {
  const deadline = Date.now() + budgetMs;
  let claims = 0;
  for (;;) {
    const done = await db.$transaction(
      async (tx) => {
        await tx.$executeRaw`SET LOCAL statement_timeout = '120s'`;
        const dirty = await tx.$queryRaw<{ id: bigint; claimId: number }[]>`
          SELECT id, "claimId" FROM "ClaimMatchDirty" WHERE "teamId" = ${teamId} ORDER BY id LIMIT ${MAINTAIN_CHUNK * 2} FOR UPDATE SKIP LOCKED`;
        if (!dirty.length) return 0;
        const ids = [...new Set(dirty.map((d) => d.claimId))].slice(0, MAINTAIN_CHUNK);
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
            FROM "Claim" m
            WHERE m."teamId" = a."teamId" AND m.bands OPERATOR(pg_catalog.&&) a.bands
              AND m.status <> 'UNREVIEWED' AND m."dismissedAt" IS NULL AND m.id <> a.id
              AND ${similarEnough}
            ORDER BY sim DESC, m."judgedAt" DESC, m.id DESC
            LIMIT ${MATCHES_KEPT}
          ) m
          WHERE a.id = ANY(${ids}::int[]) AND a."teamId" = ${teamId} AND a."dismissedAt" IS NULL AND cardinality(a.bands) > 0
          ON CONFLICT DO NOTHING`;
        // Reverse: every open claim X is like, when X is a judged open claim (the open-claims index).
        await tx.$executeRaw`
          INSERT INTO "ClaimMatch" ("teamId", "claimId", "matchedClaimId", similarity, "computedAt")
          SELECT a."teamId", a.id, m.id, similarity(m.exact, a.exact), now()
          FROM "Claim" m
          JOIN "Claim" a ON a."teamId" = m."teamId" AND a.bands OPERATOR(pg_catalog.&&) m.bands
                         AND a."dismissedAt" IS NULL AND cardinality(a.bands) > 0 AND a.id <> m.id
          WHERE m.id = ANY(${ids}::int[]) AND m."teamId" = ${teamId} AND m.status <> 'UNREVIEWED' AND m."dismissedAt" IS NULL
            AND cardinality(m.bands) > 0 AND ${similarEnough}
          ON CONFLICT ("claimId", "matchedClaimId") DO UPDATE SET similarity = EXCLUDED.similarity, "computedAt" = EXCLUDED."computedAt"`;
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
    claims += done;
    if (!done) return { claims, more: false };
    if (Date.now() > deadline) return { claims, more: true };
  }
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
