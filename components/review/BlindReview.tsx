"use client";
import { useEffect, useRef, useState } from "react";
import { callApi } from "@/components/api-client";
import { LABEL_NAMES, VERDICT_LABELS, verdictProblems, type VerdictLabel } from "@/lib/domain/verdicts";
import type { SecondReviewDto, SecondVerdictDto } from "@/lib/server/second-review";

type Claim = { id: number; exact: string; prefix: string; suffix: string; speaker: string | null };
type Draft = { label: VerdictLabel | null; rationale: string; url: string; title: string; quote: string };

const KEYS: Record<VerdictLabel, string> = { SOURCED: "1", DISPUTED: "2", OPINION: "3" };
const draftOf = (v: SecondVerdictDto | undefined): Draft => ({
  label: v?.label ?? null,
  rationale: v?.rationale ?? "",
  url: v?.sources[0]?.url ?? "",
  title: v?.sources[0]?.title ?? "",
  quote: v?.sources[0]?.quote ?? "",
});

/**
 * The blind second reviewer's page (issue 12, decision 0022): only the sampled claims, none of the
 * first verdicts; their verdicts are saved to the second review, then submitted all at once.
 * Keys: j/k next/previous claim, 1/2/3 the label, Ctrl+Enter saves.
 */
export function BlindReview({ review, claims, title }: { review: SecondReviewDto; claims: Claim[]; title: string }) {
  const sample = claims.filter((c) => review.claimIds.includes(c.id));
  const [saved, setSaved] = useState<Record<number, SecondVerdictDto>>(Object.fromEntries((review.verdicts ?? []).map((v) => [v.claimId, v])));
  const [index, setIndex] = useState(() => Math.max(0, sample.findIndex((c) => !(review.verdicts ?? []).some((v) => v.claimId === c.id))));
  const current = sample[index];
  const [draft, setDraft] = useState<Draft>(() => draftOf(current && saved[current.id]));
  const [notice, setNotice] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [submitted, setSubmitted] = useState<SecondReviewDto | null>(null);
  const rationaleRef = useRef<HTMLTextAreaElement>(null);

  function go(to: number) {
    const next = Math.min(sample.length - 1, Math.max(0, to));
    setIndex(next);
    setDraft(draftOf(saved[sample[next]!.id]));
    setNotice(null);
  }

  async function save() {
    if (!current || !draft.label) return setNotice({ kind: "error", text: "Choose a label first: 1 Sourced, 2 Disputed, 3 Opinion." });
    const sources = draft.url.trim() ? [{ url: draft.url.trim(), title: draft.title || undefined, quote: draft.quote || undefined }] : [];
    const problems = verdictProblems({ label: draft.label, rationale: draft.rationale, sources }, { replacesVerdict: false });
    if (problems.length) return setNotice({ kind: "error", text: problems.map((p) => p.message).join(" ") });
    setBusy(true);
    const result = await callApi<{ verdict: SecondVerdictDto }>("PUT", `/api/second-reviews/${review.id}/claims/${current.id}`, { label: draft.label, rationale: draft.rationale || undefined, sources });
    setBusy(false);
    if (!result.ok) return setNotice({ kind: "error", text: Object.values(result.error.fields ?? {}).join(" ") || result.error.message });
    setSaved((s) => ({ ...s, [current.id]: result.data.verdict }));
    setNotice({ kind: "ok", text: `Saved your verdict on claim ${index + 1}.` });
    if (index < sample.length - 1) {
      setIndex(index + 1);
      setDraft(draftOf(saved[sample[index + 1]!.id]));
    }
  }

  async function submit() {
    setBusy(true);
    const result = await callApi<{ secondReview: SecondReviewDto }>("POST", `/api/second-reviews/${review.id}/submit`);
    setBusy(false);
    if (!result.ok) return setNotice({ kind: "error", text: result.error.message });
    setSubmitted(result.data.secondReview);
  }

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const typing = e.target instanceof HTMLElement && /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName);
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        void save();
        return;
      }
      if (typing || e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === "j") go(index + 1);
      else if (e.key === "k") go(index - 1);
      else {
        const label = VERDICT_LABELS.find((l) => KEYS[l] === e.key);
        if (label) {
          e.preventDefault();
          setDraft((d) => ({ ...d, label }));
          if (label !== "OPINION") setTimeout(() => rationaleRef.current?.focus(), 0);
        }
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  const done = sample.filter((c) => saved[c.id]).length;
  if (submitted)
    return (
      <div className="card" data-testid="blind-submitted">
        <h2>Second review submitted</h2>
        <p>
          Thank you. {submitted.progress.disagreements ? `${submitted.progress.disagreements} of your verdicts differ from the first ones: an editor adjudicates them.` : "Every verdict agrees with the first review."}
        </p>
        <p>
          <a href={`/documents/${review.documentId}`}>Open the document with every verdict</a> · <a href="/queue">Back to my queue</a>
        </p>
      </div>
    );
  return (
    <div className="blind-review" data-testid="blind-review">
      <div className="banner warn" role="note">
        <strong>Blind second review of “{title}”.</strong> You see {sample.length} claim(s) as if nobody had judged them: the first verdicts, their sources and
        matches stay hidden until you submit. {review.note ? <>Note from {review.requestedBy ?? "the editor"}: {review.note}</> : null}
      </div>
      <p className="small" aria-live="polite" data-testid="blind-progress">
        {done} of {sample.length} judged{review.dueOn ? ` · due ${review.dueOn}` : ""} · keys: j/k claims, 1/2/3 label, Ctrl+Enter save
      </p>
      <div style={{ display: "grid", gridTemplateColumns: "minmax(0, 1fr) minmax(0, 1.3fr)", gap: "1rem", alignItems: "start" }}>
        <ol className="card" aria-label="Claims to review" style={{ paddingLeft: "2rem", margin: 0 }}>
          {sample.map((c, i) => (
            <li key={c.id} style={{ marginBottom: "0.4rem" }}>
              <button type="button" className={`linklike${i === index ? " selected" : ""}`} aria-current={i === index ? "true" : undefined} onClick={() => go(i)} style={{ textAlign: "left", fontWeight: i === index ? 700 : 400 }}>
                {saved[c.id] ? <span className={`chip ${saved[c.id]!.label}`}>{LABEL_NAMES[saved[c.id]!.label]}</span> : <span className="chip UNREVIEWED">To do</span>} {c.exact.length > 90 ? `${c.exact.slice(0, 89)}…` : c.exact}
              </button>
            </li>
          ))}
        </ol>
        {current ? (
          <form
            className="card"
            aria-labelledby="blind-heading"
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            <h2 id="blind-heading">
              Claim {index + 1} of {sample.length}
            </h2>
            <blockquote className="quote" data-testid="blind-quote">
              <span className="muted">…{current.prefix}</span>
              <strong>{current.exact}</strong>
              <span className="muted">{current.suffix}…</span>
            </blockquote>
            {current.speaker ? <p className="small">Said by {current.speaker}</p> : null}
            <fieldset>
              <legend>Your verdict</legend>
              {VERDICT_LABELS.map((l) => (
                <label key={l} className="check" style={{ display: "inline-flex", marginRight: "1.25rem" }}>
                  <input type="radio" name="blind-label" value={l} checked={draft.label === l} onChange={() => setDraft({ ...draft, label: l })} /> {LABEL_NAMES[l]} <kbd>{KEYS[l]}</kbd>
                </label>
              ))}
            </fieldset>
            <label htmlFor="blind-rationale">Rationale {draft.label === "DISPUTED" ? "(needed: what contradicts it)" : ""}</label>
            <textarea id="blind-rationale" ref={rationaleRef} rows={3} value={draft.rationale} onChange={(e) => setDraft({ ...draft, rationale: e.target.value })} />
            <label htmlFor="blind-url">Source URL {draft.label === "SOURCED" ? "(needed)" : ""}</label>
            <input id="blind-url" type="url" value={draft.url} onChange={(e) => setDraft({ ...draft, url: e.target.value })} placeholder="https://…" />
            <label htmlFor="blind-title">Source title</label>
            <input id="blind-title" value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.target.value })} />
            <label htmlFor="blind-quote-input">Quoted evidence</label>
            <textarea id="blind-quote-input" rows={2} value={draft.quote} onChange={(e) => setDraft({ ...draft, quote: e.target.value })} />
            {notice ? (
              <div className={`banner ${notice.kind}`} role={notice.kind === "error" ? "alert" : "status"}>
                {notice.text}
              </div>
            ) : null}
            <div style={{ display: "flex", gap: "0.5rem", marginTop: "0.5rem", flexWrap: "wrap" }}>
              <button type="submit" className="primary" disabled={busy}>
                Save verdict
              </button>
              <button type="button" onClick={() => void submit()} disabled={busy || done < sample.length} title={done < sample.length ? "Judge every claim first" : undefined}>
                Submit second review ({done}/{sample.length})
              </button>
            </div>
          </form>
        ) : null}
      </div>
    </div>
  );
}
