import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { can } from "@/lib/domain/permissions";
import { ReviewWorkspace } from "@/components/review/ReviewWorkspace";
import { parseId } from "@/lib/server/api";
import { getDocument } from "@/lib/server/documents";
import { AppError } from "@/lib/server/errors";
import { requirePageMember } from "@/lib/server/session";

export const metadata: Metadata = { title: "Review" };

export default async function DocumentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const member = await requirePageMember(`/documents/${id}`);
  const doc = await (async () => getDocument(member, parseId(id, "The document")))().catch((e) => {
    if (e instanceof AppError && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  return (
    <main className="page" style={{ maxWidth: 1400 }}>
      <p className="small" style={{ margin: "0 0 0.5rem" }}>
        <Link href="/documents">← All documents</Link>
      </p>
      <ReviewWorkspace initial={doc} canEditAttribution={can(member, "attribution.edit")} />
    </main>
  );
}
