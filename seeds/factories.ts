// Builders for teams and members, used by the demo seed and by the tests.
import type { Role } from "@prisma/client";
import { db } from "@/lib/server/db";
import { hashPassword } from "@/lib/server/passwords";
import type { Member } from "@/lib/server/session";

export async function createTeam(name: string, slug: string) {
  return db.team.create({ data: { name, slug } });
}

export async function createMember(
  team: { id: number; name: string },
  user: { email: string; name: string; password: string; role: Role },
): Promise<Member> {
  const created = await db.user.create({
    data: {
      email: user.email.toLowerCase(),
      name: user.name,
      passwordHash: await hashPassword(user.password),
      memberships: { create: { teamId: team.id, role: user.role } },
    },
  });
  return { userId: created.id, teamId: team.id, role: user.role, name: created.name, email: created.email, teamName: team.name };
}
