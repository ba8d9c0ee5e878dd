import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import type { ClaimEventKind, ClaimStatus, Prisma, VerdictLabel } from "@prisma/client";
import { can } from "@/lib/domain/permissions";
import { audit } from "./audit";
import { db } from "./db";
import { AppError, notFound } from "./errors";
import { refuseIfBlind } from "./second-review";
import type { Member } from "./session";

// The article report (docs/decisions/0007-report-and-pdf.md): everything a reader needs to see what
// was checked and on what evidence, assembled in a fixed number of queries whatever the claim count.

export type ReportOptions = {
  /** List claims nobody has judged yet (they are always counted in the summary). */
  unreviewed: boolean;
  /** Show each claim's change history with its reasons. */
  history: boolean;
  /** Show who recorded verdicts; when false, no reviewer's name appears anywhere in the report. */
  reviewers: boolean;
};

export const DEFAULT_REPORT_OPTIONS: ReportOptions = { unreviewed: true, history: true, reviewers: true };
const OPTION_KEYS = ["unreviewed", "history", "reviewers"] as const;

type RawQuery = URLSearchParams | Record<string, string | string[] | undefined>;

/**
 * Options from a query string: "0" or "1"; anything else keeps the default. The last value wins,
 * so a form can send a hidden "0" before its checkbox's "1" and work without JavaScript.
 */
export function parseReportOptions(raw: RawQuery): ReportOptions {
  const values = (key: string): string[] => {
    if (raw instanceof URLSearchParams) return raw.getAll(key);
    const v = raw[key];
    return v === undefined ? [] : Array.isArray(v) ? v : [v];
  };
  const options = { ...DEFAULT_REPORT_OPTIONS };
  for (const key of OPTION_KEYS) {
    const last = values(key).at(-1);
    if (last === "0") options[key] = false;
    else if (last === "1") options[key] = true;
  }
  return options;
}

/** The query string that asks for these options, every key spelled out so a link or PDF says what it holds. */
export function reportQuery(options: ReportOptions): string {
  return new URLSearchParams(OPTION_KEYS.map((k) => [k, options[k] ? "1" : "0"])).toString();
}

export type ReportSource = { url: string; title: string | null; publisher: string | null; quote: string | null; accessedAt: string | null };

export type ReportVerdict = {
  label: VerdictLabel;
  rationale: string | null;
  reason: string | null;
  version: number;
  at: string;
  /** null when the report leaves reviewer names out. */
  reviewer: string | null;
  sources: ReportSource[];
};

export type ReportHistoryEntry =
  | ({ kind: "VERDICT"; actor: string | null } & ReportVerdict)
  | { kind: ClaimEventKind | "FOUND"; version: number; at: string; actor: string | null; reason: string | null; data: Prisma.JsonValue };

export type ReportClaim = {
  /** Position in the report's list, from 1, in reading order. */
  number: number;
  id: number;
  start: number;
  end: number;
  exact: string;
  speaker: string | null;
  cue: string | null;
  /** Where the speaker and the cue are in the text (code points), when known. */
  speakerSpan: { start: number; end: number } | null;
  cueSpan: { start: number; end: number } | null;
  status: ClaimStatus;
  verdict: ReportVerdict | null;
  /** Oldest first; null when the report leaves history out. */
  history: ReportHistoryEntry[] | null;
};

export type ReportApprovalEvent = { kind: "APPROVED" | "REOPENED"; at: string; by: string | null; reason: string | null };

export type ReportSummary = {
  /** Claims in the document (dismissed ones are not claims). */
  total: number;
  reviewed: number;
  counts: Record<ClaimStatus, number>;
  /** Claims listed in this report (fewer than total when unreviewed ones are left out). */
  listed: number;
};

export type Report = {
  document: {
    id: number;
    title: string;
    sourceUrl: string | null;
    publisher: string | null;
    author: string | null;
    publishedAt: string | null;
    importedAt: string;
    text: string;
    length: number;
    /** An editor's approval of the whole document (who, when); null while it is not approved. */
    approval: { by: string | null; at: string } | null;
    /** Every approval and reopening of the document, oldest first (names null when the report leaves them out). */
    approvalHistory: ReportApprovalEvent[];
  };
  teamName: string;
  generatedAt: string;
  options: ReportOptions;
  /** Distinct names of everyone who recorded a verdict on a listed claim; null when names are left out. */
  reviewers: string[] | null;
  summary: ReportSummary;
  claims: ReportClaim[];
};

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

export const REPORT_FORBIDDEN = "Editors and admins export reports.";

/**
 * The report for one of the member's team's documents. Every query names the team; another
 * team's id is 404. Five round trips whatever the size: the document, its claims, all their
 * verdicts (with sources and reviewers, fetched by Prisma in batched IN queries), all events, and
 * the document's approvals and reopenings.
 */
export async function reportFor(member: Member, documentId: number, options: ReportOptions): Promise<Report> {
  if (!can(member, "report.export")) throw new AppError("FORBIDDEN", REPORT_FORBIDDEN);
  const teamId = member.teamId;
  const doc = await db.document.findFirst({
    where: { id: documentId, teamId },
    select: { id: true, title: true, sourceUrl: true, publisher: true, author: true, publishedAt: true, importedAt: true, text: true, length: true, approvedAt: true, approvedBy: true },
  });
  if (!doc) throw notFound("The document");
  await refuseIfBlind(member, documentId, "its report");

  const openClaims = { documentId, teamId, dismissedAt: null } satisfies Prisma.ClaimWhereInput;
  const [claims, verdicts, events, approvals] = await Promise.all([
    db.claim.findMany({
      where: openClaims,
      orderBy: [{ start: "asc" }, { end: "asc" }, { id: "asc" }],
      select: {
        id: true, start: true, end: true, exact: true, speaker: true, cue: true, speakerStart: true, speakerEnd: true, cueStart: true, cueEnd: true,
        status: true, version: true, origin: true, createdAt: true,
      },
    }),
    db.verdict.findMany({
      where: { teamId, claim: openClaims },
      orderBy: [{ claimId: "asc" }, { version: "asc" }],
      select: {
        claimId: true,
        label: true,
        rationale: true,
        reason: true,
        version: true,
        createdAt: true,
        reviewer: { select: { name: true } },
        sources: { orderBy: { position: "asc" }, select: { url: true, title: true, publisher: true, quote: true, accessedAt: true } },
      },
    }),
    options.history
      ? db.claimEvent.findMany({
          // "Wrong hint" answers are about our suggestions, not the claim: readers never see them.
          where: { claim: openClaims, kind: { not: "HINT" } },
          orderBy: [{ claimId: "asc" }, { version: "asc" }],
          select: { claimId: true, kind: true, data: true, reason: true, version: true, createdAt: true, actor: { select: { name: true } } },
        })
      : Promise.resolve([]),
    db.$queryRaw<{ kind: "APPROVED" | "REOPENED"; at: Date; by: string | null; reason: string | null }[]>`
      SELECT e.kind::text AS kind, e."createdAt" AS at, u.name AS by, e.reason
      FROM "DocumentEvent" e LEFT JOIN "User" u ON u.id = e."actorId"
      WHERE e."documentId" = ${documentId} AND e."teamId" = ${teamId} AND e.kind IN ('APPROVED', 'REOPENED')
      ORDER BY e.id`,
  ]);

  const name = (n: string) => (options.reviewers ? n : null);
  const verdictsOf = new Map<number, ReportVerdict[]>();
  const reviewerNames = new Set<string>();
  for (const v of verdicts) {
    const list = verdictsOf.get(v.claimId) ?? [];
    list.push({
      label: v.label,
      rationale: v.rationale,
      reason: v.reason,
      version: v.version,
      at: v.createdAt.toISOString(),
      reviewer: name(v.reviewer.name),
      sources: v.sources.map((s) => ({ url: s.url, title: s.title, publisher: s.publisher, quote: s.quote, accessedAt: day(s.accessedAt) })),
    });
    verdictsOf.set(v.claimId, list);
  }
  const eventsOf = new Map<number, typeof events>();
  for (const e of events) {
    const list = eventsOf.get(e.claimId) ?? [];
    list.push(e);
    eventsOf.set(e.claimId, list);
  }

  const summary: ReportSummary = { total: claims.length, reviewed: 0, counts: { UNREVIEWED: 0, SOURCED: 0, DISPUTED: 0, OPINION: 0 }, listed: 0 };
  const listed: ReportClaim[] = [];
  for (const c of claims) {
    summary.counts[c.status]++;
    if (c.status !== "UNREVIEWED") summary.reviewed++;
    if (c.status === "UNREVIEWED" && !options.unreviewed) continue;
    const own = verdictsOf.get(c.id) ?? [];
    for (const v of own) if (v.reviewer) reviewerNames.add(v.reviewer);
    listed.push({
      number: listed.length + 1,
      id: c.id,
      start: c.start,
      end: c.end,
      exact: c.exact,
      speaker: c.speaker,
      cue: c.cue,
      speakerSpan: spanOf(c.speakerStart, c.speakerEnd),
      cueSpan: spanOf(c.cueStart, c.cueEnd),
      status: c.status,
      // The newest verdict is the claim's status (decision 0004); a claim without one is unreviewed.
      verdict: c.status === "UNREVIEWED" ? null : (own.at(-1) ?? null),
      history: options.history ? historyOf(c, own, eventsOf.get(c.id) ?? [], name) : null,
    });
  }
  summary.listed = listed.length;

  return {
    document: {
      id: doc.id,
      title: doc.title,
      sourceUrl: doc.sourceUrl,
      publisher: doc.publisher,
      author: doc.author,
      publishedAt: day(doc.publishedAt),
      importedAt: doc.importedAt.toISOString(),
      text: doc.text,
      length: doc.length,
      approval: doc.approvedAt ? { by: doc.approvedBy, at: doc.approvedAt.toISOString() } : null,
      approvalHistory: approvals.map((a) => ({ kind: a.kind, at: a.at.toISOString(), by: a.by === null ? null : name(a.by), reason: a.reason })),
    },
    teamName: member.teamName,
    generatedAt: new Date().toISOString(),
    options,
    reviewers: options.reviewers ? [...reviewerNames].sort((a, b) => a.localeCompare(b)) : null,
    summary,
    claims: listed,
  };
}

/** Verdicts and events of one claim in the order they happened, as claimHistory builds them. */
function historyOf(
  claim: { origin: string; createdAt: Date },
  verdicts: ReportVerdict[],
  events: { kind: ClaimEventKind; data: Prisma.JsonValue; reason: string | null; version: number; createdAt: Date; actor: { name: string } }[],
  name: (n: string) => string | null,
): ReportHistoryEntry[] {
  const entries: ReportHistoryEntry[] = [];
  if (!events.some((e) => e.kind === "CREATED"))
    entries.push({ kind: "FOUND", version: 1, at: claim.createdAt.toISOString(), actor: null, reason: null, data: { origin: claim.origin } });
  for (const v of verdicts) entries.push({ kind: "VERDICT", actor: v.reviewer, ...v });
  for (const e of events) entries.push({ kind: e.kind, version: e.version, at: e.createdAt.toISOString(), actor: name(e.actor.name), reason: e.reason, data: e.data });
  // Every change bumps the claim's version, so the version orders the history (FOUND stays first).
  return entries.sort((x, y) => x.version - y.version);
}

/** One `export.download` audit row per report viewed or PDF downloaded. */
export async function recordExport(member: Member, documentId: number, format: "report" | "pdf") {
  await audit({ teamId: member.teamId, actorId: member.userId, action: "export.download", targetType: "document", targetId: documentId, ip: member.ip, data: { format } });
}

/**
 * The title and the number of claims the report lists, team-scoped: what the PDF route needs
 * before it starts a browser (404 otherwise).
 */
export async function reportHead(member: Member, documentId: number): Promise<{ title: string; claims: number }> {
  const doc = await db.document.findFirst({
    where: { id: documentId, teamId: member.teamId },
    select: { title: true, _count: { select: { claims: { where: { dismissedAt: null } } } } },
  });
  if (!doc) throw notFound("The document");
  await refuseIfBlind(member, documentId, "its report");
  return { title: doc.title, claims: doc._count.claims };
}

// The PDF route renders the report page in Chromium with the caller's own cookie. That page view
// is part of the PDF export, which the route audits itself; a short-lived ticket signed with the
// server's secret tells the page so, and a browser cannot forge one.

export const RENDER_TICKET_HEADER = "x-claimdesk-render";
const TICKET_TTL_MS = 5 * 60_000;

function ticketSignature(member: Member, documentId: number, expires: number, secret: string): Buffer {
  return createHmac("sha256", secret).update(`report-render:${member.userId}:${member.teamId}:${documentId}:${expires}`).digest();
}

export function renderTicket(member: Member, documentId: number, now = Date.now()): string {
  const expires = now + TICKET_TTL_MS;
  const secret = process.env.AUTH_SECRET ?? "";
  return `${expires}.${ticketSignature(member, documentId, expires, secret).toString("base64url")}`;
}

export function isRenderTicket(member: Member, documentId: number, ticket: string | null | undefined, now = Date.now()): boolean {
  const secret = process.env.AUTH_SECRET;
  if (!ticket || !secret) return false;
  const match = /^(\d{13,15})\.([A-Za-z0-9_-]{43})$/.exec(ticket);
  if (!match) return false;
  const expires = Number(match[1]);
  if (expires < now || expires > now + TICKET_TTL_MS) return false;
  const given = Buffer.from(match[2]!, "base64url");
  const wanted = ticketSignature(member, documentId, expires, secret);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** ASCII slug of a title for file names: "Rubio's ultimatum" → "rubios-ultimatum". */
export function slugOf(title: string, max = 60): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['’‘`]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, max)
    .replace(/-+$/g, "");
  return slug || "document";
}

const spanOf = (start: number | null, end: number | null) => (start !== null && end !== null && end > start ? { start, end } : null);
