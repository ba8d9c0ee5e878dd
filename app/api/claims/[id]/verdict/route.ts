import { apiRoute, parseId, parseWith, readJson } from "@/lib/server/api";
import { recordVerdict } from "@/lib/server/claims";
import { verdictPut } from "@/lib/schemas/claims";

export const PUT = apiRoute<{ id: string }>("verdict.record", async ({ req, params, member }) => {
  const claimId = parseId(params.id, "The claim");
  const input = parseWith(verdictPut, await readJson(req));
  return { body: { claim: await recordVerdict(member, claimId, input) } };
});
