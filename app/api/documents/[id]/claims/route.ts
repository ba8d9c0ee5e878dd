import { apiRoute, parseId, parseWith, readJson } from "@/lib/server/api";
import { addClaim } from "@/lib/server/claims";
import { claimCreate } from "@/lib/schemas/claims";

export const POST = apiRoute<{ id: string }>("claim.add", async ({ req, params, member }) => {
  const documentId = parseId(params.id, "The document");
  const input = parseWith(claimCreate, await readJson(req));
  return { status: 201, body: { claim: await addClaim(member, documentId, input) } };
});
