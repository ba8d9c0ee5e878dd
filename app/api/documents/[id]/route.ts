import { apiRoute, parseId } from "@/lib/server/api";
import { getDocument } from "@/lib/server/documents";

export const GET = apiRoute<{ id: string }>(async ({ params, member }) => ({
  body: { document: await getDocument(member, parseId(params.id, "The document")) },
}));
