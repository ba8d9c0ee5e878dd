import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { ReportControls } from "@/components/report/ReportControls";
import { ReportView } from "@/components/report/ReportView";
import { can, ROLE_NAMES } from "@/lib/domain/permissions";
import { parseId } from "@/lib/server/api";
import { AppError } from "@/lib/server/errors";
import { isRenderTicket, parseReportOptions, recordExport, RENDER_TICKET_HEADER, reportFor, reportQuery, reportHead } from "@/lib/server/report";
import { getMember, requirePageMember } from "@/lib/server/session";
import "./report.css";

type Params = Promise<{ id: string }>;
type Search = Promise<Record<string, string | string[] | undefined>>;

const orNotFound = (e: unknown): never => {
  if (e instanceof AppError && e.code === "NOT_FOUND") notFound();
  throw e;
};

// The title names the PDF's metadata too; it is only read for a member who may see the report.
export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const member = await getMember();
  if (!member || !can(member, "report.export")) return { title: "Report" };
  const title = await (async () => (await reportHead(member, parseId((await params).id, "The document"))).title)().catch(() => null);
  return { title: title ? `Fact-check report: ${title}` : "Report" };
}

export default async function ReportPage({ params, searchParams }: { params: Params; searchParams: Search }) {
  const { id } = await params;
  const options = parseReportOptions(await searchParams);
  const query = reportQuery(options);
  const member = await requirePageMember(`/documents/${id}/report?${query}`);
  if (!can(member, "report.export"))
    return (
      <main className="page">
        <h1>Report</h1>
        <div className="banner error" role="alert" data-testid="forbidden">
          <strong>Editors and admins export reports (403).</strong> Your role in {member.teamName} is {ROLE_NAMES[member.role]}. Ask an editor or an
          admin of {member.teamName} for the report, or to change your role.
        </div>
        <p>
          <Link href={`/documents/${encodeURIComponent(id)}`}>Back to the document</Link>
        </p>
      </main>
    );

  const documentId = (() => {
    try {
      return parseId(id, "The document");
    } catch (e) {
      return orNotFound(e);
    }
  })();
  const report = await reportFor(member, documentId, options).catch((e: unknown) => (e instanceof AppError && e.code === "FORBIDDEN" ? e : orNotFound(e)));
  if (report instanceof AppError)
    return (
      <main className="page">
        <h1>Report</h1>
        <div className="banner error" role="alert" data-testid="forbidden">
          {report.message}
        </div>
        <p>
          <Link href={`/documents/${documentId}`}>Back to the document</Link>
        </p>
      </main>
    );
  // Viewing the report is an export. When the PDF route renders this page, it audits the PDF itself.
  if (!isRenderTicket(member, documentId, (await headers()).get(RENDER_TICKET_HEADER))) await recordExport(member, documentId, "report");

  return (
    <main className="rp">
      <ReportControls documentId={documentId} options={options} query={query} claims={report.summary.total} />
      <ReportView report={report} />
    </main>
  );
}
