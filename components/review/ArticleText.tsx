"use client";
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { defaultRangeExtractor, useWindowVirtualizer, type Range, type VirtualItem } from "@tanstack/react-virtual";
import { articleBlocks, type ArticleBlock } from "@/lib/domain/article-blocks";
import { attributionParts, fragmentsOf, type AttributedSpan, type Part } from "@/lib/domain/fragments";
import { codePoints, type TextIndex } from "@/lib/domain/offsets";

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
  /** Set (a new object each time) to centre a claim, such as the one #claim-<id> names. */
  centre?: { id: number } | null;
};

/** Up to this many blocks the whole article is in the DOM (Ctrl+F sees all of it); past it, only what is on screen. */
export const WINDOW_FROM_BLOCKS = 60;
/** Georgia at 1.08rem, line height 1.75: about 8.6 px per character, 30 px per line (an estimate; blocks are measured once drawn). */
const CHAR_PX = 8.6;
const LINE_PX = 30;

/**
 * The original text, each run carrying its code-point offsets (data-s, data-e) so a DOM selection
 * maps back to an anchor exactly, and each claim run a <mark> with its status. The text is cut into
 * blocks (paragraphs, lib/domain/article-blocks.ts); a long article draws only the blocks near the
 * screen, plus always the selected claim's, so its #claim-<id> anchor and marks exist wherever it is
 * (decision 0028).
 */
export function ArticleText({ index, claims, selectedId, pending, judged, onSelectClaim, containerRef, centre = null }: Props) {
  const blocks = useMemo(() => articleBlocks(fragmentsOf(index.length, claims), (a, b) => index.slice(a, b)), [index, claims]);
  const byId = useMemo(() => new Map(claims.map((c) => [c.id, c])), [claims]);
  const partsAt = useMemo(() => attributionParts(blocks.flatMap((b) => b.fragments), claims), [blocks, claims]);
  const blockOf = useMemo(() => {
    const map = new Map<number, number>();
    blocks.forEach((b, i) => b.claimIds.forEach((id) => map.set(id, i)));
    return map;
  }, [blocks]);
  // The blocks the selected claim touches: its own, and those of its speaker and cue when they lie outside it.
  const selectedBlocks = useMemo(() => {
    const claim = selectedId === null ? undefined : byId.get(selectedId);
    if (!claim) return [] as number[];
    const from = Math.min(claim.start, claim.speakerSpan?.start ?? claim.start, claim.cueSpan?.start ?? claim.start);
    const to = Math.max(claim.end, claim.speakerSpan?.end ?? claim.end, claim.cueSpan?.end ?? claim.end);
    const own = blockOf.get(claim.id);
    const out: number[] = [];
    for (let i = own ?? 0; i >= 0 && blocks[i] && blocks[i]!.end > from; i--) if (blocks[i]!.start < to) out.push(i);
    for (let i = (own ?? 0) + 1; blocks[i] && blocks[i]!.start < to; i++) if (blocks[i]!.end > from) out.push(i);
    return out.sort((a, b) => a - b);
  }, [selectedId, byId, blockOf, blocks]);

  const sizerRef = useRef<HTMLDivElement>(null);
  const [scrollMargin, setScrollMargin] = useState(0);
  const [width, setWidth] = useState(640);
  // Where the article starts on the page (the panels above it grow and shrink): the window virtualizer counts from there.
  useLayoutEffect(() => {
    const el = sizerRef.current;
    if (!el) return;
    const measure = () => {
      const rect = el.getBoundingClientRect();
      setScrollMargin((m) => (Math.abs(m - (rect.top + window.scrollY)) > 0.5 ? rect.top + window.scrollY : m));
      setWidth((w) => (Math.abs(w - rect.width) > 1 ? rect.width : w));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const windowed = blocks.length > WINDOW_FROM_BLOCKS;
  const perLine = Math.max(20, Math.floor(width / CHAR_PX));
  const estimateSize = useCallback(
    (i: number) => {
      const b = blocks[i]!;
      const lines = index
        .slice(b.start, b.end)
        .split("\n")
        .reduce((n, line, k, all) => n + (k === all.length - 1 && line === "" ? 0 : Math.max(1, Math.ceil(line.length / perLine))), 0);
      return Math.max(1, lines) * LINE_PX;
    },
    [blocks, index, perLine],
  );
  const rangeExtractor = useCallback(
    (range: Range) => {
      if (!windowed) return blocks.map((_, i) => i);
      const shown = defaultRangeExtractor(range);
      const extra = selectedBlocks.filter((i) => !shown.includes(i));
      return extra.length ? [...shown, ...extra].sort((a, b) => a - b) : shown;
    },
    [windowed, blocks, selectedBlocks],
  );
  const virtualizer = useWindowVirtualizer({
    count: blocks.length,
    estimateSize,
    overscan: 6,
    scrollMargin,
    rangeExtractor,
    getItemKey: (i) => blocks[i]?.start ?? i,
    // A first render (on the server too) as if the window were a laptop's: the top of the article is in the HTML.
    // and from the top, even when the browser restored a scroll position: the first render must match the server's.
    initialRect: { width: 1400, height: 900 },
    initialOffset: 0,
    useFlushSync: false,
  });
  useEffect(() => virtualizer.measure(), [virtualizer, perLine]);

  // The selection follows the keys: a claim near the screen is scrolled just into view (j/k read on);
  // a far one (End, a click in the list) is centred by the virtualizer, which keeps it centred while
  // the blocks around it are drawn and measured. Its block is always drawn, so its mark is there.
  const blockOfRef = useRef(blockOf);
  useEffect(() => {
    blockOfRef.current = blockOf;
  });
  useEffect(() => {
    if (selectedId === null) return;
    const el = document.getElementById(`claim-${selectedId}`);
    const block = blockOfRef.current.get(selectedId);
    if (!el || block === undefined) return;
    const r = el.getBoundingClientRect();
    const h = window.innerHeight;
    if (r.bottom < -h || r.top > 2 * h) return virtualizer.scrollToIndex(block, { align: "center" });
    // Just into view, with a few lines of context above or below it.
    const pad = Math.min(120, h / 4);
    if (r.top < pad) window.scrollBy(0, r.top - pad);
    else if (r.bottom > h - pad) window.scrollBy(0, Math.min(r.bottom - h + pad, r.top - pad));
  }, [selectedId, virtualizer]);
  useEffect(() => {
    const block = centre ? blockOfRef.current.get(centre.id) : undefined;
    if (block === undefined) return;
    virtualizer.scrollToIndex(block, { align: "center" });
    // Then the claim itself, once the blocks around it are measured (a block is a paragraph: it is close already).
    const timer = setTimeout(() => document.getElementById(`claim-${centre!.id}`)?.scrollIntoView({ block: "center" }), 250);
    return () => clearTimeout(timer);
  }, [centre, virtualizer]);

  const items = virtualizer.getVirtualItems();
  const selectedSet = new Set(selectedBlocks);
  return (
    <div
      ref={containerRef}
      className="article"
      data-testid="article"
      data-windowed={windowed || undefined}
      onClick={(e) => {
        const sel = window.getSelection();
        if (sel && !sel.isCollapsed) return; // the end of a drag-selection, not a click
        const mark = (e.target as HTMLElement).closest<HTMLElement>("mark[data-claim]");
        if (mark) onSelectClaim(Number(mark.dataset.claim));
      }}
    >
      <div ref={sizerRef} data-s={0} data-e={index.length}>
        {flow(items, scrollMargin, virtualizer.getTotalSize(), (item) => (
          <Block
            key={item.key}
            block={blocks[item.index]!}
            dataIndex={item.index}
            measureRef={virtualizer.measureElement}
            index={index}
            byId={byId}
            partsAt={partsAt}
            pending={pending}
            judged={judged}
            selectedId={selectedSet.has(item.index) ? selectedId : null}
          />
        ))}
      </div>
    </div>
  );
}

/**
 * The drawn blocks in normal flow, with empty space standing in for the blocks not drawn: the first
 * HTML (the top of the article) reads as plain text before any script runs, and a far selected
 * block sits where the virtualizer counts it.
 */
function flow(items: readonly VirtualItem[], margin: number, total: number, draw: (item: VirtualItem) => React.ReactNode) {
  const out: React.ReactNode[] = [];
  let at = 0;
  for (const item of items) {
    const top = item.start - margin;
    if (top > at + 0.5) out.push(<div key={`gap-${item.index}`} aria-hidden="true" style={{ height: top - at }} />);
    out.push(draw(item));
    at = Math.max(at, item.end - margin);
  }
  if (total > at + 0.5 && items.length) out.push(<div key="gap-end" aria-hidden="true" style={{ height: total - at }} />);
  return out;
}

type BlockProps = {
  block: ArticleBlock;
  dataIndex: number;
  measureRef: (el: HTMLElement | null) => void;
  index: TextIndex;
  byId: ReadonlyMap<number, ArticleClaim>;
  partsAt: ReadonlyMap<number, Part[]>;
  pending: ReadonlySet<number>;
  judged: ReadonlySet<number>;
  /** The selected claim, when this block shows it (or its speaker or cue); else null, so moving the selection redraws two blocks. */
  selectedId: number | null;
};

const Block = memo(function Block({ block, dataIndex, measureRef, index, byId, partsAt, pending, judged, selectedId }: BlockProps) {
  const selected = selectedId === null ? "" : String(selectedId);
  return (
    <div ref={measureRef} data-index={dataIndex} data-s={block.start} data-e={block.end} className="article-block">
      {block.fragments.map((f) => {
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
            selected={claim !== undefined && claim.id === selectedId}
            attributionOf={selected}
          />
        );
      })}
    </div>
  );
});

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
  selected: boolean;
  /** The selected claim's id as text ("" for none): its speaker and cue parts are outlined. */
  attributionOf: string;
};

const holds = (ids: string, id: string) => id !== "" && ids.split(" ").includes(id);

const Run = memo(function Run({ start, end, text, parts, claimId, status, pending, judged, last, depth, selected, attributionOf }: RunProps) {
  // Every part keeps its own offsets, so a selection inside one still maps back exactly.
  const content = parts
    ? parts.map((p) => (
        <span
          key={p.start}
          data-s={p.start}
          data-e={p.end}
          data-speaker-of={p.speakerOf || undefined}
          data-cue-of={p.cueOf || undefined}
          data-attribution={holds(p.speakerOf, attributionOf) ? "speaker" : holds(p.cueOf, attributionOf) ? "cue" : undefined}
        >
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
      data-selected={selected ? "true" : undefined}
      id={last ? `claim-${claimId}` : undefined}
      aria-label={last ? `Claim ${claimId}: ${status?.toLowerCase()}${judged ? ", already judged in this team" : ""}` : undefined}
    >
      {content}
    </mark>
  );
});

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
