import { apiRoute, parseId, parseWith, readJson } from "@/lib/server/api";
import { signOff } from "@/lib/server/claims";
import { claimApprove } from "@/lib/schemas/claims";

export const POST = apiRoute<{ id: string }>("verdict.signoff", async ({ req, params, member }) => {
  const claimId = parseId(params.id, "The claim");
  const { expectedVersion } = parseWith(claimApprove, await readJson(req));
  return { body: { claim: await signOff(member, claimId, { decision: "APPROVED", expectedVersion }) } };
});
