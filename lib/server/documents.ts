import "server-only";
import { createHash } from "node:crypto";
import { Prisma, type ClaimStatus } from "@prisma/client";
import { MAX_TEXT_BYTES, textProblem } from "@/lib/domain/documents";
import { TextIndex, type ClaimAnchor } from "@/lib/domain/offsets";
import { segmentSentences } from "@/lib/domain/segmentation";
import type { DocumentCreate } from "@/lib/schemas/documents";
import { Semaphore, withTimeout } from "async-mutex";
import { ASSIST_INLINE_MAX, assistAnchors, backfillAssist, pgIntArray, scheduleAssist, type AssistColumns } from "./assist";
import { audit } from "./audit";
import { deferFragments } from "./claim-fragments";
import { modelsForTeam } from "./team-models";
import { db, DB_TIMEOUTS, type Tx } from "./db";
import { workflowFacts } from "./document-history";
import { assistDto, claimDto, claimInclude, documentDto, documentSelect, NO_WORKFLOW, type ClaimDto, type Progress } from "./dto";
import { AppError, invalid, notFound } from "./errors";
import { blindDocumentIds, blindView, maskProgress } from "./second-review";
import type { ClaimOutline } from "@/lib/domain/claim-outline";
import type { ClaimPageQuery } from "@/lib/schemas/claim-page";
import type { Member } from "./session";

export type ImportInput = Pick<DocumentCreate, "title" | "text"> & Partial<DocumentCreate>;

/**
 * Imports run one or two at a time per instance (they are CPU work: segmentation and detectors,
 * then one transaction); more wait their turn for up to IMPORT_QUEUE_MS, then get 503 with
 * Retry-After. So 20 imports at once queue instead of exhausting the database pool.
 */
const IMPORT_CONCURRENCY = Math.max(1, Number(process.env.IMPORT_CONCURRENCY ?? 2));
const IMPORT_QUEUE_MS = 30_000;
const importSlots = withTimeout(
  new Semaphore(IMPORT_CONCURRENCY),
  IMPORT_QUEUE_MS,
  new AppError("UNAVAILABLE", `This server is busy with other imports. Try again in a few seconds.`),
);

/** Claims per INSERT: each statement stays far below the statement timeout (~0.1 s per 2,000 rows here). */
const INSERT_CHUNK = 2_000;
/** The import transaction's time allowance grows with its work: 10 s, plus 1 ms per claim (76,000 claims: ~5 s used, 86 s allowed). */
const importTimeoutMs = (claims: number) => DB_TIMEOUTS.transactionMs + claims;

export async function importDocument(member: Member, input: ImportInput) {
  const { text } = input;
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_TEXT_BYTES)
    throw new AppError(
      "PAYLOAD_TOO_LARGE",
      `The text is ${(bytes / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_TEXT_BYTES / 1024 / 1024} MB. Split the article into parts and import each.`,
      { text: "Text is over the 2 MB limit." },
    );
  const problem = textProblem(text);
  if (problem) throw invalid({ text: problem });
  return importSlots.runExclusive(() => importText(member, input));
}

async function importText(member: Member, input: ImportInput) {
  const { text } = input;
  const sha256 = createHash("sha256").update(text, "utf8").digest("hex");
  const existing = await db.document.findUnique({ where: { teamId_sha256: { teamId: member.teamId, sha256 } }, select: { id: true, title: true } });
  if (existing) throw duplicate(existing);

  const index = new TextIndex(text);
  const anchors = segmentSentences(text).map((s) => index.anchor(index.toCodePoint(s.start), index.toCodePoint(s.end)));
  // Small articles get their suggestions in the import itself; big ones right after it (decision 0012).
  const assist = anchors.length <= ASSIST_INLINE_MAX ? assistAnchors(index, anchors, await modelsForTeam(member.teamId)) : null;

  try {
    const { doc, inserted } = await db.$transaction(
      async (tx) => {
        const doc = await tx.document.create({
          data: {
            teamId: member.teamId,
            title: input.title,
            sourceUrl: input.sourceUrl ?? null,
            publisher: input.publisher ?? null,
            author: input.author ?? null,
            publishedAt: input.publishedAt ? new Date(`${input.publishedAt}T00:00:00Z`) : null,
            text,
            sha256,
            length: index.length,
            importedById: member.userId,
          },
          select: documentSelect,
        });
        // The trigram copy for search's fragment fallback comes after the response (decision 0030).
        await deferFragments(tx, member.teamId, doc.id);
        const rows = assist ? await insertWithAssist(tx, member.teamId, doc.id, anchors, assist) : await insertPlain(tx, member.teamId, doc.id, anchors);
        await audit(
          { teamId: member.teamId, actorId: member.userId, action: "document.import", targetType: "document", targetId: doc.id, ip: member.ip, data: { title: input.title, claims: anchors.length } },
          tx,
        );
        // Segmenter spans never overlap, so the start offset identifies each new claim.
        return { doc, inserted: new Map(rows.map((r) => [r.start, r])) };
      },
      { timeout: importTimeoutMs(anchors.length) },
    );
    // The response is built from what was just written: re-reading 10,000 claims cost ~270 ms.
    const claims: ClaimDto[] = anchors.map((a, i) => ({
      id: inserted.get(a.start)!.id,
      documentId: doc.id,
      ...a,
      ...assistDto(assist?.[i] ?? NOT_COMPUTED, "DETECTOR"),
      status: "UNREVIEWED",
      version: 1,
      origin: "SEGMENTER",
      dismissed: false,
      updatedAt: new Date(inserted.get(a.start)!.updatedAt).toISOString(),
      verdict: null,
      signoff: null,
    }));
    // The document's job (lib/server/jobs-handlers.ts): the search copy, suggestions if pending, then stored matches.
    await scheduleAssist(member.teamId, doc.id);
    const progress: Progress = { total: claims.length, reviewed: 0, counts: { UNREVIEWED: claims.length, SOURCED: 0, DISPUTED: 0, OPINION: 0 } };
    // A new document has no history yet: its state is TO_DO.
    return { ...documentDto(doc, progress, NO_WORKFLOW), text, claims, assistPending: assist ? 0 : claims.length };
  } catch (e) {
    // Two imports of the same text at the same moment: the unique index decides.
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
      const raced = await db.document.findUnique({ where: { teamId_sha256: { teamId: member.teamId, sha256 } }, select: { id: true, title: true } });
      if (raced) throw duplicate(raced);
    }
    throw e;
  }
}

type InsertedRow = { id: number; start: number; updatedAt: Date };

/** Candidates with their suggestions (at most ASSIST_INLINE_MAX of them): one statement. */
function insertWithAssist(tx: Tx, teamId: number, documentId: number, anchors: ClaimAnchor[], assist: AssistColumns[]) {
  return tx.$queryRaw<InsertedRow[]>`
    INSERT INTO "Claim" ("teamId", "documentId", "start", "end", "exact", "prefix", "suffix", "origin", "updatedAt",
                         speaker, cue, "speakerStart", "speakerEnd", "cueStart", "cueEnd", quoted,
                         subjectivity, checkworthiness, hints, bands, trgm)
    SELECT ${teamId}, ${documentId}, s, e, x, p, f, 'SEGMENTER', now(), sp, cu, ss, se, cs, ce, q, sj, cw, h::jsonb, b::int[], g::int[]
    FROM unnest(${anchors.map((a) => a.start)}::int[], ${anchors.map((a) => a.end)}::int[],
                ${anchors.map((a) => a.exact)}::text[], ${anchors.map((a) => a.prefix)}::text[],
                ${anchors.map((a) => a.suffix)}::text[],
                ${assist.map((c) => c.speaker)}::text[], ${assist.map((c) => c.cue)}::text[],
                ${assist.map((c) => c.speakerStart)}::int[], ${assist.map((c) => c.speakerEnd)}::int[],
                ${assist.map((c) => c.cueStart)}::int[], ${assist.map((c) => c.cueEnd)}::int[],
                ${assist.map((c) => c.quoted)}::bool[], ${assist.map((c) => c.subjectivity)}::real[],
                ${assist.map((c) => c.checkworthiness)}::real[], ${assist.map((c) => JSON.stringify(c.hints))}::text[],
                ${assist.map((c) => pgIntArray(c.bands))}::text[], ${assist.map((c) => pgIntArray(c.trgm))}::text[])
         AS t(s, e, x, p, f, sp, cu, ss, se, cs, ce, q, sj, cw, h, b, g)
    RETURNING id, start, "updatedAt"`;
}

/** Candidates whose suggestions come after the response (scheduleAssist): INSERT_CHUNK rows per statement. */
async function insertPlain(tx: Tx, teamId: number, documentId: number, anchors: ClaimAnchor[]) {
  const rows: InsertedRow[] = [];
  for (let i = 0; i < anchors.length; i += INSERT_CHUNK) {
    const chunk = anchors.slice(i, i + INSERT_CHUNK);
    rows.push(
      ...(await tx.$queryRaw<InsertedRow[]>`
        INSERT INTO "Claim" ("teamId", "documentId", "start", "end", "exact", "prefix", "suffix", "origin", "updatedAt")
        SELECT ${teamId}, ${documentId}, s, e, x, p, f, 'SEGMENTER', now()
        FROM unnest(${chunk.map((a) => a.start)}::int[], ${chunk.map((a) => a.end)}::int[],
                    ${chunk.map((a) => a.exact)}::text[], ${chunk.map((a) => a.prefix)}::text[],
                    ${chunk.map((a) => a.suffix)}::text[]) AS t(s, e, x, p, f)
        RETURNING id, start, "updatedAt"`),
    );
  }
  return rows;
}

const NOT_COMPUTED = { speaker: null, cue: null, speakerStart: null, speakerEnd: null, cueStart: null, cueEnd: null, quoted: false, subjectivity: null, checkworthiness: null, hints: {} };

const duplicate = (existing: { id: number; title: string }) =>
  new AppError(
    "DUPLICATE_DOCUMENT",
    `This exact text was already imported as “${existing.title}”. Open that document instead of importing it again.`,
    undefined,
    { document: { id: existing.id, title: existing.title } },
  );

/** Claim counts by status (grouped by any key: a document, an assignment) as each key's Progress; keys without rows count 0. */
export function tallyProgress<K>(keys: readonly K[], rows: readonly { key: K; status: ClaimStatus; n: number }[]): Map<K, Progress> {
  const map = new Map<K, Progress>();
  for (const key of keys) map.set(key, { total: 0, reviewed: 0, counts: { UNREVIEWED: 0, SOURCED: 0, DISPUTED: 0, OPINION: 0 } });
  for (const row of rows) {
    const p = map.get(row.key)!;
    p.counts[row.status] += row.n;
    p.total += row.n;
    if (row.status !== "UNREVIEWED") p.reviewed += row.n;
  }
  return map;
}

/** Each document's claims by status (dismissed ones left out), in one query. */
export async function progressFor(teamId: number, documentIds: number[]): Promise<Map<number, Progress>> {
  const rows = documentIds.length
    ? await db.claim.groupBy({
        by: ["documentId", "status"],
        where: { teamId, documentId: { in: documentIds }, dismissedAt: null },
        _count: { _all: true },
      })
    : [];
  return tallyProgress(
    documentIds,
    rows.map((r) => ({ key: r.documentId, status: r.status, n: r._count._all })),
  );
}

export async function listDocuments(member: Member) {
  const docs = await db.document.findMany({
    where: { teamId: member.teamId },
    orderBy: [{ importedAt: "desc" }, { id: "desc" }],
    select: documentSelect,
  });
  const ids = docs.map((d) => d.id);
  const [progress, workflow, hidden] = await Promise.all([progressFor(member.teamId, ids), workflowFacts(member.teamId, ids), blindDocumentIds(member)]);
  return docs.map((d) => {
    const facts = workflow.get(d.id) ?? NO_WORKFLOW;
    // A blind second reviewer sees how many claims, not how they were judged (decision 0022).
    return hidden.includes(d.id) ? { ...documentDto(d, maskProgress(progress.get(d.id)!), facts), blind: true } : documentDto(d, progress.get(d.id)!, facts);
  });
}

/** The document with its text and every claim (dismissed ones too, flagged), ordered by position. */
export async function getDocument(member: Member, id: number) {
  const doc = await db.document.findFirst({ where: { id, teamId: member.teamId }, select: { ...documentSelect, text: true } });
  if (!doc) throw notFound("The document");
  const [claims, progress, workflow, blind] = await Promise.all([
    db.claim.findMany({
      where: { documentId: id, teamId: member.teamId },
      orderBy: [{ start: "asc" }, { end: "asc" }, { id: "asc" }],
      include: claimInclude,
    }),
    progressFor(member.teamId, [id]),
    workflowFacts(member.teamId, [id]),
    blindView(member, id),
  ]);
  // Claims without suggestions (a big import still being worked on, or claims stored before the
  // detectors existed): a few are computed now, many after the response (decision 0012).
  const missing = claims.filter((c) => c.checkworthiness === null);
  // Many are the document job's (queued by the import, or by the workers' sweep: sweepDocumentWork).
  const assistPending = missing.length > ASSIST_INLINE_MAX ? missing.length : 0;
  if (!assistPending && missing.length) {
    const found = await backfillAssist(db, member.teamId, new TextIndex(doc.text), missing);
    for (const c of missing) {
      const cols = found.get(c.id)!;
      Object.assign(c, c.attributionBy === "REVIEWER" ? { ...cols, speaker: c.speaker, cue: c.cue, speakerStart: c.speakerStart, speakerEnd: c.speakerEnd, cueStart: c.cueStart, cueEnd: c.cueEnd } : cols);
    }
  }
  const dtos = claims.map(claimDto);
  const facts = workflow.get(id) ?? NO_WORKFLOW;
  // The blind second reviewer sees the claims as if nobody had judged them, and their own review.
  if (blind) return { ...documentDto(doc, maskProgress(progress.get(id)!), facts), text: doc.text, claims: dtos.map(blind.mask), assistPending, blindReview: blind.review };
  return { ...documentDto(doc, progress.get(id)!, facts), text: doc.text, claims: dtos, assistPending, blindReview: null };
}
export type DocumentDetail = Awaited<ReturnType<typeof getDocument>>;

/** Claims whose details (verdict, sources, hints) the review page gets in its first HTML; the rest come in pages. */
export const REVIEW_FIRST_PAGE = 200;
const claimOrder = [{ start: "asc" }, { end: "asc" }, { id: "asc" }] satisfies Prisma.ClaimOrderByWithRelationInput[];
const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * The review page's read (decision 0028): the document with its text, an outline of every claim
 * (position, status, check-worthiness, sign-off, speaker and cue spans: columnar, compact), and full
 * details of the first REVIEW_FIRST_PAGE claims and of the dismissed ones. The rest of the details
 * come from listClaimPage as the reviewer moves. A blind second reviewer gets getDocument's answer
 * instead (their page lists every claim, masked): blindReview is set and nothing here is read.
 */
export async function getReviewDocument(member: Member, id: number) {
  const doc = await db.document.findFirst({ where: { id, teamId: member.teamId }, select: { ...documentSelect, text: true } });
  if (!doc) throw notFound("The document");
  const where = { documentId: id, teamId: member.teamId };
  const [outlineRow, firstPage, dismissed, progress, workflow, blind] = await Promise.all([
    readOutline(member.teamId, id),
    db.claim.findMany({ where, orderBy: claimOrder, take: REVIEW_FIRST_PAGE, include: claimInclude }),
    db.claim.findMany({ where: { ...where, dismissedAt: { not: null } }, orderBy: claimOrder, include: claimInclude }),
    progressFor(member.teamId, [id]),
    workflowFacts(member.teamId, [id]),
    blindView(member, id),
  ]);
  if (blind) return { ...(await getDocument(member, id)), outline: null, windowed: false as const };
  let outline = outlineRow;
  const details = new Map([...firstPage, ...dismissed].map((c) => [c.id, claimDto(c)]));
  // Claims without suggestions, as in getDocument: a few are computed now, many after the response (decision 0012).
  const assistPending = outline.missing.length > ASSIST_INLINE_MAX ? outline.missing.length : 0;
  if (!assistPending && outline.missing.length) {
    const full = await db.claim.findMany({ where: { ...where, id: { in: outline.missing } }, include: claimInclude });
    const found = await backfillAssist(db, member.teamId, new TextIndex(doc.text), full);
    for (const c of full) {
      const cols = found.get(c.id)!;
      Object.assign(c, c.attributionBy === "REVIEWER" ? { ...cols, speaker: c.speaker, cue: c.cue, speakerStart: c.speakerStart, speakerEnd: c.speakerEnd, cueStart: c.cueStart, cueEnd: c.cueEnd } : cols);
      if (details.has(c.id)) details.set(c.id, claimDto(c));
    }
    outline = await readOutline(member.teamId, id);
  }
  const facts = workflow.get(id) ?? NO_WORKFLOW;
  return {
    ...documentDto(doc, progress.get(id)!, facts),
    text: doc.text,
    /** Full details of some claims (the first page, the dismissed ones), in reading order. */
    claims: [...details.values()].sort((a, b) => a.start - b.start || a.end - b.end || a.id - b.id),
    outline: outline.outline,
    assistPending,
    blindReview: null,
    windowed: true as const,
  };
}

type OutlineRow = {
  ids: number[] | null;
  starts: number[] | null;
  ends: number[] | null;
  statuses: string | null;
  signoffs: string | null;
  dismissed: number[] | null;
  cw: (number | null)[] | null;
  sp_i: number[] | null;
  sp_s: number[] | null;
  sp_e: number[] | null;
  cue_i: number[] | null;
  cue_s: number[] | null;
  cue_e: number[] | null;
  missing: number[] | null;
};

/**
 * The outline of a document's claims in one statement, aggregated in PostgreSQL: 10,000 claims come
 * back as a dozen arrays in one row instead of 10,000 rows through Prisma (~10× less time).
 */
async function readOutline(teamId: number, documentId: number): Promise<{ outline: ClaimOutline; missing: number[] }> {
  const [row] = await db.$queryRaw<OutlineRow[]>`
    WITH c AS (
      SELECT id, start, "end", status, signoff, "dismissedAt", checkworthiness, subjectivity, "speakerStart", "speakerEnd", "cueStart", "cueEnd",
             (row_number() OVER (ORDER BY start, "end", id) - 1)::int AS i
      FROM "Claim" WHERE "documentId" = ${documentId} AND "teamId" = ${teamId})
    SELECT array_agg(id ORDER BY i) AS ids, array_agg(start ORDER BY i) AS starts, array_agg("end" ORDER BY i) AS ends,
           string_agg(CASE status WHEN 'SOURCED' THEN 'S' WHEN 'DISPUTED' THEN 'D' WHEN 'OPINION' THEN 'O' ELSE 'U' END, '' ORDER BY i) AS statuses,
           string_agg(CASE WHEN status = 'UNREVIEWED' THEN '-' WHEN signoff = 'APPROVED' THEN 'A' WHEN signoff = 'RETURNED' THEN 'R' ELSE 'P' END, '' ORDER BY i) AS signoffs,
           array_agg(i ORDER BY i) FILTER (WHERE "dismissedAt" IS NOT NULL) AS dismissed,
           array_agg(CASE WHEN subjectivity IS NULL THEN NULL ELSE checkworthiness END ORDER BY i) AS cw,
           array_agg(i ORDER BY i) FILTER (WHERE "speakerStart" IS NOT NULL AND "speakerEnd" IS NOT NULL) AS sp_i,
           array_agg("speakerStart" ORDER BY i) FILTER (WHERE "speakerStart" IS NOT NULL AND "speakerEnd" IS NOT NULL) AS sp_s,
           array_agg("speakerEnd" ORDER BY i) FILTER (WHERE "speakerStart" IS NOT NULL AND "speakerEnd" IS NOT NULL) AS sp_e,
           array_agg(i ORDER BY i) FILTER (WHERE "cueStart" IS NOT NULL AND "cueEnd" IS NOT NULL) AS cue_i,
           array_agg("cueStart" ORDER BY i) FILTER (WHERE "cueStart" IS NOT NULL AND "cueEnd" IS NOT NULL) AS cue_s,
           array_agg("cueEnd" ORDER BY i) FILTER (WHERE "cueStart" IS NOT NULL AND "cueEnd" IS NOT NULL) AS cue_e,
           array_agg(id ORDER BY i) FILTER (WHERE checkworthiness IS NULL) AS missing
    FROM c`;
  const zip = (i: number[] | null, a: number[] | null, b: number[] | null) => (i ?? []).map((k, n) => [k, a![n]!, b![n]!] as [number, number, number]);
  return {
    outline: {
      ids: row?.ids ?? [],
      starts: row?.starts ?? [],
      ends: row?.ends ?? [],
      statuses: row?.statuses ?? "",
      signoffs: row?.signoffs ?? "",
      dismissed: row?.dismissed ?? [],
      checkworthiness: (row?.cw ?? []).map((x) => (x === null ? null : round3(x))),
      speakers: zip(row?.sp_i ?? null, row?.sp_s ?? null, row?.sp_e ?? null),
      cues: zip(row?.cue_i ?? null, row?.cue_s ?? null, row?.cue_e ?? null),
    },
    missing: row?.missing ?? [],
  };
}
export type ReviewDocument = Extract<Awaited<ReturnType<typeof getReviewDocument>>, { windowed: true }>;

/**
 * GET /api/documents/:id/claims: up to `limit` claims (dismissed ones too, flagged) whose start
 * offset is `from` or later, in reading order, each as the document read gives it (masked for the
 * document's blind second reviewer). `next` is the `from` of the following page, null at the end.
 */
export async function listClaimPage(member: Member, documentId: number, query: ClaimPageQuery) {
  const doc = await db.document.findFirst({ where: { id: documentId, teamId: member.teamId }, select: { id: true } });
  if (!doc) throw notFound("The document");
  const [rows, blind] = await Promise.all([
    db.claim.findMany({ where: { documentId, teamId: member.teamId, start: { gte: query.from } }, orderBy: claimOrder, take: query.limit + 1, include: claimInclude }),
    blindView(member, documentId),
  ]);
  let claims = rows.slice(0, query.limit).map(claimDto);
  let next = rows.length > query.limit ? rows[query.limit]!.start : null;
  // A page may end among claims sharing one start offset: the next page then starts at that offset again.
  if (next !== null && claims.at(-1)!.start === next) {
    const trimmed = claims.filter((c) => c.start !== next);
    if (trimmed.length) claims = trimmed;
    else {
      // Every claim of the page starts at one offset: all of them, even past the limit.
      const at = next;
      const [same, after] = await Promise.all([
        db.claim.findMany({ where: { documentId, teamId: member.teamId, start: at }, orderBy: claimOrder, include: claimInclude }),
        db.claim.findFirst({ where: { documentId, teamId: member.teamId, start: { gt: at } }, orderBy: claimOrder, select: { start: true } }),
      ]);
      claims = same.map(claimDto);
      next = after?.start ?? null;
    }
  }
  return { claims: blind ? claims.map(blind.mask) : claims, next };
}

/**
 * Deletes a document with its claims and their whole history: on purpose, audited, admins only.
 * One DELETE decides: of two admins deleting at once, the second waits for the first's row lock,
 * then finds nothing to delete and gets 404, never an error.
 */
export async function deleteDocument(member: Member, id: number) {
  return db.$transaction(async (tx) => {
    // History rows are append-only; this transaction is the one place allowed to purge them.
    await tx.$executeRaw`SELECT set_config('claimdesk.purge', 'on', true)`;
    const [doc] = await tx.$queryRaw<{ title: string; sha256: string; claims: number }[]>`
      WITH claims AS (SELECT count(*)::int AS n FROM "Claim" WHERE "documentId" = ${id} AND "teamId" = ${member.teamId})
      DELETE FROM "Document" WHERE id = ${id} AND "teamId" = ${member.teamId}
      RETURNING title, sha256, (SELECT n FROM claims) AS claims`;
    if (!doc) throw notFound("The document");
    await audit(
      { teamId: member.teamId, actorId: member.userId, action: "document.delete", targetType: "document", targetId: id, ip: member.ip, data: { title: doc.title, sha256: doc.sha256, claims: doc.claims } },
      tx,
    );
    return { deleted: true, id };
  });
}
