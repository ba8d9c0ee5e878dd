"use client";
import { memo, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { defaultRangeExtractor, useVirtualizer, type Range } from "@tanstack/react-virtual";
import { byCheckworthiness, checkworthinessLevel } from "./claimOrder";
import type { MatchesState } from "./types";

/** What the list shows of a claim: the outline's fields (lib/domain/claim-outline.ts); the quote comes from the text. */
export type ListClaim = { id: number; start: number; end: number; status: string; signoff: string | null; hints: { checkworthiness: number } | null };

type Props = {
  claims: readonly ListClaim[];
  /** The claim's words (the text between its offsets). */
  quoteOf: (claim: ListClaim) => string;
  selectedId: number | null;
  matches: MatchesState;
  onRetryMatches: () => void;
  onSelect: (id: number) => void;
};

const GLYPH: Record<string, string> = { UNREVIEWED: "?", SOURCED: "✓", DISPUTED: "✗", OPINION: "❝" };
/** One line of text plus padding; two-line items are measured once drawn. */
const ITEM_PX = 34;
/** Up to this many claims the whole list is in the DOM, as the article (ArticleText's WINDOW_FROM_BLOCKS). */
const WINDOW_FROM_ITEMS = 300;

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
 * its check-worthiness and whether the team already judged a similar claim. Clicking selects. Only
 * the items in view are drawn (and the selected one, wherever it is): 10,000 claims stay light.
 * "Find in document" filters the claims by their words: what Ctrl+F cannot, as most of a long
 * article is not in the DOM (decision 0028).
 */
export function ClaimList({ claims, quoteOf, selectedId, matches, onRetryMatches, onSelect }: Props) {
  const [order, setOrder] = useState<"reading" | "checkworthy">("reading");
  const [openOnly, setOpenOnly] = useState(false);
  const [find, setFind] = useState("");
  const scrollRef = useRef<HTMLDivElement>(null);
  const byClaim = matches.state === "ok" ? matches.byClaim : null;
  const needle = find.trim().toLocaleLowerCase();
  const shown = useMemo(() => {
    let list = openOnly ? claims.filter((c) => c.status === "UNREVIEWED") : claims;
    if (needle) list = list.filter((c) => quoteOf(c).toLocaleLowerCase().includes(needle));
    return order === "checkworthy" ? byCheckworthiness(list) : list;
  }, [claims, order, openOnly, needle, quoteOf]);
  const judgedCount = byClaim ? claims.filter((c) => byClaim[c.id]?.length).length : 0;
  const selectedIndex = useMemo(() => (selectedId === null ? -1 : shown.findIndex((c) => c.id === selectedId)), [shown, selectedId]);

  const rangeExtractor = useCallback(
    (range: Range) => {
      if (range.count <= WINDOW_FROM_ITEMS) return Array.from({ length: range.count }, (_, i) => i);
      const list = defaultRangeExtractor(range);
      return selectedIndex === -1 || list.includes(selectedIndex) ? list : [...list, selectedIndex].sort((a, b) => a - b);
    },
    [selectedIndex],
  );
  // eslint-disable-next-line react-hooks/incompatible-library -- read fresh on every render; nothing here memoizes what it returns
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ITEM_PX,
    overscan: 10,
    rangeExtractor,
    getItemKey: (i) => shown[i]?.id ?? i,
    initialRect: { width: 270, height: 700 },
    useFlushSync: false,
  });
  // Scroll the list only, never the page: the selected item into view when it is not.
  useEffect(() => {
    if (selectedIndex === -1) return;
    const root = scrollRef.current;
    const el = root?.querySelector<HTMLElement>(`[data-claim-item="${selectedId}"]`);
    if (root && el) {
      const top = el.getBoundingClientRect().top - root.getBoundingClientRect().top;
      if (top >= 0 && top + el.offsetHeight <= root.clientHeight) return;
    }
    virtualizer.scrollToIndex(selectedIndex, { align: "center" });
  }, [selectedIndex, selectedId, virtualizer]);

  const items = virtualizer.getVirtualItems();
  const rows: React.ReactNode[] = [];
  let at = 0;
  for (const item of items) {
    if (item.start > at + 0.5) rows.push(<li key={`gap-${item.index}`} aria-hidden="true" style={{ height: item.start - at }} />);
    const c = shown[item.index]!;
    rows.push(
      <Item
        key={c.id}
        index={item.index}
        count={shown.length}
        measureRef={virtualizer.measureElement}
        id={c.id}
        status={c.status}
        exact={quoteOf(c)}
        score={c.hints?.checkworthiness ?? null}
        judged={!!byClaim?.[c.id]?.length}
        signoff={c.signoff}
        current={c.id === selectedId}
        onSelect={onSelect}
      />,
    );
    at = Math.max(at, item.end);
  }
  const total = virtualizer.getTotalSize();
  if (items.length && total > at + 0.5) rows.push(<li key="gap-end" aria-hidden="true" style={{ height: total - at }} />);

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
        <input
          type="search"
          className="claim-find"
          aria-label="Find in document: claims containing these words"
          placeholder="Find in document…"
          value={find}
          data-testid="claim-find"
          onChange={(e) => setFind(e.target.value)}
          onKeyDown={(e) => {
            // Enter selects the first claim found; the list keeps the filter until it is cleared.
            if (e.key === "Enter" && shown[0]) {
              e.preventDefault();
              onSelect(shown[0].id);
            }
          }}
        />
        {needle ? (
          <div className="small muted" aria-live="polite" data-testid="claim-find-count">
            {shown.length === 1 ? "1 claim contains" : `${shown.length.toLocaleString("en")} claims contain`} “{find.trim()}”
          </div>
        ) : null}
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
          ) : matches.matching !== undefined ? (
            <>
              Matching {matches.matching ? `${matches.matching.toLocaleString("en")} claims` : "this document’s claims"} against the team’s earlier verdicts…
              {judgedCount ? <> {judgedCount === 1 ? "1 claim" : `${judgedCount} claims`} matched so far.</> : null}
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
      <div ref={scrollRef} className="claim-list-items">
        <ol style={{ listStyle: "none", margin: 0, padding: 0 }}>{rows}</ol>
      </div>
      {shown.length === 0 ? (
        <p className="muted small" style={{ margin: "0.5rem 0 0" }}>
          {needle ? "No claim contains these words." : openOnly ? "Every claim has a verdict." : "No claims yet."}
        </p>
      ) : null}
    </nav>
  );
}

type ItemProps = {
  index: number;
  count: number;
  measureRef: (el: HTMLElement | null) => void;
  id: number;
  status: string;
  exact: string;
  score: number | null;
  judged: boolean;
  signoff: string | null;
  current: boolean;
  onSelect: (id: number) => void;
};

const Item = memo(function Item({ index, count, measureRef, id, status, exact, score, judged, signoff, current, onSelect }: ItemProps) {
  return (
    <li ref={measureRef} data-index={index} aria-setsize={count} aria-posinset={index + 1}>
      <button type="button" data-claim-item={id} data-testid="claim-item" aria-current={current || undefined} onClick={() => onSelect(id)} tabIndex={-1}>
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
