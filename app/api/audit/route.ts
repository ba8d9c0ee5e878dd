import { apiRoute, parseWith } from "@/lib/server/api";
import { listAuditEvents } from "@/lib/server/audit-log";
import { auditQuery } from "@/lib/schemas/account";

// Read-only on purpose: no other method exists (405), and a trigger refuses UPDATE and DELETE.
export const GET = apiRoute("audit.read", async ({ req, member }) => {
  const params = req.nextUrl.searchParams;
  const query = parseWith(auditQuery, {
    action: params.get("action"),
    actor: params.get("actor"),
    from: params.get("from"),
    to: params.get("to"),
    before: params.get("before"),
  });
  return { body: await listAuditEvents(member, query) };
});
