import { apiRoute, parseId } from "@/lib/server/api";
import { revokeInvitation } from "@/lib/server/team";

export const DELETE = apiRoute<{ id: string }>("member.invite", async ({ params, member }) => ({
  body: { invitation: await revokeInvitation(member, parseId(params.id, "That invitation")) },
}));
