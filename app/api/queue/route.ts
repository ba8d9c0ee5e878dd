import { can } from "@/lib/domain/permissions";
import { apiRoute } from "@/lib/server/api";
import { queue } from "@/lib/server/assignments";

export const GET = apiRoute("document.read", async ({ member }) => ({ body: await queue(member, can(member, "assignment.manage")) }));
