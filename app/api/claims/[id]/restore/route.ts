import { apiRoute, parseId, parseWith, readJson } from "@/lib/server/api";
import { restoreClaim } from "@/lib/server/claims";
import { claimRestore } from "@/lib/schemas/claims";

export const POST = apiRoute<{ id: string }>("claim.add", async ({ req, params, member }) => {
  const claimId = parseId(params.id, "The claim");
  return { body: { claim: await restoreClaim(member, claimId, parseWith(claimRestore, await readJson(req))) } };
});
