import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { MAX_PDF_CLAIMS } from "@/lib/domain/documents";
import { can } from "@/lib/domain/permissions";
import { AssignPanel } from "@/components/review/AssignPanel";
import { BlindReview } from "@/components/review/BlindReview";
import { SecondReviewPanel } from "@/components/review/SecondReviewPanel";
import { DocumentApproval } from "@/components/review/DocumentApproval";
import { DocumentHistory } from "@/components/review/DocumentHistory";
import { ReviewWorkspace } from "@/components/review/ReviewWorkspace";
import { parseId } from "@/lib/server/api";
import { documentAssignments } from "@/lib/server/assignments";
import { documentHistory } from "@/lib/server/document-history";
import { getReviewDocument } from "@/lib/server/documents";
import { decodeOutline } from "@/lib/domain/claim-outline";
import { documentSecondReviews } from "@/lib/server/second-review";
import { AppError } from "@/lib/server/errors";
import { requirePageMember } from "@/lib/server/session";
import { listMembers } from "@/lib/server/team";

export const metadata: Metadata = { title: "Review" };

export default async function DocumentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const member = await requirePageMember(`/documents/${id}`);
  const doc = await (async () => getReviewDocument(member, parseId(id, "The document")))().catch((e) => {
    if (e instanceof AppError && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  if (!doc.windowed)
    return (
      <main className="page" style={{ maxWidth: 1400 }}>
        <p className="small" style={{ margin: "0 0 0.5rem" }}>
          <Link href="/queue">← My queue</Link>
        </p>
        <h1 style={{ fontSize: "1.3rem" }}>{doc.title}</h1>
        <BlindReview review={doc.blindReview!} title={doc.title} claims={doc.claims.map(({ id, exact, prefix, suffix, speaker }) => ({ id, exact, prefix, suffix, speaker }))} />
      </main>
    );
  const canAssign = can(member, "assignment.manage");
  const [assignments, members, { history }, secondReviews] = await Promise.all([
    documentAssignments(member, doc.id),
    canAssign ? listMembers(member) : Promise.resolve([]),
    documentHistory(member, doc.id),
    documentSecondReviews(member, doc.id),
  ]);
  // The report lists claims that are not dismissed; past the PDF limit the report page says what to do instead.
  const open = decodeOutline(doc.outline).filter((c) => !c.dismissed);
  const openClaims = open.length;
  return (
    <main className="page" style={{ maxWidth: 1400 }}>
      <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center", gap: "0.5rem 1rem", flexWrap: "wrap", margin: "0 0 0.5rem" }}>
        <p className="small" style={{ margin: 0 }}>
          <Link href="/documents">← All documents</Link>
        </p>
        {can(member, "report.export") ? (
          // Plain links, not <Link>: a prefetch must never count as viewing (and auditing) the report.
          <nav aria-label="Export" className="small" style={{ display: "flex", gap: "0.4rem", alignItems: "center", flexWrap: "wrap" }}>
            <span className="muted">Export:</span>
            <a className="button" href={`/documents/${doc.id}/report`} style={{ padding: "0.2rem 0.6rem" }}>
              Report
            </a>
            {openClaims <= MAX_PDF_CLAIMS ? (
              <a className="button" href={`/api/documents/${doc.id}/report.pdf`} download style={{ padding: "0.2rem 0.6rem" }}>
                PDF
              </a>
            ) : null}
            {(["csv", "json", "claimreview"] as const).map((format) => (
              <a key={format} className="button" href={`/api/documents/${doc.id}/export?format=${format}`} download style={{ padding: "0.2rem 0.6rem" }}>
                {format === "claimreview" ? "ClaimReview" : format.toUpperCase()}
              </a>
            ))}
            <Link href={`/exports?document=${doc.id}`}>More export options</Link>
          </nav>
        ) : null}
      </div>
      <DocumentApproval documentId={doc.id} approval={doc.approval} canSignOff={can(member, "verdict.signoff")} />
      <AssignPanel documentId={doc.id} initial={assignments} members={members.map(({ userId, name, role }) => ({ userId, name, role }))} canAssign={canAssign} claims={open.map(({ start, end }) => ({ start, end }))} />
      <SecondReviewPanel documentId={doc.id} initial={secondReviews} members={members.map(({ userId, name }) => ({ userId, name }))} canRequest={canAssign} />
      <DocumentHistory documentId={doc.id} initial={history} />
      <ReviewWorkspace initial={doc} canEditAttribution={can(member, "attribution.edit")} canSignOff={can(member, "verdict.signoff")} />
    </main>
  );
}
