import { apiRoute, parseId, parseWith, readJson } from "@/lib/server/api";
import { addClaim } from "@/lib/server/claims";
import { listClaimPage } from "@/lib/server/documents";
import { claimCreate } from "@/lib/schemas/claims";
import { claimPageQuery } from "@/lib/schemas/claim-page";

/** A page of the document's claims in reading order (the windowed review page loads details this way). */
export const GET = apiRoute<{ id: string }>("document.read", async ({ req, params, member }) => {
  const documentId = parseId(params.id, "The document");
  const q = req.nextUrl.searchParams;
  const query = parseWith(claimPageQuery, { from: q.get("from"), limit: q.get("limit") });
  return { body: await listClaimPage(member, documentId, query) };
});

export const POST = apiRoute<{ id: string }>("claim.add", async ({ req, params, member }) => {
  const documentId = parseId(params.id, "The document");
  const input = parseWith(claimCreate, await readJson(req));
  return { status: 201, body: { claim: await addClaim(member, documentId, input) } };
});
