import "server-only";
import type { Prisma } from "@prisma/client";
import type { TokenCreate } from "@/lib/schemas/account";
import { requireBrowserSession } from "./account";
import { audit } from "./audit";
import { db } from "./db";
import { AppError, notFound } from "./errors";
import type { Member } from "./session";
import { newToken } from "./tokens";

// Personal API tokens: one membership each, so a token acts in exactly one team with the member's
// role. Only the sha256 of a token is stored; the token itself is returned once, on creation.

export const TOKEN_CREATE_REFUSED = "API tokens cannot create other tokens. Create tokens in the browser, in Settings → API tokens.";

/** More than this many usable tokens per membership is almost certainly a leak waiting to happen. */
export const MAX_ACTIVE_TOKENS = 25;

const tokenSelect = {
  id: true,
  name: true,
  prefix: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
} satisfies Prisma.ApiTokenSelect;
type TokenRow = Prisma.ApiTokenGetPayload<{ select: typeof tokenSelect }>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function tokenDto(t: TokenRow) {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: iso(t.lastUsedAt),
    expiresAt: iso(t.expiresAt),
    revokedAt: iso(t.revokedAt),
  };
}
export type TokenDto = ReturnType<typeof tokenDto>;

/** The caller's own tokens in the current team: the `where` every token query starts from. */
const ownTokens = (member: Member) => ({ membership: { userId: member.userId, teamId: member.teamId } }) satisfies Prisma.ApiTokenWhereInput;

export async function listTokens(member: Member): Promise<TokenDto[]> {
  const rows = await db.apiToken.findMany({ where: ownTokens(member), orderBy: { id: "desc" }, select: tokenSelect });
  return rows.map(tokenDto);
}

/** For the settings page: the tokens, and the time they were read (to tell expired ones apart). */
export async function tokensForSettings(member: Member): Promise<{ tokens: TokenDto[]; readAt: number }> {
  return { tokens: await listTokens(member), readAt: Date.now() };
}

export async function createToken(member: Member, input: TokenCreate): Promise<{ token: TokenDto; secret: string }> {
  // A leaked token must not be able to mint more tokens that outlive its own revocation.
  requireBrowserSession(member, TOKEN_CREATE_REFUSED);
  const membership = await db.membership.findUnique({ where: { userId_teamId: { userId: member.userId, teamId: member.teamId } }, select: { id: true } });
  if (!membership) throw new AppError("UNAUTHENTICATED", "You are no longer a member of this team. Sign in again.");
  const now = new Date();
  const { token: secret, tokenHash, prefix } = newToken();
  const expiresAt = input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 24 * 60 * 60 * 1000) : null;
  const row = await db.$transaction(async (tx) => {
    // Concurrent creates for one membership queue on its row, so each counts the others' tokens.
    await tx.$queryRaw`SELECT 1 FROM "Membership" WHERE id = ${membership.id} FOR UPDATE`;
    const active = await tx.apiToken.count({
      where: { membershipId: membership.id, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    });
    if (active >= MAX_ACTIVE_TOKENS)
      throw new AppError("CONFLICT", `You already have ${active} active API tokens in this team. Revoke the ones you no longer use, then create a new one.`);
    const created = await tx.apiToken.create({
      data: { membershipId: membership.id, name: input.name, tokenHash, prefix, expiresAt },
      select: tokenSelect,
    });
    await audit(
      {
        teamId: member.teamId,
        actorId: member.userId,
        action: "token.create",
        targetType: "apiToken",
        targetId: created.id,
        ip: member.ip,
        data: { name: created.name, prefix, expiresAt: iso(expiresAt) },
      },
      tx,
    );
    return created;
  });
  return { token: tokenDto(row), secret };
}

/** Revokes one of the caller's tokens; revoking an already revoked token changes nothing. */
export async function revokeToken(member: Member, id: number): Promise<TokenDto> {
  return db.$transaction(async (tx) => {
    // The revokedAt condition makes two concurrent revocations record one audit row, not two.
    const { count } = await tx.apiToken.updateMany({ where: { id, revokedAt: null, ...ownTokens(member) }, data: { revokedAt: new Date() } });
    const row = await tx.apiToken.findFirst({ where: { id, ...ownTokens(member) }, select: tokenSelect });
    if (!row) throw notFound("The API token");
    if (count === 1)
      await audit(
        { teamId: member.teamId, actorId: member.userId, action: "token.revoke", targetType: "apiToken", targetId: row.id, ip: member.ip, data: { name: row.name, prefix: row.prefix } },
        tx,
      );
    return tokenDto(row);
  });
}
