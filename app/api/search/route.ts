import { apiRoute, parseWith } from "@/lib/server/api";
import { searchClaims } from "@/lib/server/search";
import { searchParamsInput, searchQuery } from "@/lib/schemas/search";

// Full-text search over the team's claims (docs/decisions/0011-search.md). Reading claims is
// every role's right: the same action as reading a document.
export const GET = apiRoute("document.read", async ({ req, member }) => {
  const query = parseWith(searchQuery, searchParamsInput(req.nextUrl.searchParams));
  return { body: await searchClaims(member, query) };
});
