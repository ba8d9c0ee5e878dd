import { apiRoute, parseId } from "@/lib/server/api";
import { deleteDocument, getDocument } from "@/lib/server/documents";

export const GET = apiRoute<{ id: string }>("document.read", async ({ params, member }) => ({
  body: { document: await getDocument(member, parseId(params.id, "The document")) },
}));

export const DELETE = apiRoute<{ id: string }>("document.delete", async ({ params, member }) => ({
  body: await deleteDocument(member, parseId(params.id, "The document")),
}));
