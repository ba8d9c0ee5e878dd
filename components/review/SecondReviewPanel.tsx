"use client";
import { useState } from "react";
import { callApi } from "@/components/api-client";
import type { SecondReviewDto } from "@/lib/server/second-review";

type Person = { userId: number; name: string };

const STATE_WORDS: Record<SecondReviewDto["state"], string> = { OPEN: "in progress (blind)", ADJUDICATION: "submitted: disagreements to adjudicate", DONE: "done", CANCELLED: "cancelled" };

/**
 * A document's blind second reviews (issue 12): editors ask a member for one (all judged claims or
 * a random share of them), see its progress, cancel it, and go to the adjudication queue.
 */
export function SecondReviewPanel({ documentId, initial, members, canRequest }: { documentId: number; initial: SecondReviewDto[]; members: Person[]; canRequest: boolean }) {
  const [reviews, setReviews] = useState(initial);
  const [reviewerId, setReviewerId] = useState("");
  const [percent, setPercent] = useState("100");
  const [dueOn, setDueOn] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inProgress = reviews.find((r) => r.state === "OPEN" || r.state === "ADJUDICATION");
  if (!reviews.length && !canRequest) return null;

  async function request() {
    setBusy(true);
    setError(null);
    const result = await callApi<{ secondReview: SecondReviewDto }>("POST", `/api/documents/${documentId}/second-review`, {
      reviewerId: Number(reviewerId) || undefined,
      percent: Number(percent),
      dueOn: dueOn || undefined,
    });
    setBusy(false);
    if (!result.ok) return setError(Object.values(result.error.fields ?? {}).join(" ") || result.error.message);
    setReviews([result.data.secondReview, ...reviews]);
  }

  async function cancel(r: SecondReviewDto) {
    const reason = window.prompt("Why cancel this second review? (kept in the document's history)");
    if (!reason) return;
    const result = await callApi<{ secondReview: SecondReviewDto }>("POST", `/api/second-reviews/${r.id}/cancel`, { reason });
    if (!result.ok) return setError(result.error.message);
    setReviews(reviews.map((x) => (x.id === r.id ? result.data.secondReview : x)));
  }

  return (
    <details className="card small" data-testid="second-review" open={Boolean(inProgress)}>
      <summary>
        <strong>Blind second review</strong>
        {inProgress ? ` · ${inProgress.reviewer.name}, ${STATE_WORDS[inProgress.state]}` : reviews.length ? ` · ${reviews.length} earlier` : " · none yet"}
      </summary>
      <ul style={{ margin: "0.4rem 0" }}>
        {reviews.map((r) => (
          <li key={r.id} data-testid="second-review-row">
            {r.reviewer.name}: {r.progress.claims} claim(s) ({r.percent} %), {STATE_WORDS[r.state]} · {r.progress.judged}/{r.progress.claims} judged
            {r.progress.disagreements !== null ? ` · ${r.progress.disagreements} disagreement(s), ${r.progress.adjudicated} adjudicated` : ""}
            {r.dueOn ? ` · due ${r.dueOn}` : ""}{" "}
            {r.state === "ADJUDICATION" && canRequest ? <a href={`/adjudication?document=${documentId}`}>Adjudicate</a> : null}{" "}
            {r.state === "OPEN" && canRequest ? (
              <button type="button" className="small" onClick={() => void cancel(r)}>
                Cancel…
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {canRequest && !inProgress ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void request();
          }}
          style={{ display: "flex", gap: "0.5rem", alignItems: "end", flexWrap: "wrap" }}
        >
          <label>
            Second reviewer
            <select value={reviewerId} onChange={(e) => setReviewerId(e.target.value)} required>
              <option value="">Choose…</option>
              {members.map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Sample (% of judged claims)
            <input type="number" min={1} max={100} value={percent} onChange={(e) => setPercent(e.target.value)} style={{ width: "5rem" }} />
          </label>
          <label>
            Due
            <input type="date" value={dueOn} onChange={(e) => setDueOn(e.target.value)} />
          </label>
          <button type="submit" className="primary small" disabled={busy}>
            Request blind second review
          </button>
        </form>
      ) : null}
      {error ? (
        <div className="field-error" role="alert">
          {error}
        </div>
      ) : null}
    </details>
  );
}
