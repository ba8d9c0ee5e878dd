"use client";
import { useState } from "react";
import { callApi } from "@/components/api-client";
import { LABEL_NAMES, VERDICT_LABELS, type VerdictLabel } from "@/lib/domain/verdicts";
import type { AdjudicationChoice, AdjudicationItem } from "@/lib/server/second-review";

type Side = { label: VerdictLabel; rationale: string | null; sources: { url: string; title: string | null; quote: string | null }[] };

function VerdictSide({ heading, who, v }: { heading: string; who: string; v: Side | null }) {
  return (
    <section className="card" aria-label={`${heading}: ${who}`} style={{ margin: 0 }}>
      <h3 style={{ marginTop: 0 }}>
        {heading} · {who}
      </h3>
      {v ? (
        <>
          <span className={`chip ${v.label}`}>{LABEL_NAMES[v.label]}</span>
          {v.rationale ? <p>{v.rationale}</p> : <p className="muted">No rationale.</p>}
          {v.sources.length ? (
            <ul className="small">
              {v.sources.map((s, i) => (
                <li key={i}>
                  <a href={s.url} rel="noreferrer noopener" target="_blank">
                    {s.title || s.url}
                  </a>
                  {s.quote ? <blockquote className="quote">{s.quote}</blockquote> : null}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ) : (
        <p className="muted">The first verdict is gone.</p>
      )}
    </section>
  );
}

/** One disagreement: the claim, the two verdicts side by side, and the editor's decision with a reason. */
export function AdjudicationItemCard({ item }: { item: AdjudicationItem }) {
  const [choice, setChoice] = useState<AdjudicationChoice>("FIRST");
  const [reason, setReason] = useState("");
  const [label, setLabel] = useState<VerdictLabel>("OPINION");
  const [rationale, setRationale] = useState("");
  const [url, setUrl] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = `adj-${item.reviewId}-${item.claim.id}`;

  async function decide() {
    setBusy(true);
    setError(null);
    const own = choice === "OWN" ? { label, rationale: rationale || undefined, sources: url ? [{ url }] : [] } : {};
    const result = await callApi<{ claim: { status: VerdictLabel } }>("POST", `/api/second-reviews/${item.reviewId}/claims/${item.claim.id}/adjudicate`, {
      choice,
      reason,
      expectedVersion: item.claim.version,
      ...own,
    });
    setBusy(false);
    if (!result.ok) return setError(Object.values(result.error.fields ?? {}).join(" ") || result.error.message);
    setDone(`Adjudicated: the claim is now ${LABEL_NAMES[result.data.claim.status]}.`);
  }

  return (
    <article className="card" data-testid="adjudication-item" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} style={{ fontSize: "1.05rem" }}>
        <a href={`/documents/${item.document.id}?claim=${item.claim.id}`}>{item.document.title}</a> · claim #{item.claim.id}
      </h2>
      <blockquote className="quote">{item.claim.exact}</blockquote>
      {item.changedSince ? <p className="banner warn small">The claim&apos;s verdict changed after the second review was submitted.</p> : null}
      <div style={{ display: "grid", gridTemplateColumns: "1fr 1fr", gap: "0.75rem" }}>
        <VerdictSide heading="First verdict" who={item.first?.reviewer.name ?? "unknown"} v={item.first} />
        <VerdictSide heading="Second verdict" who={item.second.reviewer.name} v={item.second} />
      </div>
      {done ? (
        <p className="banner ok" role="status">
          {done}
        </p>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void decide();
          }}
        >
          <fieldset>
            <legend>Final verdict</legend>
            {(
              [
                ["FIRST", "Keep the first"],
                ["SECOND", "Take the second"],
                ["OWN", "Write my own"],
              ] as const
            ).map(([value, words]) => (
              <label key={value} className="check" style={{ display: "inline-flex", marginRight: "1.25rem" }}>
                <input type="radio" name={`${id}-choice`} value={value} checked={choice === value} onChange={() => setChoice(value)} /> {words}
              </label>
            ))}
          </fieldset>
          {choice === "OWN" ? (
            <div style={{ display: "grid", gap: "0.3rem" }}>
              <label htmlFor={`${id}-label`}>Label</label>
              <select id={`${id}-label`} value={label} onChange={(e) => setLabel(e.target.value as VerdictLabel)}>
                {VERDICT_LABELS.map((l) => (
                  <option key={l} value={l}>
                    {LABEL_NAMES[l]}
                  </option>
                ))}
              </select>
              <label htmlFor={`${id}-rationale`}>Rationale</label>
              <textarea id={`${id}-rationale`} rows={2} value={rationale} onChange={(e) => setRationale(e.target.value)} />
              <label htmlFor={`${id}-url`}>Source URL</label>
              <input id={`${id}-url`} type="url" value={url} onChange={(e) => setUrl(e.target.value)} />
            </div>
          ) : null}
          <label htmlFor={`${id}-reason`}>Reason (kept in the history and the report)</label>
          <input id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={2000} />
          {error ? (
            <div className="field-error" role="alert">
              {error}
            </div>
          ) : null}
          <button type="submit" className="primary" disabled={busy} style={{ marginTop: "0.5rem" }}>
            Adjudicate
          </button>
        </form>
      )}
    </article>
  );
}
