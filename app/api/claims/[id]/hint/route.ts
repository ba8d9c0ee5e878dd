import { apiRoute, parseId, parseWith, readJson } from "@/lib/server/api";
import { markHint } from "@/lib/server/claims";
import { claimHint } from "@/lib/schemas/claims";

export const PUT = apiRoute<{ id: string }>("verdict.record", async ({ req, params, member }) => {
  const claimId = parseId(params.id, "The claim");
  return { body: { claim: await markHint(member, claimId, parseWith(claimHint, await readJson(req))) } };
});
