import { apiRoute } from "@/lib/server/api";
import { listMembers } from "@/lib/server/team";

export const GET = apiRoute("member.read", async ({ member }) => ({ body: { members: await listMembers(member) } }));
