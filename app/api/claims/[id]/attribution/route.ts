import { apiRoute, parseId, parseWith, readJson } from "@/lib/server/api";
import { editAttribution } from "@/lib/server/claims";
import { attributionPut } from "@/lib/schemas/claims";

export const PUT = apiRoute<{ id: string }>("attribution.edit", async ({ req, params, member }) => {
  const claimId = parseId(params.id, "The claim");
  return { body: { claim: await editAttribution(member, claimId, parseWith(attributionPut, await readJson(req))) } };
});
