import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db } from "./db";

const TOKEN_PREFIX = "cdk_";
export const hashToken = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

/** A new random token (shown once) and what is stored of it. */
export function newToken() {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  return { token, tokenHash: hashToken(token), prefix: token.slice(0, TOKEN_PREFIX.length + 6) };
}

/** The membership behind `Authorization: Bearer <token>`, or null when unknown, revoked or expired. */
export async function membershipForToken(token: string) {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      revokedAt: true,
      expiresAt: true,
      lastUsedAt: true,
      membership: { select: { userId: true, teamId: true, role: true, user: { select: { name: true, email: true } }, team: { select: { name: true } } } },
    },
  });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= new Date())) return null;
  // last-used is informational: write it at most once a minute per token.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000)
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  return { tokenId: row.id, ...row.membership };
}
