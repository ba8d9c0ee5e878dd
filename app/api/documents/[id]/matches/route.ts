import { apiRoute, parseId } from "@/lib/server/api";
import { documentMatches } from "@/lib/server/matches";

export const GET = apiRoute<{ id: string }>("document.read", async ({ params, member }) => ({
  body: { matches: await documentMatches(member, parseId(params.id, "The document")) },
}));
