import { apiRoute, parseWith, readJson } from "@/lib/server/api";
import { listTeamModels, shippedModelDtos, trainTeamModelInJob } from "@/lib/server/team-models";
import { teamModelTrain } from "@/lib/schemas/team-models";

export const GET = apiRoute("team.settings", async ({ member }) => ({ body: { shipped: shippedModelDtos(), models: await listTeamModels(member) } }));

export const POST = apiRoute("team.settings", async ({ req, member }) => {
  const { task } = parseWith(teamModelTrain, await readJson(req));
  return { status: 201, body: { model: await trainTeamModelInJob(member, task) } };
});
