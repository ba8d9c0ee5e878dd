"use client";
import { LABEL_NAMES } from "@/lib/domain/verdicts";
import type { ReusedFrom } from "@/lib/server/dto";
import { percent, type ClaimMatch } from "./types";

export const claimHref = (documentId: number, claimId: number) => `/documents/${documentId}#claim-${claimId}`;

const day = (iso: string) => new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });

/** "Reused from …": the earlier verdict a verdict copies, with a link to its claim. */
export function ReusedFromLine({ from }: { from: ReusedFrom }) {
  return (
    <div className="reused-from small" data-testid="reused-from">
      <span aria-hidden="true">↻ </span>Reused from{" "}
      <a href={claimHref(from.documentId, from.claimId)} title={from.exact}>
        {from.documentTitle}
      </a>{" "}
      <span className="muted">(similarity {percent(from.similarity)})</span>
    </div>
  );
}

type Props = {
  matches: readonly ClaimMatch[];
  /** The verdict the claim already reuses, if any: its match offers no second reuse. */
  reusedVerdictId: number | null;
  busy: boolean;
  onReuse: (match: ClaimMatch) => void;
  /** The match waiting for a reason (the claim already has a verdict), with the reason typed so far. */
  askingReasonFor: number | null;
  reason: string;
  reasonError: string | undefined;
  onReason: (reason: string) => void;
  onCancelReason: () => void;
};

/** Earlier verdicts of the team on claims like this one, each of which can be reused as this claim's verdict. */
export function AlreadyJudged(p: Props) {
  return (
    <section className="already-judged" aria-labelledby="already-judged-heading" data-testid="matches">
      <h3 id="already-judged-heading">Already judged in this team</h3>
      <ol>
        {p.matches.map((m, i) => {
          const v = m.verdict;
          const reused = p.reusedVerdictId === v.id;
          return (
            <li key={v.id} className={`match ${v.label}`}>
              <div className="match-head small">
                <span>
                  <span className={`chip ${v.label}`}>{LABEL_NAMES[v.label]}</span> <span className="muted">by</span> {v.reviewer.name}{" "}
                  <span className="muted">· {day(v.createdAt)}</span>
                </span>
                <span className="similarity" title="Text similarity (trigrams)">
                  {percent(m.similarity)} similar
                </span>
              </div>
              <blockquote className="match-quote">{m.exact}</blockquote>
              <div className="small">
                <span className="muted">In </span>
                <a href={claimHref(m.documentId, m.claimId)}>{m.documentTitle}</a>
              </div>
              {v.rationale ? <div className="small match-rationale">{v.rationale}</div> : null}
              {v.sources.length ? (
                <div className="match-sources small">
                  {v.sources.map((s, k) => (
                    <div key={k}>
                      <span className="muted">Source: </span>
                      <a href={s.url} target="_blank" rel="noopener noreferrer nofollow">
                        {s.title || s.url}
                      </a>
                      {s.publisher ? <span className="muted"> · {s.publisher}</span> : null}
                    </div>
                  ))}
                </div>
              ) : null}
              {reused ? (
                <div className="small reused-mark">✓ This claim’s verdict reuses it.</div>
              ) : p.askingReasonFor === v.id ? (
                <form
                  className="reuse-reason"
                  onSubmit={(e) => {
                    e.preventDefault();
                    p.onReuse(m);
                  }}
                >
                  <label htmlFor="f-reuse-reason">Reason for replacing the current verdict (required)</label>
                  <input
                    id="f-reuse-reason"
                    value={p.reason}
                    onChange={(e) => p.onReason(e.target.value)}
                    aria-invalid={p.reasonError ? true : undefined}
                    aria-describedby={p.reasonError ? "err-reuse-reason" : undefined}
                  />
                  {p.reasonError ? (
                    <div className="field-error" id="err-reuse-reason" role="alert">
                      {p.reasonError}
                    </div>
                  ) : null}
                  <div className="toolbar">
                    <button type="submit" className="primary" disabled={p.busy}>
                      {p.busy ? "Reusing…" : "Reuse with this reason"}
                    </button>
                    <button type="button" onClick={p.onCancelReason}>
                      Cancel
                    </button>
                  </div>
                </form>
              ) : (
                <div className="toolbar">
                  <button type="button" onClick={() => p.onReuse(m)} disabled={p.busy} title={`Record this verdict here too, citing it${i === 0 ? " (r)" : ""}`}>
                    Reuse this verdict{i === 0 ? <> <kbd>r</kbd></> : null}
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
