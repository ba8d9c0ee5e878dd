"use client";

import Link from "next/link";
import type { RefObject } from "react";
import { LABEL_NAMES } from "@/lib/domain/verdicts";
import type { HighlightFragment } from "@/lib/domain/search";
import type { SearchResult } from "@/lib/schemas/search";
import styles from "./search.module.css";

/** The review page opens at the claim: ?claim selects it, #claim-<id> scrolls to it. */
export const claimHref = (documentId: number, claimId: number) => `/documents/${documentId}?claim=${claimId}#claim-${claimId}`;

/** Hits as <mark>, everything else as text: the server sends fragments, never HTML. */
export function Highlight({ fragments }: { fragments: HighlightFragment[] }) {
  return (
    <>
      {fragments.map((f, i) => (f.hit ? <mark key={i}>{f.text}</mark> : <span key={i}>{f.text}</span>))}
    </>
  );
}

type Props = {
  result: SearchResult;
  busy: boolean;
  loadingMore: boolean;
  filtered: boolean;
  listRef: RefObject<HTMLOListElement | null>;
  onMore: () => void;
};

export function SearchResults({ result, busy, loadingMore, filtered, listRef, onMore }: Props) {
  return (
    <div aria-busy={busy} className={busy ? styles.stale : undefined}>
      {result.documents.length ? (
        <section aria-labelledby="search-documents" className={styles.documents}>
          <h2 id="search-documents">Documents</h2>
          <ul>
            {result.documents.map((d) => (
              <li key={d.id}>
                <Link href={`/documents/${d.id}`}>{d.title}</Link>
                <span className="muted small"> {[d.publisher, d.author, d.publishedAt].filter(Boolean).join(" · ")}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {result.hits.length === 0 && !result.notice ? (
        <div className="card empty" data-testid="search-no-results">
          <p>
            <strong>No claim matches “{result.query.q}”{filtered ? " with these filters" : ""}.</strong>
          </p>
          <p className="small">
            {filtered ? "Clear the filters, or try " : "Try "}fewer words, another form of the word, or a part of it (at least 3 letters).
          </p>
        </div>
      ) : null}

      {result.hits.length ? (
        <ol ref={listRef} className={styles.hits} aria-label="Matching claims" data-testid="search-hits">
          {result.hits.map((h) => (
            <li key={h.claimId} className={styles.hit}>
              <Link href={claimHref(h.documentId, h.claimId)} data-hit className={styles.hitLink}>
                <span className={styles.quote}>
                  <Highlight fragments={h.highlight} />
                </span>
                <span className={`small ${styles.meta}`}>
                  <span className={`chip ${h.status}`}>{LABEL_NAMES[h.status]}</span>
                  {h.dismissed ? <span className="chip">dismissed</span> : null}
                  <span className={styles.docTitle}>{h.documentTitle}</span>
                  {h.reviewer ? (
                    <span className="muted">
                      {h.reviewer.name}
                      {h.judgedAt ? `, ${h.judgedAt.slice(0, 10)}` : ""}
                    </span>
                  ) : null}
                </span>
              </Link>
            </li>
          ))}
        </ol>
      ) : null}

      {result.nextOffset !== null ? (
        <p style={{ textAlign: "center" }}>
          <button type="button" onClick={onMore} disabled={loadingMore}>
            {loadingMore ? "Loading…" : "More results"}
          </button>
        </p>
      ) : result.total.capped && result.hits.length ? (
        <p className="small muted" style={{ textAlign: "center" }}>
          These are the 1,000 newest matches. Add a word or a filter to find older ones.
        </p>
      ) : null}
    </div>
  );
}
