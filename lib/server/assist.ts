import "server-only";
import { Prisma } from "@prisma/client";
import { assistClaim, assistClaims, type ClaimAssist } from "@/lib/domain/assist/claims";
import { withModels, type Models } from "@/lib/domain/assist/trained";
import { TextIndex, type ClaimAnchor } from "@/lib/domain/offsets";
import { db, type Tx } from "./db";
import { documentKey, enqueue } from "./jobs";
import { modelsForTeam } from "./team-models";

/** What the detectors store on a claim, with spans moved into the document's code points. */
export type AssistColumns = {
  speaker: string | null;
  cue: string | null;
  speakerStart: number | null;
  speakerEnd: number | null;
  cueStart: number | null;
  cueEnd: number | null;
  quoted: boolean;
  subjectivity: number;
  checkworthiness: number;
  hints: ClaimAssist["hints"];
  bands: number[];
  trgm: number[];
};

function toColumns(index: TextIndex, anchor: { start: number }, a: ClaimAssist): AssistColumns {
  const base = index.toUtf16(anchor.start);
  const at = (span: { start: number; end: number } | null): [number, number] | [null, null] =>
    span ? [index.toCodePoint(base + span.start), index.toCodePoint(base + span.end)] : [null, null];
  const [speakerStart, speakerEnd] = at(a.speakerSpan);
  const [cueStart, cueEnd] = at(a.cueSpan);
  return {
    speaker: a.speaker,
    cue: a.cue,
    speakerStart,
    speakerEnd,
    cueStart,
    cueEnd,
    quoted: a.quoted,
    subjectivity: a.subjectivity,
    checkworthiness: a.checkworthiness,
    hints: a.hints,
    bands: a.bands,
    trgm: a.trgm,
  };
}

/**
 * The detectors over a document's claims in reading order (anchors sorted by start), with the
 * team's models where it uses its own (modelsForTeam in ./team-models).
 */
export function assistAnchors(index: TextIndex, anchors: readonly ClaimAnchor[], models?: Models): AssistColumns[] {
  const found = withModels(models, () => assistClaims(anchors.map((a) => a.exact)));
  return anchors.map((a, i) => toColumns(index, a, found[i]!));
}

/** The detectors over one claim (a reviewer's span, a split or merge part). */
export function assistAnchor(index: TextIndex, anchor: ClaimAnchor, models?: Models): AssistColumns {
  return toColumns(index, anchor, withModels(models, () => assistClaim(anchor.exact)));
}

/**
 * Writes the detectors' results for claims that have none yet (claims stored before the detectors
 * existed). Suggestions only: neither the claim's version nor its history changes.
 */
export async function backfillAssist(tx: Tx | typeof db, teamId: number, index: TextIndex, claims: readonly (ClaimAnchor & { id: number; attributionBy: string })[]) {
  if (!claims.length) return new Map<number, AssistColumns>();
  const sorted = [...claims].sort((a, b) => a.start - b.start);
  const cols = assistAnchors(index, sorted, await modelsForTeam(teamId));
  await tx.$executeRaw`
    UPDATE "Claim" c SET
      speaker = CASE WHEN c."attributionBy" = 'REVIEWER' THEN c.speaker ELSE t.speaker END,
      cue = CASE WHEN c."attributionBy" = 'REVIEWER' THEN c.cue ELSE t.cue END,
      "speakerStart" = CASE WHEN c."attributionBy" = 'REVIEWER' THEN c."speakerStart" ELSE t.ss END,
      "speakerEnd" = CASE WHEN c."attributionBy" = 'REVIEWER' THEN c."speakerEnd" ELSE t.se END,
      "cueStart" = CASE WHEN c."attributionBy" = 'REVIEWER' THEN c."cueStart" ELSE t.cs END,
      "cueEnd" = CASE WHEN c."attributionBy" = 'REVIEWER' THEN c."cueEnd" ELSE t.ce END,
      quoted = t.q, subjectivity = t.sj, checkworthiness = t.cw, hints = t.h::jsonb, bands = t.b::int[], trgm = t.g::int[]
    FROM unnest(${sorted.map((c) => c.id)}::int[], ${cols.map((c) => c.speaker)}::text[], ${cols.map((c) => c.cue)}::text[],
                ${cols.map((c) => c.speakerStart)}::int[], ${cols.map((c) => c.speakerEnd)}::int[],
                ${cols.map((c) => c.cueStart)}::int[], ${cols.map((c) => c.cueEnd)}::int[], ${cols.map((c) => c.quoted)}::bool[],
                ${cols.map((c) => c.subjectivity)}::real[], ${cols.map((c) => c.checkworthiness)}::real[],
                ${cols.map((c) => JSON.stringify(c.hints))}::text[], ${cols.map((c) => pgIntArray(c.bands))}::text[],
                ${cols.map((c) => pgIntArray(c.trgm))}::text[])
         AS t(id, speaker, cue, ss, se, cs, ce, q, sj, cw, h, b, g)
    WHERE c.id = t.id AND c."teamId" = ${teamId} AND c.checkworthiness IS NULL`;
  return new Map(sorted.map((c, i) => [c.id, cols[i]!]));
}

/**
 * How many claims the detectors run over inside a request (~0.37 ms a claim: 1,000 cost ~0.4 s).
 * An import or a first read with more (a 1 MB article has ~10,000 claims, ~3.7 s of detectors) stores
 * and shows the claims at once and leaves the suggestions to the document's job (`scheduleAssist`,
 * decisions 0012 and 0026).
 */
export const ASSIST_INLINE_MAX = 1_000;
const CHUNK = 500;

/**
 * Computes the suggestions of every claim of the document that has none, in chunks of 500 that
 * each yield to the event loop (other requests on this instance wait ~0.2 s at most). Safe to run
 * twice at once or again after a crash: the UPDATE only touches rows still without suggestions.
 */
export async function completeAssist(teamId: number, documentId: number): Promise<void> {
  const doc = await db.document.findFirst({ where: { id: documentId, teamId }, select: { text: true } });
  if (!doc) return;
  const index = new TextIndex(doc.text);
  for (;;) {
    const missing = await db.claim.findMany({
      where: { documentId, teamId, checkworthiness: null },
      orderBy: { start: "asc" },
      take: CHUNK,
      select: { id: true, start: true, end: true, exact: true, prefix: true, suffix: true, attributionBy: true },
    });
    if (!missing.length) return;
    // Only a claim written around the app (by hand in SQL) can lie outside its text: say which, not a RangeError.
    const outside = missing.find((c) => c.start < 0 || c.end > index.length);
    if (outside) {
      throw new Error(
        `Claim ${outside.id}'s span ${outside.start}..${outside.end} lies outside document ${documentId}'s text (${index.length} code points), so it has no suggestions: correct or delete that claim.`,
      );
    }
    await backfillAssist(db, teamId, index, missing);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Queues the document's job (lib/server/jobs-handlers.ts): its missing suggestions, then its claims'
 * stored matches. One waiting job per document at most (a `short` queue keyed by document; one runs at
 * a time, by its lock), so asking again while one waits adds nothing; a failed job is retried with backoff.
 */
export function scheduleAssist(teamId: number, documentId: number): Promise<string | null> {
  return enqueue("document-import", { teamId, documentId }, documentKey(documentId));
}

/** An int[] literal, for passing arrays of arrays through unnest() as text. */
export const pgIntArray = (xs: readonly number[]) => `{${xs.join(",")}}`;

/** Prisma data for a new claim's assist columns. */
export function assistData(cols: AssistColumns) {
  return { ...cols, hints: cols.hints as unknown as Prisma.InputJsonValue };
}
