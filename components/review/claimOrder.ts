// Check-worthiness order of a document's claims: what the claim list's "Most check-worthy first"
// shows and what the c key walks: the n key's walk (lib/domain/navigation.ts) over this order.
import { nextUnreviewed } from "@/lib/domain/navigation";

export type RankedClaim = { id: number; start: number; status: string; hints: { checkworthiness: number } | null };

/** Claims without a score (not computed yet) come last; equal scores keep reading order. */
export function byCheckworthiness<T extends RankedClaim>(claims: readonly T[]): T[] {
  const score = (c: RankedClaim) => c.hints?.checkworthiness ?? -1;
  return [...claims].sort((a, b) => score(b) - score(a) || a.start - b.start || a.id - b.id);
}

/**
 * The next unreviewed claim after the current one in check-worthiness order, wrapping around: from
 * nothing selected, the most check-worthy one. Null when every claim has a verdict.
 */
export function nextCheckworthy(claims: readonly RankedClaim[], currentId: number | null): number | null {
  return nextUnreviewed(byCheckworthiness(claims), currentId);
}

/** Three steps for the dots shown beside a claim; 0.4 is the detector's check-worthy threshold (decision 0009). */
export function checkworthinessLevel(score: number): 0 | 1 | 2 | 3 {
  if (score >= 0.7) return 3;
  if (score >= 0.4) return 2;
  if (score >= 0.2) return 1;
  return 0;
}
