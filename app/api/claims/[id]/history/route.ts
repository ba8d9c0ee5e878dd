import { apiRoute, parseId } from "@/lib/server/api";
import { claimHistory } from "@/lib/server/claims";

export const GET = apiRoute<{ id: string }>("document.read", async ({ params, member }) => ({
  body: await claimHistory(member, parseId(params.id, "The claim")),
}));
