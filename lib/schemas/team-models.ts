import { z } from "zod";
import { TEAM_TASKS } from "@/lib/domain/assist/learn/team";
import { bodyId } from "./common";

const task = z.enum(TEAM_TASKS, { error: `task must be one of ${TEAM_TASKS.join(" or ")}.` });

/** POST /api/team/models: train a new model of this task from the team's verdicts. */
export const teamModelTrain = z.object({ task });

/** PUT /api/team/models/active: use one of the team's models for a task, or the shipped one (null). */
export const teamModelSwitch = z.object({
  task,
  modelId: z.union([bodyId("modelId must be the id of one of the team's models, or null for the shipped model."), z.null()], {
    error: "modelId must be the id of one of the team's models, or null for the shipped model.",
  }),
});
