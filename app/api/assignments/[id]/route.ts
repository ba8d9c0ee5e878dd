import { apiRoute, parseId } from "@/lib/server/api";
import { removeAssignment } from "@/lib/server/assignments";

export const DELETE = apiRoute<{ id: string }>("assignment.manage", async ({ params, member }) => {
  await removeAssignment(member, parseId(params.id, "The assignment"));
  return { body: { ok: true } };
});
