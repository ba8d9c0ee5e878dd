import { apiRoute, parseId, parseWith, readJson } from "@/lib/server/api";
import { dismissClaim } from "@/lib/server/claims";
import { claimDismiss } from "@/lib/schemas/claims";

export const POST = apiRoute<{ id: string }>("claim.add", async ({ req, params, member }) => {
  const claimId = parseId(params.id, "The claim");
  return { body: { claim: await dismissClaim(member, claimId, parseWith(claimDismiss, await readJson(req))) } };
});
