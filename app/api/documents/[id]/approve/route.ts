import { apiRoute, parseId } from "@/lib/server/api";
import { approveDocument } from "@/lib/server/approval";

export const POST = apiRoute<{ id: string }>("verdict.signoff", async ({ params, member }) => ({
  body: await approveDocument(member, parseId(params.id, "The document")),
}));
