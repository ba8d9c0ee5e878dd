import { apiRoute, parseId, parseWith, readJson } from "@/lib/server/api";
import { signOff } from "@/lib/server/claims";
import { claimReturn } from "@/lib/schemas/claims";

export const POST = apiRoute<{ id: string }>("verdict.signoff", async ({ req, params, member }) => {
  const claimId = parseId(params.id, "The claim");
  const { comment, expectedVersion } = parseWith(claimReturn, await readJson(req));
  return { body: { claim: await signOff(member, claimId, { decision: "RETURNED", comment, expectedVersion }) } };
});
