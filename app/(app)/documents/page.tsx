import type { Metadata } from "next";
import Link from "next/link";
import { DeleteDocumentButton } from "@/components/DeleteDocumentButton";
import { ImportForm } from "@/components/ImportForm";
import { can } from "@/lib/domain/permissions";
import { DocumentStateBadge } from "@/components/DocumentStateBadge";
import { ProgressBar, VerdictChips } from "@/components/Progress";
import { listDocuments } from "@/lib/server/documents";
import { requirePageMember } from "@/lib/server/session";

export const metadata: Metadata = { title: "Documents" };

export default async function DocumentsPage() {
  const member = await requirePageMember("/documents");
  const documents = await listDocuments(member);
  return (
    <main className="page">
      <div className="layout-2">
        <section aria-labelledby="docs-heading">
          <h1 id="docs-heading">Documents</h1>
          <p className="muted">{member.teamName}: articles under review, newest first.</p>
          {documents.length === 0 ? (
            <div className="card empty">
              <p>
                <strong>No documents yet.</strong>
              </p>
              <p>
                {can(member, "document.import")
                  ? "Import an article with the form: paste its text or choose a .txt file. Claimdesk splits it into claims to review."
                  : "An editor of your team has not imported any article yet."}
              </p>
            </div>
          ) : (
            <table className="doc-table">
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">State</th>
                  <th scope="col">Published</th>
                  <th scope="col">Progress</th>
                </tr>
              </thead>
              <tbody>
                {documents.map((d) => (
                  <tr key={d.id}>
                    <td>
                      <Link href={`/documents/${d.id}`} className="doc-title">
                        {d.title}
                      </Link>
                      <div className="muted small">
                        {[d.publisher, d.author].filter(Boolean).join(" · ") || "Publisher not given"}
                      </div>
                      {can(member, "document.delete") ? <DeleteDocumentButton id={d.id} title={d.title} /> : null}
                    </td>
                    <td>
                      <DocumentStateBadge state={d.state} />
                    </td>
                    <td className="small">{d.publishedAt ?? <span className="muted">not given</span>}</td>
                    <td>
                      <div className="small">
                        {d.progress.reviewed} of {d.progress.total} reviewed
                      </div>
                      <ProgressBar progress={d.progress} />
                      <VerdictChips progress={d.progress} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <aside>
          {can(member, "document.import") ? (
            <ImportForm />
          ) : (
            <div className="card muted">Editors and admins import articles. As a reviewer you can review every document of {member.teamName}.</div>
          )}
        </aside>
      </div>
    </main>
  );
}
