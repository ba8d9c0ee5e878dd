// npm run seed: the demo team and articles, into DATABASE_URL's database (once).
import { db } from "@/lib/server/db";
import { completeAssist } from "@/lib/server/assist";
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from "./demo";

try {
  const created = await seedDemo();
  console.log(created ? "Seeded the demo team with 5 articles." : "The demo team already exists; nothing seeded.");
  for (const u of DEMO_USERS) console.log(`  ${u.role.toLowerCase().padEnd(8)} ${u.email}  password: ${DEMO_PASSWORD}`);
  // Claims whose suggestions a migration cleared (new LSH keys, decision 0010) get them back now, so
  // that judged claims of documents nobody opens again still match. Elsewhere it happens on read.
  const missing = await db.claim.groupBy({ by: ["teamId", "documentId"], where: { checkworthiness: null } });
  for (const m of missing) await completeAssist(m.teamId, m.documentId);
  if (missing.length) console.log(`Computed claim suggestions for ${missing.length} document(s).`);
} finally {
  // The imports' jobs (search copy, suggestions, matches) are queued: the app's workers run them.
  await db.$disconnect();
}
