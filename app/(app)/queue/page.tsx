import type { Metadata } from "next";
import Link from "next/link";
import { DocumentStateBadge } from "@/components/DocumentStateBadge";
import { ProgressBar } from "@/components/Progress";
import { can } from "@/lib/domain/permissions";
import { queue, type AssignmentDto } from "@/lib/server/assignments";
import { requirePageMember } from "@/lib/server/session";

export const metadata: Metadata = { title: "My queue" };

/** "due 2026-12-09 · overdue" in words and a glyph, never by colour alone. */
function Due({ a, today }: { a: AssignmentDto; today: string }) {
  if (!a.dueOn) return <span className="muted">no due date</span>;
  const done = a.progress.total > 0 && a.progress.reviewed === a.progress.total;
  const overdue = !done && a.dueOn < today;
  return (
    <span className={overdue ? "field-error" : undefined} style={{ display: "inline" }} data-testid="due">
      {overdue ? "⚠ overdue since " : a.dueOn === today ? "due today, " : "due "}
      <time dateTime={a.dueOn}>{a.dueOn}</time>
    </span>
  );
}

export default async function QueuePage() {
  const member = await requirePageMember("/queue");
  const { assignments, secondReviews, load } = await queue(member, can(member, "assignment.manage"));
  const today = new Date().toISOString().slice(0, 10);
  return (
    <main className="page">
      <h1>My queue</h1>
      <p className="muted">Documents of {member.teamName} assigned to you: those with verdicts returned to you first, then soonest due.</p>
      {secondReviews.length ? (
        <section aria-labelledby="blind-heading" className="card" data-testid="queue-second-reviews">
          <h2 id="blind-heading" style={{ marginTop: 0, fontSize: "1.1rem" }}>
            Blind second reviews asked of you
          </h2>
          <ul>
            {secondReviews.map((r) => (
              <li key={r.id}>
                <Link href={`/documents/${r.document.id}`}>{r.document.title}</Link> · {r.progress.judged} of {r.progress.claims} claim(s) judged
                {r.dueOn ? ` · due ${r.dueOn}` : ""}
                {r.requestedBy ? ` · asked by ${r.requestedBy}` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {assignments.length === 0 ? (
        <div className="card empty" data-testid="queue-empty">
          <p>
            <strong>Nothing is assigned to you.</strong>
          </p>
          <p>
            {can(member, "assignment.manage") ? "Assign a document from its review page (Assign…)." : "An editor assigns documents from their review page."} Meanwhile every document is
            open to you in <Link href="/documents">Documents</Link>.
          </p>
        </div>
      ) : (
        <table className="doc-table" data-testid="queue">
          <caption className="visually-hidden">Documents assigned to you</caption>
          <thead>
            <tr>
              <th scope="col">Document</th>
              <th scope="col">Due</th>
              <th scope="col">Progress</th>
              <th scope="col">Assigned by</th>
            </tr>
          </thead>
          <tbody>
            {assignments.map((a) => (
              <tr key={a.id} data-testid="queue-item">
                <td>
                  <Link href={`/documents/${a.document.id}`} className="doc-title">
                    {a.document.title}
                  </Link>{" "}
                  <DocumentStateBadge state={a.document.state} />
                  {a.returned ? (
                    <div className="small">
                      <span className="tag returned" data-testid="queue-returned">
                        ↩ {a.returned} returned to you
                      </span>
                    </div>
                  ) : null}
                  {a.range ? <div className="small muted">Part of the document: {a.progress.total} claim(s) assigned to you</div> : null}
                  {a.note ? <div className="small">Note: {a.note}</div> : null}
                </td>
                <td className="small">
                  <Due a={a} today={today} />
                </td>
                <td>
                  <div className="small">
                    {a.progress.reviewed} of {a.progress.total} reviewed
                  </div>
                  <ProgressBar progress={a.progress} />
                </td>
                <td className="small">{a.assignedBy ?? <span className="muted">a former member</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {load ? (
        <section aria-labelledby="load-heading" style={{ marginTop: "2rem" }}>
          <h2 id="load-heading">Every reviewer’s load</h2>
          {load.length === 0 ? (
            <p className="muted">No document is assigned to anyone in {member.teamName} yet.</p>
          ) : (
            <table className="doc-table" data-testid="load">
              <thead>
                <tr>
                  <th scope="col">Reviewer</th>
                  <th scope="col">Documents</th>
                  <th scope="col">Claims still without a verdict</th>
                  <th scope="col">Overdue</th>
                </tr>
              </thead>
              <tbody>
                {load.map((l) => (
                  <tr key={l.userId}>
                    <td>{l.name}</td>
                    <td>{l.assignments}</td>
                    <td>{l.open}</td>
                    <td>{l.overdue ? <span className="field-error" style={{ display: "inline" }}>⚠ {l.overdue}</span> : "0"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ) : null}
    </main>
  );
}
