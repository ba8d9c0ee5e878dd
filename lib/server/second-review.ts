import "server-only";
import { randomInt } from "node:crypto";
import { Prisma, type SecondReviewState, type VerdictLabel } from "@prisma/client";
import { verdictProblems } from "@/lib/domain/verdicts";
import type { AdjudicationInput, SecondReviewCreate, SecondVerdictPut } from "@/lib/schemas/second-review";
import { assertOpen } from "./approval";
import { audit } from "./audit";
import { sourcesInput, writeVerdict } from "./claims";
import { db, type Tx } from "./db";
import { recordDocumentEvent } from "./document-events";
import { verdictDto, verdictInclude, type ClaimDto, type Progress } from "./dto";
import { AppError, fieldsFromIssues, invalid, notFound } from "./errors";
import { notify, quoteShort } from "./notifications";
import type { Member } from "./session";

// Blind second review (issue 12, docs/decisions/0022-blind-second-review.md). An editor asks a
// second reviewer to judge a document's judged claims (or a random N % of them) again, without
// seeing the first verdicts; once they submit, the two are compared, and each disagreement waits
// in the adjudication queue until an editor keeps one, takes the other or writes their own.
//
// Blindness is one rule applied by every read: while a review is OPEN, its reviewer is "blind" on
// its document (blindDocumentIds). Reads mask or leave out that document's verdicts for them, and
// every claim write on it is refused (assertOpen), so their own verdicts go to the second review.
// Nobody but its reviewer sees a second review's verdicts before it is submitted.

const REVIEW = "The second review";
const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

export type SecondSource = { url: string; title: string | null; publisher: string | null; quote: string | null; accessedAt: string | null };
export type SecondVerdictDto = {
  claimId: number;
  label: VerdictLabel;
  rationale: string | null;
  sources: SecondSource[];
  updatedAt: string;
  /** After submission: the first verdict's label, and whether the two agree. */
  firstLabel: VerdictLabel | null;
  agrees: boolean | null;
  adjudication: { choice: AdjudicationChoice; by: string | null; at: string; reason: string | null } | null;
};
export type AdjudicationChoice = "FIRST" | "SECOND" | "OWN";

export type SecondReviewDto = {
  id: number;
  documentId: number;
  state: SecondReviewState;
  reviewer: { userId: number; name: string };
  requestedBy: string | null;
  percent: number;
  claimIds: number[];
  dueOn: string | null;
  note: string | null;
  createdAt: string;
  submittedAt: string | null;
  closedAt: string | null;
  /** How many sampled claims the second reviewer has judged; disagreements once submitted. */
  progress: { claims: number; judged: number; disagreements: number | null; adjudicated: number | null };
  /** The second verdicts: for their reviewer always, for everyone else only once submitted. */
  verdicts: SecondVerdictDto[] | null;
};

const reviewSelect = {
  id: true,
  documentId: true,
  reviewerId: true,
  requestedById: true,
  percent: true,
  claimIds: true,
  state: true,
  dueOn: true,
  note: true,
  createdAt: true,
  submittedAt: true,
  closedAt: true,
  verdicts: { orderBy: { claimId: "asc" } },
} satisfies Prisma.SecondReviewSelect;
type ReviewRow = Prisma.SecondReviewGetPayload<{ select: typeof reviewSelect }>;
type SecondVerdictRow = ReviewRow["verdicts"][number];

const sourcesOf = (json: Prisma.JsonValue) => (Array.isArray(json) ? (json as SecondSource[]) : []);

async function names(ids: (number | null)[]) {
  const want = [...new Set(ids.filter((x): x is number => x !== null))];
  const users = want.length ? await db.user.findMany({ where: { id: { in: want } }, select: { id: true, name: true } }) : [];
  return new Map(users.map((u) => [u.id, u.name]));
}

async function firstLabels(rows: SecondVerdictRow[]) {
  const ids = rows.flatMap((r) => (r.firstVerdictId === null ? [] : [r.firstVerdictId]));
  const found = ids.length ? await db.verdict.findMany({ where: { id: { in: ids } }, select: { id: true, label: true } }) : [];
  return new Map(found.map((v) => [v.id, v.label]));
}

/** `blindOn`: documents the viewer is blind on now; even earlier, submitted reviews of them show no verdicts. */
async function dtos(member: Member, rows: ReviewRow[], blindOn: readonly number[] = []): Promise<SecondReviewDto[]> {
  const all = rows.flatMap((r) => r.verdicts);
  const [who, labels] = await Promise.all([
    names([...rows.flatMap((r) => [r.reviewerId, r.requestedById]), ...all.map((v) => v.adjudicatedById)]),
    firstLabels(all),
  ]);
  return rows.map((r) => {
    const submitted = r.submittedAt !== null;
    const visible = r.reviewerId === member.userId ? true : submitted && r.state !== "CANCELLED" && !blindOn.includes(r.documentId);
    const verdicts = r.verdicts.map((v): SecondVerdictDto => {
      const firstLabel = v.firstVerdictId === null ? null : (labels.get(v.firstVerdictId) ?? null);
      return {
        claimId: v.claimId,
        label: v.label,
        rationale: v.rationale,
        sources: sourcesOf(v.sources),
        updatedAt: v.updatedAt.toISOString(),
        firstLabel,
        agrees: firstLabel === null ? null : firstLabel === v.label,
        adjudication: v.adjudication && v.adjudicatedAt ? { choice: v.adjudication as AdjudicationChoice, by: who.get(v.adjudicatedById ?? -1) ?? null, at: v.adjudicatedAt.toISOString(), reason: v.adjudicationReason } : null,
      };
    });
    const disagreeing = verdicts.filter((v) => v.agrees === false);
    return {
      id: r.id,
      documentId: r.documentId,
      state: r.state,
      reviewer: { userId: r.reviewerId, name: who.get(r.reviewerId) ?? "a former member" },
      requestedBy: r.requestedById === null ? null : (who.get(r.requestedById) ?? null),
      percent: r.percent,
      claimIds: r.claimIds,
      dueOn: day(r.dueOn),
      note: r.note,
      createdAt: r.createdAt.toISOString(),
      submittedAt: r.submittedAt?.toISOString() ?? null,
      closedAt: r.closedAt?.toISOString() ?? null,
      progress: {
        claims: r.claimIds.length,
        judged: r.verdicts.length,
        disagreements: submitted ? disagreeing.length : null,
        adjudicated: submitted ? disagreeing.filter((v) => v.adjudication).length : null,
      },
      verdicts: visible ? verdicts : null,
    };
  });
}

/**
 * The documents on which the member is a blind second reviewer right now (an OPEN review of theirs).
 * Outside a transaction, what the session check read with the membership (lib/server/session.ts,
 * the same request): no query of its own.
 */
export async function blindDocumentIds(member: Pick<Member, "teamId" | "userId" | "blindOn">, tx?: Tx): Promise<number[]> {
  if (!tx && member.blindOn) return [...member.blindOn];
  const rows = await (tx ?? db).secondReview.findMany({ where: { teamId: member.teamId, reviewerId: member.userId, state: "OPEN" }, select: { documentId: true } });
  return rows.map((r) => r.documentId);
}

/** The member's OPEN review of this document, if they are its blind second reviewer. */
export async function blindReviewOf(member: Pick<Member, "teamId" | "userId">, documentId: number, tx: Tx = db) {
  return tx.secondReview.findFirst({ where: { teamId: member.teamId, reviewerId: member.userId, documentId, state: "OPEN" }, select: { id: true } });
}

/** A document's progress as its blind second reviewer sees it: how many claims, none judged. */
export function maskProgress(p: Progress): Progress {
  return { total: p.total, reviewed: 0, counts: { UNREVIEWED: p.total, SOURCED: 0, DISPUTED: 0, OPINION: 0 } };
}

/** A claim as the blind second reviewer sees it: no status, verdict, sign-off or hint answers of anyone. */
function maskClaim(c: ClaimDto): ClaimDto {
  return { ...c, status: "UNREVIEWED", verdict: null, signoff: null, hints: c.hints ? { ...c.hints, wrong: [] } : null };
}

/**
 * For the document's blind second reviewer: how to mask its claims, and their own open review (with
 * their verdicts so far); null for everyone else.
 */
export async function blindView(member: Member, documentId: number) {
  const row = await db.secondReview.findFirst({ where: { teamId: member.teamId, reviewerId: member.userId, documentId, state: "OPEN" }, select: reviewSelect });
  if (!row) return null;
  const [review] = await dtos(member, [row]);
  return { mask: maskClaim, review: review! };
}

/** 403 for a blind second reviewer asking for what would show them the first verdicts. */
export const blindRefusal = (what: string) =>
  new AppError("FORBIDDEN", `You are this document's blind second reviewer: ${what} opens once you submit your second review.`, undefined, { blind: true });

/** Refuses a read of the document's verdicts (report, export, a claim's history) to its blind second reviewer. */
export async function refuseIfBlind(member: Member, documentId: number, what: string) {
  if (await blindReviewOf(member, documentId)) throw blindRefusal(what);
}

/** The review row, in the member's team, or 404. */
async function loadReview(tx: Tx, member: Member, id: number, lock = false) {
  if (lock) await tx.$queryRaw`SELECT id FROM "SecondReview" WHERE id = ${id} AND "teamId" = ${member.teamId} FOR UPDATE`;
  const review = await tx.secondReview.findFirst({ where: { id, teamId: member.teamId }, select: reviewSelect });
  if (!review) throw notFound(REVIEW);
  return review;
}

async function oneDto(member: Member, id: number) {
  const [dto] = await dtos(member, [await loadReview(db, member, id)]);
  return dto!;
}

/** Every second review of the document, newest first (another team's document: 404). */
export async function documentSecondReviews(member: Member, documentId: number): Promise<SecondReviewDto[]> {
  const doc = await db.document.findFirst({ where: { id: documentId, teamId: member.teamId }, select: { id: true } });
  if (!doc) throw notFound("The document");
  const [rows, blind] = await Promise.all([
    db.secondReview.findMany({ where: { documentId, teamId: member.teamId }, select: reviewSelect, orderBy: { id: "desc" } }),
    blindReviewOf(member, documentId),
  ]);
  return dtos(member, rows, blind ? [documentId] : []);
}

/** A random sample of k of the items (Fisher–Yates with a cryptographic generator), in their order. */
function sample<T>(items: readonly T[], k: number): T[] {
  const idx = items.map((_, i) => i);
  for (let i = idx.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx
    .slice(0, k)
    .sort((a, b) => a - b)
    .map((i) => items[i]!);
}

/**
 * An editor asks a member for a blind second review of the document's judged claims, or of a random
 * `percent` of them (at least one). Claims the second reviewer judged themselves are left out: a
 * second opinion must come from someone else.
 */
export async function requestSecondReview(member: Member, documentId: number, input: SecondReviewCreate): Promise<SecondReviewDto> {
  const id = await db.$transaction(async (tx) => {
    await assertOpen(tx, member, documentId);
    const [doc, reviewer] = await Promise.all([
      tx.document.findFirst({ where: { id: documentId, teamId: member.teamId }, select: { title: true } }),
      tx.membership.findFirst({ where: { teamId: member.teamId, userId: input.reviewerId }, select: { user: { select: { name: true } } } }),
    ]);
    if (!doc) throw notFound("The document");
    if (!reviewer) throw invalid({ reviewerId: `No member of this team has the user id ${input.reviewerId}. Pick the second reviewer from the team's member list.` });
    const judged = await tx.claim.findMany({
      where: { documentId, teamId: member.teamId, dismissedAt: null, status: { not: "UNREVIEWED" } },
      select: { id: true, reviewerId: true },
      orderBy: [{ start: "asc" }, { id: "asc" }],
    });
    const eligible = judged.filter((c) => c.reviewerId !== input.reviewerId);
    if (!eligible.length)
      throw new AppError(
        "CONFLICT",
        judged.length
          ? `${reviewer.user.name} judged every judged claim of this document themselves: a second review needs someone who did not. Pick another reviewer.`
          : "No claim of this document has a verdict yet: a second review compares two verdicts. Record the first verdicts, then ask for a second review.",
      );
    const percent = input.percent ?? 100;
    const claimIds = sample(
      eligible.map((c) => c.id),
      Math.max(1, Math.round((eligible.length * percent) / 100)),
    );
    const review = await tx.secondReview
      .create({
        data: {
          teamId: member.teamId,
          documentId,
          reviewerId: input.reviewerId,
          requestedById: member.userId,
          percent,
          claimIds,
          dueOn: input.dueOn ? new Date(`${input.dueOn}T00:00:00Z`) : null,
          note: input.note ?? null,
        },
        select: { id: true },
      })
      .catch((e: unknown) => {
        if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002")
          throw new AppError("CONFLICT", "This document already has a second review in progress. Wait until it is submitted and adjudicated, or cancel it, before asking for another.");
        throw e;
      });
    const data = { reviewId: review.id, reviewerId: input.reviewerId, reviewer: reviewer.user.name, percent, claims: claimIds.length };
    await recordDocumentEvent(tx, member, documentId, "SECOND_REVIEW_REQUESTED", { data, reason: input.note ?? null });
    await audit({ teamId: member.teamId, actorId: member.userId, action: "second_review.request", targetType: "document", targetId: documentId, ip: member.ip, data }, tx);
    const due = input.dueOn ? `, due ${input.dueOn}` : "";
    await notify(tx, member.userId, [
      {
        teamId: member.teamId,
        userId: input.reviewerId,
        kind: "ASSIGNED",
        documentId,
        text: `${member.name} asked you for a blind second review of ${claimIds.length} claim(s) of ${quoteShort(doc.title)}${due}${input.note ? `: ${input.note}` : "."}`,
      },
    ]);
    return review.id;
  });
  return oneDto(member, id);
}

/** Only the second reviewer writes into their open review. */
function requireOwnOpen(member: Member, review: ReviewRow) {
  if (review.reviewerId !== member.userId) throw new AppError("FORBIDDEN", "Only the second reviewer it was asked of can record verdicts in this second review.");
  if (review.state !== "OPEN") throw new AppError("CONFLICT", `This second review is ${review.state === "CANCELLED" ? "cancelled" : "already submitted"}: its verdicts can no longer change.`);
}

/** The second reviewer records (or changes) their verdict on one sampled claim; nobody else sees it yet. */
export async function saveSecondVerdict(member: Member, reviewId: number, claimId: number, input: SecondVerdictPut): Promise<SecondVerdictDto> {
  return db.$transaction(async (tx) => {
    const review = await loadReview(tx, member, reviewId, true);
    requireOwnOpen(member, review);
    if (!review.claimIds.includes(claimId)) throw notFound("The claim (in this second review's sample)");
    const problems = verdictProblems(input, { replacesVerdict: false });
    if (problems.length) throw invalid(fieldsFromIssues(problems));
    const sources: SecondSource[] = input.sources.map((src) => ({ url: src.url, title: src.title ?? null, publisher: src.publisher ?? null, quote: src.quote ?? null, accessedAt: src.accessedAt ?? null }));
    const data = { label: input.label, rationale: input.rationale ?? null, sources };
    const row = await tx.secondVerdict.upsert({ where: { reviewId_claimId: { reviewId, claimId } }, create: { reviewId, claimId, ...data }, update: data });
    return { claimId, label: row.label, rationale: row.rationale, sources: sourcesOf(row.sources), updatedAt: row.updatedAt.toISOString(), firstLabel: null, agrees: null, adjudication: null };
  });
}

/**
 * The second reviewer submits: every sampled claim needs their verdict. Each is paired with the
 * claim's current (first) verdict; if any labels differ the review waits for adjudication.
 */
export async function submitSecondReview(member: Member, reviewId: number): Promise<SecondReviewDto> {
  await db.$transaction(async (tx) => {
    const review = await loadReview(tx, member, reviewId, true);
    requireOwnOpen(member, review);
    const missing = review.claimIds.filter((id) => !review.verdicts.some((v) => v.claimId === id));
    if (missing.length)
      throw new AppError("CONFLICT", `${missing.length} of the ${review.claimIds.length} claims still need your verdict (claim ${missing.slice(0, 5).map((id) => `#${id}`).join(", ")}${missing.length > 5 ? ", …" : ""}). Judge every claim, then submit.`, undefined, { missing });
    const current = await tx.$queryRaw<{ claimId: number; verdictId: number; label: VerdictLabel }[]>`
      SELECT DISTINCT ON (v."claimId") v."claimId", v.id AS "verdictId", v.label
      FROM "Verdict" v WHERE v."teamId" = ${member.teamId} AND v."claimId" = ANY(${review.claimIds}::int[])
      ORDER BY v."claimId", v.version DESC`;
    const first = new Map(current.map((c) => [c.claimId, c]));
    let disagreements = 0;
    for (const v of review.verdicts) {
      const f = first.get(v.claimId);
      if (f && f.label !== v.label) disagreements++;
      await tx.secondVerdict.update({ where: { id: v.id }, data: { firstVerdictId: f?.verdictId ?? null } });
    }
    const now = new Date();
    const state = disagreements ? "ADJUDICATION" : "DONE";
    await tx.secondReview.update({ where: { id: reviewId }, data: { state, submittedAt: now, closedAt: disagreements ? null : now } });
    const data = { reviewId, reviewerId: member.userId, reviewer: member.name, claims: review.claimIds.length, disagreements };
    await recordDocumentEvent(tx, member, review.documentId, "SECOND_REVIEW_SUBMITTED", { data });
    await audit({ teamId: member.teamId, actorId: member.userId, action: "second_review.submit", targetType: "document", targetId: review.documentId, ip: member.ip, data }, tx);
    if (review.requestedById !== null && (await tx.membership.findFirst({ where: { teamId: member.teamId, userId: review.requestedById }, select: { id: true } }))) {
      const doc = await tx.document.findFirstOrThrow({ where: { id: review.documentId, teamId: member.teamId }, select: { title: true } });
      await notify(tx, member.userId, [
        {
          teamId: member.teamId,
          userId: review.requestedById,
          kind: "ASSIGNED",
          documentId: review.documentId,
          text: `${member.name} submitted the second review of ${quoteShort(doc.title)}: ${disagreements ? `${disagreements} disagreement(s) wait in the adjudication queue.` : "every verdict agrees."}`,
        },
      ]);
    }
  });
  return oneDto(member, reviewId);
}

/** An editor withdraws an open second review, with a reason; its verdicts are never shown. */
export async function cancelSecondReview(member: Member, reviewId: number, input: { reason?: string }): Promise<SecondReviewDto> {
  const reason = input.reason?.trim();
  if (!reason) throw invalid({ reason: "Say why the second review is cancelled: the reason is kept in the document's history." });
  await db.$transaction(async (tx) => {
    const review = await loadReview(tx, member, reviewId, true);
    if (review.state !== "OPEN") throw new AppError("CONFLICT", "Only a second review still in progress (not yet submitted) can be cancelled.");
    await tx.secondReview.update({ where: { id: reviewId }, data: { state: "CANCELLED", closedAt: new Date() } });
    const data = { reviewId, reviewerId: review.reviewerId };
    await recordDocumentEvent(tx, member, review.documentId, "SECOND_REVIEW_CANCELLED", { data, reason });
    await audit({ teamId: member.teamId, actorId: member.userId, action: "second_review.cancel", targetType: "document", targetId: review.documentId, ip: member.ip, data: { ...data, reason } }, tx);
  });
  return oneDto(member, reviewId);
}

/** One disagreement waiting for an editor: the claim, both verdicts side by side. */
export type AdjudicationItem = {
  reviewId: number;
  document: { id: number; title: string };
  claim: { id: number; exact: string; version: number; speaker: string | null };
  first: ReturnType<typeof verdictDto> | null;
  /** The claim's verdict now, when it changed after the second review was submitted. */
  changedSince: boolean;
  second: SecondVerdictDto & { reviewer: { userId: number; name: string } };
  submittedAt: string;
};

/** Every disagreement not yet adjudicated, oldest submission first (editors). */
export async function adjudicationQueue(member: Member, documentId?: number): Promise<AdjudicationItem[]> {
  const reviews = await db.secondReview.findMany({
    where: { teamId: member.teamId, state: "ADJUDICATION", ...(documentId ? { documentId } : {}) },
    select: { ...reviewSelect, document: { select: { id: true, title: true } } },
    orderBy: [{ submittedAt: "asc" }, { id: "asc" }],
    take: 500,
  });
  const [reviewDtos, firsts, claims] = await Promise.all([
    dtos(member, reviews),
    db.verdict.findMany({ where: { teamId: member.teamId, id: { in: reviews.flatMap((r) => r.verdicts.flatMap((v) => (v.firstVerdictId ? [v.firstVerdictId] : []))) } }, include: verdictInclude }),
    db.claim.findMany({ where: { teamId: member.teamId, id: { in: reviews.flatMap((r) => r.verdicts.map((v) => v.claimId)) } }, select: { id: true, exact: true, version: true, speaker: true, verdicts: { orderBy: { version: "desc" }, take: 1, select: { id: true } } } }),
  ]);
  const firstById = new Map(firsts.map((v) => [v.id, v]));
  const claimById = new Map(claims.map((c) => [c.id, c]));
  const items: AdjudicationItem[] = [];
  reviews.forEach((r, i) => {
    const dto = reviewDtos[i]!;
    for (const v of r.verdicts) {
      const second = dto.verdicts!.find((s) => s.claimId === v.claimId)!;
      const claim = claimById.get(v.claimId);
      if (second.agrees !== false || second.adjudication || !claim) continue;
      const first = v.firstVerdictId ? firstById.get(v.firstVerdictId) : undefined;
      items.push({
        reviewId: r.id,
        document: r.document,
        claim: { id: claim.id, exact: claim.exact, version: claim.version, speaker: claim.speaker },
        first: first ? verdictDto(first) : null,
        changedSince: claim.verdicts[0]?.id !== v.firstVerdictId,
        second: { ...second, reviewer: dto.reviewer },
        submittedAt: dto.submittedAt!,
      });
    }
  });
  return items;
}

const CHOICE_WORDS: Record<AdjudicationChoice, string> = { FIRST: "kept the first verdict", SECOND: "took the second reviewer's verdict", OWN: "wrote a new verdict" };

/**
 * An editor settles one disagreement: keeps the first verdict, takes the second or writes their
 * own, with a reason. The final verdict is a new verdict on the claim (history only grows) whose
 * reason says it was adjudicated; when the last disagreement is settled, the review is DONE.
 */
export async function adjudicate(member: Member, reviewId: number, claimId: number, input: AdjudicationInput) {
  return db.$transaction(async (tx) => {
    const review = await loadReview(tx, member, reviewId, true);
    if (review.state !== "ADJUDICATION") throw new AppError("CONFLICT", review.state === "OPEN" ? "This second review is not submitted yet: there is nothing to adjudicate." : "This second review has no disagreement left to adjudicate.");
    const second = review.verdicts.find((v) => v.claimId === claimId);
    if (!second) throw notFound("The claim (in this second review)");
    if (second.adjudicatedAt) throw new AppError("CONFLICT", "This disagreement is already adjudicated; change the claim's verdict on its review page if it must change again.");
    const first = second.firstVerdictId ? await tx.verdict.findFirst({ where: { id: second.firstVerdictId, teamId: member.teamId }, include: verdictInclude }) : null;
    if (!first || first.label === second.label) throw new AppError("CONFLICT", "The two verdicts on this claim agree: there is nothing to adjudicate.");
    const verdict =
      input.choice === "FIRST"
        ? { label: first.label, rationale: first.rationale ?? undefined, sources: sourcesInput(first.sources) }
        : input.choice === "SECOND"
          ? { label: second.label, rationale: second.rationale ?? undefined, sources: sourcesOf(second.sources).map((s) => ({ url: s.url, title: s.title ?? undefined, publisher: s.publisher ?? undefined, quote: s.quote ?? undefined, accessedAt: s.accessedAt ?? undefined })) }
          : { label: input.label!, rationale: input.rationale, sources: input.sources ?? [] };
    const claim = await writeVerdict(tx, member, claimId, { ...verdict, reason: `Adjudicated (${CHOICE_WORDS[input.choice]}): ${input.reason}`, expectedVersion: input.expectedVersion });
    const now = new Date();
    await tx.secondVerdict.update({
      where: { id: second.id },
      data: { adjudication: input.choice, adjudicatedById: member.userId, adjudicatedAt: now, adjudicationReason: input.reason, finalVerdictId: claim.verdict?.id ?? null },
    });
    const labels = await tx.verdict.findMany({ where: { id: { in: review.verdicts.flatMap((v) => (v.firstVerdictId ? [v.firstVerdictId] : [])) } }, select: { id: true, label: true } });
    const firstLabel = new Map(labels.map((l) => [l.id, l.label]));
    const open = review.verdicts.filter((v) => v.id !== second.id && !v.adjudicatedAt && v.firstVerdictId !== null && firstLabel.get(v.firstVerdictId) !== v.label);
    if (!open.length) await tx.secondReview.update({ where: { id: reviewId }, data: { state: "DONE", closedAt: now } });
    // The document's history says which way it went, not the labels (they are in the claim's history).
    await recordDocumentEvent(tx, member, review.documentId, "ADJUDICATED", { data: { reviewId, claimId, choice: input.choice }, reason: input.reason });
    const data = { reviewId, choice: input.choice, first: first.label, second: second.label, final: claim.status };
    await audit({ teamId: member.teamId, actorId: member.userId, action: "verdict.adjudicate", targetType: "claim", targetId: claimId, ip: member.ip, data }, tx);
    return { claim, remaining: open.length };
  });
}

/** The second reviews asked of the member that are still open: their queue's blind-review rows. */
export async function mySecondReviews(member: Member) {
  const rows = await db.secondReview.findMany({
    where: { teamId: member.teamId, reviewerId: member.userId, state: "OPEN" },
    select: { ...reviewSelect, document: { select: { id: true, title: true } } },
    orderBy: [{ dueOn: { sort: "asc", nulls: "last" } }, { id: "asc" }],
  });
  const list = await dtos(member, rows);
  return list.map((r, i) => ({ ...r, document: rows[i]!.document }));
}
