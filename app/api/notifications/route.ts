import { apiRoute } from "@/lib/server/api";
import { listNotifications } from "@/lib/server/notifications";

export const GET = apiRoute("document.read", async ({ member }) => ({ body: await listNotifications(member) }));
