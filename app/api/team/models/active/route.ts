import { apiRoute, parseWith, readJson } from "@/lib/server/api";
import { switchTeamModel } from "@/lib/server/team-models";
import { teamModelSwitch } from "@/lib/schemas/team-models";

export const PUT = apiRoute("team.settings", async ({ req, member }) => {
  const { task, modelId } = parseWith(teamModelSwitch, await readJson(req));
  return { body: { models: await switchTeamModel(member, task, modelId) } };
});
