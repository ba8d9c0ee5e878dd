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
