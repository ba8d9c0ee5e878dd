import { apiRoute, parseId, parseWith, readJson } from "@/lib/server/api";
import { reuseVerdict } from "@/lib/server/matches";
import { claimReuse } from "@/lib/schemas/claims";

export const POST = apiRoute<{ id: string }>("verdict.record", async ({ req, params, member }) => {
  const claimId = parseId(params.id, "The claim");
  const input = parseWith(claimReuse, await readJson(req));
  return { body: { claim: await reuseVerdict(member, claimId, input) } };
});
