import { apiRoute, parseId, parseWith, readJson } from "@/lib/server/api";
import { revertVerdict } from "@/lib/server/claims";
import { claimRevert } from "@/lib/schemas/claims";

export const POST = apiRoute<{ id: string }>("verdict.record", async ({ req, params, member }) => {
  const claimId = parseId(params.id, "The claim");
  return { body: { claim: await revertVerdict(member, claimId, parseWith(claimRevert, await readJson(req))) } };
});
