// Fresh teams per test file, so suites never see each other's data.
import { randomUUID } from "node:crypto";
import type { Role } from "@prisma/client";
import { createMember, createTeam } from "@/seeds/factories";

export const PASSWORD = "correct horse battery staple";

export async function teamWith(roles: Role[] = ["EDITOR", "REVIEWER"]) {
  const tag = randomUUID().slice(0, 8);
  const team = await createTeam(`Team ${tag}`, `team-${tag}`);
  const members = [];
  for (const [i, role] of roles.entries())
    members.push(await createMember(team, { email: `${role.toLowerCase()}${i}-${tag}@example.test`, name: `${role} ${i} ${tag}`, password: PASSWORD, role }));
  return { team, members };
}
