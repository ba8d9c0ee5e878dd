/**
 * Retrains a team's assistance models from its own verdicts, as the admin's button does
 * (docs/decisions/0019-team-models.md), from the command line:
 *
 *   npm run train -- --team <id> [subjectivity|checkworthy|attribution] [--use]
 *
 * Without a task it trains both. Prints the score on the team's held-out claims before (the model
 * in use now) and after. The new model is stored and listed on the settings page; `--use` also
 * switches the team to it (switching back is on that page, or PUT /api/team/models/active).
 * Runs against DATABASE_URL, or the embedded Postgres (scripts/train.ts starts it).
 */
import { parseArgs } from "node:util";
import { TEAM_TASKS, type TeamTask } from "@/lib/domain/assist/learn/team";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { switchTeamModel, trainTeamModel } from "@/lib/server/team-models";

const USAGE = `usage: npm run train -- --team <id> [${TEAM_TASKS.join("|")}] [--use]`;

async function main() {
  const { values, positionals } = parseArgs({ options: { team: { type: "string" }, use: { type: "boolean", default: false } }, allowPositionals: true });
  const teamId = Number(values.team);
  const tasks = positionals.length ? positionals : [...TEAM_TASKS];
  const unknown = tasks.filter((t) => !(TEAM_TASKS as readonly string[]).includes(t));
  if (!Number.isSafeInteger(teamId) || teamId < 1 || unknown.length) {
    console.error(unknown.length ? `unknown task ${unknown.join(", ")}; ${USAGE}` : `--team needs a team id (a positive whole number); ${USAGE}`);
    return 2;
  }
  const team = await db.team.findUnique({ where: { id: teamId }, select: { name: true } });
  if (!team) {
    console.error(`There is no team ${teamId}. Team ids are in the Team table (or the audit log); nothing was trained.`);
    return 2;
  }
  const trainer = { teamId, userId: null, name: null, ip: null };
  let failed = 0;
  for (const task of tasks as TeamTask[]) {
    try {
      const m = await trainTeamModel(trainer, task);
      console.log(`${team.name}, ${task}: model ${m.version} (id ${m.id}) from ${m.examples} claims; ${m.metric} on ${m.holdout} held-out claims ${m.before[m.metric].toFixed(3)} before, ${m.after[m.metric].toFixed(3)} after`);
      if (values.use) {
        await switchTeamModel(trainer, task, m.id);
        console.log(`  in use for ${team.name}'s ${task} hints from now on`);
      }
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      failed++;
      console.error(`${team.name}, ${task}: ${Object.values(e.fields ?? {}).join(" ") || e.message}`);
    }
  }
  return failed ? 1 : 0;
}

main()
  .then((code) => db.$disconnect().then(() => process.exit(code)))
  .catch(async (e) => {
    console.error(e);
    await db.$disconnect();
    process.exit(1);
  });
