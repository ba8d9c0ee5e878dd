import { apiRoute, parseId, parseWith, readJson } from "@/lib/server/api";
import { reopenDocument } from "@/lib/server/approval";
import { documentReopen } from "@/lib/schemas/assignments";

export const POST = apiRoute<{ id: string }>("verdict.signoff", async ({ req, params, member }) => {
  const documentId = parseId(params.id, "The document");
  return { body: await reopenDocument(member, documentId, parseWith(documentReopen, await readJson(req))) };
});
