import { apiRoute, parseId } from "@/lib/server/api";
import { adjudicationQueue } from "@/lib/server/second-review";

export const GET = apiRoute("verdict.signoff", async ({ req, member }) => {
  const document = req.nextUrl.searchParams.get("document");
  return { body: { items: await adjudicationQueue(member, document ? parseId(document, "The document") : undefined) } };
});
