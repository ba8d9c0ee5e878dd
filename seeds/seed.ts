// npm run seed: the demo team and articles, into DATABASE_URL's database (once).
import { db } from "@/lib/server/db";
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from "./demo";

try {
  const created = await seedDemo();
  console.log(created ? "Seeded the demo team with 5 articles." : "The demo team already exists; nothing seeded.");
  for (const u of DEMO_USERS) console.log(`  ${u.role.toLowerCase().padEnd(8)} ${u.email}  password: ${DEMO_PASSWORD}`);
} finally {
  await db.$disconnect();
}
