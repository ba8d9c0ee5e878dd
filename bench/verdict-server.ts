// In-process breakdown of recordVerdict (no HTTP, no Next, no auth): run with
//   tsx --conditions=react-server bench/verdict-server.ts
// against DATABASE_URL (seeded). Counts the SQL round trips per verdict and the time spent in
// them (pg.Client#query is wrapped), serial and with 20 concurrent callers on a pool of
// DB_POOL_SIZE connections. Prints one line "BENCH_JSON {...}".
import { sqlLog, sqlSince } from "./lib/sql-meter";
import { articleText } from "./lib/text.mjs";
import { summary } from "./lib/stats.mjs";
import { db } from "@/lib/server/db";
import { appPool } from "@/lib/server/pg-pool";
import { importDocument } from "@/lib/server/documents";
import { recordVerdict } from "@/lib/server/claims";
import { verdictPut } from "@/lib/schemas/claims";
import type { Member } from "@/lib/server/session";

const CONCURRENT = 20;
const PER_WORKER = 25;
const SERIAL = 100;

async function member(): Promise<Member> {
  const m = await db.membership.findFirstOrThrow({
    where: { user: { email: "reviewer@claimdesk.test" } },
    select: { teamId: true, role: true, userId: true, user: { select: { name: true, email: true } }, team: { select: { name: true } } },
  });
  return { userId: m.userId, teamId: m.teamId, role: m.role, name: m.user.name, email: m.user.email, teamName: m.team.name };
}

/** The same three shapes as bench/verdicts.mjs, parsed by the route's schema. */
const body = (i: number, version: number) =>
  verdictPut.parse(
    i % 3 === 0
      ? { label: "OPINION", expectedVersion: version }
      : i % 3 === 1
        ? { label: "SOURCED", rationale: "Matches the table.", sources: [{ url: `https://stats.example.org/t/${i}`, title: "Monthly statistics", quote: "Rose by 3.5 percent." }], expectedVersion: version }
        : { label: "DISPUTED", rationale: "The ministry's release gives a different figure.", expectedVersion: version },
  );

try {
  const me = await member();
  const doc = await importDocument(me, { title: "Bench verdicts in-process 500", text: articleText({ seed: 500, sentences: 2_000 }) });
  const claims = doc.claims;
  let next = 0;

  for (let i = 0; i < 20; i++) await recordVerdict(me, claims[next]!.id, body(i, claims[next++]!.version));

  let t = 0;
  const serial: number[] = [];
  const sq = sqlLog.length;
  for (let i = 0; i < SERIAL; i++) {
    const c = claims[next++]!;
    t = performance.now();
    await recordVerdict(me, c.id, body(i, c.version));
    serial.push(performance.now() - t);
  }
  const perVerdictQueries = sqlSince(sq).roundTrips / SERIAL;
  const perVerdictQueryMs = sqlSince(sq).ms / SERIAL;

  const concurrent: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENT }, async (_, w) => {
      for (let i = 0; i < PER_WORKER; i++) {
        const c = claims[next++]!;
        const s = performance.now();
        await recordVerdict(me, c.id, body(w + i, c.version));
        concurrent.push(performance.now() - s);
      }
    }),
  );
  const elapsed = performance.now() - t0;
  console.log(
    `BENCH_JSON ${JSON.stringify({
      serial: summary(serial),
      perVerdictQueries,
      perVerdictQueryMs,
      concurrent: summary(concurrent),
      concurrentThroughput: (concurrent.length / elapsed) * 1000,
    })}`,
  );
} finally {
  await Promise.all([db.$disconnect(), appPool().end()]);
}
