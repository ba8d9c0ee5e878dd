import type { Metadata } from "next";
import Link from "next/link";
import { AdjudicationItemCard } from "@/components/adjudication/AdjudicationItem";
import { can, ROLE_NAMES } from "@/lib/domain/permissions";
import { parseId } from "@/lib/server/api";
import { adjudicationQueue } from "@/lib/server/second-review";
import { requirePageMember } from "@/lib/server/session";

export const metadata: Metadata = { title: "Adjudication" };

/** Disagreements of blind second reviews, both verdicts side by side; an editor settles each (issue 12). */
export default async function AdjudicationPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requirePageMember("/adjudication");
  if (!can(member, "verdict.signoff"))
    return (
      <main className="page">
        <h1>Adjudication</h1>
        <div className="banner error" role="alert" data-testid="forbidden">
          <strong>Editors and admins only (403).</strong> Your role in {member.teamName} is {ROLE_NAMES[member.role]}; editors settle disagreements between reviewers.
        </div>
      </main>
    );
  const raw = (await searchParams).document;
  const document = typeof raw === "string" && /^[1-9][0-9]{0,9}$/.test(raw) ? parseId(raw, "The document") : undefined;
  const items = await adjudicationQueue(member, document);
  return (
    <main className="page adjudication" style={{ maxWidth: 1300 }}>
      <h1>Adjudication</h1>
      <p className="muted">
        Claims where a blind second review disagrees with the first verdict. Keep one, take the other or write your own; the final verdict is a new verdict with your reason, in the
        claim&apos;s history and the report.{document ? <> Showing one document: <Link href="/adjudication">show all</Link>.</> : null}
      </p>
      {items.length ? (
        <ol style={{ listStyle: "none", padding: 0 }} data-testid="adjudication-list">
          {items.map((item) => (
            <li key={`${item.reviewId}-${item.claim.id}`}>
              <AdjudicationItemCard item={item} />
            </li>
          ))}
        </ol>
      ) : (
        <div className="card" data-testid="adjudication-empty">
          <strong>Nothing to adjudicate.</strong> Disagreements appear here when a second reviewer submits a blind second review (request one on a document&apos;s review page).
          Figures on how far reviewers agree are on the <Link href="/agreement">Agreement</Link> page.
        </div>
      )}
    </main>
  );
}
