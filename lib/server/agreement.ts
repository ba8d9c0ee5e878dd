import "server-only";
import { Prisma } from "@prisma/client";
import { agreementReport, type AgreementReport, type RatingPair } from "@/lib/domain/agreement-report";
import { agreementCsv } from "@/lib/domain/exports/agreement-csv";
import { attachment, slugify } from "@/lib/domain/exports/http";
import type { VerdictLabel } from "@/lib/domain/verdicts";
import type { AgreementFilters, AgreementFormat } from "@/lib/schemas/agreement";
import { audit } from "./audit";
import { db } from "./db";
import { notFound } from "./errors";
import { blindDocumentIds } from "./second-review";
import type { Member } from "./session";

// Inter-rater agreement of the team's blind second reviews (issue 12, decision 0023). Only
// submitted reviews count (ADJUDICATION or DONE): an OPEN review's verdicts are secret until it is
// submitted, and a CANCELLED one never was. Each second verdict is compared with the first verdict
// recorded beside it at submission (firstVerdictId), never with the claim's verdict of today.

const ISO_TIME = `YYYY-MM-DD"T"HH24:MI:SS.MS"Z"`; // Prisma stores UTC in timestamp(3) without time zone

type Row = {
  claimId: number;
  documentId: number;
  documentTitle: string;
  reviewId: number;
  firstVerdictId: number;
  secondVerdictId: number;
  firstRaterId: number;
  firstRaterName: string;
  firstLabel: VerdictLabel;
  secondRaterId: number;
  secondRaterName: string;
  secondLabel: VerdictLabel;
  submittedAt: string;
};

/** The rating pairs of the member's team's submitted second reviews, oldest submission first. */
export async function ratingPairs(member: Member, filters: AgreementFilters): Promise<RatingPair[]> {
  // The team is in the WHERE of the one query (decision 0005), and every join repeats it.
  const where: Prisma.Sql[] = [
    Prisma.sql`r."teamId" = ${member.teamId}`,
    Prisma.sql`r.state IN ('ADJUDICATION', 'DONE')`,
    Prisma.sql`r."submittedAt" IS NOT NULL`,
    Prisma.sql`sv."firstVerdictId" IS NOT NULL`,
  ];
  if (filters.document !== undefined) where.push(Prisma.sql`r."documentId" = ${filters.document}`);
  // Earlier reviews of a document the viewer now reviews blind would show its first labels (decision 0022).
  const hidden = await blindDocumentIds(member);
  if (hidden.length) where.push(Prisma.sql`r."documentId" <> ALL(${hidden}::int[])`);
  if (filters.from !== undefined) where.push(Prisma.sql`r."submittedAt" >= ${filters.from}::date`);
  if (filters.to !== undefined) where.push(Prisma.sql`r."submittedAt" < ${filters.to}::date + 1`);
  const rows = await db.$queryRaw<Row[]>`
    SELECT sv."claimId", r."documentId", d.title AS "documentTitle", r.id AS "reviewId",
           v.id AS "firstVerdictId", sv.id AS "secondVerdictId",
           v."reviewerId" AS "firstRaterId", fu.name AS "firstRaterName", v.label::text AS "firstLabel",
           r."reviewerId" AS "secondRaterId", su.name AS "secondRaterName", sv.label::text AS "secondLabel",
           to_char(r."submittedAt", ${ISO_TIME}) AS "submittedAt"
    FROM "SecondReview" r
    JOIN "SecondVerdict" sv ON sv."reviewId" = r.id
    JOIN "Verdict" v ON v.id = sv."firstVerdictId" AND v."claimId" = sv."claimId" AND v."teamId" = r."teamId"
    JOIN "Claim" c ON c.id = sv."claimId" AND c."teamId" = r."teamId"
    JOIN "Document" d ON d.id = r."documentId" AND d."teamId" = r."teamId"
    JOIN "User" fu ON fu.id = v."reviewerId"
    JOIN "User" su ON su.id = r."reviewerId"
    WHERE ${Prisma.join(where, " AND ")}
    ORDER BY r."submittedAt", r.id, c.start, c.id`;
  return rows.map((r) => ({
    claimId: r.claimId,
    documentId: r.documentId,
    documentTitle: r.documentTitle,
    reviewId: r.reviewId,
    firstVerdictId: r.firstVerdictId,
    secondVerdictId: r.secondVerdictId,
    firstRater: { id: r.firstRaterId, name: r.firstRaterName },
    firstLabel: r.firstLabel,
    secondRater: { id: r.secondRaterId, name: r.secondRaterName },
    secondLabel: r.secondLabel,
    submittedAt: r.submittedAt,
  }));
}

export type AgreementDto = AgreementReport & {
  filters: AgreementFilters;
  /** The document filtered on, when there is one. */
  document: { id: number; title: string } | null;
};

async function filteredDocument(member: Member, filters: AgreementFilters) {
  if (filters.document === undefined) return null;
  const doc = await db.document.findFirst({ where: { id: filters.document, teamId: member.teamId }, select: { id: true, title: true } });
  if (!doc) throw notFound("The document");
  return doc;
}

/** GET /api/agreement and the /agreement page: the figures; 404 for a document filter of another team. */
export async function agreement(member: Member, filters: AgreementFilters): Promise<AgreementDto> {
  const document = await filteredDocument(member, filters);
  return { filters, document, ...agreementReport(await ratingPairs(member, filters)) };
}

/** The documents that have a submitted second review, for the page's filter. */
export async function agreementDocuments(member: Member): Promise<{ id: number; title: string }[]> {
  return db.document.findMany({
    where: { teamId: member.teamId, secondReviews: { some: { teamId: member.teamId, state: { in: ["ADJUDICATION", "DONE"] } } } },
    orderBy: [{ title: "asc" }, { id: "asc" }],
    select: { id: true, title: true },
  });
}

/** Query string of the page's and API's filters (for links). */
export function agreementSearch(filters: AgreementFilters, format?: AgreementFormat): string {
  const params = new URLSearchParams();
  if (format) params.set("format", format);
  if (filters.document !== undefined) params.set("document", String(filters.document));
  if (filters.from) params.set("from", filters.from);
  if (filters.to) params.set("to", filters.to);
  const s = params.toString();
  return s ? `?${s}` : "";
}

/** GET /api/agreement?format=csv|json: every rating pair as a download; JSON adds the figures. */
export async function agreementDownload(member: Member, filters: AgreementFilters, format: AgreementFormat): Promise<Response> {
  const document = await filteredDocument(member, filters);
  const pairs = await ratingPairs(member, filters);
  const team = await db.team.findUniqueOrThrow({ where: { id: member.teamId }, select: { id: true, name: true, slug: true } });
  await audit({
    teamId: member.teamId,
    actorId: member.userId,
    action: "export.download",
    targetType: document ? "document" : "team",
    targetId: document ? document.id : member.teamId,
    ip: member.ip,
    data: { format, scope: "agreement", filters: Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) },
  });
  const now = new Date();
  const subject = (document ? slugify(document.title) : slugify(team.slug)) || (document ? `document-${document.id}` : `team-${team.id}`);
  const filename = `claimdesk-${subject}-agreement-${now.toISOString().slice(0, 10)}.${format}`;
  const body =
    format === "csv"
      ? agreementCsv(pairs)
      : JSON.stringify(
          {
            exportSchemaVersion: "claimdesk.agreement/1",
            exportedAt: now.toISOString(),
            team,
            filters,
            ...agreementReport(pairs),
            pairs: pairs.map((p) => ({ ...p, agreed: p.firstLabel === p.secondLabel })),
          },
          null,
          2,
        ) + "\n";
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": format === "csv" ? "text/csv; charset=utf-8" : "application/json",
      "Content-Disposition": attachment(filename),
      "Cache-Control": "private, no-store",
    },
  });
}
