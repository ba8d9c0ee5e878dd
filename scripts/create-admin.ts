// npm run create-admin -- --email you@newsroom.org --team "Newsroom" [--name "Your Name"]
// The first admin of a fresh install. The password is read from the terminal (not echoed) or from
// standard input (`printf '%s' "$PW" | npm run create-admin -- ...`), never from the command line.
import { parseArgs } from "node:util";
import { createInterface } from "node:readline";
import { z } from "zod";
import { passwordProblem } from "@/lib/domain/password-policy";
import { db } from "@/lib/server/db";
import { hashPassword } from "@/lib/server/passwords";

const { values } = parseArgs({ options: { email: { type: "string" }, team: { type: "string" }, name: { type: "string" } } });
const email = z.email().safeParse(values.email?.trim().toLowerCase());
if (!email.success || !values.team?.trim()) {
  console.error('usage: npm run create-admin -- --email you@newsroom.org --team "Team name" [--name "Your Name"]');
  process.exit(2);
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    let data = "";
    for await (const chunk of process.stdin) data += chunk;
    return data.replace(/\r?\n$/, "");
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const ask = (q: string) =>
    new Promise<string>((resolve) => {
      process.stdout.write(q);
      const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput;
      (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {}; // do not echo
      rl.question("", (answer) => {
        (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = write;
        process.stdout.write("\n");
        resolve(answer);
      });
    });
  const first = await ask("Password (at least 12 characters): ");
  const again = await ask("Repeat it: ");
  rl.close();
  if (first !== again) throw new Error("The two passwords differ; nothing was created.");
  return first;
}

try {
  const password = await readPassword();
  const problem = passwordProblem(password, { email: email.data });
  if (problem) throw new Error(`${problem} Nothing was created.`);
  const teamName = values.team.trim();
  const slug = teamName.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "team";
  const result = await db.$transaction(async (tx) => {
    const team = (await tx.team.findUnique({ where: { slug } })) ?? (await tx.team.create({ data: { name: teamName, slug } }));
    const existing = await tx.user.findUnique({ where: { email: email.data } });
    if (existing) throw new Error(`An account for ${email.data} exists already; an admin can invite it to a team instead.`);
    const user = await tx.user.create({
      data: { email: email.data, name: values.name?.trim() || email.data.split("@")[0]!, passwordHash: await hashPassword(password) },
    });
    await tx.membership.create({ data: { userId: user.id, teamId: team.id, role: "ADMIN" } });
    return { team, user };
  });
  console.log(`Created ${result.user.email} as ADMIN of “${result.team.name}”. Sign in at /signin.`);
} catch (e) {
  console.error(`[create-admin] ${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
