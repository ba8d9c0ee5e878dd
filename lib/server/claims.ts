import "server-only";
import type { AttributionBy, ClaimEventKind, ClaimStatus, Prisma } from "@prisma/client";
import { isCheckworthy, isSubjective } from "@/lib/domain/assist/claims";
import type { HintTask } from "@/lib/domain/assist/learn/team";
import { checkSpan, TextIndex } from "@/lib/domain/offsets";
import { verdictProblems } from "@/lib/domain/verdicts";
import type { VerdictPut } from "@/lib/schemas/claims";
import { assertOpen, blindWrite, documentLocked } from "./approval";
import { assistAnchor, assistData } from "./assist";
import { blindRefusal, blindReviewOf } from "./second-review";
import { notify, quoteShort } from "./notifications";
import { modelsForTeam } from "./team-models";
import { audit } from "./audit";
import { db, type Tx } from "./db";
import { appQuery } from "./pg-pool";
import { claimDto, claimInclude, verdictDto, verdictInclude, type ReusedFrom } from "./dto";
import { AppError, fieldsFromIssues, invalid, notFound } from "./errors";
import type { Member } from "./session";

const CLAIM = "The claim";

async function loadClaim(tx: Tx, member: Member, id: number) {
  const claim = await tx.claim.findFirst({ where: { id, teamId: member.teamId }, include: claimInclude });
  if (!claim) throw notFound(CLAIM);
  return claim;
}

async function conflict(tx: Tx, member: Member, id: number, message: string) {
  const current = await loadClaim(tx, member, id);
  return new AppError("CONFLICT", message, undefined, { current: claimDto(current) });
}

const STALE = "Someone else changed this claim since you opened it. Their version is shown; your input is kept, so check it and save again.";

/**
 * Moves a claim to its next version only if nobody else did first (optimistic lock in the
 * UPDATE's WHERE). Throws 409 with the current claim when the version is stale.
 */
async function bumpVersion(tx: Tx, member: Member, id: number, expectedVersion: number, data: Prisma.ClaimUpdateManyMutationInput = {}) {
  const { count } = await tx.claim.updateMany({
    where: { id, teamId: member.teamId, version: expectedVersion },
    data: { ...data, version: { increment: 1 } },
  });
  if (count === 0) throw await conflict(tx, member, id, STALE);
  return expectedVersion + 1;
}

function event(claimId: number, member: Member, kind: ClaimEventKind, version: number, reason?: string, data: Prisma.InputJsonValue = {}) {
  return { claimId, kind, version, reason: reason ?? null, actorId: member.userId, data };
}

async function documentIndex(tx: Tx, member: Member, documentId: number) {
  const doc = await tx.document.findFirst({ where: { id: documentId, teamId: member.teamId }, select: { text: true } });
  if (!doc) throw notFound("The document");
  return new TextIndex(doc.text);
}

function spanOrThrow(index: TextIndex, start: number, end: number, fieldNames = { start: "start", end: "end" }) {
  const span = checkSpan(index, start, end);
  if ("field" in span) throw invalid({ [fieldNames[span.field]]: span.message });
  return span;
}

/**
 * Serialises changes to one document's set of claims (add, split, merge) across transactions and
 * app instances, so two reviewers adding the same span at once cannot both succeed.
 */
async function lockDocumentClaims(tx: Tx, documentId: number) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CLAIM_SET_LOCK}::int, ${documentId}::int)`;
}
const CLAIM_SET_LOCK = 0x434c; // namespace of the two-key advisory lock: "CL"

/** 409 when an open claim already covers exactly this span. */
async function requireSpanFree(tx: Tx, member: Member, documentId: number, span: { start: number; end: number }) {
  const same = await tx.claim.findFirst({
    where: { teamId: member.teamId, documentId, start: span.start, end: span.end, dismissedAt: null },
    include: claimInclude,
  });
  if (same) throw new AppError("CONFLICT", `Claim #${same.id} already covers exactly this text.`, undefined, { current: claimDto(same) });
}

export async function addClaim(member: Member, documentId: number, input: { start: number; end: number }) {
  const models = await modelsForTeam(member.teamId); // read before the transaction holds its locks
  return db.$transaction(async (tx) => {
    const index = await documentIndex(tx, member, documentId);
    const span = spanOrThrow(index, input.start, input.end);
    await assertOpen(tx, member, documentId);
    await lockDocumentClaims(tx, documentId);
    await requireSpanFree(tx, member, documentId, span);
    const anchor = index.anchor(span.start, span.end);
    const created = await tx.claim.create({
      data: { teamId: member.teamId, documentId, ...anchor, ...assistData(assistAnchor(index, anchor, models)), origin: "MANUAL" },
    });
    await tx.claimEvent.create({ data: event(created.id, member, "CREATED", 1, undefined, { origin: "MANUAL" }) });
    return claimDto(await loadClaim(tx, member, created.id));
  });
}

/** A reviewer's verdict: one SQL statement on the app pool, no transaction around it (writeVerdict). */
export async function recordVerdict(member: Member, claimId: number, input: VerdictPut) {
  return writeVerdict(null, member, claimId, input);
}

/** An earlier verdict's sources as verdict input (to record them again: a reuse or a revert). */
export function sourcesInput(sources: readonly { url: string; title: string | null; publisher: string | null; quote: string | null; accessedAt: Date | null }[]) {
  return sources.map((s) => ({
    url: s.url,
    title: s.title ?? undefined,
    publisher: s.publisher ?? undefined,
    quote: s.quote ?? undefined,
    accessedAt: s.accessedAt ? s.accessedAt.toISOString().slice(0, 10) : undefined,
  }));
}

/**
 * Makes an earlier verdict of the claim its current one again: a new verdict with the same label,
 * rationale and sources (history only grows; nothing is deleted), with a reason saying so.
 */
export async function revertVerdict(member: Member, claimId: number, input: { verdictId: number; reason?: string; expectedVersion: number }) {
  return db.$transaction(async (tx) => {
    const claim = await tx.claim.findFirst({ where: { id: claimId, teamId: member.teamId }, select: { documentId: true } });
    if (!claim) throw notFound(CLAIM);
    await assertOpen(tx, member, claim.documentId); // before anything about its verdicts is said
    const earlier = await tx.verdict.findFirst({ where: { id: input.verdictId, claimId, teamId: member.teamId }, include: verdictInclude });
    if (!earlier) throw invalid({ verdictId: "Pick one of this claim's own earlier verdicts (from its history) to revert to." });
    const newest = await tx.verdict.findFirst({ where: { claimId, teamId: member.teamId }, orderBy: { version: "desc" }, select: { id: true } });
    if (newest?.id === earlier.id) throw new AppError("CONFLICT", "That verdict is already the claim's current one: there is nothing to revert.");
    const input2 = {
      label: earlier.label,
      rationale: earlier.rationale ?? undefined,
      sources: sourcesInput(earlier.sources),
      reason: input.reason?.trim() || `Reverted to the verdict of version ${earlier.version} (${earlier.reviewer.name})`,
      expectedVersion: input.expectedVersion,
    };
    return writeVerdict(tx, member, claimId, input2);
  });
}

/**
 * An editor signs off the claim's current verdict (APPROVED), or returns it to the reviewer with a
 * comment (RETURNED). The version check makes sure the editor judges the verdict they saw.
 */
export async function signOff(member: Member, claimId: number, input: { decision: "APPROVED" | "RETURNED"; comment?: string; expectedVersion: number }) {
  return db.$transaction(async (tx) => {
    const claim = await loadClaim(tx, member, claimId);
    await assertOpen(tx, member, claim.documentId);
    if (claim.dismissedAt) throw new AppError("CONFLICT", "This claim was dismissed as not a claim: there is no verdict to sign off.", undefined, { current: claimDto(claim) });
    if (claim.status === "UNREVIEWED") throw new AppError("CONFLICT", "This claim has no verdict yet: there is nothing to sign off.", undefined, { current: claimDto(claim) });
    const comment = input.comment?.trim() || null;
    if (input.decision === "RETURNED" && !comment) throw invalid({ comment: "Say what the reviewer should change: a returned verdict needs a comment." });
    const signedAt = new Date();
    const version = await bumpVersion(tx, member, claimId, input.expectedVersion, {
      signoff: input.decision,
      signoffById: member.userId,
      signoffBy: member.name,
      signoffAt: signedAt,
      signoffNote: input.decision === "RETURNED" ? comment : null,
    });
    await tx.claimEvent.create({ data: event(claimId, member, input.decision, version, comment ?? undefined, { label: claim.status }) });
    if (input.decision === "RETURNED" && claim.reviewerId !== null)
      await notify(tx, member.userId, [
        { teamId: member.teamId, userId: claim.reviewerId, kind: "RETURNED", documentId: claim.documentId, claimId, text: `${member.name} returned your verdict on ${quoteShort(claim.exact, 60)}: ${comment}` },
      ]);
    await audit(
      { teamId: member.teamId, actorId: member.userId, action: input.decision === "APPROVED" ? "verdict.approve" : "verdict.return", targetType: "claim", targetId: claimId, ip: member.ip, data: { label: claim.status, version } },
      tx,
    );
    return claimDto(await loadClaim(tx, member, claimId));
  });
}

/**
 * Runs one SQL statement with positional parameters ($1, $2...), in a Prisma transaction (the
 * cold callers: revert, reuse, adjudication, each inside its own $transaction) or on the app's pg
 * pool (the hot path, recordVerdict). Returns plain rows: the statements below return only ints,
 * text, booleans and json, which both drivers decode alike.
 */
type Sql = <R>(text: string, values: unknown[]) => Promise<R[]>;
const prismaSql = (tx: Tx): Sql => (text, values) => tx.$queryRawUnsafe(text, ...values);
const poolSql: Sql = <R,>(text: string, values: unknown[]) => appQuery(text, values, "claimdesk-write-verdict") as Promise<R[]>;

/** What the verdict statement returns: the checks' facts, and the written claim (null when nothing was written). */
type VerdictWrite = {
  oldStatus: ClaimStatus;
  oldVersion: number;
  dismissed: boolean;
  blind: boolean;
  approved: boolean;
  approvedBy: string | null;
  approvedDay: string | null;
  verdictId: number | null;
  claim: WrittenClaim | null;
};
type WrittenClaim = Omit<DtoClaim, "updatedAt" | "dismissedAt" | "signoffAt" | "verdicts"> & { version: number };
type DtoClaim = Parameters<typeof claimDto>[0];

// The whole write in one statement (docs/decisions/0025-lean-hot-path.md), atomic on its own:
// - doc: the claim's document, share-locked (approval takes FOR UPDATE, so the two serialize:
//   lib/server/approval.ts), with whether it is approved and whether the writer is its blind
//   second reviewer;
// - old: the claim as it was (its status decides whether a reason is needed);
// - upd: the optimistic lock: the claim moves to version + 1 only when the version is the one the
//   writer saw, the document is open, and the verdict is valid for the claim's old status
//   ($13: valid as a first verdict, $14: valid as a replacement). Its new status, reviewer,
//   judgedAt, and the sign-off back to PROPOSED;
// - vid: the new verdict's id, drawn first, so that upd sets Claim.currentVerdictId in the same row
//   write (the trigger on "Verdict", migration 20261209090000, then finds it set and writes nothing;
//   it still keeps it for every other writer). An id drawn when upd writes nothing is a gap, as a
//   rolled-back insert leaves;
// - ver, src: the verdict and its sources, only when upd wrote;
// - aud: the audit row, in the same statement, so it commits (or not) with the verdict.
// When upd wrote nothing, the facts returned say why (404, 403 blind, 409 locked, 409 stale,
// 409 dismissed, 422), in the order the checks were always made.
const WRITE_VERDICT_SQL = `
  WITH doc AS (
    SELECT d."approvedAt" IS NOT NULL AS approved, d."approvedBy", to_char(d."approvedAt", 'YYYY-MM-DD') AS "approvedDay",
           EXISTS (SELECT 1 FROM "SecondReview" s WHERE s."documentId" = d.id AND s."reviewerId" = $3::int AND s.state = 'OPEN') AS blind
    FROM "Document" d
    WHERE d.id = (SELECT "documentId" FROM "Claim" WHERE id = $1::int AND "teamId" = $2::int) AND d."teamId" = $2::int
    FOR SHARE OF d
  ), old AS (
    SELECT status, version, "dismissedAt" IS NOT NULL AS dismissed FROM "Claim" WHERE id = $1::int AND "teamId" = $2::int
  ), vid AS (
    SELECT nextval(pg_get_serial_sequence('"Verdict"', 'id'))::int AS id
  ), upd AS (
    UPDATE "Claim" c
    SET status = $5::text::"ClaimStatus", version = c.version + 1, "updatedAt" = $6::timestamptz AT TIME ZONE 'UTC', "currentVerdictId" = vid.id,
        "reviewerId" = $3::int, "judgedAt" = $6::timestamptz AT TIME ZONE 'UTC',
        signoff = 'PROPOSED', "signoffById" = NULL, "signoffBy" = NULL, "signoffAt" = NULL, "signoffNote" = NULL
    FROM doc, old, vid
    WHERE c.id = $1::int AND c."teamId" = $2::int AND c.version = $4::int AND c."dismissedAt" IS NULL
      AND NOT doc.blind AND NOT doc.approved
      AND CASE WHEN old.status = 'UNREVIEWED' THEN $13::boolean ELSE $14::boolean END
    RETURNING c.id, c."documentId", c.start, c."end", c.exact, c.prefix, c.suffix, c.speaker, c.cue,
              c."speakerStart", c."speakerEnd", c."cueStart", c."cueEnd", c.quoted, c."attributionBy"::text AS "attributionBy",
              c.subjectivity, c.checkworthiness, c.hints, c."hintLabels", c.origin::text AS origin, c.version,
              c.status::text AS status, c.signoff::text AS signoff, c."signoffBy", c."signoffNote", c."reviewerId"
  ), ver AS (
    INSERT INTO "Verdict" (id, "teamId", "claimId", label, rationale, reason, "reviewerId", version, "reusedFrom", "createdAt")
    SELECT vid.id, $2::int, upd.id, $5::text::"VerdictLabel", $7::text, $8::text, $3::int, upd.version, $9::jsonb, $6::timestamptz AT TIME ZONE 'UTC'
    FROM upd, vid
    RETURNING id
  ), src AS (
    INSERT INTO "Source" ("verdictId", position, url, title, publisher, quote, "accessedAt")
    SELECT ver.id, s.position, s.url, s.title, s.publisher, s.quote, s."accessedAt"
    FROM ver, jsonb_to_recordset($10::jsonb) AS s(position int, url text, title text, publisher text, quote text, "accessedAt" date)
  ), aud AS (
    INSERT INTO "AuditEvent" ("teamId", "actorId", action, "targetType", "targetId", ip, data, "createdAt")
    SELECT $2::int, $3::int, $11::text, 'claim', $1::text, $12::text,
           jsonb_build_object('label', $5::text, 'version', upd.version, 'replaced', old.status::text) || COALESCE($15::jsonb, '{}'::jsonb),
           $6::timestamptz AT TIME ZONE 'UTC'
    FROM upd, old
  )
  SELECT old.status::text AS "oldStatus", old.version AS "oldVersion", old.dismissed,
         COALESCE(doc.blind, false) AS blind, COALESCE(doc.approved, false) AS approved, doc."approvedBy", doc."approvedDay",
         ver.id AS "verdictId", to_jsonb(upd) AS claim
  FROM old LEFT JOIN doc ON true LEFT JOIN upd ON true LEFT JOIN ver ON true`;

/**
 * The one path that records a verdict (typed by a reviewer, reused from an earlier one, a revert,
 * an adjudication): version check, document open, validation, the claim's new status, the verdict
 * with its sources, the audit row; in one SQL statement (WRITE_VERDICT_SQL). `tx`: the caller's
 * Prisma transaction; without it the statement runs on the app pool (the hot path).
 */
export async function writeVerdict(tx: Tx | null, member: Member, claimId: number, input: VerdictPut, reusedFrom?: ReusedFrom) {
  const sql = tx ? prismaSql(tx) : poolSql;
  const asFirst = verdictProblems(input, { replacesVerdict: false });
  const asReplacement = verdictProblems(input, { replacesVerdict: true });
  const at = new Date();
  const sources = input.sources.map((s, position) => ({
    position,
    url: s.url,
    title: s.title ?? null,
    publisher: s.publisher ?? null,
    quote: s.quote ?? null,
    accessedAt: s.accessedAt ?? null,
  }));
  const [row] = await sql<VerdictWrite>(WRITE_VERDICT_SQL, [
    claimId,
    member.teamId,
    member.userId,
    input.expectedVersion,
    input.label,
    at.toISOString(),
    input.rationale ?? null,
    input.reason ?? null,
    reusedFrom ? JSON.stringify(reusedFrom) : null,
    JSON.stringify(sources),
    reusedFrom ? "verdict.reuse" : "verdict.record",
    member.ip ?? null,
    asFirst.length === 0,
    asReplacement.length === 0,
    reusedFrom ? JSON.stringify({ reusedVerdictId: reusedFrom.verdictId }) : null,
  ]);
  if (!row) throw notFound(CLAIM);
  if (!row.claim || row.verdictId === null) throw await refusal(tx ?? db, member, claimId, row, input);
  const c = row.claim;
  // Match upkeep follows from the trigger's mark (ClaimMatchDirty) and the job runner's sweep of it.
  // The answer is built from what the statement wrote, rather than read back.
  return claimDto({
    ...c,
    status: input.label,
    updatedAt: at,
    dismissedAt: null,
    signoffAt: null,
    verdicts: [
      {
        id: row.verdictId,
        label: input.label,
        rationale: input.rationale ?? null,
        reason: input.reason ?? null,
        version: c.version,
        reviewer: { id: member.userId, name: member.name },
        reusedFrom: reusedFrom ?? null,
        createdAt: at,
        sources: sources.map((s) => ({ ...s, accessedAt: s.accessedAt ? new Date(`${s.accessedAt}T00:00:00Z`) : null })),
      },
    ],
  } as DtoClaim);
}

/** Why the verdict statement wrote nothing, as the error the caller gets (the checks' order of old). */
async function refusal(tx: Tx, member: Member, claimId: number, row: VerdictWrite, input: VerdictPut) {
  if (row.blind) return blindWrite();
  if (row.approved) return documentLocked(row.approvedBy, row.approvedDay);
  if (row.oldVersion !== input.expectedVersion) return conflict(tx, member, claimId, STALE);
  if (row.dismissed) return conflict(tx, member, claimId, "This claim was dismissed as not a claim. Restore it before recording a verdict.");
  const problems = verdictProblems(input, { replacesVerdict: row.oldStatus !== "UNREVIEWED" });
  if (problems.length) return invalid(fieldsFromIssues(problems));
  // The version matched when the statement began, but another write committed first.
  return conflict(tx, member, claimId, STALE);
}

export async function editAttribution(member: Member, claimId: number, input: { speaker?: string; cue?: string; expectedVersion: number }) {
  return db.$transaction(async (tx) => {
    const before = await loadClaim(tx, member, claimId);
    await assertOpen(tx, member, before.documentId);
    const speaker = input.speaker ?? null;
    const cue = input.cue ?? null;
    const index = await documentIndex(tx, member, before.documentId);
    const speakerAt = locateNear(index, before, speaker);
    const cueAt = locateNear(index, before, cue);
    const version = await bumpVersion(tx, member, claimId, input.expectedVersion, {
      speaker,
      cue,
      speakerStart: speakerAt?.start ?? null,
      speakerEnd: speakerAt?.end ?? null,
      cueStart: cueAt?.start ?? null,
      cueEnd: cueAt?.end ?? null,
      attributionBy: "REVIEWER",
    });
    await tx.claimEvent.create({
      data: event(claimId, member, "ATTRIBUTION", version, undefined, {
        from: { speaker: before.speaker, cue: before.cue },
        to: { speaker, cue },
      }),
    });
    return claimDto(await loadClaim(tx, member, claimId));
  });
}

export async function dismissClaim(member: Member, claimId: number, input: { reason?: string; expectedVersion: number }) {
  return db.$transaction(async (tx) => {
    const claim = await loadClaim(tx, member, claimId);
    await assertOpen(tx, member, claim.documentId);
    if (claim.dismissedAt) throw new AppError("CONFLICT", "This claim is already dismissed.", undefined, { current: claimDto(claim) });
    const version = await bumpVersion(tx, member, claimId, input.expectedVersion, { dismissedAt: new Date() });
    await tx.claimEvent.create({ data: event(claimId, member, "DISMISSED", version, input.reason) });
    return claimDto(await loadClaim(tx, member, claimId));
  });
}

export async function restoreClaim(member: Member, claimId: number, input: { expectedVersion: number }) {
  return db.$transaction(async (tx) => {
    const claim = await loadClaim(tx, member, claimId);
    await assertOpen(tx, member, claim.documentId);
    if (!claim.dismissedAt) throw new AppError("CONFLICT", "This claim is not dismissed.", undefined, { current: claimDto(claim) });
    const version = await bumpVersion(tx, member, claimId, input.expectedVersion, { dismissedAt: null });
    await tx.claimEvent.create({ data: event(claimId, member, "RESTORED", version) });
    return claimDto(await loadClaim(tx, member, claimId));
  });
}

/** A split or merge part keeps its source claim's attribution, as set by the detector or a reviewer. */
function attributionOf(c: { speaker: string | null; cue: string | null; speakerStart: number | null; speakerEnd: number | null; cueStart: number | null; cueEnd: number | null; quoted: boolean; attributionBy: AttributionBy }) {
  const { speaker, cue, speakerStart, speakerEnd, cueStart, cueEnd, quoted, attributionBy } = c;
  return { speaker, cue, speakerStart, speakerEnd, cueStart, cueEnd, quoted, attributionBy };
}

const NEAR = 400; // UTF-16 units around the claim searched for a reviewer's speaker or cue

/** Where a reviewer's speaker or cue text occurs in or nearest around the claim, in code points; null when not near. */
export function locateNear(index: TextIndex, claim: { start: number; end: number }, needle: string | null) {
  if (!needle) return null;
  const text = index.text;
  const from = index.toUtf16(claim.start);
  const to = index.toUtf16(claim.end);
  const lo = Math.max(0, from - NEAR);
  const window = text.slice(lo, Math.min(text.length, to + NEAR)).toLowerCase();
  const want = needle.toLowerCase();
  let best: number | null = null;
  const distance = (at: number) => (at >= from && at + want.length <= to ? 0 : Math.min(Math.abs(at - from), Math.abs(at + want.length - to)));
  for (let i = window.indexOf(want); i !== -1; i = window.indexOf(want, i + 1)) {
    const at = lo + i;
    if (best === null || distance(at) < distance(best)) best = at;
  }
  if (best === null) return null;
  try {
    return { start: index.toCodePoint(best), end: index.toCodePoint(best + want.length) };
  } catch {
    return null; // a match that splits an emoji is no anchor
  }
}

/** Only candidates nobody has judged yet can be split or merged: a verdict belongs to its exact span. */
function requireOpenCandidate(claim: { id: number; status: string; dismissedAt: Date | null }, verb: string) {
  if (claim.dismissedAt) throw new AppError("CONFLICT", `Claim #${claim.id} is dismissed; restore it before you ${verb} it.`);
  if (claim.status !== "UNREVIEWED")
    throw new AppError("CONFLICT", `Claim #${claim.id} already has a verdict, so it cannot be ${verb === "split" ? "split" : "merged"}. Add a new claim by selecting the text instead.`);
}

/** Splits a candidate at a code-point offset into two new claims; the original is dismissed, with the split in its history. */
export async function splitClaim(member: Member, claimId: number, input: { at: number; expectedVersion: number }) {
  const models = await modelsForTeam(member.teamId); // read before the transaction holds its locks
  return db.$transaction(async (tx) => {
    const claim = await loadClaim(tx, member, claimId);
    await assertOpen(tx, member, claim.documentId);
    requireOpenCandidate(claim, "split");
    if (input.at <= claim.start || input.at >= claim.end)
      throw invalid({ at: `Split inside the claim: pick a position between ${claim.start + 1} and ${claim.end - 1}.` });
    const index = await documentIndex(tx, member, claim.documentId);
    const left = spanOrThrow(index, claim.start, input.at, { start: "at", end: "at" });
    const right = spanOrThrow(index, input.at, claim.end, { start: "at", end: "at" });
    await lockDocumentClaims(tx, claim.documentId);
    await requireSpanFree(tx, member, claim.documentId, left);
    await requireSpanFree(tx, member, claim.documentId, right);
    const version = await bumpVersion(tx, member, claimId, input.expectedVersion, { dismissedAt: new Date() });
    const parts = [];
    for (const span of [left, right]) {
      const anchor = index.anchor(span.start, span.end);
      const part = await tx.claim.create({
        data: { teamId: member.teamId, documentId: claim.documentId, ...anchor, ...assistData(assistAnchor(index, anchor, models)), ...attributionOf(claim), origin: "SPLIT" },
      });
      await tx.claimEvent.create({ data: event(part.id, member, "CREATED", 1, undefined, { origin: "SPLIT", from: claimId }) });
      parts.push(part.id);
    }
    await tx.claimEvent.create({ data: event(claimId, member, "SPLIT", version, undefined, { into: parts, at: input.at }) });
    return {
      dismissed: claimDto(await loadClaim(tx, member, claimId)),
      created: await Promise.all(parts.map(async (id) => claimDto(await loadClaim(tx, member, id)))),
    };
  });
}

/** Merges a candidate with another of the same document into one claim covering both. */
export async function mergeClaims(member: Member, claimId: number, input: { withClaimId: number; expectedVersion: number }) {
  const models = await modelsForTeam(member.teamId); // read before the transaction holds its locks
  return db.$transaction(async (tx) => {
    const a = await loadClaim(tx, member, claimId);
    await assertOpen(tx, member, a.documentId);
    const b = await tx.claim.findFirst({ where: { id: input.withClaimId, teamId: member.teamId, documentId: a.documentId } });
    if (!b) throw invalid({ withClaimId: "Merge needs another claim of the same document." });
    if (b.id === a.id) throw invalid({ withClaimId: "A claim cannot be merged with itself." });
    requireOpenCandidate(a, "merge");
    requireOpenCandidate(b, "merge");
    const index = await documentIndex(tx, member, a.documentId);
    const span = spanOrThrow(index, Math.min(a.start, b.start), Math.max(a.end, b.end));
    await lockDocumentClaims(tx, a.documentId);
    await requireSpanFree(tx, member, a.documentId, span);
    const version = await bumpVersion(tx, member, a.id, input.expectedVersion, { dismissedAt: new Date() });
    const { count } = await tx.claim.updateMany({
      where: { id: b.id, teamId: member.teamId, version: b.version },
      data: { dismissedAt: new Date(), version: { increment: 1 } },
    });
    if (count === 0) throw await conflict(tx, member, b.id, STALE);
    const anchor = index.anchor(span.start, span.end);
    const merged = await tx.claim.create({
      data: {
        teamId: member.teamId,
        documentId: a.documentId,
        ...anchor,
        ...assistData(assistAnchor(index, anchor, models)),
        ...attributionOf(a.speaker || a.cue || a.quoted ? a : b),
        origin: "MERGE",
      },
    });
    await tx.claimEvent.createMany({
      data: [
        event(merged.id, member, "CREATED", 1, undefined, { origin: "MERGE", from: [a.id, b.id] }),
        event(a.id, member, "MERGED", version, undefined, { into: merged.id }),
        event(b.id, member, "MERGED", b.version + 1, undefined, { into: merged.id }),
      ],
    });
    return {
      dismissed: [claimDto(await loadClaim(tx, member, a.id)), claimDto(await loadClaim(tx, member, b.id))],
      created: claimDto(await loadClaim(tx, member, merged.id)),
    };
  });
}

export type HistoryEntry =
  | ({ kind: "VERDICT"; at: string; actor: { id: number; name: string } } & ReturnType<typeof verdictDto>)
  | { kind: ClaimEventKind | "FOUND"; id: number | null; version: number; at: string; actor: { id: number; name: string } | null; reason: string | null; data: Prisma.JsonValue };

/**
 * A reviewer says a hint of `task` was wrong (`wrong: true`), or takes that back: the opposite of
 * what the hint showed is stored in the claim's hintLabels, a label for the team's next model.
 * A suggestion, not an edit: the claim's version does not change; the event records who and when.
 */
export async function markHint(member: Member, claimId: number, input: { task: HintTask; wrong: boolean }) {
  return db.$transaction(async (tx) => {
    const claim = await loadClaim(tx, member, claimId);
    await assertOpen(tx, member, claim.documentId); // a blind second reviewer's answers would come back with the first verdict
    const shown = input.task === "subjectivity" ? claim.subjectivity : claim.checkworthiness;
    if (shown === null) throw new AppError("CONFLICT", "This claim's hints are still being computed; try again in a moment.");
    const hinted = input.task === "subjectivity" ? isSubjective(shown) : isCheckworthy(shown);
    if (input.task === "subjectivity" && !hinted && input.wrong)
      throw invalid({ task: "This claim has no opinion hint to mark wrong. Choose the Opinion verdict (3) if it is one." });
    // One statement, so two reviewers marking at once cannot lose either answer.
    const key = input.task;
    if (input.wrong)
      await tx.$executeRaw`UPDATE "Claim" SET "hintLabels" = "hintLabels" || jsonb_build_object(${key}::text, ${!hinted}::boolean) WHERE id = ${claimId} AND "teamId" = ${member.teamId}`;
    else await tx.$executeRaw`UPDATE "Claim" SET "hintLabels" = "hintLabels" - ${key}::text WHERE id = ${claimId} AND "teamId" = ${member.teamId}`;
    await tx.claimEvent.create({
      data: event(claimId, member, "HINT", claim.version, undefined, { task: key, positive: input.wrong ? !hinted : null, shown: Math.round(shown * 1000) / 1000 }),
    });
    return claimDto(await loadClaim(tx, member, claimId));
  });
}

/** Every change to a claim, oldest first: verdicts and other events, each with who, when and why. */
export async function claimHistory(member: Member, claimId: number) {
  const claim = await db.claim.findFirst({ where: { id: claimId, teamId: member.teamId }, include: claimInclude });
  if (!claim) throw notFound(CLAIM);
  if (await blindReviewOf(member, claim.documentId)) throw blindRefusal("this claim's history");
  const [verdicts, events] = await Promise.all([
    db.verdict.findMany({ where: { claimId, teamId: member.teamId }, include: verdictInclude }),
    db.claimEvent.findMany({ where: { claimId }, include: { actor: { select: { id: true, name: true } } }, orderBy: { id: "asc" } }),
  ]);
  // Every change bumps the claim's version, so the version orders the history (a HINT event keeps
  // the version it was given at, and sorts after what made that version).
  const entries: HistoryEntry[] = [];
  if (!events.some((e) => e.kind === "CREATED"))
    entries.push({ kind: "FOUND", id: null, version: 1, at: claim.createdAt.toISOString(), actor: null, reason: null, data: { origin: claim.origin } });
  for (const v of verdicts) entries.push({ kind: "VERDICT", ...verdictDto(v), at: v.createdAt.toISOString(), actor: v.reviewer });
  for (const e of events)
    entries.push({ kind: e.kind, id: e.id, version: e.version, at: e.createdAt.toISOString(), actor: e.actor, reason: e.reason, data: e.data });
  entries.sort((x, y) => x.version - y.version); // stable: FOUND (version 1) stays first
  return { claim: claimDto(claim), history: entries };
}
