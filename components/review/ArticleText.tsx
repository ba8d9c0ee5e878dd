"use client";
import { memo, useEffect, useMemo } from "react";
import { attributionParts, fragmentsOf, type AttributedSpan, type Part } from "@/lib/domain/fragments";
import type { TextIndex } from "@/lib/domain/offsets";

export type ArticleClaim = AttributedSpan & { status: string };

type Props = {
  index: TextIndex;
  claims: readonly ArticleClaim[];
  selectedId: number | null;
  pending: ReadonlySet<number>;
  /** Claims an earlier verdict of the team matches: tagged "already judged" while unreviewed. */
  judged: ReadonlySet<number>;
  onSelectClaim: (id: number) => void;
  containerRef: React.RefObject<HTMLDivElement | null>;
};

/**
 * The original text, each run carrying its code-point offsets (data-s, data-e) so a DOM
 * selection maps back to an anchor exactly, and each claim run a <mark> with its status.
 */
export function ArticleText({ index, claims, selectedId, pending, judged, onSelectClaim, containerRef }: Props) {
  const fragments = useMemo(() => fragmentsOf(index.length, claims), [index, claims]);
  const byId = useMemo(() => new Map(claims.map((c) => [c.id, c])), [claims]);
  const partsAt = useMemo(() => attributionParts(fragments, claims), [fragments, claims]);
  // Thousands of runs: build them only when the claims change, never when the selection moves.
  const runs = useMemo(
    () =>
      fragments.map((f) => {
        const claim = f.claimId === null ? undefined : byId.get(f.claimId);
        return (
          <Run
            key={f.start}
            start={f.start}
            end={f.end}
            text={index.slice(f.start, f.end)}
            parts={partsAt.get(f.start)?.map((p) => ({ ...p, text: index.slice(p.start, p.end) })) ?? null}
            claimId={claim?.id ?? null}
            status={claim?.status ?? null}
            pending={claim !== undefined && pending.has(claim.id)}
            judged={claim !== undefined && judged.has(claim.id)}
            last={claim !== undefined && claim.end === f.end}
            depth={f.depth}
          />
        );
      }),
    [fragments, partsAt, byId, index, pending, judged],
  );
  // The selection is attribute flips in the DOM, not a re-render of the article (j/k stays instant at 10,000 claims):
  // the selected claim's marks, and where its speaker and cue are.
  useEffect(() => {
    const root = containerRef.current;
    if (!root) return;
    for (const el of root.querySelectorAll("mark[data-selected]")) el.removeAttribute("data-selected");
    for (const el of root.querySelectorAll("[data-attribution]")) el.removeAttribute("data-attribution");
    if (selectedId === null) return;
    for (const el of root.querySelectorAll(`mark[data-claim="${selectedId}"]`)) el.setAttribute("data-selected", "true");
    for (const el of root.querySelectorAll(`[data-cue-of~="${selectedId}"]`)) el.setAttribute("data-attribution", "cue");
    for (const el of root.querySelectorAll(`[data-speaker-of~="${selectedId}"]`)) el.setAttribute("data-attribution", "speaker");
  }, [selectedId, runs, containerRef]);
  return (
    <div
      ref={containerRef}
      className="article"
      data-testid="article"
      onClick={(e) => {
        const sel = window.getSelection();
        if (sel && !sel.isCollapsed) return; // the end of a drag-selection, not a click
        const mark = (e.target as HTMLElement).closest<HTMLElement>("mark[data-claim]");
        if (mark) onSelectClaim(Number(mark.dataset.claim));
      }}
    >
      {runs}
    </div>
  );
}

type RunProps = {
  start: number;
  end: number;
  text: string;
  parts: (Part & { text: string })[] | null;
  claimId: number | null;
  status: string | null;
  pending: boolean;
  judged: boolean;
  last: boolean;
  depth: number;
};

const Run = memo(function Run({ start, end, text, parts, claimId, status, pending, judged, last, depth }: RunProps) {
  // Every part keeps its own offsets, so a selection inside one still maps back exactly.
  const content = parts
    ? parts.map((p) => (
        <span key={p.start} data-s={p.start} data-e={p.end} data-speaker-of={p.speakerOf || undefined} data-cue-of={p.cueOf || undefined}>
          {p.text}
        </span>
      ))
    : text;
  if (claimId === null)
    return (
      <span data-s={start} data-e={end}>
        {content}
      </span>
    );
  return (
    <mark
      data-s={start}
      data-e={end}
      data-claim={claimId}
      data-status={status ?? undefined}
      data-pending={pending || undefined}
      data-last={last || undefined}
      data-judged={(last && judged) || undefined}
      data-depth={depth > 1 ? Math.min(depth, 3) : undefined}
      id={last ? `claim-${claimId}` : undefined}
      aria-label={last ? `Claim ${claimId}: ${status?.toLowerCase()}${judged ? ", already judged in this team" : ""}` : undefined}
    >
      {content}
    </mark>
  );
});

function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** Code-point offset in the article of a DOM boundary point (as in a Selection's anchor/focus). */
export function offsetOfBoundary(container: HTMLElement, node: Node, offset: number, length: number): number | null {
  if (!container.contains(node)) return null;
  if (node.nodeType === Node.TEXT_NODE) {
    const run = node.parentElement?.closest<HTMLElement>("[data-s]");
    if (!run) return null;
    return Number(run.dataset.s) + codePoints((node as Text).data.slice(0, offset));
  }
  const el = node as Element;
  if (el === container) {
    const child = container.children[offset] as HTMLElement | undefined;
    return child ? Number(child.dataset.s) : length;
  }
  const run = el.closest<HTMLElement>("[data-s]");
  if (!run) return null;
  return offset === 0 ? Number(run.dataset.s) : Number(run.dataset.e);
}
