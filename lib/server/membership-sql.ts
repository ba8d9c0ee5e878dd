import "server-only";

// SQL shared by the two ways a request authenticates (lib/server/session.ts, lib/server/tokens.ts).

/**
 * The documents the member of membership row `m` is blind on: those of an OPEN second review asked
 * of them (lib/server/second-review.ts blindDocumentIds), as a json array. One probe of the index
 * SecondReview(teamId, reviewerId, state).
 */
export const BLIND_ON = `(SELECT COALESCE(json_agg(s."documentId" ORDER BY s."documentId"), '[]') FROM "SecondReview" s
  WHERE s."teamId" = m."teamId" AND s."reviewerId" = m."userId" AND s.state = 'OPEN')`;
