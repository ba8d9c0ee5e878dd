// Run by `npm start` when NODE_ENV=production: refuses to serve with the demo accounts' known
// password still working. Exit 1 with the reason, 0 when safe.
import { db } from "@/lib/server/db";
import { verifyPassword } from "@/lib/server/passwords";
import { DEMO_PASSWORD, DEMO_USERS } from "@/seeds/demo";

try {
  const users = await db.user.findMany({ where: { email: { in: DEMO_USERS.map((u) => u.email) } }, select: { email: true, passwordHash: true } });
  const active = [];
  for (const u of users) if (await verifyPassword(u.passwordHash, DEMO_PASSWORD)) active.push(u.email);
  if (active.length) {
    console.error(
      `[claimdesk] Refusing to start in production: the demo accounts ${active.join(", ")} still have the published demo password.\n` +
        `            Delete them or change their passwords, or start without NODE_ENV=production for a local demo.`,
    );
    process.exitCode = 1;
  }
} finally {
  await db.$disconnect();
}
