import { apiRoute, parseId } from "@/lib/server/api";
import { documentMatchesWithState } from "@/lib/server/matches";

// Stored matches (decision 0027), and `matching`: whether the document's matches are still being computed.
export const GET = apiRoute<{ id: string }>("document.read", async ({ params, member }) => ({
  body: await documentMatchesWithState(member, parseId(params.id, "The document")),
}));
