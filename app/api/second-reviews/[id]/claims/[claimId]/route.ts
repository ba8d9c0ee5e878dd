import { apiRoute, parseId, parseWith, readJson } from "@/lib/server/api";
import { saveSecondVerdict } from "@/lib/server/second-review";
import { secondVerdictPut } from "@/lib/schemas/second-review";

export const PUT = apiRoute<{ id: string; claimId: string }>("verdict.record", async ({ req, params, member }) => {
  const reviewId = parseId(params.id, "The second review");
  const claimId = parseId(params.claimId, "The claim");
  return { body: { verdict: await saveSecondVerdict(member, reviewId, claimId, parseWith(secondVerdictPut, await readJson(req))) } };
});
