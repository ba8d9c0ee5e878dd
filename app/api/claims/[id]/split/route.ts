import { apiRoute, parseId, parseWith, readJson } from "@/lib/server/api";
import { splitClaim } from "@/lib/server/claims";
import { claimSplit } from "@/lib/schemas/claims";

export const POST = apiRoute<{ id: string }>("claim.add", async ({ req, params, member }) => {
  const claimId = parseId(params.id, "The claim");
  return { status: 201, body: await splitClaim(member, claimId, parseWith(claimSplit, await readJson(req))) };
});
