import { apiRoute, parseWith, readJson } from "@/lib/server/api";
import { changePassword, PASSWORD_CHANGE_REFUSED, requireBrowserSession } from "@/lib/server/account";
import { passwordChange } from "@/lib/schemas/account";

// Any member may change their own password; token.manage is the action every role has.
export const POST = apiRoute("token.manage", async ({ req, member }) => {
  requireBrowserSession(member, PASSWORD_CHANGE_REFUSED);
  const input = parseWith(passwordChange, await readJson(req, 8 * 1024));
  const { sessionsEnded } = await changePassword(member, input);
  return { body: { ok: true, sessionsEnded } };
});
