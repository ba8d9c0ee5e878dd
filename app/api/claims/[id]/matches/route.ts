import { apiRoute, parseId } from "@/lib/server/api";
import { claimMatches } from "@/lib/server/matches";

export const GET = apiRoute<{ id: string }>("document.read", async ({ params, member }) => ({
  body: { matches: await claimMatches(member, parseId(params.id, "The claim")) },
}));
