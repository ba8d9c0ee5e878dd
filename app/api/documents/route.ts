import { MAX_IMPORT_BODY_BYTES } from "@/lib/domain/documents";
import { apiRoute, parseWith, readJson } from "@/lib/server/api";
import { importDocument, listDocuments } from "@/lib/server/documents";
import { documentCreate } from "@/lib/schemas/documents";

export const GET = apiRoute("document.read", async ({ member }) => ({ body: { documents: await listDocuments(member) } }));

export const POST = apiRoute("document.import", async ({ req, member }) => {
  const input = parseWith(documentCreate, await readJson(req, MAX_IMPORT_BODY_BYTES));
  return { status: 201, body: { document: await importDocument(member, input) } };
});
