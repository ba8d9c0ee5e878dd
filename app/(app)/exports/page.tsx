import type { Metadata } from "next";
import Link from "next/link";
import { ExportForm, type ExportFilterValues } from "@/components/exports/ExportForm";
import { can, ROLE_NAMES } from "@/lib/domain/permissions";
import { CLAIM_STATUSES } from "@/lib/domain/verdicts";
import { exportChoices } from "@/lib/server/exports";
import { requirePageMember } from "@/lib/server/session";

export const metadata: Metadata = { title: "Exports" };

type Search = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function ExportsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const member = await requirePageMember("/exports");
  if (!can(member, "report.export"))
    return (
      <main className="page">
        <h1>Exports</h1>
        <div className="banner error" role="alert" data-testid="forbidden">
          <strong>Editors and admins only (403).</strong> Your role in {member.teamName} is {ROLE_NAMES[member.role]}, and exporting the team&apos;s
          claims and verdicts is for editors and admins. Ask an admin of {member.teamName} if you need a report.
        </div>
        <p>
          <Link href="/documents">Back to documents</Link>
        </p>
      </main>
    );

  const raw = await searchParams;
  const { documents, members } = await exportChoices(member);
  // Filters may arrive in the link (e.g. /exports?document=12 from a document's page). Only values
  // the form can show are taken: anything else would sit unseen in the download links.
  const day = (v?: string) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
  const oneOf = (v: string | undefined, allowed: readonly string[]) => (v && allowed.includes(v) ? v : undefined);
  const initial: ExportFilterValues = {
    from: day(first(raw.from)),
    to: day(first(raw.to)),
    verdict: oneOf(first(raw.verdict), CLAIM_STATUSES),
    reviewer: oneOf(first(raw.reviewer), members.map((m) => String(m.id))),
    document: oneOf(first(raw.document), documents.map((d) => String(d.id))),
  };

  return (
    <main className="page">
      <h1>Exports</h1>
      <p className="muted">
        {member.teamName}&apos;s claims with their current verdicts, as files. Choose filters, then a format; the download starts at once and streams,
        however many claims match.
      </p>
      <ExportForm members={members} documents={documents} initial={initial} />
    </main>
  );
}
