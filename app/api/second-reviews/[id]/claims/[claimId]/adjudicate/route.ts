import { apiRoute, parseId, parseWith, readJson } from "@/lib/server/api";
import { adjudicate } from "@/lib/server/second-review";
import { adjudicationInput } from "@/lib/schemas/second-review";

export const POST = apiRoute<{ id: string; claimId: string }>("verdict.signoff", async ({ req, params, member }) => {
  const reviewId = parseId(params.id, "The second review");
  const claimId = parseId(params.claimId, "The claim");
  return { body: await adjudicate(member, reviewId, claimId, parseWith(adjudicationInput, await readJson(req))) };
});
