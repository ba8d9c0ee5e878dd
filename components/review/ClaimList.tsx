"use client";
import { memo, useEffect, useMemo, useRef, useState } from "react";
import type { ClaimDto } from "@/lib/server/dto";
import { byCheckworthiness, checkworthinessLevel } from "./claimOrder";
import type { MatchesState } from "./types";

type Props = {
  claims: readonly ClaimDto[];
  selectedId: number | null;
  matches: MatchesState;
  onRetryMatches: () => void;
  onSelect: (id: number) => void;
};

const GLYPH: Record<string, string> = { UNREVIEWED: "?", SOURCED: "✓", DISPUTED: "✗", OPINION: "❝" };

/** Three dots for the check-worthiness score, filled as it rises; the number is in the label. */
export function CheckworthinessDots({ score }: { score: number }) {
  const level = checkworthinessLevel(score);
  return (
    <span className="cw-dots" data-level={level} role="img" aria-label={`check-worthiness ${score.toFixed(2)}`} title={`Check-worthiness ${score.toFixed(2)}`}>
      {"●".repeat(level)}
      <span className="cw-off">{"○".repeat(3 - level)}</span>
    </span>
  );
}

/**
 * Every claim of the document, compact, in reading order or most check-worthy first, with its status,
 * its check-worthiness and whether the team already judged a similar claim. Clicking selects.
 */
export function ClaimList({ claims, selectedId, matches, onRetryMatches, onSelect }: Props) {
  const [order, setOrder] = useState<"reading" | "checkworthy">("reading");
  const [openOnly, setOpenOnly] = useState(false);
  const listRef = useRef<HTMLOListElement>(null);
  const byClaim = matches.state === "ok" ? matches.byClaim : null;
  const shown = useMemo(() => {
    const list = openOnly ? claims.filter((c) => c.status === "UNREVIEWED") : claims;
    return order === "checkworthy" ? byCheckworthiness(list) : list;
  }, [claims, order, openOnly]);
  const judgedCount = byClaim ? claims.filter((c) => byClaim[c.id]?.length).length : 0;

  const items = useMemo(
    () =>
      shown.map((c) => (
        <Item key={c.id} id={c.id} status={c.status} exact={c.exact} score={c.hints?.checkworthiness ?? null} judged={!!byClaim?.[c.id]?.length} signoff={c.signoff?.state ?? null} onSelect={onSelect} />
      )),
    [shown, byClaim, onSelect],
  );
  // As in the article: the selection is an attribute flip, not a re-render of every item.
  useEffect(() => {
    const root = listRef.current;
    if (!root) return;
    for (const el of root.querySelectorAll("[aria-current]")) el.removeAttribute("aria-current");
    if (selectedId === null) return;
    const el = root.querySelector(`[data-claim-item="${selectedId}"]`);
    if (!el) return;
    el.setAttribute("aria-current", "true");
    // Scroll the list only, never the page.
    const top = (el as HTMLElement).offsetTop - root.offsetTop;
    if (top < root.scrollTop || top + (el as HTMLElement).offsetHeight > root.scrollTop + root.clientHeight)
      root.scrollTop = top - root.clientHeight / 2 + (el as HTMLElement).offsetHeight / 2;
  }, [selectedId, items]);

  return (
    <nav className="claim-list card" aria-label="Claims">
      <div className="claim-list-head">
        <h2>
          Claims <span className="muted small">({claims.length})</span>
        </h2>
        <div className="segmented" role="group" aria-label="Order">
          <button type="button" aria-pressed={order === "reading"} onClick={() => setOrder("reading")}>
            Reading order
          </button>
          <button type="button" aria-pressed={order === "checkworthy"} onClick={() => setOrder("checkworthy")}>
            Most check-worthy first
          </button>
        </div>
        <label className="check small">
          <input type="checkbox" checked={openOnly} onChange={(e) => setOpenOnly(e.target.checked)} /> Unreviewed only
        </label>
        <div className="small muted" data-testid="matches-state" aria-live="polite">
          {matches.state === "loading" ? (
            "Looking for claims the team already judged…"
          ) : matches.state === "error" ? (
            <>
              Could not look for earlier verdicts.{" "}
              <button type="button" className="link" onClick={onRetryMatches}>
                Try again
              </button>
            </>
          ) : judgedCount ? (
            <>
              <span className="judged-badge">Already judged</span> {judgedCount === 1 ? "1 claim" : `${judgedCount} claims`} like ones the team judged before
            </>
          ) : (
            "No claim here matches an earlier verdict of the team."
          )}
        </div>
      </div>
      <ol ref={listRef} className="claim-list-items">
        {items}
      </ol>
      {shown.length === 0 ? <p className="muted small" style={{ margin: "0.5rem 0 0" }}>{openOnly ? "Every claim has a verdict." : "No claims yet."}</p> : null}
    </nav>
  );
}

type ItemProps = { id: number; status: string; exact: string; score: number | null; judged: boolean; signoff: string | null; onSelect: (id: number) => void };

const Item = memo(function Item({ id, status, exact, score, judged, signoff, onSelect }: ItemProps) {
  return (
    <li>
      <button type="button" data-claim-item={id} data-testid="claim-item" onClick={() => onSelect(id)} tabIndex={-1}>
        <span className={`list-status ${status}`} aria-label={status.toLowerCase()} title={status.toLowerCase()}>
          {GLYPH[status]}
        </span>
        <span className="list-text">{exact}</span>
        <span className="list-meta">
          {score !== null ? <CheckworthinessDots score={score} /> : null}
          {signoff === "RETURNED" ? (
            <span className="tag returned" data-testid="returned-badge">
              ↩ returned
            </span>
          ) : signoff === "APPROVED" ? (
            <span className="tag reviewer">✓ approved</span>
          ) : null}
          {judged ? (
            <span className="judged-badge" data-testid="judged-badge">
              Already judged
            </span>
          ) : null}
        </span>
      </button>
    </li>
  );
});
