// Keyboard movement through claims in reading order.

export type NavClaim = { id: number; status: string };

/** The next (step 1) or previous (step -1) claim, staying put at either end. */
export function stepClaim(claims: readonly NavClaim[], currentId: number | null, step: 1 | -1): number | null {
  if (!claims.length) return null;
  const i = claims.findIndex((c) => c.id === currentId);
  if (i === -1) return (step === 1 ? claims[0] : claims[claims.length - 1])!.id;
  return claims[Math.max(0, Math.min(claims.length - 1, i + step))]!.id;
}

/** The next unreviewed claim after the current one, wrapping around; null when all are reviewed. */
export function nextUnreviewed(claims: readonly NavClaim[], currentId: number | null): number | null {
  const i = claims.findIndex((c) => c.id === currentId);
  for (let k = 1; k <= claims.length; k++) {
    const c = claims[(i + k + claims.length) % claims.length]!;
    if (c.status === "UNREVIEWED") return c.id;
  }
  return null;
}
