import "server-only";
import { Prisma } from "@prisma/client";
import { MATCH_THRESHOLD, trigramSimilarity } from "@/lib/domain/assist/minhash";
import { db } from "./db";
import { claimInclude, verdictDto, verdictInclude, type ClaimDto, type ReusedFrom, type VerdictDto } from "./dto";
import { AppError, invalid, notFound } from "./errors";
import { assertOpen } from "./approval";
import { sourcesInput, writeVerdict } from "./claims";
import { blindDocumentIds } from "./second-review";
import type { Member } from "./session";

// Known claims (docs/decisions/0010): a match is a judged, open claim of the same team whose text
// has pg_trgm similarity ≥ MATCH_THRESHOLD with this one. The LSH band keys (`bands && …`, a GIN
// index over judged claims only) find the candidates; similarity() decides.

export type Match = {
  claimId: number;
  documentId: number;
  documentTitle: string;
  exact: string;
  similarity: number;
  status: ClaimDto["status"];
  verdict: VerdictDto;
};

type Row = { forId: number; id: number; documentId: number; title: string; exact: string; sim: number };

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

/** Judged claims like one claim of the team, most similar first. */
export async function claimMatches(member: Member, claimId: number, limit = 5): Promise<Match[]> {
  // A blind second reviewer sees no matches on their document, and none of it anywhere (decision 0022).
  const hidden = await blindDocumentIds(member);
  const rows = await db.$queryRaw<Row[]>`
    SELECT a.id AS "forId", m.id, m."documentId", d.title, m.exact, similarity(m.exact, a.exact)::float8 AS sim
    FROM "Claim" a
    JOIN "Claim" m ON m."teamId" = a."teamId" AND m.bands OPERATOR(pg_catalog.&&) a.bands
                   AND m.status <> 'UNREVIEWED' AND m."dismissedAt" IS NULL AND m.id <> a.id
    JOIN "Document" d ON d.id = m."documentId" AND d."teamId" = m."teamId"
    WHERE a.id = ${claimId} AND a."teamId" = ${member.teamId}
      AND a."documentId" <> ALL(${hidden}::int[]) AND m."documentId" <> ALL(${hidden}::int[])
      AND ${similarEnough}
    ORDER BY sim DESC, m."judgedAt" DESC, m.id DESC
    LIMIT ${limit}`;
  if (!rows.length) {
    const exists = await db.claim.findFirst({ where: { id: claimId, teamId: member.teamId }, select: { id: true } });
    if (!exists) throw notFound("The claim");
  }
  return withVerdicts(member, rows);
}

/** For each open claim of a document, the judged claims like it (best `perClaim`), keyed by claim id. */
export async function documentMatches(member: Member, documentId: number, perClaim = 3): Promise<Record<number, Match[]>> {
  const doc = await db.document.findFirst({ where: { id: documentId, teamId: member.teamId }, select: { id: true } });
  if (!doc) throw notFound("The document");
  const hidden = await blindDocumentIds(member);
  if (hidden.includes(documentId)) return {};
  const rows = await db.$queryRaw<Row[]>`
    SELECT a.id AS "forId", m.*
    FROM "Claim" a
    CROSS JOIN LATERAL (
      SELECT m.id, m."documentId", d.title, m.exact, similarity(m.exact, a.exact)::float8 AS sim
      FROM "Claim" m
      JOIN "Document" d ON d.id = m."documentId" AND d."teamId" = m."teamId"
      WHERE m."teamId" = a."teamId" AND m.bands OPERATOR(pg_catalog.&&) a.bands
        AND m.status <> 'UNREVIEWED' AND m."dismissedAt" IS NULL AND m.id <> a.id
        AND m."documentId" <> ALL(${hidden}::int[])
        AND ${similarEnough}
      ORDER BY sim DESC, m."judgedAt" DESC, m.id DESC
      LIMIT ${perClaim}
    ) m
    WHERE a."documentId" = ${documentId} AND a."teamId" = ${member.teamId} AND a."dismissedAt" IS NULL
      AND cardinality(a.bands) > 0
    ORDER BY a.id, m.sim DESC`;
  const matches = await withVerdicts(member, rows);
  const out: Record<number, Match[]> = {};
  rows.forEach((r, i) => (out[r.forId] ??= []).push(matches[i]!));
  return out;
}

/** The current verdict of every matched claim, read in one query. */
async function withVerdicts(member: Member, rows: Row[]): Promise<Match[]> {
  const ids = [...new Set(rows.map((r) => r.id))];
  const claims = ids.length ? await db.claim.findMany({ where: { id: { in: ids }, teamId: member.teamId }, include: claimInclude }) : [];
  const byId = new Map(claims.map((c) => [c.id, c]));
  return rows.flatMap((r) => {
    const c = byId.get(r.id);
    const v = c?.verdicts[0];
    if (!c || !v) return []; // judged and unjudged in between: skip rather than show a verdict-less match
    return [{ claimId: r.id, documentId: r.documentId, documentTitle: r.title, exact: r.exact, similarity: Math.round(r.sim * 1000) / 1000, status: c.status, verdict: verdictDto(v) }];
  });
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
