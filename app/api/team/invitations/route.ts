import type { NextRequest } from "next/server";
import { apiRoute, parseWith, readJson } from "@/lib/server/api";
import { createInvitation, listInvitations } from "@/lib/server/team";
import { invitationCreate } from "@/lib/schemas/team";

export const GET = apiRoute("member.invite", async ({ member }) => ({ body: { invitations: await listInvitations(member) } }));

export const POST = apiRoute("member.invite", async ({ req, member }) => {
  const input = parseWith(invitationCreate, await readJson(req));
  const { invitation, token } = await createInvitation(member, input);
  // The token is in this answer only: the database keeps its sha256, so it cannot be shown again.
  return { status: 201, body: { invitation, token, url: `${origin(req)}/invite/${token}` } };
});

/** The address the admin reached us at (a reverse proxy names it in X-Forwarded-*). */
function origin(req: NextRequest): string {
  const url = new URL(req.url);
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host") ?? url.host;
  const proto = req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || url.protocol.replace(/:$/, "");
  return `${proto}://${host}`;
}
