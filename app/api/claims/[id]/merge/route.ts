import { apiRoute, parseId, parseWith, readJson } from "@/lib/server/api";
import { mergeClaims } from "@/lib/server/claims";
import { claimMerge } from "@/lib/schemas/claims";

export const POST = apiRoute<{ id: string }>("claim.add", async ({ req, params, member }) => {
  const claimId = parseId(params.id, "The claim");
  return { status: 201, body: await mergeClaims(member, claimId, parseWith(claimMerge, await readJson(req))) };
});
