import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { Role } from "@prisma/client";
import { BLIND_ON } from "./membership-sql";
import { appQuery } from "./pg-pool";

const TOKEN_PREFIX = "cdk_";
export const hashToken = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

/** A new random token (shown once) and what is stored of it. */
export function newToken() {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  return { token, tokenHash: hashToken(token), prefix: token.slice(0, TOKEN_PREFIX.length + 6) };
}

type TokenRow = { tokenId: number; userId: number; teamId: number; role: Role; name: string; email: string; teamName: string; blindOn: number[] };

// The token's membership, user and team (with the documents the member is blind on), and its last-used time written at most once a minute
// (informational), in one round trip: this runs on every request a script sends.
const TOKEN_SQL = `
  WITH t AS (
    SELECT a.id AS "tokenId", a."lastUsedAt", m."userId", m."teamId", m.role, u.name, u.email, tm.name AS "teamName", ${BLIND_ON} AS "blindOn"
    FROM "ApiToken" a
    JOIN "Membership" m ON m.id = a."membershipId"
    JOIN "User" u ON u.id = m."userId"
    JOIN "Team" tm ON tm.id = m."teamId"
    WHERE a."tokenHash" = $1 AND a."revokedAt" IS NULL AND (a."expiresAt" IS NULL OR a."expiresAt" > now())
  ), touched AS (
    UPDATE "ApiToken" SET "lastUsedAt" = now()
    WHERE id = (SELECT "tokenId" FROM t) AND ("lastUsedAt" IS NULL OR "lastUsedAt" < now() - interval '1 minute')
    RETURNING id
  )
  SELECT "tokenId", "userId", "teamId", role, name, email, "teamName", "blindOn" FROM t`;

/** The membership behind `Authorization: Bearer <token>`, or null when unknown, revoked or expired. */
export async function membershipForToken(token: string) {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const [row] = await appQuery<TokenRow>(TOKEN_SQL, [hashToken(token)], "claimdesk-api-token");
  if (!row) return null;
  return { tokenId: row.tokenId, userId: row.userId, teamId: row.teamId, role: row.role, user: { name: row.name, email: row.email }, team: { name: row.teamName }, blindOn: row.blindOn };
}
