import { apiRoute, parseId, parseWith, readJson } from "@/lib/server/api";
import { changeRole, removeMember } from "@/lib/server/team";
import { roleChange } from "@/lib/schemas/team";

export const PATCH = apiRoute<{ userId: string }>("member.changeRole", async ({ req, params, member }) => {
  const userId = parseId(params.userId, "That member");
  const { role } = parseWith(roleChange, await readJson(req));
  return { body: { member: await changeRole(member, userId, role) } };
});

export const DELETE = apiRoute<{ userId: string }>("member.remove", async ({ params, member }) => {
  await removeMember(member, parseId(params.userId, "That member"));
  return { body: { removed: true } };
});
