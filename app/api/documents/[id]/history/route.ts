import { apiRoute, parseId } from "@/lib/server/api";
import { documentHistory } from "@/lib/server/document-history";

export const GET = apiRoute<{ id: string }>("document.read", async ({ params, member }) => ({
  body: await documentHistory(member, parseId(params.id, "The document")),
}));
