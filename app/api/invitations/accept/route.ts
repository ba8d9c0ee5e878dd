import { NextResponse, type NextRequest } from "next/server";
import { errorResponse, parseWith, readJson, refuseCrossSite } from "@/lib/server/api";
import { ipFrom } from "@/lib/server/request";
import { getSignedInUser, teamCookie } from "@/lib/server/session";
import { acceptInvitation } from "@/lib/server/team";
import { invitationAccept } from "@/lib/schemas/team";

// Public: a new invitee has no account and no session yet; the token is the credential. Not
// wrapped in apiRoute, which requires a member. An existing account must be the one signed in.
export async function POST(req: NextRequest): Promise<Response> {
  try {
    refuseCrossSite(req);
    const input = parseWith(invitationAccept, await readJson(req));
    const { teamId, teamName } = await acceptInvitation(input, await getSignedInUser(), ipFrom(req.headers));
    const res = NextResponse.json({ teamId, teamName });
    // Someone who already belonged to a team lands in the one they just joined.
    const c = teamCookie(teamId);
    res.cookies.set(c.name, c.value, c.options);
    return res;
  } catch (error) {
    return errorResponse(error);
  }
}
