// Splits a text into runs for highlighting: each run is covered by the same set of claims.
// Claims may overlap (a reviewer can select a clause inside a candidate sentence); a run shows
// the innermost (shortest) claim covering it, which is also the one a click selects.

export type Span = { id: number; start: number; end: number };
export type Fragment = { start: number; end: number; claimId: number | null; depth: number };

export function fragmentsOf(length: number, claims: readonly Span[]): Fragment[] {
  const cuts = new Set<number>([0, length]);
  for (const c of claims) {
    cuts.add(Math.max(0, Math.min(length, c.start)));
    cuts.add(Math.max(0, Math.min(length, c.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const byStart = [...claims].sort((a, b) => a.start - b.start);
  const active: Span[] = [];
  const out: Fragment[] = [];
  let next = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    while (next < byStart.length && byStart[next]!.start <= start) active.push(byStart[next++]!);
    for (let j = active.length - 1; j >= 0; j--) if (active[j]!.end <= start) active.splice(j, 1);
    let inner: Span | null = null;
    for (const c of active) if (!inner || c.end - c.start < inner.end - inner.start) inner = c;
    out.push({ start, end, claimId: inner?.id ?? null, depth: active.length });
  }
  return out;
}

/** A claim with where its speaker and cue are in the text (code points), when known. */
export type AttributedSpan = { id: number; start: number; end: number; speakerSpan?: { start: number; end: number } | null; cueSpan?: { start: number; end: number } | null };

/** A piece of a run inside some claim's speaker or cue span: the claim ids, space-separated. */
export type Part = { start: number; end: number; speakerOf: string; cueOf: string };

/**
 * Cuts the runs that the claims' speaker and cue spans cross into parts, each naming the claims
 * whose speaker or cue it is. Runs no span touches get no parts (one plain text node).
 */
export function attributionParts(fragments: readonly Fragment[], claims: readonly AttributedSpan[]): Map<number, Part[]> {
  const spans: { claimId: number; kind: "speaker" | "cue"; start: number; end: number }[] = [];
  for (const c of claims) {
    if (c.speakerSpan && c.speakerSpan.end > c.speakerSpan.start) spans.push({ claimId: c.id, kind: "speaker", ...c.speakerSpan });
    if (c.cueSpan && c.cueSpan.end > c.cueSpan.start) spans.push({ claimId: c.id, kind: "cue", ...c.cueSpan });
  }
  const out = new Map<number, Part[]>();
  if (!spans.length) return out;
  spans.sort((a, b) => a.start - b.start);
  const cuts = [...new Set(spans.flatMap((s) => [s.start, s.end]))].sort((a, b) => a - b);
  let nextSpan = 0;
  let nextCut = 0;
  const active: typeof spans = [];
  for (const f of fragments) {
    const points = [f.start];
    while (nextCut < cuts.length && cuts[nextCut]! <= f.start) nextCut++;
    for (let k = nextCut; k < cuts.length && cuts[k]! < f.end; k++) points.push(cuts[k]!);
    points.push(f.end);
    const parts: Part[] = [];
    let touched = false;
    for (let i = 0; i + 1 < points.length; i++) {
      const [a, b] = [points[i]!, points[i + 1]!];
      while (nextSpan < spans.length && spans[nextSpan]!.start <= a) active.push(spans[nextSpan++]!);
      for (let j = active.length - 1; j >= 0; j--) if (active[j]!.end <= a) active.splice(j, 1);
      const ids = (kind: "speaker" | "cue") => active.filter((s) => s.kind === kind).map((s) => s.claimId).join(" ");
      const part = { start: a, end: b, speakerOf: ids("speaker"), cueOf: ids("cue") };
      touched ||= part.speakerOf !== "" || part.cueOf !== "";
      parts.push(part);
    }
    if (touched) out.set(f.start, parts);
  }
  return out;
}
