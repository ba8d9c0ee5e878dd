import { apiRoute, parseId } from "@/lib/server/api";
import { revokeToken } from "@/lib/server/api-tokens";

// Revoking keeps the row (with revokedAt) so the list and the audit log can still name it.
export const DELETE = apiRoute<{ id: string }>("token.manage", async ({ params, member }) => {
  const id = parseId(params.id, "The API token");
  return { body: { token: await revokeToken(member, id) } };
});
