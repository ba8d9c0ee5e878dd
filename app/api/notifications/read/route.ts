import { apiRoute, parseWith, readJson } from "@/lib/server/api";
import { markRead } from "@/lib/server/notifications";
import { notificationsRead } from "@/lib/schemas/assignments";

export const POST = apiRoute("document.read", async ({ req, member }) => {
  const { ids } = parseWith(notificationsRead, await readJson(req));
  return { body: await markRead(member, ids) };
});
